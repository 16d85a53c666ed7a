"""Asking to join a group: the request goes to the contact point (never to a host's
private address), staff forward or close it, and the guest's details are deleted after
the retention time. Also the contact point's page in the staff console."""

import re
from datetime import timedelta
from io import StringIO
from typing import Any

import pytest
from django.core import mail as django_mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.db import transaction
from django.tasks import TaskResultStatus
from django.test import Client
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from gemeinwerk.accounts.models import TrustLevel, User
from gemeinwerk.accounts.tests.more_factories import (
    make_admin,
    signed_in,
    staff_of,
    url,
)
from gemeinwerk.audit.models import AuditEvent
from gemeinwerk.core.mail import payload_to_message
from gemeinwerk.groups.forms import GroupForm
from gemeinwerk.groups.models import (
    Group,
    GroupStatus,
    HostRole,
    HostTraining,
    JoinRequest,
    JoinRequestStatus,
)
from gemeinwerk.groups.services.requests import (
    CLIENT_LIMIT,
    GROUP_LIMIT,
    NOTIFY_PERIOD,
    RETENTION,
    close_join_request,
    forward_join_request,
    notify_office,
    prune_join_requests,
    send_join_request,
)
from gemeinwerk.groups.tests.factories import (
    GroupFactory,
    JoinRequestFactory,
    make_host,
    verified_member,
)
from gemeinwerk.notifications.models import Notification
from gemeinwerk.notifications.services import send_instant
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


def ask(group: Group, *, client: str = "client-1", **changes: Any) -> JoinRequest | None:
    return send_join_request(group=group, client=client, **{**GUEST, **changes})


def run_office_notices(now: Any = None) -> list[str]:
    """What the worker does with the queued `notify_office` tasks that are due."""
    moment = now or timezone.now()
    due = DBTaskResult.objects.filter(task_path__endswith="notify_office", run_after__lte=moment)
    results = [
        notify_office(group_id=task.args_kwargs["args"][0], now=moment)
        for task in due.filter(status=TaskResultStatus.READY)
    ]
    due.update(status=TaskResultStatus.SUCCESSFUL)
    return results


def assert_no_guest_details(payload: dict[str, Any]) -> None:
    html = [str(content) for content, _mimetype in payload["alternatives"]]
    text = " ".join([payload["subject"], payload["body"], *html])
    for detail in GUEST.values():
        assert detail not in str(text)
    assert "Zofia" not in str(text)


# --- Services -------------------------------------------------------------------------


def test_a_request_goes_to_the_contact_office_without_the_guests_details(group: Group):
    request = ask(group)
    assert request is not None
    run_office_notices()

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
            ask(group)
            raise RuntimeError("something after the request fails in the same transaction")

    with pytest.raises(RuntimeError):
        request_that_fails_later()

    assert not JoinRequest.objects.exists()
    assert all_queued() == 0
    assert run_office_notices() == []


def test_an_office_without_an_address_still_gets_the_request(group: Group):
    ContactPoint.objects.filter(pk=group.contact_point.pk).update(email="")
    group.contact_point.refresh_from_db()

    ask(group)
    run_office_notices()

    assert JoinRequest.objects.count() == 1
    assert all_queued() == 0


def test_the_contact_points_staff_hear_of_new_requests_by_notification_not_its_address(
    group: Group, staff: User, django_capture_on_commit_callbacks: Any
):
    """With staff accounts at the contact point, the notice goes to them, each in their
    language and as they chose; staff elsewhere and suspended staff hear nothing."""
    colleague = staff_of(group.contact_point, username="team_ben")
    elsewhere = staff_of(ContactPointFactory.create(), username="team_else")
    suspended = staff_of(group.contact_point, username="team_gone")
    User.objects.filter(pk=suspended.pk).update(trust_level=TrustLevel.SUSPENDED)
    ask(group)
    ask(group, client="client-2")
    with django_capture_on_commit_callbacks(execute=True):
        assert run_office_notices() == ["told", "nothing new"]  # one notice for both
    run_notifications()

    told = Notification.objects.filter(kind="groups.join_requests_waiting")
    assert sorted(told.values_list("recipient__username", flat=True)) == ["team_anna", "team_ben"]
    assert all(n.params == {"group": group.name, "count": 2} for n in told)
    assert queued("selbsthilfe@demostadt.example") == []
    for person in (staff, colleague):
        (mail,) = queued(person.email)
        assert "2 neue Anfragen zur Teilnahme" in mail["subject"]  # the staff member's language
        assert_no_guest_details(mail)
    assert not Notification.objects.filter(recipient__in=[elsewhere, suspended]).exists()


@pytest.mark.parametrize("status", [GroupStatus.PROPOSED, GroupStatus.DECLINED, "archived"])
def test_groups_that_are_not_active_take_no_requests(group: Group, status: str):
    Group.objects.filter(pk=group.pk).update(status=status)
    group.refresh_from_db()

    with pytest.raises(ValidationError):
        ask(group)

    assert not JoinRequest.objects.exists()
    assert all_queued() == 0


