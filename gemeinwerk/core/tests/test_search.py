"""Search: the same expectations on SQLite (fallback) and PostgreSQL (full text).

The unmarked tests run on SQLite in the embedded run and on PostgreSQL in the services
run, so both implementations meet them; `postgres` tests check what only full text
does: stemming that changes the word inside, Hunspell for Polish, ranking, indexes.
"""

import importlib
from collections.abc import Iterator
from typing import Any, ClassVar

import pytest
from django.apps.registry import Apps
from django.db import connection, models
from django.db.migrations.autodetector import MigrationAutodetector
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.operations import AddField, CreateModel
from django.db.migrations.state import ProjectState
from django.db.migrations.writer import MigrationWriter
from hypothesis import given
from hypothesis import strategies as st

from gemeinwerk.core import search as search_module
from gemeinwerk.core.search import (
    SEARCH_MIGRATION,
    DocumentVector,
    document,
    normalise,
    search,
    search_index,
    search_vector_field,
    stem,
)


class Probe(models.Model):
    """A searchable model that exists only in these tests, in a registry of its own."""

    search_document = models.TextField(default="")
    search_vector = search_vector_field()
    other_document = models.TextField(default="")
    other_vector = search_vector_field("other_document")

    objects: ClassVar[models.Manager["Probe"]] = models.Manager()

    class Meta:
        app_label = "core"
        apps = Apps(installed_apps=[])
        db_table = "core_search_probe"
        indexes = search_index("core_search_probe_search")

    def __str__(self) -> str:
        return self.search_document


@pytest.fixture(scope="module")
def probe_table(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    with django_db_blocker.unblock():
        with connection.schema_editor() as editor:
            editor.create_model(Probe)
        yield
        with connection.schema_editor() as editor:
            editor.delete_model(Probe)


@pytest.fixture
def probes(probe_table: None, db: None) -> Any:
    """Create probes from texts; returns them in the order given."""

    def create(*texts: str) -> list[Probe]:
        return [Probe.objects.create(search_document=document(text)) for text in texts]

    return create


def found(query: str, **kwargs: Any) -> list[str]:
    return [probe.search_document for probe in search(Probe.objects.all(), query, **kwargs)]


# Normalising and stemming


def test_normalise_folds_case_width_and_spaces_and_keeps_letters() -> None:
    assert normalise("  Straße\tGROSS\n ẞ  ﬁt \uff21\uff22\uff23 ") == "strasse gross ss fit abc"
    assert normalise("Zażółć GĘŚLĄ jaźń, Angehörige") == "zażółć gęślą jaźń, angehörige"
    assert normalise("Selbst\xadhilfe\x00gruppe") == "selbsthilfe gruppe"


@given(st.text())
def test_normalise_is_stable(text: str) -> None:
    once = normalise(text)
    assert normalise(once) == once
    assert "  " not in once
    assert once == once.strip()


def test_document_joins_normalised_parts_and_skips_empty_ones() -> None:
    assert document("Gesprächskreis", None, "", "  ", "für  ANGEHÖRIGE") == (
        "gesprächskreis für angehörige"
    )
    assert document() == ""


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("angehörigen", "angehörig"),
        ("angehörige", "angehörig"),
        ("selbsthilfegruppen", "selbsthilfegrupp"),
        ("gruppe", "grupp"),
        ("gruppen", "grupp"),
        ("kindern", "kind"),
        ("zakupach", "zakup"),
        ("zakupy", "zakup"),
        ("zakupów", "zakup"),
        ("grupy", "grup"),
        ("grupach", "grup"),
        ("rodzina", "rodzin"),
        ("rodziny", "rodzin"),
        ("rodzinie", "rodzin"),
        ("pomogę", "pomog"),
        # A stem keeps at least four letters; shorter words stay whole.
        ("kurse", "kurs"),
        ("kurs", "kurs"),
        ("tee", "tee"),
        ("2024", "2024"),
    ],
)
def test_stem_strips_one_inflection_ending(word: str, expected: str) -> None:
    assert stem(word) == expected


