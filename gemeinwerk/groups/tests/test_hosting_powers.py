"""Hosts' and staff powers stay within their role (issue 9, section 3): co-hosts are
verified and say yes, only the main host chooses them, hand-over needs the new host's
consent, staff grant themselves no group powers, and a listed group moves to another
contact point only once that office agrees. Each test here failed before the fix."""

from collections.abc import Iterator
from datetime import timedelta
from typing import Any
from unittest.mock import MagicMock, call, patch

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.utils import timezone, translation

from gemeinwerk.accounts.hooks import TrustRevoked
from gemeinwerk.accounts.models import Role, RoleAssignment, TrustLevel, User
from gemeinwerk.accounts.services import trust
from gemeinwerk.accounts.tests.factories import UserFactory
from gemeinwerk.accounts.tests.more_factories import make_admin, signed_in, staff_of, url
from gemeinwerk.audit.models import AuditEvent
from gemeinwerk.groups import selectors
from gemeinwerk.groups.models import (
    Group,
    GroupHost,
    GroupStatus,
    HostInvitation,
    HostRole,
    HostTraining,
    InvitationStatus,
    JoinRequest,
)
from gemeinwerk.groups.services import directory, hosts
from gemeinwerk.groups.tests.factories import (
    GroupFactory,
    make_host,
    make_occurrence,
    verified_member,
)
from gemeinwerk.places.tests.factories import ContactPointFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def group() -> Group:
    return GroupFactory.create(name="Angehörige im Gespräch")


@pytest.fixture
def revoked() -> Iterator[MagicMock]:
    """The room's side (meetings.revoke) is tested with the room; here only that the
    groups call it, once the change is committed."""
    revoke = MagicMock()
    with patch("gemeinwerk.groups.hooks._on_host_powers_lost", [revoke]):
        yield revoke


def roles(group: Group) -> dict[str, str]:
    return {h.user.username: h.role for h in GroupHost.objects.filter(group=group)}


def actions(group: Group) -> list[str]:
    return list(
        AuditEvent.objects.filter(target_id=str(group.pk), action__startswith="host.")
        .order_by("pk")
        .values_list("action", flat=True)
    )


def invitation_of(group: Group, user: User) -> HostInvitation:
    return HostInvitation.objects.get(group=group, user=user, status=InvitationStatus.PENDING)


# --- Co-hosts are verified and say yes ---------------------------------------------------


def test_adding_a_co_host_only_invites_and_they_accept_from_my_groups(group: Group):
    host = make_host(group, username="eva")
    piotr = verified_member(username="piotr")

    signed_in(host).post(url("groups:add_co_host", group.slug), {"username": "piotr"})

    assert roles(group) == {"eva": HostRole.HOST}  # nothing without piotr's yes
    browser = signed_in(piotr)
    page = browser.get(url("groups:mine")).content.decode()
    invitation = invitation_of(group, piotr)
    assert url("groups:accept_invitation", invitation.pk) in page
    assert url("groups:decline_invitation", invitation.pk) in page

    response = browser.post(url("groups:accept_invitation", invitation.pk))

    assert response["Location"] == url("groups:manage", group.slug)
    assert roles(group) == {"eva": HostRole.HOST, "piotr": HostRole.CO_HOST}
    assert actions(group) == ["host.invited", "host.invitation_accepted"]


def test_an_invited_member_finds_my_groups_in_the_header(group: Group):
    host = make_host(group)
    piotr = verified_member(username="piotr")
    mine = f'href="{url("groups:mine")}"'
    assert mine not in signed_in(piotr).get(url("core:home")).content.decode()

    hosts.invite_co_host(group=group, member=piotr, actor=host)

    assert mine in signed_in(piotr).get(url("core:home")).content.decode()


def test_an_unverified_member_cannot_be_made_co_host(group: Group):
    host = make_host(group, username="eva")
    UserFactory.create(username="neu", trust_level=TrustLevel.UNVERIFIED)

    signed_in(host).post(url("groups:add_co_host", group.slug), {"username": "neu"})

    assert roles(group) == {"eva": HostRole.HOST}
    assert not HostInvitation.objects.exists()


