"""Joining a meeting with its room code: the code check, its rate limit, and the
guest's join ticket, which lives only in a signed cookie (the server keeps no nickname
and no address).

Rate limit per client address (hashed, in the cache; core.ratelimit.Backoff): after
SLOW_AFTER wrong codes each further try must wait longer (doubling up to a minute);
after BLOCK_AFTER wrong codes within the window the address is blocked for BLOCK_SECONDS.
A slowed or blocked request is answered without looking at the code at all, so a right
code and a wrong one get the same answer then.
"""

import dataclasses
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any, Self

from django.conf import settings
from django.core import signing
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from gemeinwerk.core import ratelimit
from gemeinwerk.core.text import clean_name
from gemeinwerk.groups import roomcodes
from gemeinwerk.groups.models import Occurrence

WINDOW_SECONDS = 3600
SLOW_AFTER = 5
BLOCK_AFTER = 20
BLOCK_SECONDS = 3600
MAX_WAIT_SECONDS = 60

CODE_TRIES = ratelimit.Backoff(
    scope="join",
    slow_after=SLOW_AFTER,
    block_after=BLOCK_AFTER,
    window_seconds=WINDOW_SECONDS,
    block_seconds=BLOCK_SECONDS,
    max_wait_seconds=MAX_WAIT_SECONDS,
)

NICKNAME_MAX_LENGTH = 30

JOIN_COOKIE = "gw_join"
# The salt from when joining lived in groups: tickets signed before the move stay valid.
JOIN_SALT = "gemeinwerk.groups.join"


class Outcome(StrEnum):
    OPEN = "open"
    NOT_YET = "not_yet"
    OVER = "over"
    NOT_VALID = "not_valid"
    SLOW_DOWN = "slow_down"
    BLOCKED = "blocked"


@dataclass(frozen=True)
class CodeCheck:
    outcome: Outcome
    occurrence: Occurrence | None = None
    wait_seconds: int = 0


def find_occurrence(code: str, now: datetime) -> Occurrence | None:
    """The occurrence a code stands for: its own code, or the series code of its
    meeting; of a series, the one open now, else the next, else the last."""
    candidates = list(
        Occurrence.objects.held()
        .filter(Q(room_code=code) | Q(room_code__isnull=True, meeting__room_code=code))
        .select_related("meeting__group")
    )
    if not candidates:
        return None
    for occurrence in candidates:
        if occurrence.is_open_at(now):
            return occurrence
    upcoming = [o for o in candidates if o.starts_at > now]
    if upcoming:
        return min(upcoming, key=lambda o: o.starts_at)
    return max(candidates, key=lambda o: o.starts_at)


def check_code(client: str, text: str, *, now: datetime | None = None) -> CodeCheck:
    moment = now or timezone.now()
    # Counted as a wrong code before the code is looked at; a right code gives it back.
    verdict = CODE_TRIES.take(client)
    if verdict.blocked:
        return CodeCheck(Outcome.BLOCKED)
    if not verdict.allowed:
        return CodeCheck(Outcome.SLOW_DOWN, wait_seconds=verdict.wait_seconds)
    code = roomcodes.normalise(text)
    occurrence = find_occurrence(code, moment) if roomcodes.is_well_formed(code) else None
    if occurrence is None:
        CODE_TRIES.failed(client, verdict)
        return CodeCheck(Outcome.NOT_VALID)
    CODE_TRIES.succeeded(client)
    if moment < occurrence.opens_at:
        return CodeCheck(Outcome.NOT_YET, occurrence)
    if moment >= occurrence.ends_at:
        return CodeCheck(Outcome.OVER, occurrence)
    return CodeCheck(Outcome.OPEN, occurrence)


# --- The guest's join ticket: a signed cookie, nothing on the server ------------------


