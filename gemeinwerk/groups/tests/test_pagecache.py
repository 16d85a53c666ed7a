"""The directory and the group pages as kept for anonymous visitors (core/pagecache.py):
a change shows at once, signed-in visitors never meet a kept page, every language and
filter has its own, and the page is the same with and without it."""

import re
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.core.management.sql import emit_post_migrate_signal
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from gemeinwerk.accounts.models import User
from gemeinwerk.accounts.tests.more_factories import make_admin, signed_in, url
from gemeinwerk.groups.models import Group, GroupStatus, Topic
from gemeinwerk.groups.services.meetings import cancel_occurrence
from gemeinwerk.groups.tests.factories import GroupFactory, make_host, make_occurrence
from gemeinwerk.places.tests.factories import DistrictFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def group() -> Group:
    return GroupFactory.create(
        name="Angehörige im Gespräch",
        slug="angehoerige",
        district=DistrictFactory.create(name="Nordstadt", slug="nordstadt"),
    )


def page(path: str, client: Client | None = None, headers: dict[str, str] | None = None) -> str:
    response = (client or Client()).get(path, headers=headers or {})
    assert response.status_code == 200
    return response.content.decode()


def main(html: str) -> str:
    """The part of the page that is kept: everything inside <main>."""
    found = re.search(r"<main\b.*?</main>", html, re.S)
    assert found is not None
    return found.group(0)


def test_a_renamed_group_shows_at_once_in_the_directory_and_on_its_page(group: Group):
    directory, detail = url("groups:list"), url("groups:detail", "angehoerige")
    page(directory), page(detail)  # kept

    group.name = "Angehörige pflegen"
    group.save()

    assert "Angehörige pflegen" in main(page(directory))
    assert "Angehörige pflegen" in main(page(detail))


def test_a_new_and_a_withdrawn_group_show_at_once(group: Group):
    directory = url("groups:list")
    assert "1 group" in page(directory)

    GroupFactory.create(name="Trauer teilen", topic=Topic.GRIEF)
    assert "Trauer teilen" in page(directory)

    group.status = GroupStatus.ARCHIVED
    group.save()
    html = page(directory)
    assert "Angehörige im Gespräch" not in html
    assert "1 group" in html


def test_a_renamed_district_shows_at_once(group: Group):
    directory = url("groups:list")
    page(directory)

    district = group.district
    assert district is not None
    district.name = "Nordviertel"
    district.save()

    html = page(directory)
    assert "Nordviertel" in html
    assert "Nordstadt" not in html


def test_what_was_kept_before_the_commit_is_dropped_with_it(
    group: Group, django_capture_on_commit_callbacks
):
    directory = url("groups:list")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        group.name = "Angehörige pflegen"
        group.save()
        # Kept while the transaction is open: another request would have read the data
        # from before it here (the change below stands for that difference).
        page(directory)
        change_unnoticed(group, "Angehörige begleiten")
        assert "Angehörige pflegen" in page(directory)

    assert callbacks  # the second bump waited for the commit
    assert "Angehörige begleiten" in page(directory)


def test_a_cancelled_date_leaves_the_group_page_at_once(group: Group):
    host = make_host(group)
    soon = make_occurrence(group, starts_at=timezone.now() + timedelta(days=2))
    detail = url("groups:detail", "angehoerige")
    assert "Next meetings" in page(detail)

    cancel_occurrence(occurrence=soon, actor=host)

    assert "Next meetings" not in page(detail)


def change_unnoticed(group: Group, name: str) -> None:
    """A change that bypasses the models' signals: the kept page stays as it was."""
    Group.objects.filter(pk=group.pk).update(name=name)


@pytest.mark.parametrize("path", ["groups:list", "groups:detail"])
def test_signed_in_visitors_never_get_a_kept_page(group: Group, path: str):
    address = url(path, *(["angehoerige"] if path == "groups:detail" else []))
    member = signed_in(User.objects.create_user("mila", "mila@example.org", "x-Passwort-1"))
    page(address)  # kept for anonymous visitors

    change_unnoticed(group, "Angehörige pflegen")

    assert "Angehörige im Gespräch" in main(page(address))  # kept: proof that it is
    assert "Angehörige pflegen" in main(page(address, member))
    assert "Angehörige pflegen" in main(page(address, signed_in(make_admin())))


def test_nothing_rendered_for_a_signed_in_visitor_is_kept(group: Group):
    admin = signed_in(make_admin())
    detail = url("groups:detail", "angehoerige")
    assert "Manage this group" in page(detail, admin)
    assert "Manage this group" in page(detail, admin)

    change_unnoticed(group, "Angehörige pflegen")

    html = main(page(detail))
    assert "Manage this group" not in html
    assert "Angehörige pflegen" in html  # rendered now: nothing was kept before


