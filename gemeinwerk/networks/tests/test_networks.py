"""Networks themselves: an equipped contact point is required, facilitators are staff
of the network's contact points, networkers are verified members who accepted, and the
rules keep each network's powers to that network."""

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gemeinwerk.accounts.models import TrustLevel, User
from gemeinwerk.accounts.tests.more_factories import (
    make_admin,
    make_contact_point,
    make_user,
    make_verified,
    staff_of,
)
from gemeinwerk.audit.models import AuditEvent
from gemeinwerk.core.permissions import may
from gemeinwerk.networks.models import (
    InitiativeStatus,
    Network,
    NetworkRole,
    RoleKind,
)
from gemeinwerk.networks.services import activities
from gemeinwerk.networks.services import networks as services
from gemeinwerk.networks.tests.factories import (
    equipped_point,
    facilitator_of,
    make_activity,
    make_district,
    make_network,
    networker_of,
    point_of,
)
from gemeinwerk.notifications.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def network() -> Network:
    return make_network(name="Netzwerk Bilk")


@pytest.fixture
def facilitator(network: Network) -> User:
    return facilitator_of(network, username="sabine_staff")


def fresh(user: User) -> User:
    # Roles are read once per user object (rules.network_roles): ask with a new one.
    return User.objects.get(pk=user.pk)


def told(kind: str) -> list[str]:
    notes = Notification.objects.filter(kind=kind).order_by("recipient__username")
    return list(notes.values_list("recipient__username", flat=True))


def network_data(**kwargs: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "name": "Netzwerk Flingern",
        "slug": "flingern",
        "district": make_district(),
        "summary": "Nachbarn in Flingern.",
        "about": "Wir treffen uns.",
        "contact_points": [],
    }
    data.update(kwargs)
    return data


# --- Saving a network ------------------------------------------------------------------


def test_a_network_needs_a_contact_point():
    with pytest.raises(ValidationError) as refused:
        services.save_network(actor=make_admin(), data=network_data())

    assert "contact_points" in refused.value.message_dict
    assert not Network.objects.exists()


def test_a_network_needs_a_contact_point_with_phone_computer_and_internet():
    half = make_contact_point(equipment_phone=True, equipment_computer=True)
    other = make_contact_point(equipment_internet=True)

    with pytest.raises(ValidationError) as refused:
        services.save_network(actor=make_admin(), data=network_data(contact_points=[half, other]))

    assert "contact_points" in refused.value.message_dict
    assert not Network.objects.exists()


def test_an_admin_creates_a_network_with_an_equipped_contact_point():
    admin = make_admin()
    equipped = equipped_point()
    half = make_contact_point(equipment_phone=True)

    network = services.save_network(actor=admin, data=network_data(contact_points=[half, equipped]))

    assert network.pk is not None
    assert set(network.contact_points.all()) == {half, equipped}
    event = AuditEvent.objects.get(action="network.created")
    assert event.actor == admin
    assert event.after["contact_points"] == sorted([half.pk, equipped.pk])


def test_only_admins_create_networks(network: Network, facilitator: User):
    with pytest.raises(PermissionDenied):
        services.save_network(
            actor=facilitator, data=network_data(contact_points=[point_of(network)])
        )


def test_the_facilitator_edits_the_network(network: Network, facilitator: User):
    changed = services.save_network(
        actor=facilitator,
        network=network,
        data={"summary": "Neu.", "contact_points": [point_of(network)]},
    )

    assert changed.summary == "Neu."
    event = AuditEvent.objects.get(action="network.updated")
    # The trail says which text changed, not what it says.
    assert event.before == {}
    assert event.after == {"changed": ["summary"]}


# --- Facilitators and networkers ----------------------------------------------------


def test_a_suspended_staff_member_is_not_named_facilitator(network: Network):
    suspended = staff_of(point_of(network))
    suspended.trust_level = TrustLevel.SUSPENDED
    suspended.save()

    with pytest.raises(ValidationError):
        services.name_facilitator(actor=make_admin(), network=network, user=suspended)
    assert not NetworkRole.objects.exists()


def test_a_facilitator_must_be_staff_of_one_of_the_networks_contact_points(network: Network):
    elsewhere = staff_of(equipped_point())

    with pytest.raises(ValidationError) as refused:
        services.name_facilitator(actor=make_admin(), network=network, user=elsewhere)

    assert refused.value.code == "not_staff_here"
    assert not NetworkRole.objects.exists()


def test_an_admin_names_staff_of_the_network_as_facilitator(network: Network):
    staff = staff_of(point_of(network))

    role = services.name_facilitator(actor=make_admin(), network=network, user=staff)

    assert role.role == RoleKind.FACILITATOR
    assert role.is_accepted
    assert may(fresh(staff), "networks.edit_network", network)
    with pytest.raises(ValidationError):
        services.name_facilitator(actor=make_admin(), network=network, user=staff)


