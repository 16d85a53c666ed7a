"""Asking to join a group: the request goes to the contact office (never to a host's
private address), staff forward or close it, and the guest's details are deleted after
the retention time. Also the contact office's page in the staff console."""

from datetime import timedelta
from io import StringIO
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from gemeinwerk.accounts.models import User
from gemeinwerk.accounts.tests.more_factories import (
    make_admin,
    signed_in,
    staff_of,
    url,
)
from gemeinwerk.audit.models import AuditEvent
from gemeinwerk.groups.models import (
    Group,
    GroupStatus,
    HostRole,
    HostTraining,
    JoinRequest,
    JoinRequestStatus,
)
from gemeinwerk.groups.services.requests import (
    RETENTION,
    close_join_request,
    forward_join_request,
    prune_join_requests,
    send_join_request,
)
from gemeinwerk.groups.tests.factories import (
    GroupFactory,
    JoinRequestFactory,
    make_host,
    verified_member,
)
from gemeinwerk.places.models import ContactPoint
from gemeinwerk.places.tests.factories import ContactPointFactory

pytestmark = pytest.mark.django_db

GUEST = {
    "name": "Zofia Gast",
    "contact": "zofia.gast@example.net",
    "message": "Mein Vater hat Demenz, ich pflege ihn seit einem Jahr.",
}
QUEUED_MAILERS = {
    "default": {"BACKEND": "gemeinwerk.core.mail.QueuedEmailBackend"},
    "delivery": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"},
}


@pytest.fixture(autouse=True)
def _queued_mail(settings: Any) -> None:
    """Mail as in real use: queued as a task in the same transaction (the outbox)."""
    settings.MAILERS = QUEUED_MAILERS


def queued(address: str) -> list[dict[str, Any]]:
    payloads = [
        result.args_kwargs["args"][0]
        for result in DBTaskResult.objects.filter(task_path__endswith="deliver_email")
    ]
    return [payload for payload in payloads if address in payload["to"]]


def all_queued() -> int:
    return DBTaskResult.objects.filter(task_path__endswith="deliver_email").count()


@pytest.fixture
def office() -> ContactPoint:
    return ContactPointFactory.create(
        name="Selbsthilfekontaktstelle", email="selbsthilfe@demostadt.example"
    )


@pytest.fixture
def group(office: ContactPoint) -> Group:
    return GroupFactory.create(
        name="Angehörige im Gespräch", contact_point=office, open_to_newcomers=False
    )


@pytest.fixture
def staff(office: ContactPoint) -> User:
    return staff_of(office, username="team_anna")


def assert_no_guest_details(payload: dict[str, Any]) -> None:
    text = " ".join([payload["subject"], payload["body"], *payload["alternatives"][0:1]])
    for detail in GUEST.values():
        assert detail not in str(text)
    assert "Zofia" not in str(text)


# --- Services -------------------------------------------------------------------------


def test_a_request_goes_to_the_contact_office_without_the_guests_details(group: Group):
    request = send_join_request(group=group, **GUEST)

    assert (request.status, request.name, request.contact) == (
        JoinRequestStatus.NEW,
        GUEST["name"],
        GUEST["contact"],
    )
    (mail,) = queued("selbsthilfe@demostadt.example")
    assert mail["to"] == ["selbsthilfe@demostadt.example"]
    assert group.name in mail["subject"]
    assert group.name in mail["body"]
    assert_no_guest_details(mail)
    assert all_queued() == 1  # nobody else, no host


def test_the_mail_leaves_only_with_the_request(group: Group):
    def request_that_fails_later() -> None:
        with transaction.atomic():
            send_join_request(group=group, **GUEST)
            raise RuntimeError("something after the request fails in the same transaction")

    with pytest.raises(RuntimeError):
        request_that_fails_later()

    assert not JoinRequest.objects.exists()
    assert all_queued() == 0


def test_an_office_without_an_address_still_gets_the_request(group: Group):
    ContactPoint.objects.filter(pk=group.contact_point.pk).update(email="")
    group.contact_point.refresh_from_db()

    send_join_request(group=group, **GUEST)

    assert JoinRequest.objects.count() == 1
    assert all_queued() == 0


@pytest.mark.parametrize("status", [GroupStatus.PROPOSED, GroupStatus.DECLINED, "archived"])
def test_groups_that_are_not_active_take_no_requests(group: Group, status: str):
    Group.objects.filter(pk=group.pk).update(status=status)
    group.refresh_from_db()

    with pytest.raises(ValidationError):
        send_join_request(group=group, **GUEST)

    assert not JoinRequest.objects.exists()
    assert all_queued() == 0


@pytest.mark.parametrize(
    "changes", [{"name": "  "}, {"contact": ""}, {"contact": "x" * 121}, {"name": "x" * 61}]
)
def test_a_request_needs_a_name_and_a_way_to_reach_the_guest(group: Group, changes: dict):
    with pytest.raises(ValidationError):
        send_join_request(group=group, **{**GUEST, **changes})

    assert not JoinRequest.objects.exists()