def test_each_language_has_its_own_page(group: Group):
    for _ in range(2):
        german, english, polish = page("/groups/"), page("/en/groups/"), page("/pl/groups/")
        assert '<html lang="de"' in german
        assert "Selbsthilfegruppen" in main(german)
        assert "Self-help groups" in main(english)
        assert 'href="/en/groups/angehoerige/"' in english
        assert "Grupy samopomocowe" in main(polish)
        assert 'href="/pl/groups/angehoerige/"' in polish


def test_each_filter_page_and_htmx_request_has_its_own_entry(group: Group):
    GroupFactory.create(name="Trauer teilen", topic=Topic.GRIEF)
    directory = url("groups:list")
    for _ in range(2):
        everything = page(directory)
        grief = page(f"{directory}?topic=grief")
        partial = page(f"{directory}?topic=grief", headers={"HX-Request": "true"})
        assert "Trauer teilen" in everything
        assert "Angehörige im Gespräch" in everything
        assert "Trauer teilen" in grief
        assert "Angehörige im Gespräch" not in grief
        assert re.search(r'<option value="grief"\s+selected', grief)
        assert partial.strip().startswith('<section id="group-results"')
        assert "<form" not in partial


def test_searches_are_not_kept(group: Group):
    directory = f"{url('groups:list')}?q=Angehörige"
    assert "Angehörige im Gespräch" in page(directory)

    change_unnoticed(group, "Angehörige pflegen")

    assert "Angehörige pflegen" in main(page(directory))


def without_tokens(html: str) -> str:
    # What differs between any two responses: the CSRF token, the CSP nonce.
    html = re.sub(r'(name="csrfmiddlewaretoken" value=")[^"]+', r"\1-", html)
    html = re.sub(r'("X-CSRFToken": ")[^"]+', r"\1-", html)
    return re.sub(r'nonce="[^"]+"', 'nonce="-"', html)


@pytest.mark.parametrize(
    ("path", "headers"),
    [
        ("/en/groups/", {}),
        ("/en/groups/?topic=relatives&district=nordstadt&page=1", {}),
        ("/en/groups/?topic=relatives", {"HX-Request": "true"}),
        ("/pl/groups/angehoerige/", {}),
    ],
)
def test_the_page_is_the_same_with_and_without_the_cache(
    group: Group, settings: Any, path: str, headers: dict[str, str]
):
    make_occurrence(group, starts_at=timezone.now() + timedelta(days=3))
    rendered, kept = page(path, headers=headers), page(path, headers=headers)
    settings.GEMEINWERK_PAGE_CACHE = False
    uncached = page(path, headers=headers)

    assert without_tokens(rendered) == without_tokens(kept) == without_tokens(uncached)
    # And the kept one was indeed kept: it costs no query for groups.
    settings.GEMEINWERK_PAGE_CACHE = True
    with CaptureQueriesContext(connection) as context:
        page(path, headers=headers)
    tables = " ".join(query["sql"] for query in context.captured_queries)
    assert "groups_occurrence" not in tables
    if "/groups/?" in path or path.endswith("/groups/"):
        assert "groups_group" not in tables


def test_the_frame_around_a_kept_part_is_rendered_for_each_request(group: Group):
    client = Client()
    first, second = page(url("groups:list"), client), page(url("groups:list"), client)

    def tokens(html: str) -> set[str]:
        return set(re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', html))

    assert len(tokens(first)) == len(tokens(second)) == 1
    assert tokens(first) != tokens(second)  # masked anew each time
    assert "csrfmiddlewaretoken" not in main(first)


KEPT_TEMPLATES = [
    "groups/templates/groups/_directory.html",
    "groups/templates/groups/_results.html",
    "groups/templates/groups/_detail.html",
    "places/templates/places/_list.html",
    "places/templates/places/_district.html",
    "places/templates/places/_contact_point_results.html",
    "places/templates/places/_opening.html",
    "core/templates/core/_pagination.html",
]


@pytest.mark.parametrize("template", KEPT_TEMPLATES)
def test_kept_templates_show_nothing_of_who_asks(template: str):
    # They are rendered without the request; these names would be empty there, and
    # would be someone's if the request were ever passed in.
    source = (Path(__file__).resolve().parents[2] / template).read_text()
    source = re.sub(r"{% comment %}.*?{% endcomment %}", "", source, flags=re.S)
    # The variables and tags, without their quoted words ("Ask to join" ...).
    code = re.sub(r"\"[^\"]*\"|'[^']*'", "", " ".join(re.findall(r"{[{%](.*?)[}%]}", source)))
    for personal in ("csrf_token", "csp_nonce", "request", "user", "messages", "perms"):
        assert not re.search(rf"\b{personal}\b", code), personal


def test_migrating_drops_every_kept_page(group: Group):
    # A deploy brings new templates with its `migrate`; a flush between browser tests
    # deletes rows without signals and ends in the same signal.
    directory = url("groups:list")
    page(directory)
    change_unnoticed(group, "Angehörige pflegen")

    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")

    assert "Angehörige pflegen" in main(page(directory))
