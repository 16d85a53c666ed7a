"""Who may do what with notifications."""

from typing import Any

import rules


@rules.predicate
def looks_after(user: Any, member: Any) -> bool:
    """Staff who look after an assisted member (a rule of accounts, the app above)."""
    return bool(rules.has_perm("accounts.look_after_assisted", user, member))


@rules.predicate
def has_no_email(user: Any, member: Any) -> bool:
    return not getattr(member, "email", "")


rules.add_perm("notifications.read_own", rules.is_authenticated)
# Only for people the platform cannot write to: the others read their e-mails.
rules.add_perm("notifications.pass_on", looks_after & has_no_email)
