"""Who may do what in the help centre: everyone reads it; staff (every console role)
write it."""

from typing import Any

import rules


@rules.predicate
def uses_staff_console(user: Any) -> bool:
    """Staff, coordinators and admins who may use the console (a rule of accounts)."""
    return bool(rules.has_perm("accounts.use_staff_console", user))


rules.add_perm("help.edit", uses_staff_console)
