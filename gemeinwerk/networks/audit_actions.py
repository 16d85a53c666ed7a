"""The audit actions the networks app records, with their readable names (registered
with the audit labels in apps.py). The values are stored in AuditEvent.action: never
change one."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditAction(models.TextChoices):
    NETWORK_CREATED = "network.created", _("Network created")
    NETWORK_UPDATED = "network.updated", _("Network details changed")
    FACILITATOR_NAMED = "network.facilitator_named", _("Facilitator named")
    FACILITATOR_REMOVED = "network.facilitator_removed", _("Facilitator removed")
    NETWORKER_INVITED = "network.networker_invited", _("Invited to be a networker")
    NETWORKER_ACCEPTED = "network.networker_accepted", _("Became a networker")
    NETWORKER_REMOVED = "network.networker_removed", _("Networker removed")
    INITIATIVE_ACCEPTED = "network.initiative_accepted", _("Initiative put on the network's page")
    INITIATIVE_DECLINED = "network.initiative_declined", _("Initiative not taken up")
    ACTIVITY_CANCELLED = "activity.cancelled", _("Activity cancelled")
    REGISTERED_BY_STAFF = "activity.registered_by_staff", _("Registered for an activity by staff")
    REGISTRATION_CANCELLED_BY_STAFF = (
        "activity.registration_cancelled_by_staff",
        _("Registration cancelled by staff"),
    )
    SLOTS_PUBLISHED = "appointment.slots_published", _("Appointment times published")
    SLOT_REMOVED = "appointment.slot_removed", _("Appointment time removed")
    APPOINTMENT_BOOKED_BY_STAFF = "appointment.booked_by_staff", _("Appointment booked by staff")
    APPOINTMENT_CANCELLED_BY_STAFF = (
        "appointment.cancelled_by_staff",
        _("Appointment cancelled by staff"),
    )
    APPOINTMENT_OUTCOME = "appointment.outcome", _("Outcome of an appointment recorded")
    CONTACT_LOGGED = "care.contact_logged", _("Call or visit noted")
    FOLLOW_UP_DONE = "care.follow_up_done", _("Follow-up done")
    NEWCOMER_WELCOMED = "care.newcomer_welcomed", _("Newcomer greeted")