def test_a_declined_invitation_grants_nothing(group: Group):
    host = make_host(group, username="eva")
    piotr = verified_member(username="piotr")
    invitation = hosts.invite_co_host(group=group, member=piotr, actor=host)

    response = signed_in(piotr).post(url("groups:decline_invitation", invitation.pk))
    again = signed_in(piotr).post(url("groups:accept_invitation", invitation.pk))

    assert response["Location"] == url("groups:mine")
    assert again.status_code == 404  # no longer open
    assert roles(group) == {"eva": HostRole.HOST}
    assert actions(group) == ["host.invited", "host.invitation_declined"]


def test_nobody_answers_someone_elses_invitation(group: Group):
    host = make_host(group)
    invitation = hosts.invite_co_host(group=group, member=verified_member(), actor=host)
    stranger = verified_member()

    response = signed_in(stranger).post(url("groups:accept_invitation", invitation.pk))

    assert response.status_code == 404
    assert GroupHost.objects.filter(group=group).count() == 1
    with pytest.raises(PermissionDenied):
        hosts.accept_invitation(invitation=invitation, member=stranger)


def test_an_invitation_lapses_when_the_person_is_no_longer_verified(group: Group):
    host = make_host(group)
    piotr = verified_member(username="piotr")
    invitation = hosts.invite_co_host(group=group, member=piotr, actor=host)
    User.objects.filter(pk=piotr.pk).update(trust_level=TrustLevel.UNVERIFIED)

    signed_in(User.objects.get(pk=piotr.pk)).post(url("groups:accept_invitation", invitation.pk))

    assert "piotr" not in roles(group)


def test_the_host_withdraws_an_invitation_and_a_co_host_cannot(group: Group):
    host = make_host(group)
    co_host = make_host(group, role=HostRole.CO_HOST)
    piotr = verified_member(username="piotr")
    invitation = hosts.invite_co_host(group=group, member=piotr, actor=host)
    withdraw = url("groups:withdraw_invitation", group.slug, invitation.pk)

    refused = signed_in(co_host).post(withdraw)
    done = signed_in(host).post(withdraw)

    assert (refused.status_code, done.status_code) == (403, 302)
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.WITHDRAWN
    assert actions(group) == ["host.invited", "host.invitation_withdrawn"]
    assert signed_in(piotr).post(url("groups:accept_invitation", invitation.pk)).status_code == 404


# --- Only the main host chooses co-hosts ---------------------------------------------------


def test_co_hosts_neither_invite_nor_remove_co_hosts(group: Group):
    make_host(group, username="eva")
    co_host = make_host(group, role=HostRole.CO_HOST, username="piotr")
    make_host(group, role=HostRole.CO_HOST, username="lena")
    lena = User.objects.get(username="lena")
    browser = signed_in(co_host)

    invited = browser.post(url("groups:add_co_host", group.slug), {"username": "lena"})
    removed = browser.post(url("groups:remove_co_host", group.slug, lena.pk))

    assert (invited.status_code, removed.status_code) == (403, 403)
    assert roles(group) == {"eva": "host", "piotr": "co_host", "lena": "co_host"}


def test_a_co_host_who_is_no_longer_verified_loses_the_dashboard(group: Group):
    make_host(group)
    co_host = make_host(group, role=HostRole.CO_HOST)
    User.objects.filter(pk=co_host.pk).update(trust_level=TrustLevel.UNVERIFIED)

    response = signed_in(User.objects.get(pk=co_host.pk)).get(url("groups:manage", group.slug))

    assert response.status_code == 403


def test_the_dashboard_offers_co_host_controls_to_the_main_host_only(group: Group):
    host = make_host(group)
    co_host = make_host(group, role=HostRole.CO_HOST)

    for_host = signed_in(host).get(url("groups:manage", group.slug)).content.decode()
    for_co_host = signed_in(co_host).get(url("groups:manage", group.slug)).content.decode()

    assert url("groups:add_co_host", group.slug) in for_host
    assert url("groups:add_co_host", group.slug) not in for_co_host
    assert url("groups:remove_co_host", group.slug, co_host.pk) not in for_co_host


