"""Builders for moderation's tests: a thing of a test kind that can be hidden, registered
once for the test run, and people reporting it or someone else."""

from dataclasses import dataclass, field
from typing import Any

import rules
from django.utils.translation import gettext_lazy as _

from gemeinwerk.accounts.models import User
from gemeinwerk.accounts.tests.more_factories import add_email, make_verified
from gemeinwerk.moderation import kinds
from gemeinwerk.notifications.models import EmailSettings

NOTE_KIND = "tests.note"


@dataclass
class Note:
    """A thing some member wrote; kept in memory, found by its pk."""

    pk: int
    author: User
    text: str
    hidden_by: list[Any] = field(default_factory=list)

    @property
    def hidden(self) -> bool:
        return bool(self.hidden_by)


NOTES: dict[int, Note] = {}


def _hide(note: Note, staff: Any) -> None:
    note.hidden_by.append(staff)


def _restore(note: Note, staff: Any) -> None:
    note.hidden_by.clear()


@rules.predicate
def may_report_note(user: Any, note: Any) -> bool:
    return bool(user.is_authenticated and note is not None and note.author.pk != user.pk)


def register_note_kind() -> None:
    if not rules.perm_exists("tests.report_note"):
        rules.add_perm("tests.report_note", may_report_note)
    try:
        kinds.get(NOTE_KIND)
    except KeyError:
        kinds.register_kind(
            kinds.ReportKind(
                key=NOTE_KIND,
                label=_("Note"),
                load=lambda pk: NOTES.get(pk),
                author=lambda note: note.author,
                snapshot=lambda note: note.text,
                permission="tests.report_note",
                hide=_hide,
                restore=_restore,
                is_hidden=lambda note: note.hidden,
                staff_link=lambda note: f"/notes/{note.pk}/",
            )
        )


def write_note(author: User, text: str = "Kaufen Sie jetzt!") -> Note:
    """A note by `author`; anyone signed in but its author may report it."""
    note = Note(pk=len(NOTES) + 1, author=author, text=text)
    NOTES[note.pk] = note
    return note


def person(username: str, *, language: str = "en") -> User:
    """A verified member with an e-mail address who reads English."""
    user = make_verified(username=username, email=f"{username}@example.org")
    add_email(user)
    EmailSettings.objects.create(user=user, language=language)
    return user
