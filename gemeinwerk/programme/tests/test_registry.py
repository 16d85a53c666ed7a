"""The registry's services: what an import would change, applying it all at once or not
at all, re-imports that update by number, rows missing from a new edition kept, the
audit trail, and who may do any of it."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from gemeinwerk.accounts.tests.more_factories import (
    make_contact_point,
    make_coordinator,
    make_verified,
    staff_of,
)
from gemeinwerk.audit.models import AuditEvent
from gemeinwerk.programme import demo
from gemeinwerk.programme.importing import Row, parse
from gemeinwerk.programme.models import Facility, ImportStatus, Organisation, RegistryImport
from gemeinwerk.programme.services import registry
from gemeinwerk.programme.tests.factories import facility

pytestmark = pytest.mark.django_db

HEADER = "organisation_number;organisation;facility_number;facility;address;postcode;city;district"


def rows(*lines: str) -> list[Row]:
    parsed = parse("\n".join([HEADER, *lines]).encode())
    assert parsed.ok, parsed.problems
    return parsed.rows


FIRST = rows(
    "O1;Fundacja Dom Otwarty;P1;Kamyk;ul. Wolska 71;01-229;Warszawa;Wola",
    "O1;Fundacja Dom Otwarty;P2;Otwarte Drzwi;ul. Górczewska 30;01-147;Warszawa;Wola",
    "O2;Stowarzyszenie Przyjaciół Pragi;P3;Słoneczko;ul. Ząbkowska 12;03-736;Warszawa;Praga-Północ",
)
# The next edition: P1 moved, O2 renamed, P2 missing, P4 new.
RENAMED = "O2;Stowarzyszenie Przyjaciół Pragi i Targówka"
SECOND = rows(
    "O1;Fundacja Dom Otwarty;P1;Kamyk;ul. Wolska 73;01-229;Warszawa;Wola",
    f"{RENAMED};P3;Słoneczko;ul. Ząbkowska 12;03-736;Warszawa;Praga-Północ",
    f"{RENAMED};P4;Podwórko;ul. Brzeska 8;03-737;Warszawa;Praga-Północ",
)


@pytest.fixture
def coordinator():
    return make_coordinator()


def state() -> list[tuple[object, ...]]:
    return sorted(
        Facility.objects.values_list(
            "number", "organisation__number", "organisation__name", "name", "address", "listed"
        )
    )


def test_the_preview_of_a_first_import_lists_everything_as_new_and_writes_nothing():
    preview = registry.preview(FIRST)

    assert [row.organisation_number for row in preview.new_organisations] == ["O1", "O2"]
    assert [row.facility_number for row in preview.new_facilities] == ["P1", "P2", "P3"]
    assert preview.changes_anything
    assert Organisation.objects.count() == Facility.objects.count() == 0


def test_apply_imports_and_the_same_file_again_changes_nothing(coordinator):
    registry.apply(actor=coordinator, rows=FIRST)
    before = state()

    again = registry.preview(FIRST)
    registry.apply(actor=coordinator, rows=FIRST)

    assert len(before) == 3
    assert state() == before
    assert not again.changes_anything
    assert (again.unchanged_organisations, again.unchanged_facilities) == (2, 3)


def test_a_new_edition_updates_by_number_reports_missing_rows_and_keeps_them(coordinator):
    registry.apply(actor=coordinator, rows=FIRST)

    preview = registry.preview(SECOND)
    registry.apply(actor=coordinator, rows=SECOND)

    assert [
        (c.number, [(f.field, f.before, f.after) for f in c.fields])
        for c in preview.changed_facilities
    ] == [("P1", [("address", "ul. Wolska 71", "ul. Wolska 73")])]
    assert [(c.number, [f.field for f in c.fields]) for c in preview.changed_organisations] == [
        ("O2", ["name"])
    ]
    assert [f.number for f in preview.missing_facilities] == ["P2"]
    assert [row.facility_number for row in preview.new_facilities] == ["P4"]
    assert preview.unchanged_facilities == 1
    assert state() == [
        ("P1", "O1", "Fundacja Dom Otwarty", "Kamyk", "ul. Wolska 73", True),
        # Missing from the file: kept as it was, still listed until the coordinator says.
        ("P2", "O1", "Fundacja Dom Otwarty", "Otwarte Drzwi", "ul. Górczewska 30", True),
        (
            "P3",
            "O2",
            "Stowarzyszenie Przyjaciół Pragi i Targówka",
            "Słoneczko",
            "ul. Ząbkowska 12",
            True,
        ),
        (
            "P4",
            "O2",
            "Stowarzyszenie Przyjaciół Pragi i Targówka",
            "Podwórko",
            "ul. Brzeska 8",
            True,
        ),
    ]
    assert Organisation.objects.count() == 2


def test_a_facility_moved_to_another_organisation_or_listed_again_shows_as_a_change(coordinator):
    registry.apply(actor=coordinator, rows=FIRST)
    Facility.objects.filter(number="P1").update(listed=False)
    moved = rows("O2;Stowarzyszenie Przyjaciół Pragi;P1;Kamyk;ul. Wolska 71;01-229;Warszawa;Wola")

    preview = registry.preview(moved)
    registry.apply(actor=coordinator, rows=moved)

    assert [(f.field, f.before, f.after) for f in preview.changed_facilities[0].fields] == [
        ("listed", False, True),
        ("organisation", "O1", "O2"),
    ]
    p1 = Facility.objects.select_related("organisation").get(number="P1")
    assert (p1.organisation.number, p1.listed) == ("O2", True)


def test_an_error_while_applying_leaves_the_database_unchanged(coordinator):
    registry.apply(actor=coordinator, rows=FIRST)
    before = state()
    # The parser would refuse this; the service checks each object again all the same.
    broken = [*SECOND[:2], Row(9, "O3", "Nowa fundacja", "P9", "x" * 201)]

    with pytest.raises(ValidationError):
        registry.apply(actor=coordinator, rows=broken)

    assert state() == before
    assert not Organisation.objects.filter(number="O3").exists()
    assert AuditEvent.objects.filter(action="programme.registry_imported").count() == 1


def test_the_audit_row_holds_counts_and_no_names(coordinator):
    registry.apply(actor=coordinator, rows=FIRST)

    event = AuditEvent.objects.get(action="programme.registry_imported")

    assert event.actor == coordinator
    assert event.after == {
        "new_organisations": 2,
        "new_facilities": 3,
        "changed_organisations": 0,
        "changed_facilities": 0,
        "unchanged_organisations": 0,
        "unchanged_facilities": 0,
        "missing_facilities": 0,
    }
    assert "Kamyk" not in str(event.before) + str(event.after)


@pytest.mark.parametrize("who", ["member", "staff", "suspended coordinator"])
def test_only_the_programme_office_imports_and_edits(who):
    actor = {
        "member": make_verified,
        "staff": lambda: staff_of(make_contact_point()),
        "suspended coordinator": lambda: make_coordinator(trust_level="suspended"),
    }[who]()
    place = facility()

    with pytest.raises(PermissionDenied):
        registry.apply(actor=actor, rows=FIRST)
    with pytest.raises(PermissionDenied):
        registry.create_import(actor=actor, content="x")
    with pytest.raises(PermissionDenied):
        registry.update_facility(actor=actor, facility=place, listed=False)
    with pytest.raises(PermissionDenied):
        registry.update_organisation(actor=actor, organisation=place.organisation, name="X")

    assert Organisation.objects.count() == 1
    assert Facility.objects.get().listed
    assert not AuditEvent.objects.exists()


def test_a_kept_upload_is_applied_once_and_only_by_its_uploader(coordinator):
    text = "\n".join([HEADER, "O1;Dom;P1;Kamyk;;;;"])
    upload = registry.create_import(actor=coordinator, content=text, filename="lista.csv")

    with pytest.raises(ValidationError):
        registry.apply_import(actor=make_coordinator(), upload=upload)
    registry.apply_import(actor=coordinator, upload=upload)
    with pytest.raises(ValidationError):
        registry.apply_import(actor=coordinator, upload=upload)

    upload.refresh_from_db()
    assert upload.status == ImportStatus.APPLIED
    assert Facility.objects.count() == 1
    assert AuditEvent.objects.filter(action="programme.registry_imported").count() == 1


def test_uploads_expire_and_housekeeping_deletes_them_after_a_day(coordinator):
    old = registry.create_import(actor=coordinator, content="x")
    RegistryImport.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=2))
    fresh = registry.create_import(actor=coordinator, content="y")

    assert list(registry.pending_imports(coordinator)) == [fresh]
    assert registry.prune_imports() == 1
    assert list(RegistryImport.objects.all()) == [fresh]


def test_editing_a_facility_and_an_organisation_is_audited_with_field_names(coordinator):
    place = facility(name="Kamyk", address="ul. Wolska 71")

    registry.update_facility(
        actor=coordinator, facility=place, address="ul. Wolska 73", listed=False
    )
    registry.update_organisation(actor=coordinator, organisation=place.organisation, listed=False)
    # Nothing changed: nothing recorded.
    registry.update_facility(actor=coordinator, facility=place, address="ul. Wolska 73")

    place.refresh_from_db()
    assert (place.address, place.listed, place.organisation.listed) == (
        "ul. Wolska 73",
        False,
        False,
    )
    edited = AuditEvent.objects.get(action="programme.facility_edited")
    assert (edited.target_id, edited.before, edited.after) == (
        str(place.pk),
        {"listed": True},
        {"listed": False, "fields": ["address", "listed"]},
    )
    assert AuditEvent.objects.filter(action="programme.organisation_edited").count() == 1


def test_an_edit_is_checked_like_the_model(coordinator):
    place = facility()

    with pytest.raises(ValidationError):
        registry.update_facility(actor=coordinator, facility=place, postcode="1" * 13)
    with pytest.raises(TypeError):
        registry.update_facility(actor=coordinator, facility=place, number="NEW")

    assert not AuditEvent.objects.exists()


def test_the_demo_registry_is_seeded_once_however_often_it_runs():
    assert demo.seed() == []
    demo.seed_registry()

    assert Organisation.objects.count() == 4
    assert Facility.objects.count() == len(demo.REGISTRY)
    assert set(Facility.objects.values_list("city", flat=True)) == {"Warszawa"}
    assert all(2 <= org.facilities.count() <= 3 for org in Organisation.objects.all())


def test_the_registry_list_takes_the_same_queries_however_many_organisations(coordinator):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from gemeinwerk.accounts.tests.more_factories import signed_in, url

    client = signed_in(coordinator)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url("staff:registry:organisations")).status_code == 200
        return len(captured)

    queries()  # the first request of this session saves the session once more
    facility(facility().organisation)
    few = queries()
    for _ in range(5):
        facility(facility().organisation)
    assert queries() == few
