"""Permission predicates for the whole platform. Later apps import these (is_verified,
is_staff_of, ...) instead of looking at roles themselves; views and templates ask
`user.has_perm(...)`."""

from enum import StrEnum
from typing import Any

import rules
from allauth.mfa.models import Authenticator

from gemeinwerk.accounts.models import (
    AssistedAccount,
    Role,
    RoleAssignment,
    TrustLevel,
    Visibility,
)


def roles_of(user: Any) -> frozenset[tuple[str, int | None]]:
    """(role, contact point id) pairs of a user, read once per user object."""
    if not user.is_authenticated:
        return frozenset()
    cached = getattr(user, "_gw_roles", None)
    if cached is None:
        cached = frozenset(
            RoleAssignment.objects.filter(user=user).values_list("role", "contact_point_id")
        )
        user._gw_roles = cached
    return cached


def staff_contact_point_ids(user: Any) -> set[int]:
    return {cp for role, cp in roles_of(user) if role == Role.STAFF and cp is not None}


@rules.predicate
def is_admin(user: Any) -> bool:
    return bool(user.is_authenticated and user.is_superuser)


@rules.predicate
def is_verified(user: Any) -> bool:
    return bool(user.is_authenticated and user.trust_level == TrustLevel.VERIFIED)


@rules.predicate
def is_suspended(user: Any) -> bool:
    return bool(user.is_authenticated and user.trust_level == TrustLevel.SUSPENDED)


@rules.predicate
def is_staff_member(user: Any) -> bool:
    return bool(staff_contact_point_ids(user))


@rules.predicate
def is_staff_of(user: Any, contact_point: Any) -> bool:
    return contact_point is not None and contact_point.pk in staff_contact_point_ids(user)


@rules.predicate
def is_coordinator(user: Any) -> bool:
    return any(role == Role.COORDINATOR for role, _cp in roles_of(user))


@rules.predicate
def is_privileged(user: Any) -> bool:
    """Holders of these roles must sign in with a second factor."""
    return bool(user.is_authenticated and (user.is_superuser or user.is_staff or roles_of(user)))


@rules.predicate
def has_two_factor(user: Any) -> bool:
    if not user.is_authenticated:
        return False
    cached = getattr(user, "_gw_two_factor", None)
    if cached is None:
        cached = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
        user._gw_two_factor = cached
    return bool(cached)


@rules.predicate
def is_self(user: Any, member: Any) -> bool:
    return member is not None and user.pk == member.pk


@rules.predicate
def member_is_admin(user: Any, member: Any) -> bool:
    return member is not None and member.is_superuser


@rules.predicate
def handles_request(user: Any, verification_request: Any) -> bool:
    return verification_request is not None and is_staff_of(
        user, verification_request.contact_point
    )


@rules.predicate
def member_holds_role(user: Any, member: Any) -> bool:
    return member is not None and bool(roles_of(member))


@rules.predicate
def supports_assisted(user: Any, member: Any) -> bool:
    """Staff of the contact point that supports an assisted account, consent or not:
    they may hand the person a takeover code or delete the account on request."""
    assisted = getattr(member, "assisted", None) if member is not None else None
    return isinstance(assisted, AssistedAccount) and (
        assisted.taken_over_at is None
        and is_staff_of(user, assisted.contact_point)
        and not is_suspended(user)
    )


@rules.predicate
def may_act_for(user: Any, member: Any) -> bool:
    """Staff of the person's contact point, while the person's consent stands."""
    assisted = getattr(member, "assisted", None) if member is not None else None
    return isinstance(assisted, AssistedAccount) and (
        assisted.staff_may_act
        and is_staff_of(user, assisted.contact_point)
        and not is_suspended(user)
    )


# A suspended account keeps no role's powers.
is_console_user = (is_staff_member | is_coordinator | is_admin) & ~is_suspended
is_active_staff = is_staff_member & ~is_suspended

rules.add_perm("accounts.use_staff_console", is_console_user)
rules.add_perm("accounts.view_member", is_active_staff | is_admin)
rules.add_perm("accounts.verify_member", (is_active_staff | is_admin) & ~is_self)
# Staff suspend members; people who hold a role only an admin can suspend.
rules.add_perm(
    "accounts.suspend_member",
    (is_active_staff & ~member_holds_role | is_admin) & ~is_self & ~member_is_admin,
)
rules.add_perm("accounts.handle_verification_request", (handles_request & ~is_suspended) | is_admin)
rules.add_perm("accounts.create_assisted_account", is_active_staff)
rules.add_perm("accounts.act_for", may_act_for & ~is_suspended)
rules.add_perm("accounts.issue_takeover_code", supports_assisted & ~is_suspended)
rules.add_perm("accounts.delete_assisted_account", supports_assisted & ~is_suspended)
rules.add_perm("accounts.assign_roles", is_admin)
rules.add_perm("audit.view_events", is_console_user)


# --- Profiles --------------------------------------------------------------------------
# Each optional profile field has its own visibility. For a given profile a viewer belongs
# to one audience; a field is shown when its visibility admits that audience. Ask
# rules.test_rule("accounts.view_profile_field", user, (profile, name)), or call
# profile_audience() once and visible_to() per field when rendering a whole page.


class ProfileAudience(StrEnum):
    OWNER = "owner"
    MEMBERS = "verified"
    PUBLIC = "public"


_AUDIENCE_SEES = {
    ProfileAudience.OWNER: frozenset(Visibility),
    ProfileAudience.MEMBERS: frozenset({Visibility.VERIFIED, Visibility.PUBLIC}),
    ProfileAudience.PUBLIC: frozenset({Visibility.PUBLIC}),
}

# "Verified members" includes the staff and admins who look after them.
sees_members_fields = is_verified | is_staff_member | is_admin


def profile_audience(user: Any, profile: Any) -> ProfileAudience:
    """The audience `user` belongs to when looking at `profile` (saved or not)."""
    if user.is_authenticated and user.pk == profile.user_id:
        return ProfileAudience.OWNER
    if sees_members_fields(user):
        return ProfileAudience.MEMBERS
    return ProfileAudience.PUBLIC


def visible_to(audience: ProfileAudience, profile: Any, field: str) -> bool:
    """Whether the field's visibility admits the audience, whether it is filled or not."""
    return getattr(profile, f"{field}_visibility") in _AUDIENCE_SEES[audience]


@rules.predicate
def member_takes_part(user: Any, member: Any) -> bool:
    return bool(
        member is not None and member.is_active and member.trust_level != TrustLevel.SUSPENDED
    )


@rules.predicate
def may_see_profile_field(user: Any, target: Any) -> bool:
    """`target` is (profile, field name)."""
    profile, field = target
    return visible_to(profile_audience(user, profile), profile, field)


# Suspended and deactivated members' pages are gone for everyone but themselves and those
# who look after accounts: "not found", the same as an unknown address.
rules.add_perm("accounts.view_profile", member_takes_part | is_self | is_staff_member | is_admin)
# A rule, not a permission: user.has_perm() is true for superusers whatever the predicate
# says, and "only me" must stay only me, admins included.
rules.add_rule("accounts.view_profile_field", may_see_profile_field)
