"""Requests to join a group: sent to the contact office, forwarded by staff."""

from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from gemeinwerk import audit
from gemeinwerk.accounts.models import User
from gemeinwerk.groups.models import Group, GroupHost, HostRole, JoinRequest, JoinRequestStatus
from gemeinwerk.groups.rules import is_office_staff

# Contact details of people without an account are kept only this long after staff
# handled the request.
RETENTION = timedelta(days=90)


@transaction.atomic
def send_join_request(*, group: Group, name: str, contact: str, message: str = "") -> JoinRequest:
    if not group.is_active:
        raise ValidationError(_("This group is not taking requests."), code="inactive")
    request = JoinRequest(group=group, name=name.strip(), contact=contact.strip(), message=message)
    request.full_clean()
    request.save()
    office = group.contact_point
    if office.email:
        # The office learns that a request waits; the details stay on the platform.
        send_mail(
            _("New request to join “%(group)s”") % {"group": group.name},
            render_to_string("groups/email/join_request_office.txt", {"group": group}),
            None,
            [office.email],
        )
    return request


def _check_staff(staff: User, request: JoinRequest) -> None:
    if not (is_office_staff(staff, request.group) or staff.is_superuser):
        raise PermissionDenied("only the group's contact office handles its requests")


@transaction.atomic
def forward_join_request(*, request: JoinRequest, staff: User) -> None:
    """Staff pass the request on to the group's host, who sees it on the group's page
    and gets an e-mail that a request waits."""
    _check_staff(staff, request)
    request = JoinRequest.objects.select_for_update().get(pk=request.pk)
    if request.status != JoinRequestStatus.NEW:
        raise ValidationError(_("This request has been handled already."), code="handled")
    request.status = JoinRequestStatus.FORWARDED
    request.handled_by = staff
    request.handled_at = timezone.now()
    request.save(update_fields=["status", "handled_by", "handled_at"])
    audit.record(actor=staff, action="join_request.forwarded", target=request)
    host = (
        GroupHost.objects.filter(group=request.group, role=HostRole.HOST)
        .select_related("user")
        .first()
    )
    if host is not None and host.user.email:
        send_mail(
            _("Someone would like to join “%(group)s”") % {"group": request.group.name},
            render_to_string("groups/email/join_request_host.txt", {"group": request.group}),
            None,
            [host.user.email],
        )


@transaction.atomic
def close_join_request(*, request: JoinRequest, staff: User) -> None:
    _check_staff(staff, request)
    request.status = JoinRequestStatus.CLOSED
    request.handled_by = request.handled_by or staff
    request.handled_at = request.handled_at or timezone.now()
    request.save(update_fields=["status", "handled_by", "handled_at"])
    audit.record(actor=staff, action="join_request.closed", target=request)


@transaction.atomic
def prune_join_requests(*, now: datetime | None = None) -> int:
    """Delete handled requests (with the guest's contact details) after RETENTION."""
    cutoff = (now or timezone.now()) - RETENTION
    deleted, _ = JoinRequest.objects.filter(
        status__in=[JoinRequestStatus.FORWARDED, JoinRequestStatus.CLOSED], handled_at__lt=cutoff
    ).delete()
    return deleted
