"""Requests to join a group: sent to the contact point, forwarded by staff.

Guests need no account, so the form is open to anyone, scripts included: requests are
limited per client address and per group, a hidden field catches simple bots, and the
office gets one e-mail per group and period that lists what came in, not one per request.
"""

from datetime import datetime, timedelta
from functools import partial

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_tasks_db import DatabaseBackend

from gemeinwerk import audit
from gemeinwerk.accounts.models import User
from gemeinwerk.accounts.selectors import staff_at
from gemeinwerk.core.permissions import may
from gemeinwerk.core.ratelimit import attempt
from gemeinwerk.core.text import clean_name, strip_invisible
from gemeinwerk.groups.audit_actions import AuditAction
from gemeinwerk.groups.models import Group, GroupHost, HostRole, JoinRequest, JoinRequestStatus
from gemeinwerk.groups.tasks import notify_office as notify_office_task
from gemeinwerk.notifications.services import notify

# Contact details of people without an account are kept only this long after staff
# handled the request.
RETENTION = timedelta(days=90)

# A person asks one group or a few; a script sending dozens is stopped. The limit per
# group keeps a flood from many addresses from filling the office's list.
LIMIT_WINDOW_SECONDS = 3600
CLIENT_LIMIT = 5
GROUP_LIMIT = 20

# The office hears of new requests for a group at most once in this period.
NOTIFY_PERIOD = timedelta(hours=1)


