"""Who may do what in the district networks. Builds on the platform predicates of
accounts.rules: staff accompany, networkers (verified members who accepted) carry the
network, anyone reads it."""

from typing import Any

import rules
from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef
from django.utils import timezone

from gemeinwerk.accounts.models import TrustLevel
from gemeinwerk.accounts.rules import (
    is_active_staff,
    is_admin,
    is_staff_of,
    is_suspended,
    is_verified,
    staff_contact_point_ids,
)
from gemeinwerk.networks import recurrence
from gemeinwerk.networks.models import (
    Activity,
    Appointment,
    ContactLog,
    NetworkRole,
    Registration,
    RoleKind,
    Slot,
)
from gemeinwerk.networks.models.activities import ACTIVE_STATUSES


def network_roles(user: Any) -> dict[int, set[str]]:
    """network id -> the roles the user holds there (accepted only), read once per user
    object."""
    if not user.is_authenticated:
        return {}
    cached = getattr(user, "_gw_network_roles", None)
    if cached is None:
        cached = {}
        rows = NetworkRole.objects.filter(user=user, accepted_at__isnull=False).values_list(
            "network_id", "role"
        )
        for network_id, role in rows:
            cached.setdefault(network_id, set()).add(role)
        user._gw_network_roles = cached
    return cached


def _network(obj: Any) -> Any:
    """A network, or the network of an activity or initiative."""
    return getattr(obj, "network", obj)


@rules.predicate
def facilitates(user: Any, obj: Any) -> bool:
    """Named facilitator of the network who works at one of its contact points now: a
    facilitator who moved to another contact point keeps no power here."""
    network = _network(obj)
    return (
        network is not None
        and RoleKind.FACILITATOR in network_roles(user).get(network.pk, set())
        and bool(is_active_staff(user))
        and bool(works_at_network(user, network))
    )


@rules.predicate
def is_networker(user: Any, obj: Any) -> bool:
    network = _network(obj)
    return (
        network is not None
        and RoleKind.NETWORKER in network_roles(user).get(network.pk, set())
        and bool(is_verified(user))
    )


@rules.predicate
def works_at_network(user: Any, obj: Any) -> bool:
    """Staff of one of the network's contact points."""
    network = _network(obj)
    if network is None:
        return False
    own = staff_contact_point_ids(user)
    return bool(own) and any(point.pk in own for point in network.contact_points.all())


@rules.predicate
def organises(user: Any, activity: Any) -> bool:
    return activity is not None and user.is_authenticated and activity.organiser_id == user.pk


@rules.predicate
def is_unverified(user: Any) -> bool:
    return bool(user.is_authenticated and user.trust_level == TrustLevel.UNVERIFIED)


@rules.predicate
def registration_open(user: Any, activity: Any) -> bool:
    return (
        isinstance(activity, Activity)
        and activity.needs_registration
        and not activity.is_cancelled
        and activity.network.is_active
        and recurrence.is_upcoming(activity, now=timezone.now())
    )


@rules.predicate
def works_at_slot(user: Any, target: Any) -> bool:
    """Staff of the contact point of a slot, an appointment or a contact note."""
    if isinstance(target, Appointment):
        target = target.slot
    return isinstance(target, Slot | ContactLog) and bool(is_staff_of(user, target.contact_point))


@rules.predicate
def has_own_activities(user: Any) -> bool:
    """A role in a network, an activity posted, or a place or waiting spot: one query,
    asked by the header on every page."""
    if not user.is_authenticated:
        return False
    cached = getattr(user, "_gw_own_activities", None)
    if cached is None:
        mine = OuterRef("pk")
        cached = (
            get_user_model()
            ._default_manager.filter(pk=user.pk)
            .filter(
                Exists(NetworkRole.objects.filter(user=mine))
                | Exists(Activity.objects.filter(organiser=mine))
                | Exists(Registration.objects.filter(member=mine, status__in=ACTIVE_STATUSES))
            )
            .exists()
        )
        user._gw_own_activities = cached
    return bool(cached)


# Facilitation and posting are powers of people who take part: none while suspended.
takes_part = ~is_suspended
runs_network = (facilitates | is_admin) & takes_part
posts_in_network = (is_networker | facilitates | (is_active_staff & works_at_network)) & takes_part

rules.add_perm("networks.create_network", is_admin)
rules.add_perm("networks.edit_network", runs_network)
rules.add_perm("networks.name_facilitator", is_admin)
rules.add_perm("networks.name_networker", runs_network)
rules.add_perm("networks.post_activity", posts_in_network)
# Edit, cancel and read the list of people: whoever posted it while they still may post
# there, the network's facilitators and staff, and admins.
rules.add_perm(
    "networks.manage_activity",
    ((organises & posts_in_network) | facilitates | (is_active_staff & works_at_network))
    & takes_part
    | is_admin,
)
# Registering someone else over the phone is the staff's: they know the person.
rules.add_perm(
    "networks.register_others",
    (facilitates | (is_active_staff & works_at_network)) & takes_part | is_admin,
)
rules.add_perm("networks.register", is_verified & registration_open)
rules.add_perm("networks.propose_initiative", is_networker & takes_part)
rules.add_perm("networks.decide_initiative", runs_network)
# "My activities": registrations, and the networks where one has a role.
rules.add_perm("networks.see_own", has_own_activities)

# Verification appointments.
rules.add_perm("networks.book_appointment", is_unverified)
rules.add_perm("networks.publish_slots", is_active_staff)
rules.add_perm("networks.publish_slots_at", is_active_staff & is_staff_of)
rules.add_perm("networks.handle_appointment", is_active_staff & works_at_slot)

# The offline channel: only the staff of that contact point, admins included only if
# they work there.
rules.add_perm("networks.log_contacts", is_active_staff)
rules.add_perm("networks.log_contacts_at", is_active_staff & is_staff_of)
rules.add_perm("networks.read_contact_log", is_active_staff & works_at_slot)
rules.add_perm("networks.welcome_newcomers", is_active_staff)
# The console's networks page: facilitators, the networks' staff and admins.
rules.add_perm("networks.use_console", is_active_staff | is_admin)
