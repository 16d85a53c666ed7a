from django.db import transaction

from gemeinwerk import audit
from gemeinwerk.accounts import personal_data
from gemeinwerk.accounts.audit_actions import AuditAction
from gemeinwerk.accounts.models import User
from gemeinwerk.core.sqlite import truncate_write_ahead_log


@transaction.atomic
def delete_account(*, user: User) -> None:
    """Remove every piece of personal data at once. Shared records (audit rows, later
    chat threads) stay without the person: their links are emptied."""
    personal_data.erase_data(user)
    # Recorded without actor or subject: the trail shows that an account left, not who.
    audit.record(actor=None, action=AuditAction.ACCOUNT_DELETED)
    user.delete()
    # The rows are gone from the tables, not yet from SQLite's files (core/sqlite.py).
    transaction.on_commit(truncate_write_ahead_log)
