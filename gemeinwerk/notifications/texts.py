"""A notification in words: rendered from its kind's templates, in a given language."""

from dataclasses import dataclass

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import Resolver404, resolve, reverse
from django.urls.exceptions import NoReverseMatch
from django.utils import translation

from gemeinwerk.notifications import kinds
from gemeinwerk.notifications.models import Notification


@dataclass(frozen=True)
class Words:
    subject: str
    body: str


def _render(notification: Notification, part: str) -> str:
    kind = kinds.get(notification.kind)
    return render_to_string(f"{kind.template}_{part}.txt", dict(notification.params))


def words(notification: Notification, language: str | None = None) -> Words:
    with translation.override(language or translation.get_language()):
        return Words(subject(notification), _render(notification, "body").strip())


def subject(notification: Notification) -> str:
    """The one line of the list and the e-mail's subject, in the active language."""
    return " ".join(_render(notification, "subject").split())


def path_in(path: str, language: str) -> str:
    """`path` (stored in the language of whoever caused the notification: "/me/",
    "/pl/me/") as the same page in `language`; unchanged if it names no page."""
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            try:
                match = resolve(path)
            except Resolver404:
                continue
        with translation.override(language):
            try:
                return reverse(match.view_name, args=match.args, kwargs=match.kwargs)
            except NoReverseMatch:
                return path
    return path