@dataclass(frozen=True)
class JoinTicket:
    """Who enters which meeting, as the signed join cookie says.

    seat: the place in the room (random, so that a dropped connection sits down again);
    host: opened by a host of the group (the room checks the account again)."""

    occurrence_id: int
    nickname: str
    rules_confirmed: bool = False
    seat: str = ""
    avatar: str = ""
    host: bool = False

    # The cookie's short keys, named in this one place.
    _KEYS = {
        "occurrence_id": "o",
        "nickname": "n",
        "rules_confirmed": "r",
        "seat": "s",
        "avatar": "a",
        "host": "h",
    }

    @classmethod
    def issue(cls, occurrence: Occurrence, nickname: str, **fields: Any) -> Self:
        """A new ticket. The nickname is cleaned here, whichever way it came (the join
        form, a host's display name saved before names were cleaned): the room shows it
        to everyone."""
        shown = clean_name(nickname)[:NICKNAME_MAX_LENGTH]
        return cls(occurrence_id=occurrence.pk, nickname=shown, **fields)

    @property
    def seated(self) -> bool:
        """Confirmed the rules and has a seat: may enter the room."""
        return self.rules_confirmed and bool(self.seat)

    def but(self, **changes: Any) -> Self:
        return dataclasses.replace(self, **changes)

    def signed(self) -> str:
        # Empty and false fields are left out: the cookie stays small.
        data = {
            key: getattr(self, field)
            for field, key in self._KEYS.items()
            if getattr(self, field) or field in ("occurrence_id", "nickname", "rules_confirmed")
        }
        return signing.dumps(data, salt=JOIN_SALT, compress=True)

    @classmethod
    def from_signed(cls, value: str | None) -> Self | None:
        """The ticket of a cookie, or None if it is missing, forged or malformed."""
        if not value:
            return None
        try:
            data = signing.loads(value, salt=JOIN_SALT)
        except signing.BadSignature:
            return None
        if not isinstance(data, dict) or not isinstance(data.get("o"), int):
            return None
        return cls(
            occurrence_id=data["o"],
            nickname=str(data.get("n", "")),
            rules_confirmed=bool(data.get("r")),
            seat=str(data.get("s", "")),
            avatar=str(data.get("a", "")),
            host=bool(data.get("h")),
        )


def read_ticket(request: HttpRequest) -> JoinTicket | None:
    return JoinTicket.from_signed(request.COOKIES.get(JOIN_COOKIE))


def joined_meeting(request: HttpRequest) -> tuple[JoinTicket, Occurrence] | None:
    """The visitor's ticket and its meeting, while the meeting is not over."""
    ticket = read_ticket(request)
    if ticket is None:
        return None
    # A cookie kept beyond the meeting (a browser may ignore max-age) lets nobody in.
    occurrence = (
        Occurrence.objects.select_related("meeting__group")
        .filter(pk=ticket.occurrence_id, cancelled_at__isnull=True, ends_at__gt=timezone.now())
        .first()
    )
    return (ticket, occurrence) if occurrence is not None else None


def earlier_seat(request: HttpRequest, occurrence: Occurrence) -> str:
    """The seat this browser had in the same meeting: entering the code again keeps it,
    so a person the host removed stays removed."""
    ticket = read_ticket(request)
    if ticket is None or ticket.occurrence_id != occurrence.pk:
        return ""
    return ticket.seat


def cookie_lifetime(occurrence: Occurrence, now: datetime | None = None) -> int:
    """The cookie ends with the meeting."""
    return max(0, int((occurrence.ends_at - (now or timezone.now())).total_seconds()))


def give_ticket(response: HttpResponse, occurrence: Occurrence, ticket: JoinTicket) -> None:
    response.set_cookie(
        JOIN_COOKIE,
        ticket.signed(),
        max_age=cookie_lifetime(occurrence),
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Strict",
    )


def take_ticket_back(response: HttpResponse) -> None:
    response.delete_cookie(JOIN_COOKIE, samesite="Strict")
