"""The words for an opening state: "Closes at 5 p.m.", "Opens on Monday at 9 a.m.".

One place for them: the list cards get them ready-made from the selectors, the contact
point's page and the account page through the `opening_text` filter
(templates/places/_opening_state.html). The messages are the ones the template had
(marked with `gettext_noop` for `makemessages`: they are translated later, once per list), and so is
the escaping: the translation counts as template text, the values are escaped, as
`{% blocktranslate with ... %}` does.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.utils import formats, timezone
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, gettext_noop

from gemeinwerk.places.opening import OpeningState, OpeningStatus

Translate = Callable[[str], str]


@dataclass(frozen=True, slots=True)
class OpeningText:
    is_open: bool
    badge: str  # "Open now" or "Closed now"
    detail: SafeString  # "Closes at noon", "Opens tomorrow at 2 p.m." ...
    closure: SafeString  # "Closed until 3 March 2026: holidays", or empty


class Messages(dict[str, str]):
    """Each message translated once, for a list that shows it on many cards."""

    def __missing__(self, message: str) -> str:
        self[message] = gettext(message)
        return self[message]


def translated(message: str, translate: Translate = gettext, **values: Any) -> SafeString:
    escaped = {name: conditional_escape(value) for name, value in values.items()}
    return mark_safe(translate(message) % escaped)  # noqa: S308 (values escaped above)


def _time(moment: datetime) -> str:
    # What `{{ moment|time }}` shows: the local time in the language's format.
    return formats.time_format(timezone.localtime(moment))


def _date(day: date | datetime, format: str | None = None) -> str:
    if isinstance(day, datetime):
        day = timezone.localtime(day)
    return formats.date_format(day, format)


def _detail(state: OpeningState, translate: Translate) -> SafeString:
    if state.is_open and state.until is not None:
        return translated(gettext_noop("Closes at %(time)s"), translate, time=_time(state.until))
    opening = state.next_opening
    if opening is None or state.status is OpeningStatus.CLOSED:
        return translated(
            gettext_noop("No opening hours in the next two weeks. Please phone or write."),
            translate,
        )
    if state.status is OpeningStatus.OPENS_TODAY:
        return translated(gettext_noop("Opens today at %(time)s"), translate, time=_time(opening))
    if state.status is OpeningStatus.OPENS_TOMORROW:
        return translated(
            gettext_noop("Opens tomorrow at %(time)s"), translate, time=_time(opening)
        )
    if state.status is OpeningStatus.OPENS_THIS_WEEK:
        return translated(
            gettext_noop("Opens on %(weekday)s at %(time)s"),
            translate,
            weekday=_date(opening, "l"),
            time=_time(opening),
        )
    return translated(
        gettext_noop("Opens on %(day)s at %(time)s"),
        translate,
        day=_date(opening),
        time=_time(opening),
    )


def _closure(state: OpeningState, translate: Translate) -> SafeString:
    closure = state.closure
    if closure is None:
        return SafeString("")
    if closure.reason:
        return translated(
            gettext_noop("Closed until %(day)s: %(reason)s"),
            translate,
            day=_date(closure.last_day),
            reason=closure.reason,
        )
    return translated(gettext_noop("Closed until %(day)s"), translate, day=_date(closure.last_day))


def opening_text(state: OpeningState, translate: Translate = gettext) -> OpeningText:
    """The words for `state`; a list passes one `Messages()` for all its cards."""
    return OpeningText(
        is_open=state.is_open,
        badge=translate(gettext_noop("Open now") if state.is_open else gettext_noop("Closed now")),
        detail=_detail(state, translate),
        closure=_closure(state, translate),
    )
