"""Search calls (services/calls.py, the console's pages): staff publish one for their own
contact point (an admin for any); members who follow its category in its district or
anywhere hear of it at once by e-mail, and so do the staff of the other contact points
of the same networks; the outcome is recorded in the audit trail and counted in the
report; a closed call's public page is gone. Members choose what they follow."""

from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

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
from gemeinwerk.market import selectors
from gemeinwerk.market.models import Interest, Outcome, SearchCall
from gemeinwerk.market.selectors import CallReportRow
from gemeinwerk.market.services import calls
from gemeinwerk.market.tests.factories import category, district, member, search_call
from gemeinwerk.networks.tests.factories import make_network
from gemeinwerk.notifications.models import Notification

pytestmark = pytest.mark.django_db

IMMEDIATE_TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


def told(user: Any, kind: str = "market.search_call") -> list[Notification]:
    return list(Notification.objects.filter(recipient=user, kind=kind))


def follower(slug: str, where: Any = None, **kwargs: Any) -> Any:
    person = member(**kwargs) if "trust_level" not in kwargs else make_user(**kwargs)
    Interest.objects.create(user=person, category=category(slug), district=where)
    return person


def call_form(point: Any, **overrides: Any) -> dict[str, Any]:
    return {
        "contact_point": point.pk,
        "category": category("accompanying").pk,
        "district": point.district_id,
        "title": "Begleitung zum Augenarzt gesucht",
        "description": "Donnerstagvormittag, mit dem Bus hin und zurück.",
        **overrides,
    }


# --- Publishing ---------------------------------------------------------------------------------


def test_staff_publish_a_call_for_their_contact_point_in_the_console():
    point = make_contact_point()
    staff = staff_of(point)
    client = signed_in(staff)
    assert client.get(url("staff:market:calls")).status_code == 200
    assert client.get(url("staff:market:call_new")).status_code == 200

    answer = client.post(url("staff:market:call_new"), call_form(point))

    call = SearchCall.objects.get()
    assert answer.status_code == 302
    assert answer["Location"] == url("staff:market:call", call.pk)
    assert (call.contact_point, call.created_by, call.outcome) == (point, staff, Outcome.OPEN)
    assert (
        call.search_document
        == "begleitung zum augenarzt gesucht donnerstagvormittag, mit dem bus hin und zurück."
    )
    published = AuditEvent.objects.get(action="market.call_published")
    assert published.actor == staff
    assert published.after == {
        "contact_point": point.pk,
        "category": "accompanying",
        "district": point.district_id,
    }
    assert call.title in client.get(url("staff:market:calls")).content.decode()


def test_staff_cannot_publish_for_another_contact_point_but_an_admin_may():
    mine, other = make_contact_point(), make_contact_point()
    staff = staff_of(mine)

    answer = signed_in(staff).post(url("staff:market:call_new"), call_form(other))

    assert answer.status_code == 200
    assert "Select a valid choice" in answer.content.decode()
    with pytest.raises(PermissionDenied):
        search_call(staff, other)
    assert not SearchCall.objects.exists()

    admin = make_admin()
    signed_in(admin).post(url("staff:market:call_new"), call_form(other))
    assert SearchCall.objects.get().contact_point == other
    assert search_call(admin, mine).contact_point == mine


def test_members_cannot_publish_calls():
    point = make_contact_point()
    client = signed_in(member())
    assert client.get(url("staff:market:call_new")).status_code == 403
    assert client.post(url("staff:market:call_new"), call_form(point)).status_code == 403
    # Staff whose session lacks the second factor have no powers.
    staff = staff_of(point)
    with pytest.raises(PermissionDenied):
        calls.publish_call(
            staff=staff_of(point, two_factor=False),
            contact_point=point,
            category=category("pets"),
            district=point.district,
            title="Katze füttern",
            description="Eine Woche lang.",
        )
    assert search_call(staff, point).created_by == staff


def test_what_is_sought_must_be_said():
    point = make_contact_point()
    with pytest.raises(ValidationError):
        search_call(staff_of(point), point, title="  ", description="")
    assert not SearchCall.objects.exists()


