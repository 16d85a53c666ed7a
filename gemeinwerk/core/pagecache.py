"""The main part of busy public pages, rendered once and kept for anonymous visitors.

Most visitors of the group directory and the contact-point list are not signed in and
ask for the same few addresses (the first page, a district, a topic). The part of such a
page inside the frame is rendered once and kept in the cache (local memory in development
and the embedded run, Redis with several processes) under its address (path and query:
language, filters and page are in it), the active language and time zone.

Never the whole response: the frame (base.html) carries a CSRF token, the CSP nonce, the
text size, messages and a signed-in person's header, and is rendered for each request as
before. The part is rendered without the request, so it cannot show any of these.

Signed-in visitors always get the part freshly rendered and never a kept one (staff may
see more on some pages; and nothing rendered for them may ever be kept for others).

Invalidation: each part names the scopes its data come from ("groups", "places"). Each
scope has a generation that is part of every key; `bump` (called from the apps' model
signals, and after `migrate` or a test database's flush) changes it right away and again
once the transaction commits, so that a page another request rendered from the old data
in between is not kept under the new generation either. No key is deleted: entries under
an old generation are never read again and expire. A part that changes with the clock
("open now" until 17:00) says until when it holds; none is kept longer than MAX_SECONDS.

Where the generations live: with a shared cache (Redis), a number in it. With the
local-memory cache (development, the embedded run) the parts stay in this process's
memory, but the generations must be seen by every process that changes the data (the
task worker, `manage.py`, a test beside the browser tests' server): there they are small
files in VAR_DIR/pagecache/<database>/, each holding a random token, replaced on a bump.
"""

import hashlib
import logging
import os
import time
import uuid
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.core.cache import DEFAULT_CACHE_ALIAS, cache, caches
from django.core.cache.backends.locmem import LocMemCache
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from gemeinwerk.core.outage import CACHE_ERRORS

logger = logging.getLogger(__name__)

# At most this long: a bound for what no signal announces (a bulk update, which sends
# none; a clock-driven change a part does not predict; Redis away during a bump) and for
# the room that many distinct addresses take.
MAX_SECONDS = 300
# Longer queries (hand-made addresses) are rendered, not kept.
MAX_QUERY_LENGTH = 200
PREFIX = "pagecache"
# Redis out of reach; the token files (below) unreadable or unwritable.
UNAVAILABLE: tuple[type[BaseException], ...] = (*CACHE_ERRORS, OSError)


@dataclass(frozen=True)
class Rendered:
    html: str
    # When the part changes by itself, e.g. a contact point closes; None: only on a change.
    until: datetime | None = None
    # False: show it, but do not keep it (a form with errors, say).
    keep: bool = True


def enabled() -> bool:
    # A switch for measuring the rendering itself (bench/page_speed.py --no-page-cache)
    # and for tests that compare both ways; on unless a setting says otherwise.
    return bool(getattr(settings, "GEMEINWERK_PAGE_CACHE", True))


def anonymous(request: HttpRequest) -> bool:
    user = getattr(request, "user", None)
    return user is not None and not user.is_authenticated


def plain_query(request: HttpRequest, allowed: Collection[str]) -> bool:
    """Only `allowed` parameters, each once, and a page number that is a number: the
    addresses the page's own links and forms make. Anything else is rendered, not kept,
    so that made-up addresses cannot fill the cache."""
    if len(request.META.get("QUERY_STRING", "")) > MAX_QUERY_LENGTH:
        return False
    for name, values in request.GET.lists():
        if name not in allowed or len(values) != 1:
            return False
    page = request.GET.get("page")
    return page is None or (page.isdecimal() and page.isascii() and not page.startswith("0"))


