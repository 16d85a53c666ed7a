"""The facility manager edits the facility's profile. Not audited: it is the manager's
own work on their own facility, and the profile itself shows what it says."""

from functools import partial
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from gemeinwerk.accounts.pictures import delete_picture_file, process_picture
from gemeinwerk.core.permissions import may
from gemeinwerk.programme.models import Facility
from gemeinwerk.programme.models_profile import FacilityProfile
from gemeinwerk.programme.rich_text import sanitise, text_of

FIELDS = frozenset(
    {
        "display_name",
        "description",
        "phone",
        "email",
        "website",
        "address",
        "postcode",
        "city",
        "opening_hours",
    }
)


def is_complete(profile: FacilityProfile) -> bool:
    """A name, a description with words in it, and a way to reach the facility."""
    return bool(
        profile.display_name.strip()
        and text_of(profile.description)
        and (profile.email or profile.phone)
    )


def save_profile(
    *,
    actor: Any,
    facility: Facility,
    logo_upload: Any = None,
    remove_logo: bool = False,
    **data: Any,
) -> FacilityProfile:
    """Create or change the profile with the given fields (missing ones keep their
    value); replace the logo with `logo_upload` (any picture: it is drawn again as a
    small JPEG) or remove it. The description is sanitised before it is stored.
    Raises PermissionDenied for anyone but the facility's own manager, ValidationError
    for a bad value or picture."""
    unknown = set(data) - FIELDS
    if unknown:
        raise ValueError(f"not profile fields: {sorted(unknown)}")
    if not may(actor, "programme.edit_profile", facility):
        raise PermissionDenied("only the facility's manager edits its profile")
    logo = None
    if logo_upload is not None:
        # Decoding takes a moment: before the transaction, so no lock is held meanwhile.
        try:
            logo = process_picture(logo_upload)
        except ValidationError as error:
            raise ValidationError({"logo": error}) from error
    with transaction.atomic():
        return _apply(facility=facility, data=data, logo=logo, remove_logo=remove_logo)


def _apply(
    *, facility: Facility, data: dict[str, Any], logo: Any, remove_logo: bool
) -> FacilityProfile:
    profile = FacilityProfile.objects.select_for_update().filter(facility=facility).first()
    if profile is None:
        profile = FacilityProfile(facility=facility)
    for name, value in data.items():
        setattr(profile, name, _normalise(name, value))
    old_logo = profile.logo.name or ""
    if logo is None and remove_logo and old_logo:
        profile.logo = ""
    profile.full_clean(exclude=["facility"], validate_unique=False)
    if profile.completed_at is None and is_complete(profile):
        profile.completed_at = timezone.now()
    if logo is not None:
        profile.logo.save(logo.name, logo, save=False)
    try:
        profile.save()
    except BaseException:
        if logo is not None:
            delete_picture_file(profile.logo.storage, profile.logo.name or "")
        raise
    if old_logo and old_logo != (profile.logo.name or ""):
        # Only once the change is committed: a rolled-back change keeps its logo.
        transaction.on_commit(partial(delete_picture_file, profile.logo.storage, old_logo))
    return profile


def _normalise(name: str, value: Any) -> str:
    text = str(value or "")
    if name == "description":
        return sanitise(text)
    if name == "opening_hours":
        return text.replace("\r\n", "\n").strip()
    return " ".join(text.split())


def delete_profile(facility_ids: list[int]) -> None:
    """With a manager's account (holdings.py): the rows and their logo files."""
    for profile in FacilityProfile.objects.filter(facility_id__in=facility_ids):
        name = profile.logo.name or ""
        storage = profile.logo.storage
        profile.delete()
        if name:
            transaction.on_commit(partial(delete_picture_file, storage, name))
