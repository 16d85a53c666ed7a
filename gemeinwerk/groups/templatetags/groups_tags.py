from django import template

from gemeinwerk.accounts.models import Language
from gemeinwerk.core.templatetags.moments import from_iso
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


# Older templates load it from here; it lives in core (templatetags/moments.py).
register.filter("from_iso", from_iso)