def test_stem_cannot_follow_changes_inside_the_word() -> None:
    # What the fallback cannot do (PostgreSQL's german configuration can, see below).
    assert stem("süchte") != stem("sucht")
    assert stem("ręce") != stem("ręka")


# search() on whichever database runs the tests


def test_german_word_forms_find_each_other(probes: Any) -> None:
    probes(
        "Gesprächskreis für Angehörige von Suchtkranken",
        "Selbsthilfegruppen in Grombühl",
        "Radtour am Main",
    )
    assert found("Angehörigen") == ["gesprächskreis für angehörige von suchtkranken"]
    assert found("angehörige") == ["gesprächskreis für angehörige von suchtkranken"]
    assert found("Selbsthilfegruppe") == ["selbsthilfegruppen in grombühl"]
    assert found("RADTOUREN") == ["radtour am main"]


def test_polish_word_forms_find_each_other(probes: Any) -> None:
    probes("Pomogę przy zakupach", "Spotkanie dla rodziny", "Wsparcie w rodzinie")
    assert found("zakupy") == ["pomogę przy zakupach"]
    assert found("zakupach") == ["pomogę przy zakupach"]
    assert sorted(found("rodzina")) == ["spotkanie dla rodziny", "wsparcie w rodzinie"]
    assert sorted(found("rodziny")) == ["spotkanie dla rodziny", "wsparcie w rodzinie"]


def test_sharp_s_and_ss_are_the_same(probes: Any) -> None:
    probes("Treffpunkt in der Hauptstraße")
    assert found("Hauptstrasse") == found("HAUPTSTRASSE") == ["treffpunkt in der hauptstrasse"]


def test_every_word_must_match(probes: Any) -> None:
    probes("Gruppe für Angehörige", "Gruppe für Eltern", "Angehörige im Gespräch")
    assert found("Gruppe Angehörige") == ["gruppe für angehörige"]
    assert found("Angehörige Gruppen Radtour") == []


def test_or_and_minus_work_as_in_web_search(probes: Any) -> None:
    probes("Gruppe für Angehörige", "Gruppe für Eltern", "Radtour am Main")
    assert sorted(found("Eltern or Radtour")) == ["gruppe für eltern", "radtour am main"]
    assert found("Gruppe -Eltern") == ["gruppe für angehörige"]


def test_newest_first_among_equals_and_limit(probes: Any) -> None:
    probes("Gruppe eins", "Gruppe zwei", "Gruppe drei")
    assert found("Gruppe") == ["gruppe drei", "gruppe zwei", "gruppe eins"]
    assert found("Gruppe", limit=2) == ["gruppe drei", "gruppe zwei"]


def test_only_the_newest_matches_are_returned(probes: Any, monkeypatch: Any) -> None:
    monkeypatch.setattr(search_module, "MAX_RESULTS", 2)
    probes("Gruppe eins", "Radtour", "Gruppe zwei", "Gruppe drei", "Radtour")
    assert sorted(found("Gruppe")) == ["gruppe drei", "gruppe zwei"]
    assert len(found("Gruppe", limit=3)) == 3


@pytest.mark.parametrize("query", ["", "   ", "!!!", "😀", '" "', "- -"])
def test_a_query_without_words_returns_the_queryset_unchanged(probes: Any, query: str) -> None:
    probes("Gruppe", "Radtour")
    queryset = Probe.objects.order_by("pk")
    assert search(queryset, query) is queryset


@pytest.mark.parametrize(
    "query",
    [
        "'",
        '"Angehörige',
        "Angehörige' OR 1=1 --",
        "a & b | !c <-> d:* (e)",
        "%_\\",
        "Gruppe 😀 🤝🏽",
        "\x00 Gruppe\x07",
        "Selbst\xadhilfe \u200b\ud800",
        '"" or -- or -"x"',
        "Gruppe " * 500,
        "Angehörige" * 200,
        "x" * 5000,
        "ß" * 300,
    ],
)
def test_any_input_is_safe(probes: Any, query: str) -> None:
    probes("Gruppe für Angehörige", "Radtour")
    assert set(found(query)) <= {"gruppe für angehörige", "radtour"}


