"""The help centre: its public pages (start page, search, an area, an article) and the
console pages where staff write it ("staff:help:..."). Everyone reads it; every role
that uses the console writes it (help.edit = accounts.use_staff_console).

The world has no help article: the fixture below writes one (German, area "groups") for
each case, inside the case's savepoint, and the paths look it up by its short name.
"""

from typing import Any

import pytest

from gemeinwerk.help.models import Area, Article, Kind
from gemeinwerk.help.services import refresh_search_document
from tests.matrix.cases import Case, Matrix, check, console, params, same
from tests.matrix.world import ALL, World

SLUG = "gruppe-finden"
UNKNOWN_PK = 999999


@pytest.fixture(autouse=True)
def help_article(world: World) -> Article:
    article = Article(
        area=Area.GROUPS,
        kind=Kind.FAQ,
        language="de",
        slug=SLUG,
        title="Wie finde ich eine Selbsthilfegruppe?",
        body="Im **Gruppenverzeichnis** nach Thema und Stadtteil suchen.",
        position=10,
    )
    refresh_search_document(article)
    article.save()
    return article


def article_pk() -> int:
    return Article.objects.values_list("pk", flat=True).get(slug=SLUG, language="de")


def edit_page(world: World) -> str:
    return f"/staff/help/{article_pk()}/"


def delete_page(world: World) -> str:
    return f"/staff/help/{article_pk()}/delete/"


def article_data(world: World) -> dict[str, Any]:
    """The world's article with a new answer."""
    return {
        "area": "groups",
        "kind": "faq",
        "language": "de",
        "title": "Wie finde ich eine Selbsthilfegruppe?",
        "body": "Im Verzeichnis suchen, oder die Anlaufstelle fragen.",
        "slug": SLUG,
        "position": "10",
    }


def new_article_data(world: World) -> dict[str, Any]:
    return article_data(world) | {
        "title": "Wer leitet eine Gruppe?",
        "body": "Geschulte Mitglieder.",
        "slug": "gruppe-leiten",
    }


MATRIX: Matrix = {
    # Everyone reads the help centre, signed in or not; it only answers reading.
    "help:index": [
        Case("/help/", expected=same(200)),
        Case("/pl/help/", expected=same(200)),
        Case("/help/", "post", expected=same(405)),
    ],
    "help:search": [
        Case("/help/search/?q=Selbsthilfegruppe", expected=same(200)),
        Case("/help/search/", expected=same(200)),
        Case("/help/search/?q=Schachclub", expected=same(200)),
    ],
    "help:area": [
        Case("/help/topics/groups/", expected=same(200)),
        Case("/help/topics/no-such-area/", expected=same(404)),
    ],
    # The meeting room's help link: to its handbook, or to the area without it.
    "help:room": [
        Case("/help/meeting-room/", expected=same(302)),
        Case("/help/meeting-room/", "post", expected=same(405)),
    ],
    "help:article": [
        Case(f"/help/{SLUG}/", expected=same(200)),
        # Not yet written in English: the German one, with a word that says so.
        Case(f"/en/help/{SLUG}/", expected=same(200)),
        Case("/help/no-such-article/", expected=same(404)),
        Case(f"/help/{SLUG}/", "post", expected=same(405)),
    ],
    # The console's list of articles, for every console role.
    "staff:help:articles": [
        Case("/staff/help/", expected=console(200)),
        Case("/staff/help/", "post", expected=console(405)),
    ],
    "staff:help:create": [
        Case("/staff/help/new/", expected=console(200)),
        Case("/staff/help/new/", "post", new_article_data, expected=console(302)),
        # The preview shows the text as visitors will see it and saves nothing.
        Case(
            "/staff/help/new/",
            "post",
            lambda w: new_article_data(w) | {"preview": "1"},
            expected=console(200),
            unchanged=ALL,
        ),
        # Without a text: the form comes back, nothing is written.
        Case(
            "/staff/help/new/",
            "post",
            lambda w: new_article_data(w) | {"body": "", "save": "1"},
            expected=console(200),
            unchanged=ALL,
        ),
        # The short name of an article in the same language, and one of the help
        # centre's own addresses, are taken.
        Case(
            "/staff/help/new/",
            "post",
            lambda w: new_article_data(w) | {"slug": SLUG, "save": "1"},
            expected=console(200),
            unchanged=ALL,
        ),
        Case(
            "/staff/help/new/",
            "post",
            lambda w: new_article_data(w) | {"slug": "search", "save": "1"},
            expected=console(200),
            unchanged=ALL,
        ),
    ],
    "staff:help:edit": [
        Case(edit_page, expected=console(200)),
        Case(f"/staff/help/{UNKNOWN_PK}/", expected=console(404)),
        Case(edit_page, "post", lambda w: article_data(w) | {"save": "1"}, expected=console(302)),
        Case(
            edit_page,
            "post",
            lambda w: article_data(w) | {"preview": "1"},
            expected=console(200),
            unchanged=ALL,
        ),
        Case(
            edit_page,
            "post",
            lambda w: article_data(w) | {"title": "", "save": "1"},
            expected=console(200),
            unchanged=ALL,
        ),
        Case(
            edit_page,
            "post",
            lambda w: article_data(w) | {"area": "no-such-area", "save": "1"},
            expected=console(200),
            unchanged=ALL,
        ),
        Case(
            f"/staff/help/{UNKNOWN_PK}/",
            "post",
            lambda w: article_data(w) | {"save": "1"},
            expected=console(404),
        ),
    ],
    # Asking first changes nothing; the POST deletes.
    "staff:help:delete": [
        Case(delete_page, expected=console(200), unchanged=ALL),
        Case(delete_page, "post", expected=console(302)),
        Case(f"/staff/help/{UNKNOWN_PK}/delete/", expected=console(404)),
        Case(f"/staff/help/{UNKNOWN_PK}/delete/", "post", expected=console(404)),
    ],
}


@pytest.mark.django_db
@pytest.mark.parametrize(("role", "name", "index"), params(MATRIX))
def test_route_answers_each_role_as_expected(world: World, role: str, name: str, index: int):
    check(world, role, MATRIX[name][index])