def test_staff_forward_a_request_to_the_host(group: Group, staff: User):
    make_host(group, email="eva.host@example.org")
    make_host(group, role=HostRole.CO_HOST, email="piotr.cohost@example.org")
    request = send_join_request(group=group, **GUEST)

    forward_join_request(request=request, staff=staff)

    request.refresh_from_db()
    assert request.status == JoinRequestStatus.FORWARDED
    assert request.handled_by == staff
    assert request.handled_at is not None
    (mail,) = queued("eva.host@example.org")
    assert group.name in mail["subject"]
    assert_no_guest_details(mail)
    assert queued("piotr.cohost@example.org") == []
    (event,) = AuditEvent.objects.filter(action="join_request.forwarded")
    assert event.actor == staff
    assert "Zofia" not in str(event.after)


def test_a_request_is_forwarded_once(group: Group, staff: User):
    request = JoinRequestFactory.create(group=group)
    forward_join_request(request=request, staff=staff)

    with pytest.raises(ValidationError) as error:
        forward_join_request(request=request, staff=staff)

    assert error.value.code == "handled"


def test_only_the_groups_office_or_an_admin_handles_its_requests(group: Group):
    request = JoinRequestFactory.create(group=group)
    other_staff = staff_of(ContactPointFactory.create())
    host = make_host(group)

    for person in (other_staff, host):
        with pytest.raises(PermissionDenied):
            forward_join_request(request=request, staff=person)
        with pytest.raises(PermissionDenied):
            close_join_request(request=request, staff=person)
    assert JoinRequest.objects.get(pk=request.pk).status == JoinRequestStatus.NEW

    close_join_request(request=request, staff=make_admin())
    assert JoinRequest.objects.get(pk=request.pk).status == JoinRequestStatus.CLOSED


def test_closing_keeps_who_handled_it_first(group: Group, staff: User):
    request = JoinRequestFactory.create(group=group)
    forward_join_request(request=request, staff=staff)
    request.refresh_from_db()
    forwarded_at = request.handled_at

    close_join_request(request=request, staff=staff_of(group.contact_point))

    request.refresh_from_db()
    assert (request.status, request.handled_by, request.handled_at) == (
        JoinRequestStatus.CLOSED,
        staff,
        forwarded_at,
    )
    assert AuditEvent.objects.filter(action="join_request.closed").count() == 1


def test_handled_requests_are_deleted_after_ninety_days(group: Group):
    now = timezone.now()

    def handled(status: str, days_ago: int) -> JoinRequest:
        return JoinRequestFactory.create(
            group=group, status=status, handled_at=now - timedelta(days=days_ago)
        )

    old_forwarded = handled(JoinRequestStatus.FORWARDED, 91)
    old_closed = handled(JoinRequestStatus.CLOSED, 200)
    recent = handled(JoinRequestStatus.CLOSED, 89)
    waiting = JoinRequestFactory.create(group=group, created_at=now - timedelta(days=400))

    deleted = prune_join_requests(now=now)

    assert timedelta(days=90) == RETENTION
    assert deleted == 2
    remaining = set(JoinRequest.objects.values_list("pk", flat=True))
    assert remaining == {recent.pk, waiting.pk}
    assert not {old_forwarded.pk, old_closed.pk} & remaining
    assert not JoinRequest.objects.filter(contact=old_closed.contact, pk=old_closed.pk).exists()


def test_the_daily_command_prunes(group: Group):
    JoinRequestFactory.create(
        group=group,
        status=JoinRequestStatus.CLOSED,
        handled_at=timezone.now() - timedelta(days=100),
    )
    out = StringIO()

    call_command("prune_join_requests", stdout=out)

    assert out.getvalue().strip() == "1 request(s) deleted."
    assert not JoinRequest.objects.exists()


# --- The form for guests ----------------------------------------------------------------


def test_the_form_says_where_the_request_goes(group: Group):
    response = Client().get(url("groups:join_request", group.slug))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Ask to join" in html  # a closed group
    assert "Selbsthilfekontaktstelle" in html
    assert "selbsthilfe@demostadt.example" not in html


def test_a_guest_sends_the_form(group: Group):
    response = Client().post(url("groups:join_request", group.slug), GUEST)

    assert response.status_code == 200
    assert "Your request has been sent" in response.content.decode()
    request = JoinRequest.objects.get()
    assert (request.group, request.name, request.message) == (
        group,
        GUEST["name"],
        GUEST["message"],
    )
    assert len(queued("selbsthilfe@demostadt.example")) == 1


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({**GUEST, "name": ""}, "name"),
        ({**GUEST, "contact": ""}, "contact"),
        ({**GUEST, "contact": "x" * 121}, "contact"),
        ({**GUEST, "message": "x" * 1001}, "message"),
    ],
)
def test_the_form_shows_errors_at_the_field(group: Group, data: dict, field: str):
    response = Client().post(url("groups:join_request", group.slug), data)

    assert response.status_code == 200
    assert list(response.context["form"].errors) == [field]
    assert not JoinRequest.objects.exists()
    assert all_queued() == 0


