"""The audit actions the groups app records, with their readable names (registered with
the audit labels in apps.py). The values are stored in AuditEvent.action: never change one."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditAction(models.TextChoices):
    GROUP_APPROVED = "group.approved", _("Group approved")
    GROUP_DECLINED = "group.declined", _("Group proposal declined")
    GROUP_UPDATED = "group.updated", _("Group details changed")
    GROUP_MOVE_REQUESTED = "group.move_requested", _("Move to another contact point requested")
    GROUP_MOVE_APPROVED = "group.move_approved", _("Move to another contact point approved")
    GROUP_MOVE_DECLINED = "group.move_declined", _("Move to another contact point declined")
    HOST_TRAINING_RECORDED = "host.training_recorded", _("Host training recorded")
    HOST_AGREEMENT_ACCEPTED = "host.agreement_accepted", _("Usage agreement accepted")
    HOST_INVITED = "host.invited", _("Invited to host")
    HOST_INVITATION_ACCEPTED = "host.invitation_accepted", _("Invitation to host accepted")
    HOST_INVITATION_DECLINED = "host.invitation_declined", _("Invitation to host declined")
    HOST_INVITATION_WITHDRAWN = "host.invitation_withdrawn", _("Invitation to host withdrawn")
    HOST_CO_HOST_REMOVED = "host.co_host_removed", _("Co-host removed")
    HOST_HANDED_OVER = "host.handed_over", _("Group handed over to a new host")
    JOIN_REQUEST_FORWARDED = "join_request.forwarded", _("Request to join passed on to the host")
    JOIN_REQUEST_CLOSED = "join_request.closed", _("Request to join closed")
    MEETING_SCHEDULED = "meeting.scheduled", _("Meeting scheduled")
    MEETING_CODE_REGENERATED = "meeting.code_regenerated", _("New room code made")
    MEETING_OCCURRENCE_CANCELLED = "meeting.occurrence_cancelled", _("Meeting date cancelled")
    MEETING_OCCURRENCE_MOVED = "meeting.occurrence_moved", _("Meeting date moved")
    MEETING_ENDED = "meeting.ended", _("Meeting series ended")
    FOLLOWER_REMOVED = "follower.removed", _("Taken off a group's reminder list")