# --- Who hears of it ----------------------------------------------------------------------------


def test_followers_of_the_category_in_the_district_or_anywhere_get_an_email(
    settings: Any, django_capture_on_commit_callbacks: Any
):
    settings.TASKS = IMMEDIATE_TASKS
    point = make_contact_point()
    here, elsewhere = point.district, district()
    nearby = follower("accompanying", here, username="nah")
    anywhere = follower("accompanying", None, username="ueberall")
    both = follower("accompanying", here, username="doppelt")
    Interest.objects.create(user=both, category=category("accompanying"), district=None)
    far = follower("accompanying", elsewhere, username="fern")
    other_topic = follower("pets", here, username="tiere")
    unverified = follower("accompanying", None, trust_level=TrustLevel.UNVERIFIED)
    suspended = follower("accompanying", here, trust_level=TrustLevel.SUSPENDED)
    gone = follower("accompanying", None, is_active=False)
    staff = staff_of(point)
    Interest.objects.create(user=staff, category=category("accompanying"), district=None)

    with django_capture_on_commit_callbacks(execute=True):
        call = search_call(staff, point)

    assert call.reached == 3
    for person in (nearby, anywhere, both):
        (note,) = told(person)
        assert note.params == {"title": call.title, "district": here.name}
        assert note.path == url("market:call", call.pk)
    for person in (far, other_topic, unverified, suspended, gone, staff):
        assert told(person) == []
    assert sorted(m.to[0] for m in mail.outbox) == sorted(p.email for p in (nearby, anywhere, both))
    assert all(call.title in m.body for m in mail.outbox)


def test_following_another_category_anywhere_is_not_following_this_one():
    point = make_contact_point()
    # This category, but in another district; another category anywhere.
    person = follower("accompanying", district())
    Interest.objects.create(user=person, category=category("pets"), district=None)

    call = search_call(staff_of(point), point)

    assert call.reached == 0
    assert told(person) == []
    assert list(calls.interested_members(call)) == []


def test_staff_of_the_other_contact_points_of_the_network_are_told():
    point, partner, third, outsider = (make_contact_point() for _ in range(4))
    make_network(contact_points=[point, partner])
    make_network(contact_points=[point, third, partner])
    make_network(contact_points=[outsider])
    staff, colleague = staff_of(point), staff_of(point)
    partner_staff, third_staff, outsider_staff = (
        staff_of(partner),
        staff_of(third),
        staff_of(outsider),
    )

    call = search_call(staff, point)

    for person in (partner_staff, third_staff):
        (note,) = told(person, "market.search_call_shared")
        assert note.params == {"title": call.title, "contact_point": point.name}
        assert note.path == url("market:call", call.pk)
    for person in (staff, colleague, outsider_staff):
        assert told(person, "market.search_call_shared") == []
    assert call.reached == 0  # members reached; staff are told as colleagues


# --- Outcome, report and the public page --------------------------------------------------------


def test_the_outcome_is_recorded_and_audited_and_the_public_page_goes():
    point = make_contact_point()
    staff = staff_of(point)
    call = search_call(staff, point)
    public = Client().get(url("market:call", call.pk))
    assert public.status_code == 200
    assert point.name in public.content.decode()
    client = signed_in(staff)
    assert "Record the outcome" in client.get(url("staff:market:call", call.pk)).content.decode()

    answer = client.post(url("staff:market:call", call.pk), {"outcome": Outcome.MATCHED})

    assert answer.status_code == 302
    assert answer["Location"] == url("staff:market:calls")
    call.refresh_from_db()
    assert (call.outcome, call.outcome_by) == (Outcome.MATCHED, staff)
    assert call.outcome_at is not None
    event = AuditEvent.objects.get(action="market.call_outcome")
    assert event.actor == staff
    assert (event.before, event.after) == ({"outcome": "open"}, {"outcome": "matched"})
    assert Client().get(url("market:call", call.pk)).status_code == 404
    assert signed_in(member()).get(url("market:call", call.pk)).status_code == 404


