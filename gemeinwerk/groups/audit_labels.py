"""Readable names of the audit actions the groups app records (registered in apps.py)."""

from django.utils.translation import gettext_lazy as _

ACTION_LABELS = {
    "group.approved": _("Group approved"),
    "group.declined": _("Group proposal declined"),
    "group.updated": _("Group details changed"),
    "group.move_requested": _("Move to another contact point requested"),
    "group.move_approved": _("Move to another contact point approved"),
    "group.move_declined": _("Move to another contact point declined"),
    "host.training_recorded": _("Host training recorded"),
    "host.agreement_accepted": _("Usage agreement accepted"),
    "host.invited": _("Invited to host"),
    "host.invitation_accepted": _("Invitation to host accepted"),
    "host.invitation_declined": _("Invitation to host declined"),
    "host.invitation_withdrawn": _("Invitation to host withdrawn"),
    "host.co_host_removed": _("Co-host removed"),
    "host.handed_over": _("Group handed over to a new host"),
    "join_request.forwarded": _("Request to join passed on to the host"),
    "join_request.closed": _("Request to join closed"),
    "meeting.scheduled": _("Meeting scheduled"),
    "meeting.code_regenerated": _("New room code made"),
    "meeting.occurrence_cancelled": _("Meeting date cancelled"),
    "meeting.ended": _("Meeting series ended"),
}
