"""Reads of moderation: the staff queue (open reports grouped per reported thing), the
decided ones, and the reports that belong together."""

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from gemeinwerk.moderation import kinds
from gemeinwerk.moderation.models import GONE, Report

# The queue lists at most this many open reports at once (oldest first): staff work
# from the top; more wait on the next page load.
QUEUE_LIMIT = 500
DECIDED_SHOWN = 50


def label_of(key: str) -> str:
    """The kind's noun; the key itself for a kind no longer registered."""
    try:
        return str(kinds.get(key).label)
    except KeyError:
        return key


@dataclass(frozen=True)
class Entry:
    """One reported thing in the queue: its oldest open report, how many there are and
    for which reasons."""

    first: Report
    label: str
    count: int
    reasons: list[str]


def open_reports() -> QuerySet[Report]:
    return Report.objects.filter(decided_at__isnull=True)


def queue() -> list[Entry]:
    """Open reports grouped per thing, the thing reported longest ago first; two
    queries whatever the number."""
    grouped: dict[tuple[str, int], list[Report]] = {}
    rows = open_reports().select_related("reported").order_by("created_at", "pk")
    for row in rows[:QUEUE_LIMIT]:
        thing = (row.kind, row.object_id if row.object_id != GONE else -row.pk)
        grouped.setdefault(thing, []).append(row)
    entries = []
    for (kind_key, _object_id), reports in grouped.items():
        reasons: list[str] = []
        for each in reports:
            label = str(each.get_reason_display())
            if label not in reasons:
                reasons.append(label)
        entries.append(Entry(reports[0], label_of(kind_key), len(reports), reasons))
    return entries


def decided() -> list[Report]:
    return list(
        Report.objects.filter(decided_at__isnull=False)
        .select_related("reported")
        .order_by("-decided_at", "-pk")[:DECIDED_SHOWN]
    )


def together(report: Report) -> list[Report]:
    """The reports staff judge with this one: the open reports of the same thing, or
    those decided together with it."""
    same = Report.objects.filter(kind=report.kind, object_id=report.object_id)
    if report.object_id == GONE:
        same = same.filter(pk=report.pk)
    elif report.decided_at is None:
        same = same.filter(decided_at__isnull=True)
    else:
        same = same.filter(decided_at=report.decided_at)
    return list(same.order_by("created_at", "pk"))


def reports_about(person: Any, *, other_than: Report) -> int:
    """How many other things of this person were reported (staff see a pattern)."""
    if person is None:
        return 0
    return (
        Report.objects.filter(reported=person)
        .exclude(kind=other_than.kind, object_id=other_than.object_id)
        .values("kind", "object_id")
        .distinct()
        .count()
    )