def test_removing_a_co_host_is_audited_and_frees_their_host_seat(
    group: Group, revoked: MagicMock, django_capture_on_commit_callbacks: Any
):
    host = make_host(group, username="eva")
    co_host = make_host(group, role=HostRole.CO_HOST, username="piotr")

    with django_capture_on_commit_callbacks(execute=True):
        signed_in(host).post(url("groups:remove_co_host", group.slug, co_host.pk))

    assert roles(group) == {"eva": HostRole.HOST}
    assert actions(group) == ["host.co_host_removed"]
    assert revoked.call_args_list == [call(group=group, user=co_host)]


# --- Hand-over needs the new host's consent ------------------------------------------------


def test_hand_over_waits_for_the_new_hosts_yes(
    group: Group, revoked: MagicMock, django_capture_on_commit_callbacks: Any
):
    host = make_host(group, username="eva")
    co_host = make_host(group, role=HostRole.CO_HOST, username="piotr")

    signed_in(host).post(url("groups:hand_over", group.slug, co_host.pk))

    assert roles(group) == {"eva": HostRole.HOST, "piotr": HostRole.CO_HOST}
    offer = invitation_of(group, co_host)
    assert offer.role == HostRole.HOST
    with django_capture_on_commit_callbacks(execute=True):
        signed_in(co_host).post(url("groups:accept_invitation", offer.pk))

    assert roles(group) == {"eva": HostRole.CO_HOST, "piotr": HostRole.HOST}
    assert actions(group) == ["host.invited", "host.invitation_accepted", "host.handed_over"]
    # The previous host stays co-host, without the host's seat in a running room.
    assert revoked.call_args_list == [call(group=group, user=host)]


# --- Staff grant themselves no group powers -------------------------------------------------


@pytest.mark.parametrize("who", ["office staff", "admin"])
def test_staff_cannot_make_themselves_co_host_or_host(group: Group, who: str):
    make_host(group, username="eva")
    co_host = make_host(group, role=HostRole.CO_HOST, username="piotr")
    staff = staff_of(group.contact_point) if who == "office staff" else make_admin()
    staff.trust_level = TrustLevel.VERIFIED
    staff.save(update_fields=["trust_level"])
    browser = signed_in(staff)

    invited = browser.post(url("groups:add_co_host", group.slug), {"username": staff.username})
    handed_to_self = browser.post(url("groups:hand_over", group.slug, staff.pk))
    handed = browser.post(url("groups:hand_over", group.slug, co_host.pk))
    removed = browser.post(url("groups:remove_co_host", group.slug, co_host.pk))

    assert {r.status_code for r in (invited, handed_to_self, handed, removed)} == {403}
    assert roles(group) == {"eva": HostRole.HOST, "piotr": HostRole.CO_HOST}
    assert not HostInvitation.objects.exists()


@pytest.mark.parametrize("who", ["office staff", "admin"])
def test_staff_cannot_change_the_room_code_of_a_group_they_do_not_host(group: Group, who: str):
    make_host(group)
    meeting = make_occurrence(group, starts_at=timezone.now() + timedelta(days=1)).meeting
    code = meeting.room_code
    staff = staff_of(group.contact_point) if who == "office staff" else make_admin()

    response = signed_in(staff).post(url("groups:regenerate", group.slug, meeting.pk))

    assert response.status_code == 403
    meeting.refresh_from_db()
    assert meeting.room_code == code


