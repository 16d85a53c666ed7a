"""The help centre: Markdown made safe, staff changes audited, search in the reader's
language (PostgreSQL's stemming and the SQLite fallback), the pages, the console's
preview and the demo articles."""

from io import StringIO
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from gemeinwerk.accounts.tests.more_factories import (
    make_contact_point,
    make_verified,
    signed_in,
    staff_of,
)
from gemeinwerk.audit.models import AuditEvent
from gemeinwerk.help import demo, markdown, selectors, services, starter
from gemeinwerk.help.models import Area, Article, Kind

pytestmark = pytest.mark.django_db


def url(name: str, *args: Any, language: str = "en") -> str:
    with translation.override(language):
        return reverse(name, args=args)


def write(actor: Any = None, **fields: Any) -> Article:
    data = {
        "area": Area.GROUPS,
        "kind": Kind.FAQ,
        "language": "de",
        "slug": "kein-ton",
        "title": "Ich höre nichts",
        "body": "Prüfen Sie die **Lautstärke**.",
        "position": 10,
    } | fields
    return services.save_article(actor=actor or staff_of(make_contact_point()), data=data)


# --- Markdown ----------------------------------------------------------------------------


def test_markdown_keeps_structure_and_drops_everything_unsafe():
    html = markdown.render(
        "# Title\n\n## Part\n\n- one **two**\n\n<script>alert(1)</script>\n\n"
        "[bad](javascript:alert(1)) [call](tel:0711) <img src=x onerror=alert(1)>"
    )
    assert "<h2>Title</h2>" in html  # the page's h1 is its title
    assert "<h2>Part</h2>" in html
    assert "<li>one <strong>two</strong></li>" in html
    assert "<script" not in html
    assert "<img" not in html
    assert 'href="javascript' not in html
    assert '<a href="tel:0711" rel="noopener noreferrer">call</a>' in html


def test_the_search_document_holds_the_words_without_markup():
    article = write(body="## Echo\n\nTragen Sie **Kopfhörer** & sprechen Sie leise.")
    assert "kopfhörer & sprechen" in article.search_document
    assert "**" not in article.search_document
    assert "##" not in article.search_document


# --- Writing -------------------------------------------------------------------------------


def test_staff_write_and_change_articles_and_each_change_is_audited():
    staff = staff_of(make_contact_point())
    article = write(staff)
    services.save_article(
        actor=staff,
        article=article,
        data={**{f: getattr(article, f) for f in services.FIELDS}, "title": "Kein Ton"},
    )
    services.delete_article(actor=staff, article=Article.objects.get())

    actions = list(AuditEvent.objects.order_by("pk").values_list("action", flat=True))
    assert actions == ["help.article_created", "help.article_changed", "help.article_deleted"]
    assert not Article.objects.exists()


def test_members_cannot_write_the_help():
    with pytest.raises(PermissionDenied):
        write(make_verified())
    assert not Article.objects.exists()


# --- Reading -------------------------------------------------------------------------------


def test_search_finds_word_forms_in_the_readers_language_only():
    write(title="Wie finde ich eine Gruppe?", slug="gruppe-finden")
    write(language="en", title="How do I find a group?", slug="gruppe-finden")

    assert [a.slug for a in selectors.search("de", "Gruppen")] == ["gruppe-finden"]
    assert [a.language for a in selectors.search("de", "Gruppen")] == ["de"]
    assert selectors.search("de", "   ") == []
    assert selectors.search("pl", "Gruppen") == []


@pytest.mark.postgres
def test_search_on_postgresql_follows_german_and_polish_inflection():
    write(title="Wege aus der Sucht", slug="sucht", body="Hilfe für Angehörige.")
    write(language="pl", slug="zakupy", title="Pomoc przy zakupach", body="Sąsiedzi pomagają.")
    assert [a.slug for a in selectors.search("de", "Süchte")] == ["sucht"]
    assert [a.slug for a in selectors.search("pl", "zakupy")] == ["zakupy"]


def test_an_article_falls_back_to_another_language_and_says_so():
    write(language="de", slug="echo", title="Echo im Raum", body="Kopfhörer helfen.")
    page = Client().get(url("help:article", "echo", language="pl")).content.decode()
    assert "Echo im Raum" in page
    assert 'lang="de"' in page
    assert Client().get(url("help:article", "nothing-here")).status_code == 404
    assert Client().get(url("help:area", "nowhere")).status_code == 404