@pytest.mark.parametrize(
    "changes", [{"name": "  "}, {"contact": ""}, {"contact": "x" * 121}, {"name": "x" * 61}]
)
def test_a_request_needs_a_name_and_a_way_to_reach_the_guest(group: Group, changes: dict):
    with pytest.raises(ValidationError):
        ask(group, **changes)

    assert not JoinRequest.objects.exists()


def run_notifications() -> None:
    """What the worker does with the queued notification e-mails."""
    for task in DBTaskResult.objects.filter(task_path__endswith="send_notification"):
        send_instant(notification_id=task.args_kwargs["args"][0])


def test_staff_forward_a_request_to_the_host(
    group: Group, staff: User, django_capture_on_commit_callbacks: Any
):
    host = make_host(group, email="eva.host@example.org")
    make_host(group, role=HostRole.CO_HOST, email="piotr.cohost@example.org")
    request = ask(group)
    assert request is not None

    with django_capture_on_commit_callbacks(execute=True):
        forward_join_request(request=request, staff=staff)
    run_notifications()

    request.refresh_from_db()
    assert request.status == JoinRequestStatus.FORWARDED
    assert request.handled_by == staff
    assert request.handled_at is not None
    (mail,) = queued("eva.host@example.org")
    assert group.name in mail["subject"]
    assert_no_guest_details(mail)
    assert queued("piotr.cohost@example.org") == []
    (notification,) = Notification.objects.filter(recipient=host)
    assert notification.kind == "groups.join_request_forwarded"
    assert notification.path == f"/en/groups/{group.slug}/manage/"
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


# --- Abuse: floods, bots and the office's inbox ----------------------------------------


def test_the_office_gets_one_email_per_group_and_period_listing_the_new_requests(group: Group):
    """25 requests in a moment used to queue 25 e-mails to the office."""
    other = GroupFactory.create(name="Trauercafé", contact_point=group.contact_point)
    requests = [ask(group, client=f"client-{number}") for number in range(GROUP_LIMIT)]
    ask(other, client="client-x")

    results = run_office_notices()

    assert sorted(results) == ["nothing new"] * (GROUP_LIMIT - 1) + ["sent"] * 2
    mails = queued("selbsthilfe@demostadt.example")
    assert len(mails) == 2  # one for each group
    (mail,) = [m for m in mails if group.name in m["subject"]]
    assert str(GROUP_LIMIT) in mail["subject"]
    for request in requests:
        assert request is not None
        assert f"Nr.\u00a0{request.pk}," in mail["body"]
    assert_no_guest_details(mail)


def test_each_request_is_announced_once_and_later_ones_wait_for_the_period(group: Group):
    first = ask(group, client="client-1")
    run_office_notices()
    assert len(queued("selbsthilfe@demostadt.example")) == 1

    second = ask(group, client="client-2")
    assert first is not None
    assert second is not None
    # Due only when the period since the last e-mail is over.
    assert run_office_notices() == []
    assert run_office_notices(now=timezone.now() + NOTIFY_PERIOD - timedelta(minutes=1)) == []

    later = timezone.now() + NOTIFY_PERIOD + timedelta(seconds=1)
    assert run_office_notices(now=later) == ["sent"]
    assert notify_office(group_id=group.pk, now=later) == "nothing new"  # idempotent

    first_mail, second_mail = queued("selbsthilfe@demostadt.example")
    assert f"Nr.\u00a0{first.pk}," in first_mail["body"]
    assert f"Nr.\u00a0{second.pk}," in second_mail["body"]
    assert f"Nr.\u00a0{first.pk}," not in second_mail["body"]


def test_a_notice_run_too_early_waits_for_the_period(group: Group):
    """Two workers or a task queued just before an e-mail went out: still one per period."""
    ask(group, client="client-1")
    now = timezone.now()
    assert notify_office(group_id=group.pk, now=now) == "sent"
    ask(group, client="client-2")

    assert notify_office(group_id=group.pk, now=now + timedelta(minutes=5)) == "later"

    assert len(queued("selbsthilfe@demostadt.example")) == 1
    retry = DBTaskResult.objects.filter(task_path__endswith="notify_office").latest("enqueued_at")
    assert retry.run_after == now + NOTIFY_PERIOD


@pytest.mark.django_db(transaction=True)
def test_the_worker_sends_the_office_one_email(group: Group):
    for number in range(3):
        ask(group, client=f"client-{number}")

    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)

    (mail,) = [m for m in django_mail.outbox if m.to == ["selbsthilfe@demostadt.example"]]
    assert "3" in mail.subject
    assert not DBTaskResult.objects.filter(status=TaskResultStatus.FAILED).exists()


def test_requests_are_limited_per_client_address(group: Group):
    other = GroupFactory.create(contact_point=group.contact_point)
    page = url("groups:join_request", group.slug)
    guest = Client(REMOTE_ADDR="203.0.113.7")

    answers = [guest.post(page, GUEST).status_code for _ in range(25)]
    elsewhere = guest.post(url("groups:join_request", other.slug), GUEST)
    someone_else = Client(REMOTE_ADDR="203.0.113.8").post(page, GUEST)

    assert answers == [200] * CLIENT_LIMIT + [429] * (25 - CLIENT_LIMIT)
    assert elsewhere.status_code == 429  # the limit is per address, not per group
    assert someone_else.status_code == 200
    assert JoinRequest.objects.filter(group=group).count() == CLIENT_LIMIT + 1
    refused = guest.post(page, GUEST)
    assert "Too many requests have been sent in a short time." in refused.content.decode()


