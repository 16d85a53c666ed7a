"""What the networks tell people (gemeinwerk/notifications): each kind's texts are
networks/notifications/<what>_subject.txt and _body.txt. The appointment's
confirmations carry the appointment as a calendar file."""

from typing import Any

from django.utils.translation import gettext_lazy as _

from gemeinwerk.notifications.kinds import register_kind
from gemeinwerk.notifications.models import Channel

KINDS = (
    ("networker_invited", _("A facilitator invites me to be a networker")),
    ("initiative_proposed", _("A networker proposes an initiative in a network I facilitate")),
    ("initiative_decided", _("The decision on an initiative I proposed")),
    ("moved_up", _("I move up from a waiting list")),
    ("call_moved_up", _("Someone I registered by phone moves up from a waiting list")),
    ("activity_cancelled", _("An activity I registered for is cancelled")),
    (
        "call_activity_cancelled",
        _("An activity is cancelled for which I registered people by phone"),
    ),
    ("appointment_cancelled", _("The team cancelled my verification appointment")),
    ("appointment_cancelled_staff", _("A member cancelled a verification appointment")),
    ("welcome", _("A greeting from the network of my district")),
)
# Confirmations with a calendar file.
WITH_CALENDAR = (
    ("appointment_booked", _("Confirmation of my verification appointment")),
    ("appointment_booked_staff", _("A member booked a verification appointment with us")),
)


def appointment_file(notification: Any, language: str) -> list[tuple[str, bytes, str]]:
    from gemeinwerk.networks.calendar import appointment_calendar
    from gemeinwerk.networks.models import Appointment

    appointment = (
        Appointment.objects.select_related("slot__contact_point")
        .filter(pk=notification.params.get("appointment"))
        .first()
    )
    if appointment is None or not appointment.is_booked:
        return []
    content = appointment_calendar(appointment, language=language)
    return [("appointment.ics", content, "text/calendar")]


def register() -> None:
    for what, label in KINDS:
        register_kind(
            f"networks.{what}",
            label,
            default=Channel.INSTANT,
            template=f"networks/notifications/{what}",
        )
    for what, label in WITH_CALENDAR:
        register_kind(
            f"networks.{what}",
            label,
            default=Channel.INSTANT,
            template=f"networks/notifications/{what}",
            attachments=appointment_file,
        )
