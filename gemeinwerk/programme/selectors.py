"""Reads of the facility registrations: what the registration page offers, what the
programme office decides on, a manager's own facility."""

from typing import Any

from django.db.models import QuerySet

from gemeinwerk.programme.models import AccountStatus, Facility, FacilityAccount, Organisation

# Decided registrations the console lists below the waiting ones.
RECENTLY_DECIDED = 20


def listed_organisations() -> QuerySet[Organisation]:
    """Organisations that take registrations: on the list, with a facility on it."""
    return Organisation.objects.filter(listed=True, facilities__listed=True).distinct()


def open_facilities(organisation: Organisation | None) -> QuerySet[Facility]:
    """The facilities of `organisation` that may register (none without one)."""
    if organisation is None or not organisation.listed:
        return Facility.objects.none()
    return Facility.objects.filter(organisation=organisation, listed=True).order_by("name")


def registrations() -> QuerySet[FacilityAccount]:
    return FacilityAccount.objects.select_related("facility__organisation", "user", "decided_by")


def waiting_registrations() -> QuerySet[FacilityAccount]:
    return registrations().filter(status=AccountStatus.WAITING).order_by("registered_at", "pk")


def decided_registrations() -> list[FacilityAccount]:
    return list(
        registrations()
        .exclude(status=AccountStatus.WAITING)
        .order_by("-decided_at", "-pk")[:RECENTLY_DECIDED]
    )


def facility_account_of(user: Any) -> FacilityAccount | None:
    """The approved account a manager signs in with, with its facility."""
    return (
        FacilityAccount.objects.select_related("facility__organisation")
        .filter(user=user, status=AccountStatus.APPROVED)
        .first()
    )
