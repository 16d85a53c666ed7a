"""Reading preferences: larger text and plain language. Kept in cookies, so that they work
without an account; a signed-in person's choice is also kept with their account (by the
app that owns accounts, through `on_choice`), so that it follows them to every device."""

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse

TEXT_SIZE_COOKIE = "gw_text_size"
PLAIN_LANGUAGE_COOKIE = "gw_plain"
ONE_YEAR = 365 * 24 * 3600


class TextSize(StrEnum):
    NORMAL = "normal"
    LARGE = "large"

    @classmethod
    def from_cookie(cls, value: str | None) -> "TextSize":
        try:
            return cls(value or "")
        except ValueError:
            return cls.NORMAL


@dataclass(frozen=True)
class Reading:
    text_size: TextSize
    plain_language: bool


# (request, large_text or None, plain_language or None): keeps a signed-in person's choice.
Saver = Callable[[HttpRequest, bool | None, bool | None], None]
_savers: list[Saver] = []


def on_choice(saver: Saver) -> None:
    _savers.append(saver)


def reading(request: HttpRequest) -> Reading:
    """The person's stored choice where they made one, else the browser's cookies."""
    user = getattr(request, "user", None)
    large = getattr(user, "large_text", None) if user and user.is_authenticated else None
    plain = getattr(user, "plain_language", None) if user and user.is_authenticated else None
    return Reading(
        text_size=(TextSize.LARGE if large else TextSize.NORMAL)
        if large is not None
        else TextSize.from_cookie(request.COOKIES.get(TEXT_SIZE_COOKIE)),
        plain_language=plain
        if plain is not None
        else request.COOKIES.get(PLAIN_LANGUAGE_COOKIE) == "1",
    )


def remember(
    request: HttpRequest,
    response: HttpResponse,
    *,
    large_text: bool | None = None,
    plain_language: bool | None = None,
) -> None:
    """Keep a choice in the browser and, for a signed-in person, with their account."""
    cookies: list[tuple[str, str]] = []
    if large_text is not None:
        cookies.append((TEXT_SIZE_COOKIE, TextSize.LARGE if large_text else TextSize.NORMAL))
    if plain_language is not None:
        cookies.append((PLAIN_LANGUAGE_COOKIE, "1" if plain_language else "0"))
    for name, value in cookies:
        response.set_cookie(
            name,
            value,
            max_age=ONE_YEAR,
            secure=settings.SESSION_COOKIE_SECURE,
            httponly=True,
            samesite="Lax",
        )
    for saver in _savers:
        saver(request, large_text, plain_language)


def as_context(request: HttpRequest) -> dict[str, Any]:
    chosen = reading(request)
    return {"text_size": chosen.text_size, "plain_language": chosen.plain_language}