def part(
    request: HttpRequest,
    name: str,
    *,
    scopes: Sequence[str],
    render: Callable[[], Rendered],
    cacheable: bool = True,
) -> SafeString:
    """The HTML of the part `name` for this request: kept, or rendered by `render`."""
    if not (cacheable and enabled() and request.method in ("GET", "HEAD") and anonymous(request)):
        return mark_safe(render().html)  # noqa: S308 (rendered by our templates)
    try:
        # The generations first, the data after: see the module's docstring.
        key = _key(request, name, _generations(scopes))
        kept = cache.get(key)
    except UNAVAILABLE:
        logger.warning("page cache unreachable, %s rendered", name, exc_info=True)
        return mark_safe(render().html)  # noqa: S308
    if isinstance(kept, str):
        return mark_safe(kept)  # noqa: S308
    rendered = render()
    seconds = _seconds(rendered)
    if rendered.keep and seconds > 0:
        try:
            cache.set(key, rendered.html, seconds)
        except CACHE_ERRORS:
            logger.warning("page cache unreachable, %s not kept", name, exc_info=True)
    return mark_safe(rendered.html)  # noqa: S308


def bump(*scopes: str) -> None:
    """Every kept part that depends on `scopes` is out of date: now and after the commit."""
    _bump(scopes)
    transaction.on_commit(lambda: _bump(scopes))


def _in_process_memory() -> bool:
    return isinstance(caches[DEFAULT_CACHE_ALIAS], LocMemCache)


def _generation_key(scope: str) -> str:
    return f"{PREFIX}:generation:{scope}"


def _generations(scopes: Sequence[str]) -> list[str]:
    if _in_process_memory():
        return [_token(scope) for scope in scopes]
    keys = [_generation_key(scope) for scope in scopes]
    found = cache.get_many(keys)
    for key in keys:
        if key not in found:
            # A start unlike any earlier number, should the key have been evicted: entries
            # kept under a number from before must not come back.
            cache.add(key, time.time_ns(), timeout=None)
            found[key] = cache.get(key, time.time_ns())
    return [str(found[key]) for key in keys]


def _bump(scopes: Sequence[str]) -> None:
    for scope in scopes:
        try:
            if _in_process_memory():
                _new_token(scope)
                continue
            key = _generation_key(scope)
            try:
                cache.incr(key)
            except ValueError:  # not there (yet, or evicted)
                cache.set(key, time.time_ns(), timeout=None)
        except UNAVAILABLE:
            # Kept parts then show the old state for up to MAX_SECONDS.
            logger.error("page cache unreachable, %s not invalidated", scope, exc_info=True)


def _token_file(scope: str) -> Path:
    # One folder per database: the processes that share the data share the tokens, and
    # two test runs side by side (each with its own database) do not disturb each other.
    database = str(connections[DEFAULT_DB_ALIAS].settings_dict["NAME"])
    folder = hashlib.sha256(database.encode()).hexdigest()[:16]
    return Path(settings.VAR_DIR) / PREFIX / folder / scope


def _token(scope: str) -> str:
    try:
        return _token_file(scope).read_text()
    except FileNotFoundError:
        return _new_token(scope)


def _new_token(scope: str) -> str:
    # Random, so never one from before; written beside and moved into place, so a reader
    # sees the old token or the new one, never half of one.
    path = _token_file(scope)
    path.parent.mkdir(parents=True, exist_ok=True)
    token = uuid.uuid4().hex
    beside = path.with_name(f".{scope}.{token}")
    beside.write_text(token)
    os.replace(beside, path)
    return token


def _key(request: HttpRequest, name: str, generations: Sequence[str]) -> str:
    address = "\n".join(
        [
            request.path,
            request.GET.urlencode(),
            get_language() or "",
            timezone.get_current_timezone_name(),
            *generations,
        ]
    )
    digest = hashlib.sha256(address.encode()).hexdigest()[:32]
    return f"{PREFIX}:{name}:{digest}"


def _seconds(rendered: Rendered) -> int:
    if rendered.until is None:
        return MAX_SECONDS
    left = (rendered.until - timezone.now()).total_seconds()
    # Whole seconds, rounded down: Redis takes no fractions, and early is safe.
    return max(0, min(MAX_SECONDS, int(left)))
