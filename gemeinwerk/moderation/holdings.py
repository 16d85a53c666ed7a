"""Moderation's entries in the personal data registry (see accounts.personal_data).

A person's export holds the reports they made. Deleting the account empties the
reporter of their reports (an open one still deserves a decision); the reports about
them go with the account (CASCADE); staff's decisions keep their row, without them."""

from typing import Any

from gemeinwerk.accounts import personal_data as pd
from gemeinwerk.moderation import kinds
from gemeinwerk.moderation.models import Report


def _label(key: str) -> str:
    try:
        return str(kinds.get(key).label)
    except KeyError:
        return key


def export_reports(user: Any) -> list[dict[str, Any]]:
    return [
        {
            "what": _label(row.kind),
            "reason": row.get_reason_display(),
            "note": row.note,
            "reported_text": row.snapshot,
            "created_at": row.created_at,
            "decision": row.get_decision_display(),
            "decided_at": row.decided_at,
        }
        for row in Report.objects.filter(reporter=user).order_by("created_at", "pk")
    ]


def register_all() -> None:
    pd.register(Report, "reporter", section="reports_made", export=export_reports)
    pd.register(Report, "reported", note="a report about this person; deleted with the account")
    pd.register(
        Report, "decided_by", note="another person's report; the link to this person is emptied"
    )