def test_the_office_offers_the_host_role_and_the_member_accepts(
    group: Group, revoked: MagicMock, django_capture_on_commit_callbacks: Any
):
    old_host = make_host(group, username="eva")
    staff = staff_of(group.contact_point)
    verified_member(username="jana")
    browser = signed_in(staff)

    to_self = browser.post(
        url("staff:groups:assign_host", group.slug), {"username": staff.username}
    )
    offered = browser.post(url("staff:groups:assign_host", group.slug), {"username": "jana"})

    assert to_self["Location"] == offered["Location"] == url("staff:groups:overview")
    jana = User.objects.get(username="jana")
    assert list(HostInvitation.objects.values_list("user", flat=True)) == [jana.pk]
    assert roles(group) == {"eva": HostRole.HOST}  # not before jana says yes
    with django_capture_on_commit_callbacks(execute=True):
        signed_in(jana).post(url("groups:accept_invitation", invitation_of(group, jana).pk))
    assert roles(group) == {"eva": HostRole.CO_HOST, "jana": HostRole.HOST}
    (invited,) = AuditEvent.objects.filter(action="host.invited")
    assert (invited.actor, invited.subject) == (staff, jana)
    assert revoked.call_args_list == [call(group=group, user=old_host)]


def test_staff_of_another_office_cannot_assign_a_host(group: Group):
    make_host(group)
    staff = staff_of(ContactPointFactory.create())
    verified_member(username="jana")

    response = signed_in(staff).post(
        url("staff:groups:assign_host", group.slug), {"username": "jana"}
    )

    assert response.status_code == 403
    assert not HostInvitation.objects.exists()


def test_staff_cannot_approve_their_own_proposal():
    office = ContactPointFactory.create()
    staff = staff_of(office)
    staff.trust_level = TrustLevel.VERIFIED
    staff.save(update_fields=["trust_level"])
    group = GroupFactory.create(contact_point=office, status=GroupStatus.PROPOSED)
    Group.objects.filter(pk=group.pk).update(proposed_by=staff)
    GroupHost.objects.create(group=group, user=staff, role=HostRole.HOST)

    response = signed_in(staff).post(
        url("staff:groups:review", group.slug), {"decision": "approve"}
    )

    assert response.status_code == 403
    group.refresh_from_db()
    assert group.status == GroupStatus.PROPOSED
    colleague = staff_of(office)
    directory.review_group(group=group, staff=colleague, approve=True)
    group.refresh_from_db()
    assert group.status == GroupStatus.ACTIVE


def test_staff_cannot_record_their_own_host_training():
    staff = staff_of(ContactPointFactory.create())

    signed_in(staff).post(
        url("staff:groups:training", staff.public_id), {"trained_on": "2026-01-15"}
    )

    assert not HostTraining.objects.exists()
    with pytest.raises(PermissionDenied):
        hosts.record_training(member=staff, staff=staff, trained_on=timezone.localdate())


# --- A listed group moves to another office only once that office agrees -------------------


def edit_data(group: Group, **changes: Any) -> dict[str, Any]:
    data = {
        "name": group.name,
        "topic": group.topic,
        "description": group.description,
        "languages": group.languages,
        "format": group.format,
        "district": group.district_id or "",
        "place": group.place,
        "rhythm": group.rhythm,
        "open_to_newcomers": "on",
        "contact_point": group.contact_point_id,
    }
    return {**data, **changes}


def test_moving_a_listed_group_waits_for_the_new_office(group: Group):
    host = make_host(group)
    old_office = group.contact_point
    new_office = ContactPointFactory.create()
    new_staff = staff_of(new_office)

    response = signed_in(host).post(
        url("groups:edit", group.slug), edit_data(group, contact_point=new_office.pk)
    )

    assert response.status_code == 302
    group.refresh_from_db()
    # Still listed with the office that reviewed it, which still gets its requests.
    assert (group.contact_point, group.requested_contact_point) == (old_office, new_office)
    assert group in selectors.directory()
    JoinRequest.objects.create(group=group, name="Zofia", contact="z@example.net")
    assert not selectors.office_work(new_staff)["requests"].exists()
    assert list(selectors.office_work(new_staff)["moves"]) == [group]
    # The office it belongs to now cannot decide for the new one.
    refused = signed_in(staff_of(old_office)).post(
        url("staff:groups:review_move", group.slug), {"decision": "approve"}
    )
    assert refused.status_code == 403

    signed_in(new_staff).post(url("staff:groups:review_move", group.slug), {"decision": "approve"})

    group.refresh_from_db()
    assert (group.contact_point, group.requested_contact_point) == (new_office, None)
    assert list(
        AuditEvent.objects.filter(action__startswith="group.move")
        .order_by("pk")
        .values_list("action", flat=True)
    ) == ["group.move_requested", "group.move_approved"]