def test_only_verified_members_are_invited(network: Network, facilitator: User):
    with pytest.raises(ValidationError) as refused:
        services.invite_networker(actor=facilitator, network=network, user=make_user())

    assert refused.value.code == "not_verified"
    assert not NetworkRole.objects.filter(role=RoleKind.NETWORKER).exists()
    assert told("networks.networker_invited") == []


def test_the_networker_role_works_once_accepted(network: Network, facilitator: User):
    member = make_verified(username="ruth")

    role = services.invite_networker(actor=facilitator, network=network, user=member)

    assert not role.is_accepted
    assert told("networks.networker_invited") == ["ruth"]
    assert Notification.objects.get(kind="networks.networker_invited").params == {
        "network": "Netzwerk Bilk"
    }
    assert not may(fresh(member), "networks.post_activity", network)
    assert not may(fresh(member), "networks.propose_initiative", network)

    services.accept_invitation(member=fresh(member), network=network)

    assert may(fresh(member), "networks.post_activity", network)
    assert may(fresh(member), "networks.propose_initiative", network)
    assert AuditEvent.objects.filter(action="network.networker_accepted", actor=member).exists()


def test_an_invitation_is_not_given_twice(network: Network, facilitator: User):
    member = make_verified()
    services.invite_networker(actor=facilitator, network=network, user=member)

    with pytest.raises(ValidationError):
        services.invite_networker(actor=facilitator, network=network, user=member)


def test_a_member_without_an_invitation_cannot_accept(network: Network):
    with pytest.raises(PermissionDenied):
        services.accept_invitation(member=make_verified(), network=network)


def test_a_networker_does_not_invite(network: Network):
    networker = networker_of(network)

    with pytest.raises(PermissionDenied):
        services.invite_networker(actor=networker, network=network, user=make_verified())


# --- Initiatives --------------------------------------------------------------------------


def test_an_initiative_is_proposed_to_the_facilitators_and_the_decision_told(
    network: Network, facilitator: User
):
    other = facilitator_of(network, username="tom_staff")
    networker = networker_of(network, username="ruth")

    initiative = services.propose_initiative(
        member=networker, network=network, title=" Repair-Café ", description="Jeden Monat."
    )

    assert initiative.title == "Repair-Café"
    assert initiative.status == InitiativeStatus.PROPOSED
    assert told("networks.initiative_proposed") == ["sabine_staff", "tom_staff"]

    decided = services.decide_initiative(actor=other, initiative=initiative, accept=True)

    assert decided.status == InitiativeStatus.ACCEPTED
    assert decided.decided_by == other
    assert told("networks.initiative_decided") == ["ruth"]
    assert Notification.objects.get(kind="networks.initiative_decided").params["accepted"]
    with pytest.raises(ValidationError):
        services.decide_initiative(actor=facilitator, initiative=initiative, accept=False)


def test_a_member_without_the_role_does_not_propose(network: Network, facilitator: User):
    with pytest.raises(PermissionDenied):
        services.propose_initiative(
            member=make_verified(), network=network, title="x", description="y"
        )


# --- The rules ------------------------------------------------------------------------------


def test_facilitators_of_another_network_do_not_manage_this_ones_activities(
    network: Network, facilitator: User
):
    walk = make_activity(network)
    other_network = make_network()
    stranger = facilitator_of(other_network)

    assert may(fresh(facilitator), "networks.manage_activity", walk)
    assert not may(fresh(stranger), "networks.manage_activity", walk)
    assert not may(fresh(stranger), "networks.post_activity", network)
    assert not may(fresh(stranger), "networks.decide_initiative", network)
    assert may(fresh(stranger), "networks.manage_activity", make_activity(other_network))
    with pytest.raises(PermissionDenied):
        activities.cancel_activity(actor=fresh(stranger), activity=walk)
    walk.refresh_from_db()
    assert not walk.is_cancelled


def test_a_suspended_networker_cannot_post(network: Network):
    networker = networker_of(network)
    own = make_activity(network, organiser=networker)
    assert may(fresh(networker), "networks.post_activity", network)
    assert may(fresh(networker), "networks.manage_activity", own)

    networker.trust_level = TrustLevel.SUSPENDED
    networker.save(update_fields=["trust_level"])

    assert not may(fresh(networker), "networks.post_activity", network)
    assert not may(fresh(networker), "networks.manage_activity", own)
    assert not may(fresh(networker), "networks.propose_initiative", network)


def test_a_networker_manages_only_their_own_activities(network: Network):
    networker = networker_of(network)
    own = make_activity(network, organiser=networker)
    someone_elses = make_activity(network, organiser=networker_of(network))

    assert may(fresh(networker), "networks.manage_activity", own)
    assert not may(fresh(networker), "networks.manage_activity", someone_elses)
    assert not may(fresh(networker), "networks.register_others", own)


def test_staff_without_two_factor_have_no_powers_in_the_network(network: Network):
    staff = staff_of(point_of(network), two_factor=False)

    assert not may(fresh(staff), "networks.post_activity", network)
    assert not may(fresh(staff), "networks.register_others", make_activity(network))
