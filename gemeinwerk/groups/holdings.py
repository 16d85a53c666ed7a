"""The groups app's entries in the personal data registry (see accounts.personal_data)."""

from typing import Any

from gemeinwerk.accounts import personal_data as pd
from gemeinwerk.groups.models import (
    AgreementAcceptance,
    Follower,
    Group,
    GroupHost,
    HostInvitation,
    HostTraining,
    JoinRequest,
    Meeting,
)

GROUP_STAYS = "the group is shared with its members and stays; the link is emptied"


def export_hosting(user: Any) -> list[dict[str, Any]]:
    return [
        {"group": host.group.name, "role": host.get_role_display(), "since": host.since}
        for host in GroupHost.objects.filter(user=user).select_related("group")
    ]


def register_all() -> None:
    pd.register(
        Follower,
        "user",
        section="group_reminders",
        export=lambda user: pd.rows(
            Follower.objects.filter(user=user).select_related("group"),
            "group",
            "since",
            "reminded_until",
        ),
    )
    pd.register(GroupHost, "user", section="groups_hosted", export=export_hosting)
    pd.register(
        HostInvitation,
        "user",
        section="host_invitations",
        export=lambda user: pd.rows(
            HostInvitation.objects.filter(user=user).select_related("group"),
            "group",
            "role",
            "status",
            "created_at",
            "answered_at",
        ),
    )
    pd.register(HostInvitation, "invited_by", note="another member's invitation; link emptied")
    pd.register(
        HostTraining,
        "user",
        section="host_training",
        export=lambda user: pd.rows(
            HostTraining.objects.filter(user=user).select_related("contact_point"),
            "trained_on",
            "contact_point",
            "recorded_at",
        ),
    )
    pd.register(HostTraining, "recorded_by", note="another member's record; link emptied")
    pd.register(
        AgreementAcceptance,
        "user",
        section="usage_agreements_accepted",
        export=lambda user: pd.rows(
            AgreementAcceptance.objects.filter(user=user).select_related("agreement"),
            "agreement",
            "accepted_at",
        ),
    )
    pd.register(
        Group,
        "proposed_by",
        section="groups_proposed",
        export=lambda user: pd.rows(
            Group.objects.filter(proposed_by=user), "name", "status", "proposed_at"
        ),
        note=GROUP_STAYS,
    )
    pd.register(Group, "reviewed_by", note=GROUP_STAYS)
    pd.register(Group, "move_requested_by", note=GROUP_STAYS)
    pd.register(Meeting, "created_by", note="the group's meeting stays; the link is emptied")
    pd.register(
        JoinRequest,
        "handled_by",
        note="a guest's request handled by staff; deleted after the retention time",
    )
