"""Joining a meeting with its room code: the code check, its rate limit, and the
guest's join state, which lives only in a signed cookie (the server keeps no nickname
and no address).

Rate limit per client address (hashed, in the cache): after SLOW_AFTER wrong codes each
further try must wait longer (doubling up to a minute); after BLOCK_AFTER wrong codes
within the window the address is blocked for BLOCK_SECONDS. A slowed or blocked request
is answered without looking at the code at all, so a right code and a wrong one get the
same answer then.
"""

import contextlib
import time
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from gemeinwerk.core import ratelimit
from gemeinwerk.core.text import clean_name
from gemeinwerk.groups import roomcodes
from gemeinwerk.groups.models import Occurrence
from gemeinwerk.groups.schedule import EARLY_ENTRY

WINDOW_SECONDS = 3600
SLOW_AFTER = 5
BLOCK_AFTER = 20
BLOCK_SECONDS = 3600
MAX_WAIT_SECONDS = 60

NICKNAME_MAX_LENGTH = 30

JOIN_COOKIE = "gw_join"
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


def _keys(client: str) -> tuple[str, str, str]:
    return (f"join:fail:{client}", f"join:last:{client}", f"join:block:{client}")


def wait_after(failures: int) -> int:
    """Seconds to wait before the next try: none at first, then doubling."""
    if failures < SLOW_AFTER:
        return 0
    return int(min(2 ** (failures - SLOW_AFTER), MAX_WAIT_SECONDS))


def find_occurrence(code: str, now: datetime) -> Occurrence | None:
    """The occurrence a code stands for: its own code, or the series code of its
    meeting; of a series, the one open now, else the next, else the last."""
    candidates = list(
        Occurrence.objects.filter(
            Q(room_code=code) | Q(room_code__isnull=True, meeting__room_code=code),
            cancelled_at__isnull=True,
            meeting__group__status="active",
        ).select_related("meeting__group")
    )
    if not candidates:
        return None
    for occurrence in candidates:
        if occurrence.starts_at - EARLY_ENTRY <= now < occurrence.ends_at:
            return occurrence
    upcoming = [o for o in candidates if o.starts_at > now]
    if upcoming:
        return min(upcoming, key=lambda o: o.starts_at)
    return max(candidates, key=lambda o: o.starts_at)


def check_code(client: str, text: str, *, now: datetime | None = None) -> CodeCheck:
    moment = now or timezone.now()
    failures_key, last_key, block_key = _keys(client)
    # Count, then check: the try is counted as a wrong code before the code is looked
    # at, under a lock, so parallel tries cannot all read the same old count (30 at
    # once got 17 looks where 5 were allowed). A right code gives its count back.
    with ratelimit.locked(f"join:{client}") as got_lock:
        clock = time.time()
        if not got_lock:
            return CodeCheck(Outcome.SLOW_DOWN, wait_seconds=1)
        if cache.get(block_key, 0) > clock:
            return CodeCheck(Outcome.BLOCKED)
        wait = wait_after(cache.get(failures_key, 0)) - (clock - cache.get(last_key, 0))
        if wait > 0:
            return CodeCheck(Outcome.SLOW_DOWN, wait_seconds=int(wait) + 1)
        failures = ratelimit.increment(failures_key, timeout=WINDOW_SECONDS)
        cache.set(last_key, clock, timeout=WINDOW_SECONDS)

    code = roomcodes.normalise(text)
    occurrence = find_occurrence(code, moment) if roomcodes.is_well_formed(code) else None
    if occurrence is None:
        if failures >= BLOCK_AFTER:
            cache.set(block_key, clock + BLOCK_SECONDS, timeout=BLOCK_SECONDS)
        return CodeCheck(Outcome.NOT_VALID)
    # Give the count back, and only that: decr is atomic, whereas "at 0, delete" would
    # run outside the lock and wipe a wrong try counted meanwhile. A counter at 0 just
    # expires with its window.
    with contextlib.suppress(ValueError):  # the window ended meanwhile
        cache.decr(failures_key)
    if moment < occurrence.starts_at - EARLY_ENTRY:
        return CodeCheck(Outcome.NOT_YET, occurrence)
    if moment >= occurrence.ends_at:
        return CodeCheck(Outcome.OVER, occurrence)
    return CodeCheck(Outcome.OPEN, occurrence)


# --- The guest's join state: a signed cookie, nothing on the server ------------------


def join_cookie(
    *,
    occurrence: Occurrence,
    nickname: str,
    rules_confirmed: bool,
    seat: str = "",
    avatar: str = "",
    host: bool = False,
) -> str:
    """o: occurrence, n: nickname, r: rules confirmed, s: seat in the room (random, so a
    dropped connection sits down again), a: avatar, h: opened by a host of the group.

    The nickname is cleaned here too, whichever way it came (the join form, a host's
    display name saved before names were cleaned): the room shows it to everyone."""
    shown = clean_name(nickname)[:NICKNAME_MAX_LENGTH]
    data: dict[str, Any] = {"o": occurrence.pk, "n": shown, "r": rules_confirmed}
    if seat:
        data["s"] = seat
    if avatar:
        data["a"] = avatar
    if host:
        data["h"] = True
    return signing.dumps(data, salt=JOIN_SALT, compress=True)


def renew_join_cookie(
    response: HttpResponse, occurrence: Occurrence, state: dict[str, Any], **changes: Any
) -> None:
    """The join state read from the cookie, with `changes` (rules confirmed, an avatar)."""
    fields = {
        "nickname": state["n"],
        "rules_confirmed": bool(state.get("r")),
        "seat": state.get("s", ""),
        "avatar": state.get("a", ""),
        "host": bool(state.get("h")),
    }
    set_join_cookie(response, occurrence, **{**fields, **changes})


def read_join_cookie(value: str | None) -> dict[str, Any] | None:
    if not value:
        return None
    try:
        data: dict[str, Any] = signing.loads(value, salt=JOIN_SALT)
    except signing.BadSignature:
        return None
    return data


def cookie_lifetime(occurrence: Occurrence, now: datetime | None = None) -> int:
    """The cookie ends with the meeting."""
    return max(0, int((occurrence.ends_at - (now or timezone.now())).total_seconds()))


def joined_meeting(request: HttpRequest) -> tuple[dict[str, Any], Occurrence] | None:
    """The visitor's join state and its meeting, while the meeting is not over."""
    state = read_join_cookie(request.COOKIES.get(JOIN_COOKIE))
    if state is None:
        return None
    # A cookie kept beyond the meeting (a browser may ignore max-age) lets nobody in.
    occurrence = (
        Occurrence.objects.select_related("meeting__group")
        .filter(pk=state["o"], cancelled_at__isnull=True, ends_at__gt=timezone.now())
        .first()
    )
    return (state, occurrence) if occurrence is not None else None


def earlier_seat(request: HttpRequest, occurrence: Occurrence) -> str:
    """The seat this browser had in the same meeting: entering the code again keeps it,
    so a person the host removed stays removed."""
    state = read_join_cookie(request.COOKIES.get(JOIN_COOKIE))
    if state is None or state.get("o") != occurrence.pk:
        return ""
    return str(state.get("s", ""))


def set_join_cookie(response: HttpResponse, occurrence: Occurrence, **state: Any) -> None:
    response.set_cookie(
        JOIN_COOKIE,
        join_cookie(occurrence=occurrence, **state),
        max_age=cookie_lifetime(occurrence),
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Strict",
    )