def test_an_outcome_needs_a_choice_and_the_calls_own_staff():
    point = make_contact_point()
    call = search_call(staff_of(point), point)

    with pytest.raises(ValidationError, match="Choose whether someone was found"):
        calls.record_outcome(staff=staff_of(point), call=call, outcome=Outcome.OPEN)
    other = staff_of(make_contact_point())
    with pytest.raises(PermissionDenied):
        calls.record_outcome(staff=other, call=call, outcome=Outcome.MATCHED)
    # Another contact point's call is not found in the console either.
    stranger = signed_in(other)
    assert stranger.get(url("staff:market:call", call.pk)).status_code == 404
    assert (
        stranger.post(url("staff:market:call", call.pk), {"outcome": "matched"}).status_code == 404
    )
    call.refresh_from_db()
    assert call.outcome == Outcome.OPEN
    assert not AuditEvent.objects.filter(action="market.call_outcome").exists()


def test_the_report_counts_calls_and_outcomes_per_contact_point():
    first = make_contact_point(name="Bürgerhaus Nord")
    second = make_contact_point(name="Café Süd")
    staff_first, staff_second = staff_of(first), staff_of(second)
    outcomes = [Outcome.MATCHED, Outcome.MATCHED, Outcome.NOT_MATCHED, None, None]
    for outcome in outcomes:
        call = search_call(staff_first, first)
        if outcome:
            calls.record_outcome(staff=staff_first, call=call, outcome=outcome)
    calls.record_outcome(
        staff=staff_second, call=search_call(staff_second, second), outcome=Outcome.NOT_MATCHED
    )

    assert selectors.call_report(make_admin()) == [
        CallReportRow("Bürgerhaus Nord", 5, 2, 1, 2),
        CallReportRow("Café Süd", 1, 0, 1, 0),
    ]
    assert selectors.call_report(staff_second) == [CallReportRow("Café Süd", 1, 0, 1, 0)]
    html = signed_in(staff_first).get(url("staff:market:call_report")).content.decode()
    assert "Bürgerhaus Nord" in html
    assert "Café Süd" not in html
    assert signed_in(member()).get(url("staff:market:call_report")).status_code == 403


# --- Following ------------------------------------------------------------------------------


def test_members_follow_and_unfollow_search_calls():
    person = member()
    client = signed_in(person)
    here = district("Altstadt")
    assert client.get(url("market:interests")).status_code == 200

    client.post(url("market:interests"), {"category": category("pets").pk, "district": here.pk})
    answer = client.post(url("market:interests"), {"category": category("pets").pk, "district": ""})
    client.post(url("market:interests"), {"category": category("pets").pk, "district": ""})

    assert answer.status_code == 302
    assert answer["Location"] == url("market:interests")
    assert set(Interest.objects.filter(user=person).values_list("district", flat=True)) == {
        here.pk,
        None,
    }
    html = client.get(url("market:interests")).content.decode()
    assert "Altstadt" in html
    assert "anywhere in the city" in html

    anywhere = Interest.objects.get(user=person, district=None)
    someone_elses = follower("pets")
    client.post(url("market:unfollow", someone_elses.market_interests.get().pk))
    assert client.post(url("market:unfollow", anywhere.pk)).status_code == 302

    assert list(Interest.objects.filter(user=person).values_list("district", flat=True)) == [
        here.pk
    ]
    assert Interest.objects.filter(user=someone_elses).exists()


def test_a_retired_category_cannot_be_followed_and_unverified_members_follow_nothing():
    retired = category("pets")
    retired.active = False
    retired.save()
    client = signed_in(member())
    answer = client.post(url("market:interests"), {"category": retired.pk, "district": ""})
    assert answer.status_code == 200
    assert not Interest.objects.exists()

    newcomer = signed_in(make_user(trust_level=TrustLevel.UNVERIFIED))
    assert newcomer.get(url("market:interests")).status_code == 403
    assert (
        newcomer.post(url("market:interests"), {"category": category("shopping").pk}).status_code
        == 403
    )
    assert not Interest.objects.exists()