def test_filters_before_and_after_searching_apply(probes: Any) -> None:
    first, second, third = probes("Gruppe für Angehörige", "Gruppe für Eltern", "Gruppe")
    queryset = Probe.objects.exclude(pk=first.pk)
    assert [probe.pk for probe in search(queryset, "Gruppe")] == [third.pk, second.pk]
    assert [probe.pk for probe in search(queryset, "Gruppe").exclude(pk=third.pk)] == [second.pk]


def test_another_field_can_be_searched(probes: Any) -> None:
    Probe.objects.create(search_document=document("Gruppe"), other_document=document("Radtour"))

    def other(query: str) -> int:
        return search(
            Probe.objects.all(), query, field="other_document", vector="other_vector"
        ).count()

    assert other("Radtouren") == 1
    assert other("Gruppe") == 0


# The indexes and the migration


def test_search_fields_and_indexes_are_stable_in_migrations() -> None:
    (index,) = search_index("core_search_probe_search")
    for thing in (index, Probe._meta.get_field("search_vector")):
        text, imports = MigrationWriter.serialize(thing)
        assert "gemeinwerk.core.search." in text
        namespace: dict[str, Any] = {}
        exec("\n".join(imports), namespace)  # noqa: S102  (our own serializer's output)
        rebuilt = eval(text, namespace)  # noqa: S307
        # What the autodetector compares: equal means no new migration.
        deconstruct = MigrationAutodetector(ProjectState(), ProjectState()).deep_deconstruct
        assert deconstruct(rebuilt) == deconstruct(thing)


def test_search_statements_fit_the_database(probe_table: None, django_db_blocker: Any) -> None:
    # Outside a transaction: SQLite's schema editor needs that even to collect SQL.
    with django_db_blocker.unblock(), connection.schema_editor(collect_sql=True) as editor:
        editor.create_model(Probe)
    sql = "\n".join(editor.collected_sql)
    if connection.vendor == "postgresql":
        assert '"search_vector" tsvector GENERATED ALWAYS AS ((to_tsvector(' in sql
        assert "to_tsvector('german'::regconfig, COALESCE(\"search_document\", ''))" in sql
        assert "to_tsvector('polish'::regconfig, COALESCE(\"search_document\", ''))" in sql
        assert 'USING gin ("search_vector")' in sql
    else:
        assert '"search_vector" text GENERATED ALWAYS AS (NULL) STORED' in sql
        assert "-- core_search_probe_search: a PostgreSQL search index;" in editor.collected_sql


def test_every_migration_with_search_columns_runs_after_the_configurations() -> None:
    loader = MigrationLoader(None, ignore_no_migrations=True)
    for key, migration in loader.disk_migrations.items():
        fields = [
            field
            for operation in migration.operations
            if isinstance(operation, AddField | CreateModel)
            for field in (
                [operation.field]
                if isinstance(operation, AddField)
                else dict(operation.fields).values()
            )
        ]
        if any(isinstance(getattr(field, "expression", None), DocumentVector) for field in fields):
            assert SEARCH_MIGRATION in loader.graph.forwards_plan(key), (
                f"{key} adds a search column: add {SEARCH_MIGRATION} to its dependencies"
            )


# Only with PostgreSQL's full text


@pytest.mark.postgres
def test_german_stemming_follows_changes_inside_the_word(probes: Any) -> None:
    probes("Wege aus der Sucht", "Hilfe bei den Mathe-Hausaufgaben für Kinder")
    assert found("Süchte") == ["wege aus der sucht"]
    assert found("Hausaufgabe Kind") == ["hilfe bei den mathe-hausaufgaben für kinder"]
    assert found('"aus der Sucht"') == ["wege aus der sucht"]


@pytest.mark.postgres
def test_polish_uses_the_hunspell_dictionary(probes: Any) -> None:
    # CI installs hunspell-pl before the test database is created: a `polish`
    # configuration that fell back to `simple` fails here.
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_tsvector('polish', 'zakupach')::text")
        assert "'zakup'" in cursor.fetchone()[0]
    probes("Pomogę przy zakupach", "Nowa grupa wsparcia")
    assert found("zakupy") == ["pomogę przy zakupach"]
    assert found("grupach") == ["nowa grupa wsparcia"]


