"""Reads of the facility profile: is it complete, and what the editor starts with."""

from typing import Any

from gemeinwerk.programme.models import Facility, FacilityAccount
from gemeinwerk.programme.models_profile import FacilityProfile


def profile_complete(facility: Facility) -> bool:
    """Has the facility's manager saved the profile with everything it needs? Until
    then, signing in leads to the profile editor."""
    return FacilityProfile.objects.filter(facility=facility, completed_at__isnull=False).exists()


def profile_of(facility: Facility) -> FacilityProfile | None:
    return FacilityProfile.objects.filter(facility=facility).first()


def starting_profile(account: FacilityAccount, user: Any) -> FacilityProfile:
    """The stored profile, or an unsaved one filled from the registration and the
    registry: the name the manager gave (else the official one), the official address
    and the account's e-mail address."""
    stored = profile_of(account.facility)
    if stored is not None:
        return stored
    facility = account.facility
    return FacilityProfile(
        facility=facility,
        display_name=account.informal_name or facility.name,
        email=getattr(user, "email", "") or "",
        address=facility.address,
        postcode=facility.postcode,
        city=facility.city,
    )
