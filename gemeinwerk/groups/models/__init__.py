"""Self-help groups: the directory, hosts and their usage agreement, meetings with room
codes, and requests to join through the contact point."""

from gemeinwerk.groups.models.followers import Follower
from gemeinwerk.groups.models.groups import Format, Group, GroupStatus, Topic
from gemeinwerk.groups.models.hosts import (
    AgreementAcceptance,
    GroupHost,
    HostInvitation,
    HostRole,
    HostTraining,
    InvitationStatus,
    UsageAgreement,
)
from gemeinwerk.groups.models.meetings import Meeting, Occurrence, Recurrence
from gemeinwerk.groups.models.requests import JoinRequest, JoinRequestStatus

__all__ = [
    "AgreementAcceptance",
    "Follower",
    "Format",
    "Group",
    "GroupHost",
    "GroupStatus",
    "HostInvitation",
    "HostRole",
    "HostTraining",
    "InvitationStatus",
    "JoinRequest",
    "JoinRequestStatus",
    "Meeting",
    "Occurrence",
    "Recurrence",
    "Topic",
    "UsageAgreement",
]
