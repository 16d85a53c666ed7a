"""The header's links, filled by the apps that own the pages.

Each app registers its entries from its AppConfig.ready(), so that a new app adds its
page without editing core:

- main entries (`register_main`): the main navigation every visitor sees;
- personal entries (`register_personal`): beside "My account", for the people a
  permission admits (hosts find their groups, staff the console). The account page
  lists them too.

`order` places an entry; the numbers leave gaps, so that an app arriving later finds a
place between two others. Two entries with the same URL name or the same order are
refused: the header's order must not depend on which app happened to load first.
Today's order: Home 10, Neighbourhood help 15, Contact points 20, Networks 25, Self-help
groups 30, Join a meeting 40, Facility programme 50, Help 90; personal: My groups 10,
Verification appointment 12, Self-evaluation 13, My facility 14, My activities 15, My
help 16, Messages 18, Notifications 20, Staff console 50, Administration 90.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class MainEntry:
    url_name: str
    label: Any  # a lazy translation: the header's language is the request's
    order: int


@dataclass(frozen=True)
class PersonalEntry:
    url_name: str
    label: Any
    # A rule of django-rules. It is asked of the rules alone, without Django's model
    # permissions (two queries a page): the rules decide these anyway.
    permission: str
    # The pages that mark the entry current: a view name, or a whole namespace ("staff:").
    current_for: str
    order: int
    # Words shown beside the label for this person ("3 unread"), or "" for none; asked
    # on every page, so it must be one cheap query at most.
    badge: Callable[[Any], str] | None = None

    def is_current(self, view_name: str) -> bool:
        if self.current_for.endswith(":"):
            return view_name.startswith(self.current_for)
        return view_name == self.current_for


_main: dict[str, MainEntry] = {}
_personal: dict[str, PersonalEntry] = {}


def _check_free(
    entries: dict[str, MainEntry] | dict[str, PersonalEntry], url_name: str, order: int
) -> None:
    if url_name in entries:
        raise ValueError(f"navigation entry {url_name!r} registered twice")
    taken = {entry.order: entry.url_name for entry in entries.values()}
    if order in taken:
        raise ValueError(f"navigation order {order} of {url_name!r} taken by {taken[order]!r}")


def register_main(url_name: str, label: Any, *, order: int) -> None:
    _check_free(_main, url_name, order)
    _main[url_name] = MainEntry(url_name, label, order)


def register_personal(
    url_name: str,
    label: Any,
    *,
    permission: str,
    order: int,
    current_for: str = "",
    badge: Callable[[Any], str] | None = None,
) -> None:
    _check_free(_personal, url_name, order)
    _personal[url_name] = PersonalEntry(
        url_name, label, permission, current_for or url_name, order, badge
    )


def main_entries() -> list[MainEntry]:
    return sorted(_main.values(), key=lambda entry: entry.order)


def personal_entries() -> list[PersonalEntry]:
    return sorted(_personal.values(), key=lambda entry: entry.order)


# Core's own page comes first (the help centre, gemeinwerk/help, is last).
register_main("core:home", _("Home"), order=10)
