"""What the platform stores about a person, and how it leaves: the registry behind
"Download my data" and "Delete my account".

Every relation from any model to the user is registered here, by the app that owns the
model, with how it is exported and how it is erased. A test walks all models and fails
when a relation to the user is missing. Data that names a person without a relation
(queued e-mails, admin log texts) registers an eraser of its own.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.utils import timezone

Exporter = Callable[[Any], Any]
Eraser = Callable[[Any], None]


@dataclass(frozen=True)
class Holding:
    model: type[models.Model]
    field: str
    # The heading in the export, and a function user -> JSON-ready data; None when the
    # rows are other people's records that only mention this person (see `note`).
    section: str
    export: Exporter | None
    # Runs before the account row is deleted; None when the relation's on_delete
    # (CASCADE or SET_NULL) is all that is needed.
    erase: Eraser | None
    note: str

    @property
    def key(self) -> tuple[str, str]:
        return (self.model._meta.label, self.field)


_holdings: dict[tuple[str, str], Holding] = {}
_erasers: list[tuple[str, Eraser]] = []


def register(
    model: type[models.Model],
    field: str,
    *,
    section: str = "",
    export: Exporter | None = None,
    erase: Eraser | None = None,
    note: str = "",
) -> None:
    if export is None and not note:
        raise ValueError(f"{model._meta.label}.{field}: say why it is not exported")
    holding = Holding(model, field, section, export, erase, note)
    _holdings[holding.key] = holding


def register_eraser(name: str, erase: Eraser) -> None:
    """For data that names the person without a relation to the account."""
    _erasers.append((name, erase))


def holdings() -> list[Holding]:
    return list(_holdings.values())


def rows(queryset: Iterable[Any], *fields: str) -> list[dict[str, Any]]:
    """The given fields of each row; foreign keys by their text, choices by label."""
    result = []
    for obj in queryset:
        row = {}
        for name in fields:
            display = getattr(obj, f"get_{name}_display", None)
            value = display() if callable(display) else getattr(obj, name)
            row[name] = str(value) if isinstance(value, models.Model) else value
        result.append(row)
    return result


def export_data(user: Any) -> dict[str, Any]:
    sections: dict[str, Any] = {
        "account": {
            "username": user.username,
            "email": user.email,
            "date_joined": user.date_joined,
            "last_login": user.last_login,
            "trust_level": user.get_trust_level_display(),
            "larger_text": user.large_text,
            "plain_language": user.plain_language,
        }
    }
    for holding in _holdings.values():
        if holding.export is not None:
            sections[holding.section] = holding.export(user)
    return {"format": "gemeinwerk-export/1", "exported_at": timezone.now(), "data": sections}


def erase_data(user: Any) -> None:
    """Everything that the deletion of the account row does not remove by itself."""
    for holding in _holdings.values():
        if holding.erase is not None:
            holding.erase(user)
    for _name, erase in _erasers:
        erase(user)
