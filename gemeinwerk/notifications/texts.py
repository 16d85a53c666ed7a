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


def words(notification: Notification, language: str | None = None) -> Words:
    kind = kinds.get(notification.kind)
    context = dict(notification.params)
    with translation.override(language or translation.get_language()):
        subject = render_to_string(f"{kind.template}_subject.txt", context)
        body = render_to_string(f"{kind.template}_body.txt", context)
    return Words(" ".join(subject.split()), body.strip())


def subject(notification: Notification) -> str:
    """The line in the list, in the language of the page."""
    return words(notification).subject


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
