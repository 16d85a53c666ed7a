"""The room token: what opens the meeting room's WebSocket.

The join cookie says who someone is in a meeting (occurrence, seat) for as long as the
meeting lasts. The WebSocket asks for more: a token minted moments before, bound to that
cookie's occurrence and seat, and dead after TOKEN_SECONDS. It travels as an HttpOnly
cookie limited to the WebSocket's path, so it never appears in a URL and page scripts
cannot read it. The room page fetches a fresh one before every (re)connect.

A host's token also names the account that holds the host seat (checked when it is
minted: the signed-in account hosts the group now, verified and not suspended) and the
name the room shows for it. The consumer checks the account again when it connects.
"""

from typing import Any

from django.conf import settings
from django.core import signing
from django.http import HttpResponse

ROOM_COOKIE = "gw_room"
SALT = "gemeinwerk.meetings.room"
TOKEN_SECONDS = 60
WS_PATH = "/ws/room/"


def issue(occurrence_id: int, seat: str, *, account: int | None = None, name: str = "") -> str:
    data: dict[str, Any] = {"o": occurrence_id, "s": seat}
    if account is not None:
        data.update(u=account, n=name)
    return signing.dumps(data, salt=SALT)


def read(token: str | None, *, occurrence_id: int, seat: str) -> dict[str, Any] | None:
    """The token's data, if it was minted for this occurrence and seat within the last
    TOKEN_SECONDS."""
    if not token:
        return None
    try:
        data: dict[str, Any] = signing.loads(token, salt=SALT, max_age=TOKEN_SECONDS)
    except signing.BadSignature:  # also SignatureExpired, its subclass
        return None
    if data.get("o") != occurrence_id or data.get("s") != seat:
        return None
    return data


def is_valid(token: str | None, *, occurrence_id: int, seat: str) -> bool:
    return read(token, occurrence_id=occurrence_id, seat=seat) is not None


def set_token_cookie(
    response: HttpResponse,
    occurrence_id: int,
    seat: str,
    *,
    account: int | None = None,
    name: str = "",
) -> None:
    response.set_cookie(
        ROOM_COOKIE,
        issue(occurrence_id, seat, account=account, name=name),
        max_age=TOKEN_SECONDS,
        path=WS_PATH,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Strict",
    )
