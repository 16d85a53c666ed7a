"""The facility registry's writes: importing the city's official list and editing single
entries in the console.

An import matches rows by their number on the official list, so importing the same
list again changes nothing and a new edition updates what changed. Facilities missing
from a new edition are only reported: an account may hang on them, and the list may
simply be incomplete; the coordinator marks them unlisted by editing them."""

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gemeinwerk import audit
from gemeinwerk.core.permissions import require
from gemeinwerk.programme.audit_actions import AuditAction
from gemeinwerk.programme.importing import Row, parse_text
from gemeinwerk.programme.models import Facility, ImportStatus, Organisation, RegistryImport

# What a row of the list says about each model: model field -> Row attribute.
ORGANISATION_FIELDS = {"name": "organisation"}
FACILITY_FIELDS = {
    "name": "facility",
    "address": "address",
    "postcode": "postcode",
    "city": "city",
    "district": "district",
}
FACILITY_EDITABLE = ("name", "address", "postcode", "city", "district", "listed")
ORGANISATION_EDITABLE = ("name", "listed")
# An upload waits this long for its confirmation, then housekeeping deletes it.
IMPORT_KEPT = timedelta(days=1)


@dataclass(frozen=True)
class FieldChange:
    field: str  # the model field's name
    label: str  # its verbose name
    before: Any
    after: Any


@dataclass(frozen=True)
class Change:
    number: str
    name: str
    fields: list[FieldChange]


@dataclass
class Preview:
    """What importing the rows would change (or, after `apply`, what it changed)."""

    new_organisations: list[Row] = field(default_factory=list)
    new_facilities: list[Row] = field(default_factory=list)
    changed_organisations: list[Change] = field(default_factory=list)
    changed_facilities: list[Change] = field(default_factory=list)
    unchanged_organisations: int = 0
    unchanged_facilities: int = 0
    # Listed facilities the file does not name: reported, kept as they are.
    missing_facilities: list[Facility] = field(default_factory=list)

    @property
    def changes_anything(self) -> bool:
        return bool(
            self.new_organisations
            or self.new_facilities
            or self.changed_organisations
            or self.changed_facilities
        )

    def counts(self) -> dict[str, int]:
        return {
            "new_organisations": len(self.new_organisations),
            "new_facilities": len(self.new_facilities),
            "changed_organisations": len(self.changed_organisations),
            "changed_facilities": len(self.changed_facilities),
            "unchanged_organisations": self.unchanged_organisations,
            "unchanged_facilities": self.unchanged_facilities,
            "missing_facilities": len(self.missing_facilities),
        }


def _label(model: type[Organisation] | type[Facility], name: str) -> str:
    return str(getattr(model._meta.get_field(name), "verbose_name", name))


def _differences(
    obj: Organisation | Facility, wanted: dict[str, Any], extra: list[FieldChange] | None = None
) -> list[FieldChange]:
    found = [
        FieldChange(name, _label(type(obj), name), getattr(obj, name), value)
        for name, value in wanted.items()
        if getattr(obj, name) != value
    ]
    return found + (extra or [])


def _wanted_facility(row: Row) -> dict[str, Any]:
    # In the file means on the official list: a facility the coordinator unlisted
    # before is listed again, and the preview says so.
    return {name: getattr(row, attr) for name, attr in FACILITY_FIELDS.items()} | {"listed": True}


def _wanted_organisation(row: Row) -> dict[str, Any]:
    return {name: getattr(row, attr) for name, attr in ORGANISATION_FIELDS.items()} | {
        "listed": True
    }


def preview(rows: list[Row]) -> Preview:
    """What importing `rows` (checked by importing.parse) would change. Reads only."""
    result = Preview()
    organisations = {org.number: org for org in Organisation.objects.all()}
    facilities = {
        facility.number: facility for facility in Facility.objects.select_related("organisation")
    }
    seen_organisations: set[str] = set()
    for row in rows:
        if row.organisation_number not in seen_organisations:
            seen_organisations.add(row.organisation_number)
            organisation = organisations.get(row.organisation_number)
            if organisation is None:
                result.new_organisations.append(row)
            elif changes := _differences(organisation, _wanted_organisation(row)):
                result.changed_organisations.append(
                    Change(organisation.number, organisation.name, changes)
                )
            else:
                result.unchanged_organisations += 1
        facility = facilities.get(row.facility_number)
        if facility is None:
            result.new_facilities.append(row)
            continue
        moved = []
        if facility.organisation.number != row.organisation_number:
            moved.append(
                FieldChange(
                    "organisation",
                    _label(Facility, "organisation"),
                    facility.organisation.number,
                    row.organisation_number,
                )
            )
        if changes := _differences(facility, _wanted_facility(row), moved):
            result.changed_facilities.append(Change(facility.number, facility.name, changes))
        else:
            result.unchanged_facilities += 1
    named = {row.facility_number for row in rows}
    result.missing_facilities = [
        facility
        for number, facility in sorted(facilities.items())
        if facility.listed and number not in named
    ]
    return result