def _clean_message(text: str) -> str:
    """Free text keeps its line breaks; other control and format characters go."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\n".join(strip_invisible(line) for line in lines).strip()


@transaction.atomic
def send_join_request(
    *,
    group: Group,
    name: str,
    contact: str,
    message: str = "",
    client: str,
    website: str = "",
) -> JoinRequest | None:
    """`client`: the hashed client address (`core.ratelimit.client_key`). `website`: the
    form's hidden field, which people never see and only programs fill in: such a
    request is answered like any other but not kept (None)."""
    if not group.is_active:
        raise ValidationError(_("This group is not taking requests."), code="inactive")
    if website:
        return None
    # Counted before anything is stored; the group's count only for addresses within
    # their own limit, so one address cannot use up a group's requests.
    allowed = attempt(
        "join-request-client", client, limit=CLIENT_LIMIT, window_seconds=LIMIT_WINDOW_SECONDS
    ) and attempt(
        "join-request-group",
        str(group.pk),
        limit=GROUP_LIMIT,
        window_seconds=LIMIT_WINDOW_SECONDS,
    )
    if not allowed:
        raise ValidationError(
            _(
                "Too many requests have been sent in a short time. Please try again in an "
                "hour, or call the contact point."
            ),
            code="rate_limited",
        )
    request = JoinRequest(
        group=group,
        name=clean_name(name),
        contact=clean_name(contact),
        message=_clean_message(message),
    )
    request.full_clean()
    request.save()
    _schedule_office_notice(group)
    return request


def _schedule_office_notice(group: Group) -> None:
    """The office's e-mail waits until the group's period since the last one is over.
    With the database task backend the task row is part of this transaction, like
    queued e-mail; other backends get it after the commit."""
    last = JoinRequest.objects.filter(group=group).aggregate(last=Max("office_notified_at"))
    now = timezone.now()
    run_after = max(now, last["last"] + NOTIFY_PERIOD) if last["last"] else now
    enqueue = partial(notify_office_task.using(run_after=run_after).enqueue, group.pk)
    if isinstance(notify_office_task.get_backend(), DatabaseBackend):
        enqueue()
    else:
        transaction.on_commit(enqueue)


@transaction.atomic
def notify_office(*, group_id: int, now: datetime | None = None) -> str:
    """One e-mail to the group's contact point listing the requests it has not yet
    been told of; each request is listed once. Run by the `notify_office` task: running
    it again, or several times at once, sends nothing twice."""
    moment = now or timezone.now()
    # The lock on the group serialises workers that run this for the same group.
    group = (
        Group.objects.select_for_update()
        .select_related("contact_point")
        .filter(pk=group_id)
        .first()
    )
    if group is None:
        return "gone"
    waiting = list(
        JoinRequest.objects.filter(
            group=group, status=JoinRequestStatus.NEW, office_notified_at__isnull=True
        ).order_by("created_at", "pk")
    )
    if not waiting:
        return "nothing new"
    office = group.contact_point
    staff = list(staff_at(office))
    if not staff and not office.email:
        # Nobody to tell: the requests wait in the console.
        return "no one to tell"
    last = JoinRequest.objects.filter(group=group).aggregate(last=Max("office_notified_at"))
    if last["last"] and last["last"] + NOTIFY_PERIOD > moment:
        notify_office_task.using(run_after=last["last"] + NOTIFY_PERIOD).enqueue(group.pk)
        return "later"
    JoinRequest.objects.filter(pk__in=[r.pk for r in waiting]).update(office_notified_at=moment)
    # The group's name goes into a header: names saved before control characters were
    # refused must not make the e-mail unsendable.
    group_name = clean_name(group.name)
    # The details stay on the platform: the notice says only how many and where.
    if staff:
        with translation.override(settings.LANGUAGE_CODE):
            path = reverse("staff:groups:overview")
        for person in staff:
            notify(
                person,
                "groups.join_requests_waiting",
                params={"group": group_name, "count": len(waiting)},
                path=path,
            )
        return "told"
    # A contact point without staff accounts on the platform: its own address, in the
    # installation's language (a contact point has none of its own).
    with translation.override(settings.LANGUAGE_CODE):
        _send_office_notice(office.email, group_name, waiting)
    return "sent"


def _send_office_notice(address: str, group_name: str, waiting: list[JoinRequest]) -> None:
    count = len(waiting)
    send_mail(
        ngettext(
            "%(count)d new request to join “%(group)s”",
            "%(count)d new requests to join “%(group)s”",
            count,
        )
        % {"count": count, "group": group_name},
        render_to_string(
            "groups/email/join_request_office.txt",
            {"group_name": group_name, "requests": waiting, "count": count},
        ),
        None,
        [address],
    )


def _check_staff(staff: User, request: JoinRequest) -> None:
    if not may(staff, "groups.handle_join_request", request.group):
        raise PermissionDenied("only the group's contact point handles its requests")


@transaction.atomic
def forward_join_request(*, request: JoinRequest, staff: User) -> None:
    """Staff pass the request on to the group's host, who sees it on the group's page
    and is told that a request waits (gemeinwerk/notifications)."""
    _check_staff(staff, request)
    request = JoinRequest.objects.select_for_update().get(pk=request.pk)
    if request.status != JoinRequestStatus.NEW:
        raise ValidationError(_("This request has been handled already."), code="handled")
    request.status = JoinRequestStatus.FORWARDED
    request.handled_by = staff
    request.handled_at = timezone.now()
    request.save(update_fields=["status", "handled_by", "handled_at"])
    audit.record(actor=staff, action=AuditAction.JOIN_REQUEST_FORWARDED, target=request)
    host = (
        GroupHost.objects.filter(group=request.group, role=HostRole.HOST)
        .select_related("user")
        .first()
    )
    if host is not None:
        # In the host's list at once; by e-mail as the host chose (at once by default).
        notify(
            host.user,
            "groups.join_request_forwarded",
            params={"group": clean_name(request.group.name)},
            path=reverse("groups:manage", args=[request.group.slug]),
        )


@transaction.atomic
def close_join_request(*, request: JoinRequest, staff: User) -> None:
    _check_staff(staff, request)
    request.status = JoinRequestStatus.CLOSED
    request.handled_by = request.handled_by or staff
    request.handled_at = request.handled_at or timezone.now()
    request.save(update_fields=["status", "handled_by", "handled_at"])
    audit.record(actor=staff, action=AuditAction.JOIN_REQUEST_CLOSED, target=request)


@transaction.atomic
def prune_join_requests(*, now: datetime | None = None) -> int:
    """Delete handled requests (with the guest's contact details) after RETENTION."""
    cutoff = (now or timezone.now()) - RETENTION
    deleted, _ = JoinRequest.objects.filter(
        status__in=[JoinRequestStatus.FORWARDED, JoinRequestStatus.CLOSED], handled_at__lt=cutoff
    ).delete()
    return deleted
