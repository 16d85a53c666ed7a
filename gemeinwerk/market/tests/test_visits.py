"""Safe home visits (services/visits.py, tasks.py, the console's incidents): either side
of agreed help names one trusted contact and a check-out time in the next two weeks; a
task checks after the grace period and tells the contact once; a late check-out tells
them all is well; the daily sweep catches what a stopped worker missed; staff of the
contact points concerned see the open incidents and settle them with a note, audited."""

from datetime import datetime, timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from gemeinwerk.accounts.models import TrustLevel
from gemeinwerk.accounts.tests.more_factories import (
    make_admin,
    make_contact_point,
    make_user,
    signed_in,
    staff_of,
    url,
)
from gemeinwerk.audit.models import AuditEvent
from gemeinwerk.core.housekeeping import jobs
from gemeinwerk.market import selectors
from gemeinwerk.market.models import Response, Visit
from gemeinwerk.market.services import responses, visits
from gemeinwerk.market.tests.factories import agreement, district, listing, member, response, visit
from gemeinwerk.notifications.models import Notification

pytestmark = pytest.mark.django_db


def told(user: Any, kind: str = "market.visit_missed") -> list[Notification]:
    return list(Notification.objects.filter(recipient=user, kind=kind))


def due(planned: Visit) -> datetime:
    """Just after the grace period following the check-out time."""
    return planned.check_out_by + visits.grace() + timedelta(minutes=1)


