"""Display preferences kept in a cookie, so they work without an account."""

from enum import StrEnum

TEXT_SIZE_COOKIE = "gw_text_size"
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
