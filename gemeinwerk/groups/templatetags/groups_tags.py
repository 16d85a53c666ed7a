from datetime import datetime

from django import template
from django.utils import timezone

from gemeinwerk.accounts.models import Language
from gemeinwerk.groups import roomcodes

register = template.Library()


@register.filter
def room_code(code: str | None) -> str:
    """K7MPQ4XRT -> K7M-PQ4-XRT: easier to read aloud and to type."""
    return roomcodes.display(code or "")


@register.filter
def language_names(codes: list[str]) -> str:
    """Our own list of languages (it has German Sign Language, Django's has not)."""
    names = dict(Language.choices)
    return ", ".join(str(names.get(code, code)) for code in codes) or "-"


@register.filter
def from_iso(value: str) -> datetime | str:
    """A moment stored as text (a notification's params) as the local time it names,
    for the `date` and `time` filters in the reader's language."""
    try:
        return timezone.localtime(datetime.fromisoformat(value))
    except (TypeError, ValueError):
        return ""
