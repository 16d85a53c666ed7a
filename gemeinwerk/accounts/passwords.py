from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import ngettext


class MaximumLengthValidator:
    """Accept long passphrases (far beyond 64 characters) but not megabytes of text,
    which would only make hashing slow."""

    def __init__(self, max_length: int = 256) -> None:
        self.max_length = max_length

    def validate(self, password: str, user: Any = None) -> None:
        if len(password) > self.max_length:
            raise ValidationError(
                ngettext(
                    "Please use at most %(max)d character.",
                    "Please use at most %(max)d characters.",
                    self.max_length,
                )
                % {"max": self.max_length},
                code="password_too_long",
            )

    def get_help_text(self) -> str:
        return ngettext(
            "Up to %(max)d character; a long passphrase is welcome.",
            "Up to %(max)d characters; a long passphrase is welcome.",
            self.max_length,
        ) % {"max": self.max_length}