@pytest.mark.parametrize("status", [GroupStatus.PROPOSED, GroupStatus.DECLINED, "archived"])
def test_no_form_for_groups_that_are_not_listed(group: Group, status: str):
    Group.objects.filter(pk=group.pk).update(status=status)

    assert Client().get(url("groups:join_request", group.slug)).status_code == 404
    assert Client().post(url("groups:join_request", group.slug), GUEST).status_code == 404
    assert not JoinRequest.objects.exists()


# --- The contact office's page in the staff console -----------------------------------


def test_the_office_sees_its_proposals_and_new_requests(group: Group, staff: User):
    JoinRequestFactory.create(group=group)
    proposal = GroupFactory.create(
        name="Neue Gruppe Trauer", contact_point=group.contact_point, status=GroupStatus.PROPOSED
    )
    elsewhere = GroupFactory.create(name="Fremde Gruppe", status=GroupStatus.PROPOSED)
    JoinRequestFactory.create(group=elsewhere, name="Jemand Anderes")

    response = signed_in(staff).get(url("staff:groups:overview"))

    html = response.content.decode()
    assert response.status_code == 200
    assert proposal.name in html
    assert "Zofia" in html
    assert "zofia.gast@example.net" in html
    assert "Fremde Gruppe" not in html
    assert "Jemand Anderes" not in html


def test_an_admin_sees_every_office(group: Group):
    JoinRequestFactory.create(group=GroupFactory.create(), name="Jemand Anderes")

    html = signed_in(make_admin()).get(url("staff:groups:overview")).content.decode()

    assert "Jemand Anderes" in html


def test_the_console_page_is_for_staff_with_two_factor_login(group: Group, office: ContactPoint):
    page = url("staff:groups:overview")

    assert Client().get(page)["Location"].startswith(url("account_login"))
    assert signed_in(verified_member()).get(page).status_code == 403
    assert signed_in(make_host(group)).get(page).status_code == 403
    without = signed_in(staff_of(office, two_factor=False)).get(page)
    assert without["Location"] == url("mfa_activate_totp")


def test_staff_forward_and_close_from_the_console(group: Group, staff: User):
    first = JoinRequestFactory.create(group=group)
    second = JoinRequestFactory.create(group=group, name="Jan")
    console = signed_in(staff)

    forwarded = console.post(url("staff:groups:forward", first.pk))
    closed = console.post(url("staff:groups:close", second.pk))
    again = console.post(url("staff:groups:forward", first.pk), follow=True)

    assert forwarded["Location"] == closed["Location"] == url("staff:groups:overview")
    assert JoinRequest.objects.get(pk=first.pk).status == JoinRequestStatus.FORWARDED
    assert JoinRequest.objects.get(pk=second.pk).status == JoinRequestStatus.CLOSED
    assert "This request has been handled already." in again.content.decode()
    assert console.get(url("staff:groups:forward", first.pk)).status_code == 405


def test_staff_of_another_office_cannot_handle_the_request(group: Group):
    request = JoinRequestFactory.create(group=group)
    console = signed_in(staff_of(ContactPointFactory.create()))

    assert console.post(url("staff:groups:forward", request.pk)).status_code == 403
    assert console.post(url("staff:groups:close", request.pk)).status_code == 403
    assert console.post(url("staff:groups:forward", 999999)).status_code == 404
    assert JoinRequest.objects.get(pk=request.pk).status == JoinRequestStatus.NEW


def test_staff_review_proposals_from_the_console(office: ContactPoint, staff: User):
    proposal = GroupFactory.create(contact_point=office, status=GroupStatus.PROPOSED)
    foreign = GroupFactory.create(status=GroupStatus.PROPOSED)
    console = signed_in(staff)

    approved = console.post(url("staff:groups:review", proposal.slug), {"decision": "approve"})
    refused = console.post(url("staff:groups:review", foreign.slug), {"decision": "approve"})

    assert approved["Location"] == url("staff:groups:overview")
    assert Group.objects.get(pk=proposal.pk).status == GroupStatus.ACTIVE
    assert refused.status_code == 403
    assert Group.objects.get(pk=foreign.pk).status == GroupStatus.PROPOSED


def test_staff_record_host_training_on_the_members_page(staff: User):
    member = verified_member()
    console = signed_in(staff)
    day = (timezone.localdate() - timedelta(days=2)).isoformat()

    response = console.post(url("staff:groups:training", member.public_id), {"trained_on": day})
    empty = console.post(url("staff:groups:training", member.public_id), {"trained_on": ""})
    refused = signed_in(verified_member()).post(
        url("staff:groups:training", member.public_id), {"trained_on": day}
    )

    assert response["Location"] == url("staff:member", member.public_id)
    assert HostTraining.objects.get(user=member).trained_on.isoformat() == day
    assert empty.status_code == 302
    assert refused.status_code == 403
    assert HostTraining.objects.count() == 1