@pytest.mark.postgres
def test_better_matches_come_first(probes: Any) -> None:
    probes(
        "Angehörige von Suchtkranken: Gruppe für Angehörige, von Angehörigen geleitet",
        "Radtour am Main, danach Kaffee; Angehörige willkommen",
    )
    assert found("Angehörige") == [
        "angehörige von suchtkranken: gruppe für angehörige, von angehörigen geleitet",
        "radtour am main, danach kaffee; angehörige willkommen",
    ]


@pytest.mark.postgres
def test_only_the_newest_matches_are_ranked(probes: Any, monkeypatch: Any) -> None:
    monkeypatch.setattr(search_module, "MAX_RESULTS", 2)
    probes("Gruppe Gruppe Gruppe, die beste Gruppe", "Gruppe eins", "Gruppe Gruppe zwei")
    probes("Gruppe drei")
    assert found("Gruppe") == ["gruppe gruppe zwei", "gruppe drei"]
    assert found("Gruppe", limit=1) == ["gruppe gruppe zwei"]
    # A larger limit ranks more.
    assert found("Gruppe", limit=4)[0] == "gruppe gruppe gruppe, die beste gruppe"


@pytest.mark.postgres
def test_the_query_can_use_the_gin_indexes(probes: Any) -> None:
    Probe.objects.bulk_create(
        Probe(search_document=document(f"Eintrag {number} über Nachbarschaftshilfe"))
        for number in range(2000)
    )
    probes("Gesprächskreis für Angehörige", "Pomogę przy zakupach")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE core_search_probe")
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'core_search_probe'"
        )
        definitions = dict(cursor.fetchall())
        # Rules out a plan that works only by scanning: the planner must find the
        # expressions of the query in the indexes.
        cursor.execute("SET LOCAL enable_seqscan = off")
    assert "USING gin (search_vector)" in definitions["core_search_probe_search"]
    plan = search(Probe.objects.all(), "Angehörigen", limit=20).explain()
    assert "Bitmap Index Scan on core_search_probe_search" in plan
    assert found("zakupy", limit=20) == ["pomogę przy zakupach"]


@pytest.mark.postgres
@pytest.mark.parametrize("dictionary", ["pl_pl", "missing_dictionary"])
def test_the_migration_uses_hunspell_when_the_server_has_it(
    db: None, monkeypatch: Any, dictionary: str
) -> None:
    migration = importlib.import_module("gemeinwerk.core.migrations.0001_search_configurations")
    monkeypatch.setattr(migration, "HUNSPELL", migration.HUNSPELL.replace("pl_pl", dictionary))
    with connection.cursor() as cursor:
        # A schema of its own, so the objects the test database has stay as they are.
        cursor.execute("CREATE SCHEMA search_migration")
        cursor.execute("SET LOCAL search_path = search_migration")
    with connection.schema_editor() as editor:
        migration.create_polish(None, editor)
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_tsvector('polish', 'Pomogę przy zakupach')::text")
        vector = cursor.fetchone()[0]
    if dictionary == "pl_pl":
        assert "'zakup'" in vector
    else:
        assert vector == "'pomogę':1 'przy':2 'zakupach':3"
    with connection.schema_editor() as editor:
        migration.drop_polish(None, editor)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT (SELECT count(*) FROM pg_ts_config WHERE cfgname = 'polish'"
            "  AND cfgnamespace = 'search_migration'::regnamespace),"
            " (SELECT count(*) FROM pg_ts_dict WHERE dictname = 'polish_hunspell'"
            "  AND dictnamespace = 'search_migration'::regnamespace)"
        )
        assert cursor.fetchone() == (0, 0)


@pytest.mark.postgres
def test_connections_price_random_reads_as_on_ssd(db: None) -> None:
    # With PostgreSQL's default (4) a word in a tenth of 100,000 listings was planned as
    # a scan of the whole table, 140 ms instead of 15 through the index (settings.py).
    with connection.cursor() as cursor:
        cursor.execute("SHOW random_page_cost")
        assert cursor.fetchone() == ("1.1",)
