"""The room token: what opens the meeting room's WebSocket.

The join cookie says who someone is in a meeting (occurrence, seat) for as long as the
meeting lasts. The WebSocket asks for more: a token minted moments before, bound to that
cookie's occurrence and seat, and dead after TOKEN_SECONDS. It travels as an HttpOnly
cookie limited to the WebSocket's path, so it never appears in a URL and page scripts
cannot read it. The room page fetches a fresh one before every (re)connect.
"""

from django.conf import settings
from django.core import signing
from django.http import HttpResponse

ROOM_COOKIE = "gw_room"
SALT = "gemeinwerk.meetings.room"
TOKEN_SECONDS = 60
WS_PATH = "/ws/room/"


def issue(occurrence_id: int, seat: str) -> str:
    return signing.dumps({"o": occurrence_id, "s": seat}, salt=SALT)


def is_valid(token: str | None, *, occurrence_id: int, seat: str) -> bool:
    """A token minted for this occurrence and seat within the last TOKEN_SECONDS."""
    if not token:
        return False
    try:
        data = signing.loads(token, salt=SALT, max_age=TOKEN_SECONDS)
    except signing.BadSignature:  # also SignatureExpired, its subclass
        return False
    return bool(data.get("o") == occurrence_id and data.get("s") == seat)


def set_token_cookie(response: HttpResponse, occurrence_id: int, seat: str) -> None:
    response.set_cookie(
        ROOM_COOKIE,
        issue(occurrence_id, seat),
        max_age=TOKEN_SECONDS,
        path=WS_PATH,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Strict",
    )
