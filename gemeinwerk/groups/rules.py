"""Who may do what with groups. Builds on the platform predicates of accounts.rules."""

from typing import Any

import rules
from django.utils import timezone

from gemeinwerk.accounts.rules import (
    is_admin,
    is_staff_member,
    is_staff_of,
    is_suspended,
    is_verified,
)
from gemeinwerk.groups.models import GroupHost, HostRole, HostTraining, UsageAgreement


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
    """Staff of the contact office that supports the group (not while suspended)."""
    return group is not None and is_staff_of(user, group.contact_point) and not is_suspended(user)


# Enforced in the services as well, without the admin's blanket permission: only trained
# hosts who accepted the agreement in force schedule meetings.
may_schedule = (
    hosts_group & ~is_suspended & is_trained_host & accepted_current_agreement & group_is_active
)

rules.add_perm("groups.propose_group", is_verified)
rules.add_perm("groups.review_group", is_office_staff | is_admin)
rules.add_perm("groups.manage_group", (hosts_group & ~is_suspended) | is_office_staff | is_admin)
rules.add_perm("groups.accept_agreement", is_trained_host)
rules.add_perm("groups.schedule_meeting", may_schedule)
rules.add_perm("groups.hand_over_group", (is_host_of & ~is_suspended) | is_office_staff | is_admin)
rules.add_perm("groups.handle_join_request", is_office_staff | is_admin)
rules.add_perm("groups.record_host_training", (is_staff_member & ~is_suspended) | is_admin)
