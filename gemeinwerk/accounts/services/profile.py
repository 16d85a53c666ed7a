"""The member's optional profile: values, their visibilities and the picture."""

from collections.abc import Mapping
from functools import partial
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _

from gemeinwerk import audit
from gemeinwerk.accounts.audit_actions import AuditAction
from gemeinwerk.accounts.models import Language, Profile, User
from gemeinwerk.accounts.pictures import delete_picture_file, process_picture
from gemeinwerk.core.permissions import may

# no_contact has no visibility: it is a wish addressed to the staff, not shown to anyone.
VALUE_FIELDS = (*(name for name in Profile.FIELDS if name != "picture"), "no_contact")
VISIBILITY_FIELDS = tuple(f"{name}_visibility" for name in Profile.FIELDS)
EDITABLE_FIELDS = frozenset(VALUE_FIELDS + VISIBILITY_FIELDS)
LANGUAGE_ORDER = {code: position for position, code in enumerate(Language.values)}


def update_profile(
    *,
    member: User,
    data: Mapping[str, Any],
    picture_upload: Any = None,
    remove_picture: bool = False,
    actor: User | None = None,
) -> Profile:
    """Change the given fields (names from Profile.FIELDS and their `_visibility`),
    replace or remove the picture. Fields missing from `data` keep their value.

    `actor` is who pressed the button when that is not the member: staff acting for an
    assisted member. Their change is recorded with the names of the changed fields only;
    the values are the member's and stay out of the trail.
    """
    unknown = set(data) - EDITABLE_FIELDS
    if unknown:
        raise ValueError(f"not profile fields: {sorted(unknown)}")
    acting_for = actor is not None and actor.pk != member.pk
    if acting_for and not may(actor, "accounts.act_for", member):
        raise PermissionDenied("only staff the member consented to may change their profile")
    picture = None
    if picture_upload is not None:
        # Decoding a photo takes a moment: done before the transaction, so no lock
        # (on SQLite: the database's write lock) is held meanwhile.
        try:
            picture = process_picture(picture_upload)
        except ValidationError as error:
            raise ValidationError({"picture": error}) from error
    with transaction.atomic():
        return _apply(
            member=member,
            data=data,
            picture=picture,
            remove_picture=remove_picture,
            actor=actor if acting_for else None,
        )


def _apply(
    *,
    member: User,
    data: Mapping[str, Any],
    picture: Any,
    remove_picture: bool,
    actor: User | None,
) -> Profile:
    profile, _created = Profile.objects.select_for_update().get_or_create(user=member)
    before = _snapshot(profile)
    for name, value in data.items():
        setattr(profile, name, _normalise(name, value))
    old_picture = profile.picture.name or ""
    replace = picture is not None
    remove = not replace and remove_picture and bool(old_picture)
    if remove:
        profile.picture = ""
    changed = [name for name, value in _snapshot(profile).items() if before[name] != value]
    if replace:
        changed.append("picture")
    if not changed:
        return profile

    profile.full_clean(exclude=["user"], validate_unique=False)
    if replace:
        # The storage picks a new random name (picture_path): a replaced picture never
        # keeps an address that someone may have seen.
        profile.picture.save(picture.name, picture, save=False)
    try:
        profile.save()
        if actor is not None:
            audit.record(
                actor=actor,
                action=AuditAction.PROFILE_UPDATED,
                subject=member,
                on_behalf_of=member,
                target=profile,
                after={"fields": changed},
            )
    except BaseException:
        if replace:
            delete_picture_file(profile.picture.storage, profile.picture.name or "")
        raise
    if old_picture and (replace or remove):
        # Only once the new state is committed: a rolled-back change keeps its picture.
        transaction.on_commit(partial(delete_picture_file, profile.picture.storage, old_picture))
    return profile


def _snapshot(profile: Profile) -> dict[str, Any]:
    values: dict[str, Any] = {name: getattr(profile, name) for name in VALUE_FIELDS}
    values["district"] = profile.district_id
    values["languages"] = list(profile.languages or [])
    values["picture"] = profile.picture.name or ""
    values.update({name: getattr(profile, name) for name in VISIBILITY_FIELDS})
    return values


def _normalise(name: str, value: Any) -> Any:
    if name in ("display_name", "phone"):
        return " ".join(str(value or "").split())
    if name == "about":
        return str(value or "").replace("\r\n", "\n").strip()
    if name == "languages":
        return _languages(value or [])
    return value


def _languages(codes: Any) -> list[str]:
    if isinstance(codes, str):
        codes = [codes]
    unknown = [code for code in codes if code not in LANGUAGE_ORDER]
    if unknown:
        raise ValidationError(
            {"languages": _("Please choose languages from the list.")}, code="invalid_choice"
        )
    return sorted(set(codes), key=LANGUAGE_ORDER.__getitem__)


def remember_reading(
    request: HttpRequest, large_text: bool | None, plain_language: bool | None
) -> None:
    """Keep a signed-in person's reading choice with their account (core.preferences).
    Staff acting for someone change only their own browser's view, not the person's."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or getattr(request, "acting_staff", None):
        return
    changes = {
        name: value
        for name, value in (("large_text", large_text), ("plain_language", plain_language))
        if value is not None
    }
    if changes:
        User.objects.filter(pk=user.pk).update(**changes)
        for name, value in changes.items():
            setattr(user, name, value)