@transaction.atomic
def apply(*, actor: Any, rows: list[Row]) -> Preview:
    """Import `rows`: new organisations and facilities are added, changed ones updated by
    their number, all at once or not at all. Returns what changed."""
    require(actor, "programme.manage_registry")
    # One import at a time: a second one waits here and then sees the first's rows.
    list(Organisation.objects.select_for_update().values_list("pk", flat=True))
    result = preview(rows)
    now = timezone.now()

    organisations = {org.number: org for org in Organisation.objects.all()}
    new_organisations = []
    for row in result.new_organisations:
        organisation = Organisation(number=row.organisation_number, **_wanted_organisation(row))
        organisation.full_clean(validate_unique=False)
        new_organisations.append(organisation)
    changed = {change.number for change in result.changed_organisations}
    updated_organisations = []
    for row in rows:
        existing = organisations.get(row.organisation_number)
        if existing is not None and existing.number in changed:
            changed.discard(existing.number)
            for name, value in _wanted_organisation(row).items():
                setattr(existing, name, value)
            existing.updated_at = now
            existing.full_clean(validate_unique=False)
            updated_organisations.append(existing)
    # The numbers are unique in the file (importing) and in the table (a constraint).
    Organisation.objects.bulk_create(new_organisations)
    Organisation.objects.bulk_update(updated_organisations, ["name", "listed", "updated_at"])
    organisations = {org.number: org for org in Organisation.objects.all()}

    facilities = {facility.number: facility for facility in Facility.objects.all()}
    new_facilities = []
    for row in result.new_facilities:
        facility = Facility(
            organisation=organisations[row.organisation_number],
            number=row.facility_number,
            **_wanted_facility(row),
        )
        facility.full_clean(validate_unique=False)
        new_facilities.append(facility)
    changed = {change.number for change in result.changed_facilities}
    updated_facilities = []
    for row in rows:
        known = facilities.get(row.facility_number)
        if known is not None and known.number in changed:
            facility = known
            facility.organisation = organisations[row.organisation_number]
            for name, value in _wanted_facility(row).items():
                setattr(facility, name, value)
            facility.updated_at = now
            facility.full_clean(validate_unique=False)
            updated_facilities.append(facility)
    Facility.objects.bulk_create(new_facilities)
    Facility.objects.bulk_update(
        updated_facilities,
        ["organisation", *FACILITY_FIELDS, "listed", "updated_at"],
    )
    # Counts only: the list names organisations, and the file stays out of the trail.
    audit.record(actor=actor, action=AuditAction.REGISTRY_IMPORTED, after=result.counts())
    return result


def create_import(*, actor: Any, content: str, filename: str = "") -> RegistryImport:
    """Keep an uploaded list (already checked) on the server until it is confirmed."""
    require(actor, "programme.manage_registry")
    upload = RegistryImport(created_by=actor, content=content, filename=filename[:200])
    upload.full_clean()
    upload.save()
    return upload


def pending_imports(actor: Any) -> Any:
    """`actor`'s uploads that wait for confirmation and are not too old to confirm."""
    return RegistryImport.objects.filter(
        created_by=actor,
        status=ImportStatus.PENDING,
        created_at__gt=timezone.now() - IMPORT_KEPT,
    )


@transaction.atomic
def apply_import(*, actor: Any, upload: RegistryImport) -> Preview:
    """Import a kept upload once: a second confirmation (a double click, the back
    button) finds it applied and changes nothing."""
    require(actor, "programme.manage_registry")
    locked = pending_imports(actor).select_for_update().filter(pk=upload.pk).first()
    if locked is None:
        raise ValidationError(
            _("This upload was imported already or has expired. Upload the file again.")
        )
    parsed = parse_text(locked.content)
    if not parsed.ok:
        raise ValidationError(_("The file has errors. Upload a corrected file."))
    result = apply(actor=actor, rows=parsed.rows)
    locked.status = ImportStatus.APPLIED
    locked.save(update_fields=["status"])
    return result


def prune_imports() -> int:
    """Housekeeping: uploads older than a day are deleted, confirmed or not."""
    deleted, _by_model = RegistryImport.objects.filter(
        created_at__lt=timezone.now() - IMPORT_KEPT
    ).delete()
    return deleted


def _update(
    obj: Facility | Organisation, editable: tuple[str, ...], fields: dict[str, Any]
) -> list[str]:
    """Set the given fields, check the whole object, save it if anything changed; returns
    the names of the changed fields."""
    unknown = set(fields) - set(editable)
    if unknown:
        raise TypeError(f"not editable: {sorted(unknown)}")
    changed = [name for name, value in fields.items() if getattr(obj, name) != value]
    for name in changed:
        setattr(obj, name, fields[name])
    obj.full_clean()
    if changed:
        obj.save()
    return changed


@transaction.atomic
def update_facility(*, actor: Any, facility: Facility, **fields: Any) -> Facility:
    """The coordinator corrects a facility or marks it (un)listed; audited with the names
    of the changed fields."""
    require(actor, "programme.manage_registry")
    locked = Facility.objects.select_for_update().get(pk=facility.pk)
    before_listed = locked.listed
    changed = _update(locked, FACILITY_EDITABLE, fields)
    if changed:
        audit.record(
            actor=actor,
            action=AuditAction.FACILITY_EDITED,
            target=locked,
            before={"listed": before_listed},
            after={"listed": locked.listed, "fields": changed},
        )
    return locked


@transaction.atomic
def update_organisation(*, actor: Any, organisation: Organisation, **fields: Any) -> Organisation:
    """The coordinator corrects an organisation's name or marks it (un)listed."""
    require(actor, "programme.manage_registry")
    locked = Organisation.objects.select_for_update().get(pk=organisation.pk)
    before_listed = locked.listed
    changed = _update(locked, ORGANISATION_EDITABLE, fields)
    if changed:
        audit.record(
            actor=actor,
            action=AuditAction.ORGANISATION_EDITED,
            target=locked,
            before={"listed": before_listed},
            after={"listed": locked.listed, "fields": changed},
        )
    return locked
