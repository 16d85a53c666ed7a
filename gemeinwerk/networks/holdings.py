"""The networks app's entries in the personal data registry (see accounts.personal_data)."""

from typing import Any

from gemeinwerk.accounts import personal_data as pd
from gemeinwerk.networks.models import (
    Activity,
    Appointment,
    ContactLog,
    Initiative,
    NetworkRole,
    Registration,
    Slot,
    Welcome,
)
from gemeinwerk.networks.services.activities import leave_activities

SHARED = "shared with the network and stays; the link to this person is emptied"
OTHERS = "another person's record; the link to this person is emptied"


def export_registrations(user: Any) -> list[dict[str, Any]]:
    return [
        {
            "activity": registration.activity.title,
            "network": registration.activity.network.name,
            "status": registration.get_status_display(),
            "registered_by_staff": registration.registered_by_id is not None,
            "registered_at": registration.created_at,
            "moved_up_at": registration.moved_up_at,
            "cancelled_at": registration.cancelled_at,
        }
        for registration in Registration.objects.filter(member=user).select_related(
            "activity__network"
        )
    ]


def export_appointments(user: Any) -> list[dict[str, Any]]:
    return [
        {
            "contact_point": appointment.slot.contact_point.name,
            "starts_at": appointment.slot.starts_at,
            "how": appointment.slot.get_mode_display(),
            "message": appointment.message,
            "status": appointment.get_status_display(),
            "booked_by_staff": appointment.booked_by_id is not None,
            "booked_at": appointment.booked_at,
            "closed_at": appointment.closed_at,
        }
        for appointment in Appointment.objects.filter(member=user).select_related(
            "slot__contact_point"
        )
    ]


def export_contact_log(user: Any) -> list[dict[str, Any]]:
    return [
        {
            "contact_point": entry.contact_point.name,
            "kind": entry.get_kind_display(),
            "need": entry.need,
            "follow_up": entry.follow_up,
            "follow_up_due": entry.follow_up_due,
            "logged_at": entry.logged_at,
            "done_at": entry.done_at,
        }
        for entry in ContactLog.objects.filter(member=user).select_related("contact_point")
    ]


def register_all() -> None:
    pd.register(
        NetworkRole,
        "user",
        section="network_roles",
        export=lambda user: pd.rows(
            NetworkRole.objects.filter(user=user).select_related("network"),
            "network",
            "role",
            "created_at",
            "accepted_at",
        ),
    )
    pd.register(NetworkRole, "named_by", note=OTHERS)
    pd.register(
        Activity,
        "organiser",
        section="activities_posted",
        export=lambda user: pd.rows(
            Activity.objects.filter(organiser=user).select_related("network"),
            "network",
            "title",
            "starts_at",
            "status",
        ),
        note=SHARED,
    )
    # Deleting the account frees the person's places for the people waiting, who hear
    # of it; the rows then go with the account (CASCADE).
    pd.register(
        Registration,
        "member",
        section="activity_registrations",
        export=export_registrations,
        erase=leave_activities,
    )
    pd.register(Registration, "registered_by", note=OTHERS)
    pd.register(
        Initiative,
        "proposed_by",
        section="initiatives_proposed",
        export=lambda user: pd.rows(
            Initiative.objects.filter(proposed_by=user).select_related("network"),
            "network",
            "title",
            "status",
            "created_at",
        ),
        note=SHARED,
    )
    pd.register(Initiative, "decided_by", note=SHARED)
    pd.register(Slot, "created_by", note="a contact point's appointment time; link emptied")
    pd.register(
        Appointment,
        "member",
        section="verification_appointments",
        export=export_appointments,
    )
    pd.register(Appointment, "booked_by", note=OTHERS)
    pd.register(Appointment, "closed_by", note=OTHERS)
    pd.register(ContactLog, "member", section="calls_and_visits", export=export_contact_log)
    pd.register(ContactLog, "logged_by", note=OTHERS)
    pd.register(ContactLog, "done_by", note=OTHERS)
    pd.register(
        Welcome,
        "member",
        section="greetings_received",
        export=lambda user: pd.rows(
            Welcome.objects.filter(member=user).select_related("network", "contact_point"),
            "network",
            "contact_point",
            "sent_at",
        ),
    )
    pd.register(Welcome, "sent_by", note=OTHERS)
