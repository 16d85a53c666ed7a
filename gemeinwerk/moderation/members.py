"""People as a reportable kind ("Report this person" on a member's page). Registered by
moderation itself: accounts sits below it and knows nothing of reports.

What staff see is what anyone may see of the person: the user name and the profile
fields the person shows to everyone."""

from typing import Any

from django.utils.translation import gettext_lazy as _

from gemeinwerk.accounts.models import User
from gemeinwerk.accounts.rules import ProfileAudience, visible_to
from gemeinwerk.moderation.kinds import ReportKind, register_kind

KEY = "accounts.member"


def load(pk: int) -> User | None:
    return User.objects.filter(pk=pk, is_active=True).select_related("profile").first()


def snapshot(member: Any) -> str:
    lines = [str(member.username)]
    profile = getattr(member, "profile", None)
    if profile is not None:
        for field in ("display_name", "about"):
            value = getattr(profile, field)
            if value and visible_to(ProfileAudience.PUBLIC, profile, field):
                lines.append(str(value))
    return "\n\n".join(lines)


def staff_link(member: Any) -> str:
    # Imported on use: the console's URLs are read only after every app is ready.
    from django.urls import reverse

    return reverse("staff:member", args=[member.public_id])


def register() -> None:
    register_kind(
        ReportKind(
            key=KEY,
            label=_("Person"),
            load=load,
            author=lambda member: member,
            snapshot=snapshot,
            permission="moderation.report_member",
            staff_link=staff_link,
        )
    )
