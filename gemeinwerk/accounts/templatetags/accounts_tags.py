"""Template helpers other apps use to show people of the accounts app."""

from typing import Any

from django import template

from gemeinwerk.accounts.models import Role, RoleAssignment, Visibility

register = template.Library()


@register.simple_tag
def contact_point_team(contact_point: Any) -> list[str]:
    """The names the staff of a contact point show to everyone; staff who keep their
    display name private are counted, not named."""
    assignments = RoleAssignment.objects.filter(
        role=Role.STAFF, contact_point=contact_point
    ).select_related("user__profile")
    names = []
    for assignment in assignments:
        profile = getattr(assignment.user, "profile", None)
        shown = profile is not None and profile.display_name_visibility == Visibility.PUBLIC
        names.append(profile.display_name if profile is not None and shown else "")
    return names
