"""Who may do what in moderation: staff of a contact point and admins decide on reports;
signed-in members report people (each reportable kind of thing names its own rule)."""

from typing import Any

import rules

from gemeinwerk.accounts.rules import is_active_staff, is_admin, is_self, member_takes_part


@rules.predicate
def is_signed_in(user: Any) -> bool:
    return bool(user.is_authenticated)


rules.add_perm("moderation.moderate", is_active_staff | is_admin)
# "Report this person" on a member's page: anyone signed in, about someone else who
# takes part (not deactivated, not suspended).
rules.add_perm("moderation.report_member", is_signed_in & ~is_self & member_takes_part)
