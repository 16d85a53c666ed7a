"""Validators the apps share."""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _


@deconstructible
class NotReserved:
    """A short name in addresses that is not one of the words the app's URLs put where
    such a name would go ("districts" beside "<slug>/")."""

    def __init__(self, words: Iterable[str]) -> None:
        self.words = tuple(sorted(words))

    def __call__(self, value: str) -> None:
        if value in self.words:
            raise ValidationError(
                _("“%(value)s” is used by the website itself. Please choose another."),
                code="reserved",
                params={"value": value},
            )

    def __eq__(self, other: object) -> bool:
        return isinstance(other, NotReserved) and self.words == other.words

    def __hash__(self) -> int:
        return hash(self.words)