def local(moment: datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


# --- Planning ----------------------------------------------------------------------------------


def test_the_helper_plans_a_visit_from_the_agreement_and_a_check_is_queued(
    django_capture_on_commit_callbacks: Any,
):
    agreed = agreement()
    friend = member(username="freundin")
    client = signed_in(agreed.responder)
    html = client.get(url("market:listing", agreed.listing_id)).content.decode()
    assert url("market:plan_visit", agreed.pk) in html
    assert client.get(url("market:plan_visit", agreed.pk)).status_code == 200
    when = timezone.now() + timedelta(hours=3)
    DBTaskResult.objects.all().delete()

    with django_capture_on_commit_callbacks(execute=True):
        answer = client.post(
            url("market:plan_visit", agreed.pk),
            {"check_out_by": local(when), "contact": "member", "trusted_member": "FREUNDIN"},
        )

    planned = Visit.objects.get()
    assert answer.status_code == 302
    assert answer["Location"] == url("market:visit", planned.pk)
    assert (planned.person, planned.trusted_member) == (agreed.responder, friend)
    assert planned.trusted_contact_point is None
    assert planned.check_out_by == when.replace(second=0, microsecond=0)
    [queued] = DBTaskResult.objects.filter(task_path="gemeinwerk.market.tasks.check_visit")
    assert queued.args_kwargs["args"] == [planned.pk]
    assert queued.run_after == planned.check_out_by + visits.grace()
    page = client.get(answer["Location"]).content.decode()
    assert "freundin" in page
    assert "Planned." in page


def test_the_owner_may_plan_one_too_with_a_contact_point():
    agreed = agreement()
    point = make_contact_point()

    planned = visit(agreed, person=agreed.listing.owner, trusted_contact_point=point)

    assert (planned.person, planned.trusted_contact_point) == (agreed.listing.owner, point)


@pytest.mark.parametrize("state", ["open", "declined", "ended", "done"])
def test_only_agreed_help_gets_a_safe_visit(state: str):
    item = listing(member())
    answer = response(item)
    if state == "declined":
        responses.decide(owner=item.owner, response=answer, accept=False)
    elif state in ("ended", "done"):
        answer = responses.decide(owner=item.owner, response=answer, accept=True)
        if state == "ended":
            responses.end(user=answer.responder, response=answer)
        else:
            answer = responses.mark_done(user=answer.responder, response=answer)
            responses.mark_done(user=item.owner, response=answer)
    answer.refresh_from_db()

    with pytest.raises(PermissionDenied):
        visit(answer)
    assert signed_in(answer.responder).get(url("market:plan_visit", answer.pk)).status_code == 403
    assert not Visit.objects.exists()


def test_nobody_outside_the_agreement_plans_its_visit():
    agreed = agreement()
    stranger = member()
    with pytest.raises(PermissionDenied):
        visit(agreed, person=stranger)
    assert signed_in(stranger).get(url("market:plan_visit", agreed.pk)).status_code == 404


def test_the_check_out_time_is_in_the_future_and_within_two_weeks():
    agreed = agreement()
    now = timezone.now()
    friend = member()

    def plan(at: datetime) -> Visit:
        return visits.plan_visit(
            person=agreed.responder, response=agreed, check_out_by=at, trusted_member=friend
        )

    with pytest.raises(ValidationError, match="must be in the future"):
        plan(now - timedelta(minutes=1))
    with pytest.raises(ValidationError, match="next two weeks"):
        plan(now + timedelta(days=14, minutes=5))
    assert plan(now + timedelta(days=13, hours=23)).pk
    answer = signed_in(agreed.responder).post(
        url("market:plan_visit", agreed.pk),
        {
            "check_out_by": local(now - timedelta(hours=1)),
            "contact": "member",
            "trusted_member": friend.username,
        },
    )
    assert answer.status_code == 200
    assert "The check-out time must be in the future." in answer.content.decode()
    assert Visit.objects.count() == 1


def test_exactly_one_trusted_contact():
    agreed = agreement()
    with pytest.raises(ValidationError, match="Choose one trusted contact"):
        visits.plan_visit(
            person=agreed.responder,
            response=agreed,
            check_out_by=timezone.now() + timedelta(hours=1),
        )
    with pytest.raises(ValidationError, match="Choose one trusted contact"):
        visit(agreed, trusted_member=member(), trusted_contact_point=make_contact_point())
    answer = signed_in(agreed.responder).post(
        url("market:plan_visit", agreed.pk),
        {"check_out_by": local(timezone.now() + timedelta(hours=1)), "contact": "place"},
    )
    assert "Please choose a contact point." in answer.content.decode()
    assert not Visit.objects.exists()


@pytest.mark.parametrize("who", ["owner", "responder", "unverified", "suspended", "inactive"])
def test_the_trusted_member_is_verified_and_outside_the_visit(who: str):
    agreed = agreement()
    person = {
        "owner": lambda: agreed.listing.owner,
        "responder": lambda: agreed.responder,
        "unverified": lambda: make_user(trust_level=TrustLevel.UNVERIFIED),
        "suspended": lambda: make_user(trust_level=TrustLevel.SUSPENDED),
        "inactive": lambda: member(is_active=False),
    }[who]()

    with pytest.raises(ValidationError) as refused:
        visit(agreed, trusted_member=person)
    assert "trusted_member" in refused.value.error_dict
    answer = signed_in(agreed.responder).post(
        url("market:plan_visit", agreed.pk),
        {
            "check_out_by": local(timezone.now() + timedelta(hours=1)),
            "contact": "member",
            "trusted_member": person.username,
        },
    )
    assert answer.status_code == 200
    assert not Visit.objects.exists()


# --- The check -----------------------------------------------------------------------------------


def test_the_trusted_member_is_told_once_after_the_grace_period():
    friend = member()
    planned = visit(agreement(), trusted_member=friend)

    assert visits.alert_if_missed(visit_id=planned.pk, now=planned.check_out_by) == "not due yet"
    assert (
        visits.alert_if_missed(
            visit_id=planned.pk, now=planned.check_out_by + visits.grace() - timedelta(seconds=1)
        )
        == "not due yet"
    )
    assert told(friend) == []

    assert visits.alert_if_missed(visit_id=planned.pk, now=due(planned)) == "told"
    assert visits.alert_if_missed(visit_id=planned.pk, now=due(planned)) == "nothing to do"

    (note,) = told(friend)
    assert note.params["check_out_by"] == planned.check_out_by.isoformat()
    assert note.params["person"] == planned.person.username
    planned.refresh_from_db()
    assert planned.incident
    page = signed_in(planned.person).get(url("market:visit", planned.pk)).content.decode()
    assert "Your trusted contact has been told" in page
    assert "Cancel the safe visit" not in page


def test_the_task_runs_the_check():
    from gemeinwerk.market.tasks import check_visit

    planned = visit(agreement())
    # Run now, before its time (as a worker whose clock is early would): nothing happens.
    assert check_visit.call(planned.pk) == "not due yet"
    Visit.objects.filter(pk=planned.pk).update(
        check_out_by=timezone.now() - visits.grace() - timedelta(minutes=1)
    )
    assert check_visit.call(planned.pk) == "told"
    assert check_visit.call(planned.pk + 1000) == "nothing to do"


def test_the_missed_visit_notification_cannot_be_switched_off():
    from gemeinwerk.notifications.models import Channel, Preference

    friend = member()
    Preference.objects.create(user=friend, kind="market.visit_missed", channel=Channel.APP)
    planned = visit(agreement(), trusted_member=friend)

    visits.alert_if_missed(visit_id=planned.pk, now=due(planned))

    (note,) = told(friend)
    assert note.channel == Channel.INSTANT


def test_the_staff_of_a_trusted_contact_point_are_told():
    point = make_contact_point()
    first, second, elsewhere = staff_of(point), staff_of(point), staff_of(make_contact_point())
    planned = visit(agreement(), trusted_contact_point=point)

    assert visits.alert_if_missed(visit_id=planned.pk, now=due(planned)) == "told"

    for person in (first, second):
        (note,) = told(person)
        assert note.path == url("staff:market:incidents")
    assert told(elsewhere) == []


def test_a_checked_out_or_cancelled_visit_tells_nobody():
    friend = member()
    checked_out = visit(agreement(), trusted_member=friend)
    cancelled = visit(agreement(), trusted_member=friend)
    visits.check_in(person=checked_out.person, visit=checked_out)
    visits.check_out(person=checked_out.person, visit=checked_out)
    visits.cancel(person=cancelled.person, visit=cancelled)

    for planned in (checked_out, cancelled):
        assert visits.alert_if_missed(visit_id=planned.pk, now=due(planned)) == "nothing to do"
    assert told(friend) == []
    checked_out.refresh_from_db()
    assert checked_out.checked_in_at is not None
    with pytest.raises(ValidationError, match="This visit is over"):
        visits.check_in(person=cancelled.person, visit=cancelled)


def test_a_late_check_out_settles_it_and_tells_all_is_well():
    friend = member()
    planned = visit(agreement(), trusted_member=friend)
    visits.alert_if_missed(visit_id=planned.pk, now=due(planned))
    client = signed_in(planned.person)

    answer = client.post(url("market:visit", planned.pk), {"action": "check_out"})

    assert answer.status_code == 302
    planned.refresh_from_db()
    assert planned.checked_out_at is not None
    assert (planned.settled_by, planned.incident) == (planned.person, False)
    (note,) = told(friend, "market.visit_all_well")
    assert note.params == {"person": planned.person.username}
    assert (
        "Checked out: all is well." in client.get(url("market:visit", planned.pk)).content.decode()
    )
    # On time, nobody needs telling.
    calm = visit(agreement(), trusted_member=friend)
    visits.check_out(person=calm.person, visit=calm)
    assert len(told(friend, "market.visit_all_well")) == 1


def test_the_person_cancels_and_only_they_keep_their_visit():
    planned = visit(agreement())
    stranger = signed_in(member())
    other_side = signed_in(planned.response.listing.owner)

    for client in (stranger, other_side):
        assert client.get(url("market:visit", planned.pk)).status_code == 404
        assert client.post(url("market:visit", planned.pk), {"action": "cancel"}).status_code == 404
    with pytest.raises(PermissionDenied):
        visits.cancel(person=planned.response.listing.owner, visit=planned)

    signed_in(planned.person).post(url("market:visit", planned.pk), {"action": "cancel"})

    planned.refresh_from_db()
    assert planned.cancelled_at is not None
    assert not planned.open


def test_the_daily_sweep_tells_what_the_task_missed():
    friend = member()
    late = visit(agreement(), trusted_member=friend)
    soon = visit(agreement(), trusted_member=friend)
    Visit.objects.filter(pk=late.pk).update(check_out_by=timezone.now() - timedelta(hours=1))
    Visit.objects.filter(pk=soon.pk).update(check_out_by=timezone.now() - timedelta(minutes=1))

    assert visits.alert_missed() == 1
    assert visits.alert_missed() == 0

    assert len(told(friend)) == 1
    late.refresh_from_db()
    soon.refresh_from_db()
    assert late.alerted_at is not None
    assert soon.alerted_at is None
    assert visits.alert_missed(now=due(soon)) == 1
    assert visits.alert_missed in [job.run for job in jobs()]


# --- Incidents in the console -------------------------------------------------------------------


def missed(**kwargs: Any) -> Visit:
    planned = visit(**kwargs)
    visits.alert_if_missed(visit_id=planned.pk, now=due(planned))
    planned.refresh_from_db()
    return planned


def test_incidents_show_to_the_staff_concerned_only():
    north, south = district("Nordstadt"), district("Südstadt")
    trusted_point = make_contact_point(district=district("Oststadt"))
    north_point = make_contact_point(district=north)
    other_point = make_contact_point(district=district("Weststadt"))
    in_north = missed(agreed=agreement(listing(member(), district=north)))
    trusting = missed(
        agreed=agreement(listing(member(), district=south)), trusted_contact_point=trusted_point
    )
    settled = missed(agreed=agreement(listing(member(), district=north)))
    Visit.objects.filter(pk=settled.pk).update(settled_at=timezone.now())
    quiet = visit(agreement(listing(member(), district=north)))
    north_staff, trusted_staff = staff_of(north_point), staff_of(trusted_point)
    other_staff = staff_of(other_point)

    assert list(selectors.incidents_for(north_staff)) == [in_north]
    assert list(selectors.incidents_for(trusted_staff)) == [trusting]
    assert list(selectors.incidents_for(other_staff)) == []
    assert set(selectors.incidents_for(make_admin())) == {in_north, trusting}
    html = signed_in(north_staff).get(url("staff:market:incidents")).content.decode()
    assert url("staff:market:incident", in_north.pk) in html
    assert url("staff:market:incident", trusting.pk) not in html
    assert url("staff:market:incident", quiet.pk) not in html
    empty = signed_in(other_staff).get(url("staff:market:incidents")).content.decode()
    assert "No open incident." in empty
    assert signed_in(other_staff).get(url("staff:market:incident", in_north.pk)).status_code == 404
    assert signed_in(member()).get(url("staff:market:incidents")).status_code == 403


def test_settling_needs_a_note_and_is_audited():
    point = make_contact_point()
    incident = missed(agreed=agreement(), trusted_contact_point=point)
    staff = staff_of(point)
    client = signed_in(staff)
    address = url("staff:market:incident", incident.pk)
    assert client.get(address).status_code == 200

    empty = client.post(address, {"settled_note": "   "})
    assert empty.status_code == 200
    with pytest.raises(ValidationError, match="Please say briefly what happened"):
        visits.settle(staff=staff, visit=incident, note=" ")
    assert not AuditEvent.objects.filter(action="market.incident_settled").exists()

    answer = client.post(address, {"settled_note": "Telefonisch erreicht, alles gut."})

    assert answer.status_code == 302
    assert answer["Location"] == url("staff:market:incidents")
    incident.refresh_from_db()
    assert (incident.settled_by, incident.settled_note) == (
        staff,
        "Telefonisch erreicht, alles gut.",
    )
    assert not incident.incident
    event = AuditEvent.objects.get(action="market.incident_settled")
    assert (event.actor, event.subject) == (staff, incident.person)
    # Settled is settled: the page is gone, the service says so.
    assert client.get(address).status_code == 404
    with pytest.raises(ValidationError, match="settled already"):
        visits.settle(staff=staff, visit=incident, note="Noch einmal")


def test_staff_not_concerned_cannot_settle():
    incident = missed(agreed=agreement(), trusted_contact_point=make_contact_point())
    with pytest.raises(PermissionDenied):
        visits.settle(staff=staff_of(make_contact_point()), visit=incident, note="Erledigt")
    assert visits.settle(staff=make_admin(), visit=incident, note="Erledigt").settled_at


def test_a_response_deleted_takes_its_visits():
    planned = visit(agreement())
    Response.objects.filter(pk=planned.response_id).delete()
    assert not Visit.objects.exists()