def test_a_declined_move_leaves_the_group_where_it_was(group: Group):
    host = make_host(group)
    old_office = group.contact_point
    new_office = ContactPointFactory.create()
    directory.update_group(group=group, actor=host, data={"contact_point": new_office})

    directory.review_move(group=group, staff=staff_of(new_office), approve=False)

    group.refresh_from_db()
    assert (group.contact_point, group.requested_contact_point) == (old_office, None)


def test_an_edit_that_leaves_the_office_alone_keeps_a_pending_move(group: Group):
    host = make_host(group)
    new_office = ContactPointFactory.create()
    directory.update_group(group=group, actor=host, data={"contact_point": new_office})

    directory.update_group(group=Group.objects.get(pk=group.pk), actor=host, data={"rhythm": "x"})

    group.refresh_from_db()
    assert group.requested_contact_point == new_office


def test_a_proposal_changes_office_directly(group: Group):
    Group.objects.filter(pk=group.pk).update(status=GroupStatus.PROPOSED)
    group.refresh_from_db()
    host = make_host(group)
    new_office = ContactPointFactory.create()

    directory.update_group(group=group, actor=host, data={"contact_point": new_office})

    group.refresh_from_db()
    assert (group.contact_point, group.requested_contact_point) == (new_office, None)


# --- Suspension or loss of verification (called from accounts.services.trust) --------------


def test_a_host_who_loses_trust_leaves_running_rooms_and_open_invitations_lapse(
    group: Group, revoked: MagicMock, django_capture_on_commit_callbacks: Any
):
    host = make_host(group)
    other = GroupFactory.create()
    make_host(other)
    invitation = hosts.invite_co_host(
        group=other, member=host, actor=GroupHost.objects.get(group=other).user
    )

    with django_capture_on_commit_callbacks(execute=True):
        hosts.member_lost_trust(member=host)

    assert revoked.call_args_list == [call(group=group, user=host)]
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.WITHDRAWN


def test_suspending_a_host_through_the_staff_console_revokes_their_seats(
    group: Group, revoked: MagicMock, django_capture_on_commit_callbacks: Any
):
    # The whole path: accounts' suspension service calls the callback groups registered
    # in its AppConfig.ready (accounts names no app above it).
    host = make_host(group)
    staff = staff_of(group.contact_point)

    with django_capture_on_commit_callbacks(execute=True):
        trust.suspend_member(member=host, staff=staff, reason="Beleidigungen im Raum")

    assert revoked.call_args_list == [call(group=group, user=host)]


def test_the_django_admin_grants_no_host_role_or_training(group: Group):
    make_host(group)
    browser = signed_in(make_admin())

    page = browser.get(f"/admin/groups/group/{group.pk}/change/").content.decode()

    assert 'id="hosts-group"' in page  # the hosts are shown
    assert 'name="hosts-0-role"' not in page  # not changed here
    assert 'name="hosts-__prefix__-user"' not in page  # nor added
    assert browser.get("/admin/groups/hosttraining/add/").status_code == 403


# --- An invitation stands only while its sender may still ask it ---------------------------


def withdrawn_events() -> list[tuple[Any, Any, dict[str, Any]]]:
    return [
        (e.actor, e.subject, e.after)
        for e in AuditEvent.objects.filter(action="host.invitation_withdrawn").order_by("pk")
    ]


def test_co_host_invitations_of_the_previous_host_lapse_on_hand_over(group: Group):
    host = make_host(group, username="eva")
    chosen = make_host(group, role=HostRole.CO_HOST, username="piotr")
    xaver = verified_member(username="xaver")
    invitation = hosts.invite_co_host(group=group, member=xaver, actor=host)
    offer = hosts.offer_host_role(group=group, to=chosen, actor=host)

    hosts.accept_invitation(invitation=offer, member=chosen)

    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.WITHDRAWN
    with pytest.raises(ValidationError):
        hosts.accept_invitation(invitation=invitation, member=xaver)
    assert "xaver" not in roles(group)
    # Each lapsed invitation is in the trail, with who caused it and why.
    assert withdrawn_events() == [(chosen, xaver, {"role": "co_host", "cause": "handed_over"})]