def test_the_start_page_shows_areas_and_the_contacts_from_their_records(settings: Any):
    point = make_contact_point(name="Bürgerhaus Lindenhof", phone="0711 123 456")
    write(language="en", kind=Kind.HANDBOOK, slug="room", title="If the room does not work")
    page = Client().get(url("help:index")).content.decode()

    for area in Area:
        assert str(area.label) in page
    assert "If the room does not work" in page
    assert point.name in page
    assert 'href="tel:0711123456"' in page
    assert settings.GEMEINWERK_OPERATOR["phone"] in page


def test_an_area_shows_its_questions_with_their_answers():
    write(language="en", title="Why a room code?", body="So that *only* your group enters.")
    page = Client().get(url("help:area", "groups")).content.decode()
    assert "Why a room code?" in page
    assert "So that <em>only</em> your group enters." in page


# --- The console: preview, save, refusals --------------------------------------------------


def form_data(**fields: Any) -> dict[str, Any]:
    return {
        "area": "groups",
        "kind": "faq",
        "language": "de",
        "slug": "echo",
        "title": "Es hallt",
        "body": "Nehmen Sie **Kopfhörer**.",
        "position": "10",
    } | fields


def test_the_preview_renders_the_text_and_saves_nothing():
    browser = signed_in(staff_of(make_contact_point()))
    answer = browser.post(url("staff:help:create"), form_data(preview="1"))
    assert answer.status_code == 200
    assert "<strong>Kopfhörer</strong>" in answer.content.decode()
    assert not Article.objects.exists()

    saved = browser.post(url("staff:help:create"), form_data(save="1"))
    article = Article.objects.get()
    assert saved.status_code == 302
    assert saved["Location"] == url("staff:help:edit", article.pk)


def test_a_second_article_with_the_same_name_and_language_is_refused_with_a_reason():
    write(language="de", slug="echo")
    browser = signed_in(staff_of(make_contact_point()))
    answer = browser.post(url("staff:help:create"), form_data(save="1"))
    assert answer.status_code == 200
    assert "exists in this language already" in answer.content.decode()
    reserved = browser.post(url("staff:help:create"), form_data(slug="search", save="1"))
    assert "taken by the help centre" in reserved.content.decode()
    assert Article.objects.count() == 1


# --- Starter articles -----------------------------------------------------------------------


def test_every_starter_article_exists_in_every_language():
    by_slug: dict[str, set[str]] = {}
    for language, slug, fields in starter.articles():
        by_slug.setdefault(slug, set()).add(language)
        assert fields["area"] in Area.values, slug
        assert fields["kind"] in Kind.values, slug
    assert all(languages == {"de", "pl", "en"} for languages in by_slug.values()), by_slug
    assert starter.ROOM_TROUBLESHOOTING in by_slug
    for area in Area:
        assert any(f["area"] == area for _l, _s, f in starter.articles()), area


def test_loading_keeps_what_staff_changed_and_the_demo_refreshes_everything():
    out = StringIO()
    call_command("load_help_articles", stdout=out)
    assert out.getvalue() == f"{len(starter.articles())} help articles loaded\n"
    changed = Article.objects.get(slug=starter.ROOM_TROUBLESHOOTING, language="de")
    changed.title = "Unsere eigene Anleitung"
    changed.save()

    call_command("load_help_articles", stdout=StringIO())
    assert Article.objects.get(pk=changed.pk).title == "Unsere eigene Anleitung"
    assert Article.objects.count() == len(starter.articles())

    demo.seed()
    demo.seed()
    assert Article.objects.get(pk=changed.pk).title != "Unsere eigene Anleitung"
    assert Article.objects.count() == len(starter.articles())


def test_the_rooms_help_link_finds_the_handbook_or_the_area_without_it():
    assert Client().get(url("help:room"))["Location"] == url("help:area", "groups")
    starter.load(overwrite=False)
    answer = Client().get(url("help:room", language="pl"))
    assert answer["Location"] == url("help:article", starter.ROOM_TROUBLESHOOTING, language="pl")


def test_an_area_page_asks_the_same_number_of_queries_for_one_answer_or_five():
    def queries() -> int:
        with CaptureQueriesContext(connection) as context:
            assert Client().get(url("help:area", "groups")).status_code == 200
        return len(context.captured_queries)

    write(language="en", slug="q0")
    one = queries()
    for number in range(1, 5):
        write(language="en", slug=f"q{number}")
    assert queries() == one
