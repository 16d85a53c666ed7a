"""The offline channel: notes of calls and visits with their follow-ups, and greeting
newcomers of the district. The notes' text stays out of the audit trail: the trail
says that someone wrote or closed one, not what it says."""

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gemeinwerk import audit
from gemeinwerk.accounts.models import User
from gemeinwerk.core.permissions import require
from gemeinwerk.networks.audit_actions import AuditAction
from gemeinwerk.networks.models import ContactLog, Network, Welcome
from gemeinwerk.notifications.services import notify


@transaction.atomic
def log_contact(
    *,
    staff: User,
    member: User,
    contact_point: Any,
    kind: str,
    need: str,
    follow_up: str = "",
    follow_up_due: date | None = None,
) -> ContactLog:
    require(staff, "networks.log_contacts_at", contact_point)
    entry = ContactLog(
        contact_point=contact_point,
        member=member,
        kind=kind,
        need=need.strip(),
        follow_up=follow_up.strip(),
        follow_up_due=follow_up_due,
        logged_by=staff,
    )
    entry.full_clean()
    entry.save()
    audit.record(
        actor=staff,
        action=AuditAction.CONTACT_LOGGED,
        subject=member,
        target=entry,
        after={"kind": kind, "follow_up": bool(entry.follow_up)},
    )
    return entry


@transaction.atomic
def follow_up_done(*, staff: User, entry: ContactLog) -> ContactLog:
    require(staff, "networks.read_contact_log", entry)
    entry = ContactLog.objects.select_for_update().get(pk=entry.pk)
    if not entry.is_open:
        return entry
    entry.done_at = timezone.now()
    entry.done_by = staff
    entry.save(update_fields=["done_at", "done_by"])
    audit.record(actor=staff, action=AuditAction.FOLLOW_UP_DONE, subject=entry.member, target=entry)
    return entry


@transaction.atomic
def welcome(*, staff: User, member: User, network: Network | None, contact_point: Any) -> Welcome:
    """Send a newcomer the network's greeting: a notification that leads to its newcomer
    page (or the contact point's page where the district has no network yet)."""
    require(staff, "networks.log_contacts_at", contact_point)
    profile = getattr(member, "profile", None)
    if profile is None or profile.no_contact:
        # Whoever calls this, a member who asked for no contact is not greeted.
        raise ValidationError(_("This person asked not to be contacted."), code="no_contact")
    try:
        with transaction.atomic():
            greeting = Welcome.objects.create(
                member=member, network=network, contact_point=contact_point, sent_by=staff
            )
    except IntegrityError:
        raise ValidationError(_("This person has already been greeted."), code="already") from None
    audit.record(actor=staff, action=AuditAction.NEWCOMER_WELCOMED, subject=member, target=greeting)
    path = network.get_absolute_url() if network else contact_point.get_absolute_url()
    notify(
        member,
        "networks.welcome",
        params={
            "network": network.name if network else "",
            "place": contact_point.name,
            "phone": contact_point.phone,
        },
        path=path,
    )
    return greeting
