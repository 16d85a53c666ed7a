"""Permission predicates for the whole platform. Later apps import these (is_verified,
is_staff_of, ...) instead of looking at roles themselves; views and templates ask
`user.has_perm(...)`."""

from enum import StrEnum
from typing import Any

import rules
from allauth.account.authentication import get_authentication_records
from allauth.core import context as allauth_context
from allauth.mfa.models import Authenticator
from django.contrib.auth import SESSION_KEY
from django.db.models import Q

from gemeinwerk.accounts.models import (
    AssistedAccount,
    Decision,
    Role,
    RoleAssignment,
    TrustLevel,
    Visibility,
)


def roles_of(user: Any) -> frozenset[tuple[str, int | None]]:
    """(role, contact point id) pairs a user holds, read once per user object. Whether
    their powers work right now is `active_roles_of`: this is for asking what someone
    holds (who must use two-factor login, who only an admin may suspend)."""
    if not user.is_authenticated:
        return frozenset()
    cached = getattr(user, "_gw_roles", None)
    if cached is None:
        cached = frozenset(
            RoleAssignment.objects.filter(user=user).values_list("role", "contact_point_id")
        )
        user._gw_roles = cached
    return cached


@rules.predicate
def has_two_factor(user: Any) -> bool:
    """Two-factor sign-in is set up (an authenticator app)."""
    if not user.is_authenticated:
        return False
    cached = getattr(user, "_gw_two_factor", None)
    if cached is None:
        cached = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
        user._gw_two_factor = cached
    return bool(cached)


def _session_passed_second_factor(user: Any) -> bool:
    """Whether the current request's session shows a second factor for `user`.

    allauth keeps the methods used to sign in (and to confirm again) in the session; a
    session whose records lack "mfa" was never confirmed with the second factor (signed
    in before it was set up, or by a way around allauth's login). The request is found
    through allauth's request context (set by its AccountMiddleware for every request),
    so every copy of the user loaded while handling the request is judged alike.
    Outside a request (tasks, the shell, WebSocket consumers) and for other people than
    the session's own user, a set-up second factor counts: allauth asks for it whenever
    that person signs in."""
    request = allauth_context.request
    session = getattr(request, "session", None)
    if request is None or session is None:
        return True
    if str(session.get(SESSION_KEY)) != str(user.pk):
        return True
    return any(
        record.get("method") == "mfa" for record in get_authentication_records(request, user)
    )


@rules.predicate
def completed_two_factor(user: Any) -> bool:
    """Set up, and used to sign in (or confirmed again) in this session. Every power of
    a privileged role depends on it, wherever the power is used."""
    if not user.is_authenticated:
        return False
    cached = getattr(user, "_gw_two_factor_done", None)
    if cached is None:
        cached = has_two_factor(user) and _session_passed_second_factor(user)
        user._gw_two_factor_done = cached
    return bool(cached)


def active_roles_of(user: Any) -> frozenset[tuple[str, int | None]]:
    """The roles whose powers work now: none without completed two-factor login, so
    that such an account is a plain member everywhere, not only under /staff/."""
    held = roles_of(user)
    if held and not completed_two_factor(user):
        return frozenset()
    return held


def staff_contact_point_ids(user: Any) -> set[int]:
    return {cp for role, cp in active_roles_of(user) if role == Role.STAFF and cp is not None}


@rules.predicate
def is_admin(user: Any) -> bool:
    return bool(user.is_authenticated and user.is_superuser and completed_two_factor(user))


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
    return any(role == Role.COORDINATOR for role, _cp in active_roles_of(user))


@rules.predicate
def is_privileged(user: Any) -> bool:
    """Holders of these roles must sign in with a second factor."""
    return bool(user.is_authenticated and (user.is_superuser or user.is_staff or roles_of(user)))


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
def member_is_privileged(user: Any, member: Any) -> bool:
    """The member is an admin or holds a role."""
    return member is not None and bool(member.is_superuser or roles_of(member))


def _assisted(member: Any) -> AssistedAccount | None:
    assisted = getattr(member, "assisted", None) if member is not None else None
    return assisted if isinstance(assisted, AssistedAccount) else None


@rules.predicate
def supports_assisted(user: Any, member: Any) -> bool:
    """Staff of the contact point that supports an assisted account, consent or not:
    they may hand the person a takeover code or delete the account on request."""
    assisted = _assisted(member)
    return assisted is not None and (
        assisted.taken_over_at is None
        and is_staff_of(user, assisted.contact_point)
        and not is_suspended(user)
    )


@rules.predicate
def may_act_for(user: Any, member: Any) -> bool:
    """Staff of the person's contact point, while the person's consent stands."""
    assisted = _assisted(member)
    return assisted is not None and (
        assisted.staff_may_act
        and is_staff_of(user, assisted.contact_point)
        and not is_suspended(user)
    )


