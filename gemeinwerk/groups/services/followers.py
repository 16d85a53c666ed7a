"""Members who asked to hear of a group's meetings: reminders before each date, and a
word when a date is cancelled or the room code changes. Only people who were in the
room (they knew its code) can ask, from the page before the room; the group's hosts
see who asked and may take someone off the list."""

from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation

from gemeinwerk import audit
from gemeinwerk.accounts.models import User
from gemeinwerk.core.permissions import may
from gemeinwerk.groups import roomcodes
from gemeinwerk.groups.audit_actions import AuditAction
from gemeinwerk.groups.models import Follower, Group, Occurrence
from gemeinwerk.notifications.services import notify

# A reminder goes out this long before a date begins (or at once, for a date that is
# sooner when the reminders are planned).
REMIND_BEFORE = timedelta(hours=24)
# The daily housekeeping plans the reminders of the dates in this window; it overlaps
# the next day's run, so a late or missed run loses no reminder (each goes out once).
PLANNING_WINDOW = timedelta(hours=48)


@transaction.atomic
def follow(*, user: User, occurrence: Occurrence) -> Follower:
    """`user` holds a ticket into `occurrence`'s room (the view checked it)."""
    if not may(user, "groups.follow"):
        raise PermissionDenied("sign in to get reminders")
    group = occurrence.meeting.group
    follower, _created = Follower.objects.get_or_create(group=group, user=user)
    return follower


@transaction.atomic
def stop_following(*, user: User, group: Group) -> None:
    Follower.objects.filter(group=group, user=user).delete()


@transaction.atomic
def remove_follower(*, actor: User, follower: Follower) -> None:
    if not may(actor, "groups.remove_follower", follower.group):
        raise PermissionDenied("only the group's hosts take someone off its list")
    audit.record(
        actor=actor,
        action=AuditAction.FOLLOWER_REMOVED,
        target=follower.group,
        subject=follower.user,
    )
    follower.delete()


def _join_path() -> str:
    """The join page, where the notification leads (texts.path_in gives its language)."""
    with translation.override(None):
        return reverse("join:form")


def tell(
    group: Group, kind: str, params: dict[str, Any], *, hosts: bool, actor: User | None = None
) -> int:
    """Notify the group's followers (and its hosts, if `hosts`) except `actor`."""
    people = {f.user for f in Follower.objects.filter(group=group).select_related("user")}
    if hosts:
        people |= {h.user for h in group.hosts.select_related("user")}
    people.discard(actor)
    path = _join_path()
    for person in sorted(people, key=lambda p: p.pk):
        notify(person, kind, params={"group": group.name, **params}, path=path)
    return len(people)


def date_cancelled(occurrence: Occurrence, actor: User) -> int:
    return tell(
        occurrence.meeting.group,
        "groups.meeting_cancelled",
        {"starts_at": occurrence.starts_at.isoformat()},
        hosts=True,
        actor=actor,
    )


def date_moved(occurrence: Occurrence, before: datetime, actor: User) -> int:
    # Reminded of the old time is not reminded of the new one.
    Follower.objects.filter(group=occurrence.meeting.group, reminded_until=before).update(
        reminded_until=None
    )
    return tell(
        occurrence.meeting.group,
        "groups.meeting_moved",
        {"starts_at": before.isoformat(), "new_starts_at": occurrence.starts_at.isoformat()},
        hosts=True,
        actor=actor,
    )


def code_changed(group: Group, code: str, occurrence: Occurrence | None, actor: User) -> int:
    """The new code goes to the people who asked (they knew the old one) and to the
    group's other hosts; anyone the hosts took off the list does not hear it."""
    params = {"code": roomcodes.display(code)}
    if occurrence is not None:
        params["starts_at"] = occurrence.starts_at.isoformat()
    return tell(group, "groups.room_code_changed", params, hosts=True, actor=actor)


@transaction.atomic
def remind(*, occurrence_id: int, now: datetime | None = None) -> str:
    """Remind the followers of a date, each once (run by the `remind_followers` task:
    running it again, or at the same time, reminds nobody twice)."""
    occurrence = (
        Occurrence.objects.select_related("meeting__group").filter(pk=occurrence_id).first()
    )
    moment = now or timezone.now()
    if occurrence is None or occurrence.cancelled_at or occurrence.meeting.ended_at:
        return "no date"
    if occurrence.starts_at <= moment:
        return "begun"
    waiting = list(
        Follower.objects.select_for_update()
        .filter(group=occurrence.meeting.group)
        .exclude(reminded_until__gte=occurrence.starts_at)
        .select_related("user")
    )
    params = {"group": occurrence.meeting.group.name, "starts_at": occurrence.starts_at.isoformat()}
    path = _join_path()
    for follower in waiting:
        notify(follower.user, "groups.meeting_reminder", params=params, path=path)
    Follower.objects.filter(pk__in=[f.pk for f in waiting]).update(
        reminded_until=occurrence.starts_at
    )
    return f"{len(waiting)} reminded"


def plan_reminders(now: datetime | None = None) -> int:
    """Daily: a reminder task for every date of a followed group in the next two days,
    to run REMIND_BEFORE its start."""
    from gemeinwerk.groups.tasks import remind_followers

    moment = now or timezone.now()
    dates = Occurrence.objects.filter(
        starts_at__gt=moment,
        starts_at__lte=moment + PLANNING_WINDOW,
        cancelled_at__isnull=True,
        meeting__group__followers__isnull=False,
    ).distinct()
    planned = 0
    for occurrence in dates:
        run_after = max(moment, occurrence.starts_at - REMIND_BEFORE)
        remind_followers.using(run_after=run_after).enqueue(occurrence.pk)
        planned += 1
    return planned