def test_accepting_rechecks_that_the_sender_may_still_invite(group: Group):
    host = make_host(group, username="eva")
    xaver = verified_member(username="xaver")
    invitation = hosts.invite_co_host(group=group, member=xaver, actor=host)
    # However the sender lost the lead (no service closed the invitation), it lapses.
    GroupHost.objects.filter(group=group, user=host).update(role=HostRole.CO_HOST)

    with translation.override("en"), pytest.raises(ValidationError) as refused:
        hosts.accept_invitation(invitation=invitation, member=xaver)

    assert refused.value.messages == ["This invitation is no longer open."]
    assert "xaver" not in roles(group)


def test_a_host_offer_of_staff_who_left_the_office_lapses(group: Group):
    make_host(group, username="eva")
    staff = staff_of(group.contact_point)
    jana = verified_member(username="jana")
    offer = hosts.assign_host(group=group, member=jana, staff=staff)
    RoleAssignment.objects.filter(user=staff).delete()

    with pytest.raises(ValidationError):
        hosts.accept_invitation(invitation=offer, member=jana)

    assert roles(group) == {"eva": HostRole.HOST}


def test_invitations_sent_by_a_member_who_loses_trust_lapse(group: Group):
    host = make_host(group, username="eva")
    xaver = verified_member(username="xaver")
    invitation = hosts.invite_co_host(group=group, member=xaver, actor=host)

    hosts.member_lost_trust(member=host, reason=TrustRevoked.SUSPENDED)

    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.WITHDRAWN
    assert withdrawn_events() == [
        (None, xaver, {"role": "co_host", "cause": "trust_lost:suspended"})
    ]


def test_the_old_offices_host_offers_lapse_when_the_group_moves(group: Group):
    host = make_host(group, username="eva")
    co_host = make_host(group, role=HostRole.CO_HOST, username="piotr")
    jana = verified_member(username="jana")
    office_offer = hosts.assign_host(group=group, member=jana, staff=staff_of(group.contact_point))
    own_offer = hosts.offer_host_role(group=group, to=co_host, actor=host)
    new_office = ContactPointFactory.create()
    new_staff = staff_of(new_office)
    directory.update_group(group=group, actor=host, data={"contact_point": new_office})

    directory.review_move(group=group, staff=new_staff, approve=True)

    office_offer.refresh_from_db()
    own_offer.refresh_from_db()
    assert (office_offer.status, own_offer.status) == (
        InvitationStatus.WITHDRAWN,
        InvitationStatus.PENDING,
    )
    assert withdrawn_events() == [(new_staff, jana, {"role": "host", "cause": "moved"})]


def test_removing_a_co_host_records_the_lapsed_offer(group: Group):
    host = make_host(group)
    co_host = make_host(group, role=HostRole.CO_HOST)
    hosts.offer_host_role(group=group, to=co_host, actor=host)

    hosts.remove_co_host(group=group, member=co_host, actor=host)

    assert withdrawn_events() == [(host, co_host, {"role": "host", "cause": "removed"})]


# --- Nobody approves the move they asked for ----------------------------------------------


def test_staff_of_both_offices_cannot_approve_the_move_they_asked_for(group: Group):
    make_host(group)
    new_office = ContactPointFactory.create()
    staff = staff_of(group.contact_point)
    RoleAssignment.objects.create(user=staff, role=Role.STAFF, contact_point=new_office)
    staff = User.objects.get(pk=staff.pk)

    directory.update_group(group=group, actor=staff, data={"contact_point": new_office})
    group.refresh_from_db()
    assert group.move_requested_by == staff
    assert group not in selectors.office_work(staff)["moves"]
    with pytest.raises(PermissionDenied):
        directory.review_move(group=group, staff=staff, approve=True)

    directory.review_move(group=group, staff=staff_of(new_office), approve=True)
    group.refresh_from_db()
    assert (group.contact_point, group.move_requested_by) == (new_office, None)