def in_care_of(contact_point_ids: set[int]) -> Q:
    """Members (a User filter) whose personal data the staff of these contact points
    read: verified there, supported there as an assisted account, or with an open
    verification request addressed there. Others are none of their business."""
    return (
        Q(assisted__contact_point_id__in=contact_point_ids)
        | Q(
            trust_decisions__decision=Decision.VERIFY,
            trust_decisions__contact_point_id__in=contact_point_ids,
        )
        | Q(
            verification_requests__closed_at__isnull=True,
            verification_requests__contact_point_id__in=contact_point_ids,
        )
    )


@rules.predicate
def cares_for(user: Any, member: Any) -> bool:
    if member is None:
        return False
    contact_point_ids = staff_contact_point_ids(user)
    return bool(contact_point_ids) and (
        type(member)._default_manager.filter(in_care_of(contact_point_ids), pk=member.pk).exists()
    )


@rules.predicate
def takeover_awaits_confirmation(user: Any, member: Any) -> bool:
    assisted = _assisted(member)
    return assisted is not None and assisted.takeover_awaits_confirmation


@rules.predicate
def took_part_in_takeover(user: Any, member: Any) -> bool:
    """Created the account or issued its takeover code: such a person cannot be the
    second pair of eyes."""
    assisted = _assisted(member)
    return assisted is not None and user.pk in {
        assisted.created_by_id,
        assisted.takeover_code_issued_by_id,
    }


# A suspended account keeps no role's powers.
is_console_user = (is_staff_member | is_coordinator | is_admin) & ~is_suspended
is_active_staff = is_staff_member & ~is_suspended

# Asked by views directly, not through has_perm(): an admin passes every permission, but
# an admin who created the account or issued the code is no second pair of eyes either.
may_confirm_takeover = (
    (supports_assisted | is_admin)
    & takeover_awaits_confirmation
    & ~took_part_in_takeover
    & ~is_suspended
)

rules.add_perm("accounts.use_staff_console", is_console_user)


@rules.predicate
def holds_console_role(user: Any) -> bool:
    """Holds a console role, whether or not its second factor was used in this session."""
    if not user.is_authenticated:
        return False
    return user.is_superuser or any(
        role in {Role.STAFF, Role.COORDINATOR} for role, _point in roles_of(user)
    )


# The header's link to the console: shown to everyone who holds a console role, so that
# staff who have not yet confirmed their second factor find the way to it; the console
# itself asks for that factor first (middleware) and grants nothing without it.
rules.add_perm("accounts.find_staff_console", holds_console_role & ~is_suspended)


@rules.predicate
def holds_admin_role(user: Any) -> bool:
    return bool(user.is_authenticated and user.is_superuser)


# The link to the Django admin, for admins (who reach everything through it); the admin
# itself asks for the second factor first.
rules.add_perm("accounts.find_admin", holds_admin_role & ~is_suspended)
# Without an object: the member search. With a member: their page, e-mail address and an
# assisted person's name, only for the staff of the contact points that care for them.
rules.add_perm("accounts.view_member", is_active_staff | is_admin)
rules.add_perm("accounts.view_member_details", (is_active_staff & cares_for) | is_admin)
rules.add_perm("accounts.verify_member", (is_active_staff | is_admin) & ~is_self)
# Staff suspend members; people who hold a role only an admin can suspend.
rules.add_perm(
    "accounts.suspend_member",
    (is_active_staff & ~member_holds_role | is_admin) & ~is_self & ~member_is_admin,
)
rules.add_perm("accounts.handle_verification_request", (handles_request & ~is_suspended) | is_admin)
rules.add_perm("accounts.create_assisted_account", is_active_staff | is_admin)
rules.add_perm("accounts.create_assisted_account_at", ~is_suspended & (is_staff_of | is_admin))
rules.add_perm("accounts.act_for", may_act_for & ~is_suspended)
rules.add_perm("accounts.issue_takeover_code", supports_assisted & ~is_suspended)
rules.add_perm("accounts.confirm_takeover", may_confirm_takeover)
# The service's own check before it looks at the takeover itself.
rules.add_perm("accounts.look_after_assisted", ~is_suspended & (supports_assisted | is_admin))
rules.add_perm("accounts.delete_assisted_account", supports_assisted & ~is_suspended)
rules.add_perm("accounts.assign_roles", is_admin)
# Trust decisions (verify, suspend, restore) are made by active staff or admins; staff
# verify only for their own contact points (the object); nobody decides on themselves,
# and people who hold a role (and admins) are judged by an admin only.
rules.add_perm("accounts.decide_trust", is_active_staff | is_admin)
rules.add_perm("accounts.verify_at", (is_active_staff & is_staff_of) | is_admin)
rules.add_perm("accounts.judge_member", ~is_self & (~member_is_privileged | is_admin))
# Admins see every contact point and every member the console lists; staff their own.
rules.add_perm("accounts.oversee_every_contact_point", is_admin)
# Admins and coordinators read the whole audit trail; staff their colleagues' part.
rules.add_perm("audit.view_every_event", is_admin | is_coordinator)
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
# Asked through core.permissions.may like every rule: "only me" stays only me, admins
# included (User.has_perm would let a superuser pass whatever the predicate says).
rules.add_perm("accounts.view_profile_field", may_see_profile_field)
