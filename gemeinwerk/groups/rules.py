"""Who may do what with groups. Builds on the platform predicates of accounts.rules."""

from typing import Any

import rules
from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef
from django.utils import timezone

from gemeinwerk.accounts.rules import (
    is_admin,
    is_staff_member,
    is_staff_of,
    is_suspended,
    is_verified,
)
from gemeinwerk.groups.models import (
    Follower,
    GroupHost,
    HostInvitation,
    HostRole,
    HostTraining,
    InvitationStatus,
    UsageAgreement,
)


def host_roles(user: Any) -> dict[int, str]:
    """group id -> role, read once per user object."""
    if not user.is_authenticated:
        return {}
    cached = getattr(user, "_gw_host_roles", None)
    if cached is None:
        cached = dict(GroupHost.objects.filter(user=user).values_list("group_id", "role"))
        user._gw_host_roles = cached
    return cached


@rules.predicate
def hosts_group(user: Any, group: Any) -> bool:
    """Host or co-host: co-hosts can open the room when the host is away."""
    return group is not None and group.pk in host_roles(user)


@rules.predicate
def is_host_of(user: Any, group: Any) -> bool:
    return group is not None and host_roles(user).get(group.pk) == HostRole.HOST


@rules.predicate
def is_trained_host(user: Any) -> bool:
    return bool(user.is_authenticated and HostTraining.objects.filter(user=user).exists())


def current_agreement() -> UsageAgreement | None:
    """The version in force: a version published for a later date waits until then."""
    return (
        UsageAgreement.objects.filter(published_at__lte=timezone.now())
        .order_by("-published_at", "-pk")
        .first()
    )


@rules.predicate
def accepted_current_agreement(user: Any) -> bool:
    agreement = current_agreement()
    return bool(
        user.is_authenticated
        and agreement is not None
        and agreement.acceptances.filter(user=user).exists()
    )


@rules.predicate
def group_is_active(user: Any, group: Any) -> bool:
    return group is not None and group.is_active


@rules.predicate
def is_office_staff(user: Any, group: Any) -> bool:
    """Staff of the contact point that supports the group (not while suspended)."""
    return group is not None and is_staff_of(user, group.contact_point) and not is_suspended(user)


@rules.predicate
def is_own_group(user: Any, group: Any) -> bool:
    """The person proposed or hosts the group: they do not review it themselves."""
    return group is not None and (
        (user.is_authenticated and group.proposed_by_id == user.pk) or group.pk in host_roles(user)
    )


@rules.predicate
def reviews_move(user: Any, group: Any) -> bool:
    """Staff of the contact point a group asks to move to (not while suspended)."""
    return (
        group is not None
        and group.requested_contact_point_id is not None
        and is_staff_of(user, group.requested_contact_point)
        and not is_suspended(user)
    )


# A host's powers last only while the account is verified: a suspended or no longer
# verified (co-)host keeps the row but none of its powers.
acts_as_host = hosts_group & is_verified
# Only the main host chooses co-hosts and offers the host role; co-hosts cannot.
leads_group = is_host_of & is_verified

# Enforced in the services as well, without the admin's blanket permission: only trained
# hosts who accepted the agreement in force schedule meetings.
may_schedule = acts_as_host & is_trained_host & accepted_current_agreement & group_is_active

# Every rule is asked by name through core.permissions.may, by views and services alike.
# Role facts (hosting a group) are not an admin's: where admins have a power, the rule
# says `| is_admin`. An admin must not grant themselves a group's powers either.
rules.add_perm("groups.choose_co_hosts", leads_group)
rules.add_perm("groups.change_room_code", acts_as_host)
rules.add_perm("groups.move_meeting", acts_as_host)
# Admins may stop meetings (a group that breaks the rules), not run them.
rules.add_perm("groups.stop_meetings", acts_as_host | is_admin)
rules.add_perm("groups.assign_host", (is_office_staff | is_admin) & ~is_own_group)
rules.add_perm("groups.review_move", (reviews_move | is_admin) & ~is_own_group)


@rules.predicate
def hosts_any_group(user: Any) -> bool:
    return bool(host_roles(user))


@rules.predicate
def has_answers_on_my_groups(user: Any) -> bool:
    """An open invitation to host or co-host, or reminders asked for: both are answered
    on "My groups". One query for both: the header asks on every page."""
    if not user.is_authenticated:
        return False
    cached = getattr(user, "_gw_my_groups", None)
    if cached is None:
        pending = HostInvitation.objects.filter(
            user=OuterRef("pk"), status=InvitationStatus.PENDING
        )
        following = Follower.objects.filter(user=OuterRef("pk"))
        cached = (
            get_user_model()
            .objects.filter(pk=user.pk)
            .filter(Exists(pending) | Exists(following))
            .exists()
        )
        user._gw_my_groups = cached
    return bool(cached)


# The personal "My groups" entry in the header and on the account page.
rules.add_perm("groups.list_own_groups", hosts_any_group | has_answers_on_my_groups)
# Anyone signed in who was in the room (the view checks their ticket) asks for reminders.
rules.add_perm("groups.follow", rules.is_authenticated)
rules.add_perm("groups.remove_follower", acts_as_host)
rules.add_perm("groups.propose_group", is_verified)
rules.add_perm("groups.review_group", (is_office_staff | is_admin) & ~is_own_group)
rules.add_perm("groups.manage_group", acts_as_host | is_office_staff | is_admin)
rules.add_perm("groups.accept_agreement", is_trained_host)
rules.add_perm("groups.schedule_meeting", may_schedule)
rules.add_perm("groups.hand_over_group", leads_group)
rules.add_perm("groups.handle_join_request", is_office_staff | is_admin)
rules.add_perm("groups.record_host_training", (is_staff_member & ~is_suspended) | is_admin)