def test_requests_are_limited_per_group(group: Group):
    other = GroupFactory.create(contact_point=group.contact_point)
    page = url("groups:join_request", group.slug)

    answers = [
        Client(REMOTE_ADDR=f"198.51.100.{number}").post(page, GUEST).status_code
        for number in range(GROUP_LIMIT + 5)
    ]
    elsewhere = Client(REMOTE_ADDR="198.51.100.200").post(
        url("groups:join_request", other.slug), GUEST
    )

    assert answers == [200] * GROUP_LIMIT + [429] * 5
    assert JoinRequest.objects.filter(group=group).count() == GROUP_LIMIT
    assert elsewhere.status_code == 200


def test_a_filled_honeypot_is_quietly_discarded(group: Group):
    response = Client().post(
        url("groups:join_request", group.slug), {**GUEST, "website": "https://spam.example"}
    )

    assert response.status_code == 200
    assert "Your request has been sent" in response.content.decode()
    assert not JoinRequest.objects.exists()
    assert run_office_notices() == []
    assert all_queued() == 0


def test_the_honeypot_is_hidden_from_people_and_screen_readers_but_labelled(group: Group):
    html = Client().get(url("groups:join_request", group.slug)).content.decode()

    wrapper = re.search(
        r'<div class="kern-sr-only" aria-hidden="true">(.*?)</div>\s*$', html, re.S | re.M
    )
    assert wrapper is not None
    trap = wrapper.group(1)
    assert '<label class="kern-label" for="id_website">' in trap
    field = re.search(r"<input[^>]*name=\"website\"[^>]*>", trap)
    assert field is not None
    assert 'tabindex="-1"' in field.group(0)
    assert 'autocomplete="off"' in field.group(0)
    assert html.count('name="website"') == 1  # only inside the hidden part
    visible = html.split('<div class="kern-sr-only" aria-hidden="true">')[0]
    for name in ("name", "contact", "message"):
        assert f'name="{name}"' in visible


def test_names_and_contacts_lose_invisible_and_control_characters(group: Group):
    request = ask(
        group,
        name="\N{RIGHT-TO-LEFT OVERRIDE}Zofia\N{ZERO WIDTH SPACE}\r\nGast",
        contact="\uff5a\uff4f\uff46\uff49\uff41@example.net\x00",
        message="Zeile eins\r\nZeile\N{LEFT-TO-RIGHT OVERRIDE} zwei\x07",
    )

    assert request is not None
    request.refresh_from_db()
    assert (request.name, request.contact, request.message) == (
        "Zofia Gast",
        "zofia@example.net",
        "Zeile eins\nZeile zwei",
    )


@pytest.mark.parametrize(
    "name",
    [
        "Trauer\r\nBcc: x@example.org",
        "Trauer\N{RIGHT-TO-LEFT OVERRIDE}",
        "Trauer\x1b[2J",
        "Trauer\N{LINE SEPARATOR}Café",
    ],
)
def test_a_group_name_with_control_characters_is_refused(office: ContactPoint, name: str):
    form = GroupForm(data={"name": name})
    group = GroupFactory.build(name=name, contact_point=office)

    assert not form.is_valid()
    assert (
        "Please remove line breaks and invisible control characters from the name."
        in (form.errors["name"])
    )
    with pytest.raises(ValidationError) as error:
        group.full_clean()
    assert "name" in error.value.message_dict


def test_an_older_group_name_with_a_line_break_still_gives_a_sendable_email(
    group: Group, staff: User, django_capture_on_commit_callbacks: Any
):
    """Names saved before the check existed: the subject is cleaned, not the mail lost."""
    Group.objects.filter(pk=group.pk).update(name="Angehörige\r\nBcc: x@example.org")
    group.refresh_from_db()
    make_host(group, email="eva.host@example.org")
    request = ask(group)
    with django_capture_on_commit_callbacks(execute=True):
        run_office_notices()
    assert request is not None
    with django_capture_on_commit_callbacks(execute=True):
        forward_join_request(request=request, staff=staff)
    run_notifications()

    for address in (staff.email, "eva.host@example.org"):
        (payload,) = queued(address)
        assert "Angehörige Bcc: x@example.org" in payload["subject"]
        payload_to_message(payload).message()  # builds: no header error


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
    run_office_notices()

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
        # 25 ligatures fit the field, their 75 letters after NFKC do not.
        ({**GUEST, "name": "\N{LATIN SMALL LIGATURE FFI}" * 25}, "name"),
        ({**GUEST, "name": "\N{ZERO WIDTH SPACE}\N{RIGHT-TO-LEFT OVERRIDE}"}, "name"),
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


# --- The contact point's page in the staff console -----------------------------------


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