def test_only_those_who_manage_a_group_change_it(group: Group):
    make_host(group)
    stranger = verified_member()

    with pytest.raises(PermissionDenied):
        directory.update_group(
            group=group, actor=stranger, data={"contact_point": ContactPointFactory.create()}
        )

    group.refresh_from_db()
    assert group.requested_contact_point is None


# --- Lock order: the group first, then invitations ----------------------------------------


@pytest.mark.parametrize(
    "change", ["accept", "decline", "withdraw", "remove", "invite", "lost_trust"]
)
def test_every_change_of_hosts_locks_the_group_first(group: Group, change: str):
    host = make_host(group)
    co_host = make_host(group, role=HostRole.CO_HOST)
    xaver = verified_member()
    invitation = hosts.invite_co_host(group=group, member=xaver, actor=host)
    locked: list[Any] = []
    select_for_update = QuerySet.select_for_update

    def spy(self: QuerySet[Any], *args: Any, **kwargs: Any) -> QuerySet[Any]:
        locked.append(self.model)
        return select_for_update(self, *args, **kwargs)

    with patch.object(QuerySet, "select_for_update", spy):
        if change == "accept":
            hosts.accept_invitation(invitation=invitation, member=xaver)
        elif change == "decline":
            hosts.decline_invitation(invitation=invitation, member=xaver)
        elif change == "withdraw":
            hosts.withdraw_invitation(invitation=invitation, actor=host)
        elif change == "remove":
            hosts.remove_co_host(group=group, member=co_host, actor=host)
        elif change == "invite":
            hosts.offer_host_role(group=group, to=co_host, actor=host)
        else:
            hosts.member_lost_trust(member=host)

    assert locked[:1] == [Group]


# --- The invite form tells nobody whether an account exists -------------------------------


def test_unknown_and_unverified_names_get_the_same_answer(group: Group):
    host = make_host(group)
    UserFactory.create(username="neu", trust_level=TrustLevel.UNVERIFIED)

    # Two sessions: each answer on its own, not one piled on the other.
    unknown = signed_in(host).post(url("groups:add_co_host", group.slug), {"username": "nobody"})
    unverified = signed_in(host).post(url("groups:add_co_host", group.slug), {"username": "neu"})

    answers = [[str(m) for m in get_messages(r.wsgi_request)] for r in (unknown, unverified)]
    assert (
        answers[0]
        == answers[1]
        == [
            "We could not invite this person. Check the user name; only verified members can be "
            "invited."
        ]
    )


# --- The office sees what it may do, and not what it may not ------------------------------


def test_find_a_new_host_leaves_out_the_staff_members_own_groups(group: Group):
    make_host(group)
    staff = staff_of(group.contact_point)
    own = GroupFactory.create(contact_point=group.contact_point)
    GroupHost.objects.create(group=own, user=staff, role=HostRole.HOST)

    assert list(selectors.office_work(staff)["groups"]) == [group]


def test_the_office_can_withdraw_its_host_offer_from_the_dashboard(group: Group):
    make_host(group)
    staff = staff_of(group.contact_point)
    offer = hosts.assign_host(group=group, member=verified_member(), staff=staff)
    withdraw = url("groups:withdraw_invitation", group.slug, offer.pk)

    page = signed_in(staff).get(url("groups:manage", group.slug)).content.decode()

    assert withdraw in page
    assert signed_in(staff).post(withdraw).status_code == 302
    offer.refresh_from_db()
    assert offer.status == InvitationStatus.WITHDRAWN


def test_suspended_staff_record_no_host_training():
    staff = staff_of(ContactPointFactory.create())
    User.objects.filter(pk=staff.pk).update(trust_level=TrustLevel.SUSPENDED)

    with pytest.raises(PermissionDenied):
        hosts.record_training(
            member=verified_member(),
            staff=User.objects.get(pk=staff.pk),
            trained_on=timezone.localdate(),
        )

    assert not HostTraining.objects.exists()
