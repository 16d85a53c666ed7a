"""The groups pages: the directory with search and filters, a group's page, proposing a
group, and the hosts' pages (dashboard, agreement, scheduling, meetings, co-hosts)."""

import re
from datetime import date, time, timedelta
from typing import Any

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from gemeinwerk.accounts.models import TrustLevel, User
from gemeinwerk.accounts.tests.more_factories import (
    make_admin,
    make_coordinator,
    signed_in,
    staff_of,
    url,
)
from gemeinwerk.core.permissions import may
from gemeinwerk.groups import roomcodes, schedule
from gemeinwerk.groups.models import (
    AgreementAcceptance,
    Format,
    Group,
    GroupHost,
    GroupStatus,
    HostInvitation,
    HostRole,
    Meeting,
    Occurrence,
    Topic,
)
from gemeinwerk.groups.tests.factories import (
    GroupFactory,
    UsageAgreementFactory,
    code_of,
    make_host,
    make_occurrence,
    verified_member,
)
from gemeinwerk.places.tests.factories import ContactPointFactory, DistrictFactory

pytestmark = pytest.mark.django_db


def names(response: Any) -> list[str]:
    return [group.name for group in response.context["groups"]]


def messages_of(response: Any) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


# --- The directory ----------------------------------------------------------------------


@pytest.fixture
def city() -> dict[str, Group]:
    north = DistrictFactory.create(name="Nordstadt", slug="nordstadt")
    south = DistrictFactory.create(name="Südstadt", slug="suedstadt")
    groups = [
        GroupFactory.create(
            name="Gesprächskreis der Angehörigen",
            description="Wir pflegen Eltern mit Demenz und stärken einander.",
            district=north,
            format=Format.BOTH,
        ),
        GroupFactory.create(
            name="Angehörigen-Café Süd",
            description="Kaffee und Gespräche.",
            district=south,
            languages=["de", "pl"],
            format=Format.IN_PERSON,
        ),
        GroupFactory.create(
            name="Rodzina razem",
            description="Grupa dla bliskich osób chorych.",
            district=None,
            languages=["pl"],
            format=Format.ONLINE,
        ),
        GroupFactory.create(
            name="Leben nach der Sucht",
            topic=Topic.ADDICTION,
            description="Auch Angehörige sind willkommen.",
            district=north,
            format=Format.IN_PERSON,
        ),
        GroupFactory.create(
            name="Chronisch stark",
            topic=Topic.CHRONIC_ILLNESS,
            district=None,
            languages=["de", "en"],
            format=Format.ONLINE,
        ),
        GroupFactory.create(name="Angehörige in Gründung", status=GroupStatus.PROPOSED),
        GroupFactory.create(name="Angehörige abgelehnt", status=GroupStatus.DECLINED),
    ]
    return {group.name: group for group in groups}


def directory(**params: str) -> Any:
    return Client().get(url("groups:list"), params)


def test_the_directory_lists_active_groups_by_name(city: dict[str, Group]):
    response = directory()

    assert response.status_code == 200
    assert names(response) == [
        "Angehörigen-Café Süd",
        "Chronisch stark",
        "Gesprächskreis der Angehörigen",
        "Leben nach der Sucht",
        "Rodzina razem",
    ]


@pytest.mark.parametrize("query", ["Angehörige", "angehörigen", "ANGEHÖRIGE"])
def test_search_finds_german_word_forms(city: dict[str, Group], query: str):
    assert set(names(directory(q=query))) == {
        "Gesprächskreis der Angehörigen",
        "Angehörigen-Café Süd",
        "Leben nach der Sucht",
    }


def test_search_finds_polish_word_forms_and_the_district(city: dict[str, Group]):
    assert names(directory(q="rodzinie")) == ["Rodzina razem"]
    assert names(directory(q="Südstadt")) == ["Angehörigen-Café Süd"]
    assert names(directory(q="Eltern Demenz")) == ["Gesprächskreis der Angehörigen"]
    assert names(directory(q="Schach")) == []


def test_search_and_filters_narrow_down_together(city: dict[str, Group]):
    response = directory(q="Angehörige", topic="relatives", district="nordstadt")

    assert names(response) == ["Gesprächskreis der Angehörigen"]
    assert response.context["filtered"] is True


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"topic": "addiction"}, {"Leben nach der Sucht"}),
        ({"district": "suedstadt"}, {"Angehörigen-Café Süd"}),
        ({"language": "pl"}, {"Angehörigen-Café Süd", "Rodzina razem"}),
        ({"language": "en"}, {"Chronisch stark"}),
        (
            {"format": "online"},
            {"Rodzina razem", "Chronisch stark", "Gesprächskreis der Angehörigen"},
        ),
        (
            {"format": "in_person"},
            {"Angehörigen-Café Süd", "Leben nach der Sucht", "Gesprächskreis der Angehörigen"},
        ),
        ({"topic": "relatives", "language": "pl", "format": "online"}, {"Rodzina razem"}),
    ],
)
def test_filters(city: dict[str, Group], params: dict[str, str], expected: set[str]):
    assert set(names(directory(**params))) == expected


def test_no_match_says_so(city: dict[str, Group]):
    response = directory(q="Angehörige", topic="grief")

    assert names(response) == []
    assert "No group matches." in response.content.decode()


def test_htmx_gets_only_the_results(city: dict[str, Group]):
    response = Client().get(url("groups:list"), {"q": "Sucht"}, HTTP_HX_REQUEST="true")

    html = response.content.decode().strip()
    assert response.status_code == 200
    assert html.startswith('<section id="group-results"')
    assert html.endswith("</section>")
    assert "<html" not in html
    assert "<form" not in html
    assert "Leben nach der Sucht" in html
    assert "Rodzina razem" not in html


def directory_queries(**params: str) -> list[str]:
    with CaptureQueriesContext(connection) as context:
        assert directory(**params).status_code == 200
    return [query["sql"] for query in context.captured_queries]


@pytest.mark.parametrize("params", [{}, {"q": "Angehörige"}, {"topic": "relatives", "page": "2"}])
def test_the_directory_needs_the_same_queries_for_more_groups(
    city: dict[str, Group], settings: Any, params: dict[str, str]
):
    # The rendering itself; kept pages (core/pagecache.py) are the next test's.
    settings.GEMEINWERK_PAGE_CACHE = False
    directory()  # caches filled once per process do not count
    few = len(directory_queries(**params))
    for n in range(25):
        GroupFactory.create(name=f"Weitere Gruppe {n}", topic=Topic.RELATIVES)

    assert len(directory_queries(**params)) == few


def test_a_kept_directory_page_needs_no_query_for_its_groups(city: dict[str, Group]):
    directory(topic="relatives")  # rendered and kept
    for n in range(10):
        GroupFactory.create(name=f"Weitere Gruppe {n}")
    directory(topic="relatives")

    queries = directory_queries(topic="relatives")

    assert not [sql for sql in queries if "groups_group" in sql or "places_district" in sql]


def make_groups(count: int, **fields: Any) -> list[Group]:
    return [GroupFactory.create(name=f"Gruppe {n:02}", **fields) for n in range(count)]


def test_the_directory_shows_20_groups_a_page_and_the_rest_on_page_2():
    make_groups(25)

    first, second = directory(), directory(page="2")

    assert names(first) == [f"Gruppe {n:02}" for n in range(20)]
    assert names(second) == [f"Gruppe {n:02}" for n in range(20, 25)]
    # The heading counts every group, not only the page's.
    assert "25 groups" in first.content.decode()
    html = second.content.decode()
    assert '<nav class="gw-actions" aria-label="Pages">' in html
    assert 'aria-current="page">Page 2 of 2</p>' in html
    assert f'href="{url("groups:list")}" hx-get="{url("groups:list")}"' in html
    assert "Next page" not in html


def test_the_directory_pages_keep_the_filters_and_work_with_htmx():
    make_groups(21, topic=Topic.ADDICTION)
    make_groups(3, topic=Topic.CHRONIC_ILLNESS)
    base = url("groups:list")

    response = directory(topic="addiction")
    html = response.content.decode()
    assert len(names(response)) == 20
    following = f"{base}?topic=addiction&amp;page=2"
    assert (
        f'rel="next" href="{following}" hx-get="{following}" hx-target="#group-results" '
        'hx-select="#group-results" hx-swap="outerHTML" hx-push-url="true"'
    ) in html
    # The link followed by htmx gets the partial with the next page and its own nav.
    partial = Client().get(base, {"topic": "addiction", "page": "2"}, HTTP_HX_REQUEST="true")
    assert names(partial) == ["Gruppe 20"]
    back = f"{base}?topic=addiction"
    assert f'rel="prev" href="{back}" hx-get="{back}"' in partial.content.decode()
    assert "<form" not in partial.content.decode()


@pytest.mark.parametrize(
    ("page", "first"),
    [("abc", "Gruppe 00"), ("0", "Gruppe 20"), ("99", "Gruppe 20"), ("-1", "Gruppe 20")],
)
def test_an_invalid_page_of_the_directory_shows_the_first_or_the_last(page: str, first: str):
    make_groups(21)

    response = directory(page=page)

    assert response.status_code == 200
    assert names(response)[0] == first


def test_the_directory_has_no_page_links_when_everything_fits(city: dict[str, Group]):
    make_groups(15)

    html = directory().content.decode()

    assert len(re.findall(r'class="kern-card gw-card"', html)) == 20
    assert 'aria-label="Pages"' not in html
    assert "Page 1 of 1" not in html


# --- A group's page ---------------------------------------------------------------------


def test_the_group_page_shows_the_next_meetings_but_never_a_code():
    group = GroupFactory.create(name="Angehörige im Gespräch", rhythm="jeden 2. Dienstag")
    soon = make_occurrence(group, starts_at=timezone.now() + timedelta(days=2))
    rotating = make_occurrence(group, starts_at=timezone.now() + timedelta(days=9), rotate=True)

    response = Client().get(url("groups:detail", group.slug))

    html = response.content.decode()
    assert response.status_code == 200
    assert list(response.context["occurrences"]) == [soon, rotating]
    assert "jeden 2. Dienstag" in html
    assert group.contact_point.name in html
    assert url("groups:join_request", group.slug) in html
    for occurrence in (soon, rotating):
        assert code_of(occurrence) not in html
        assert roomcodes.display(code_of(occurrence)) not in html


def test_the_group_page_names_every_language_the_form_offers():
    group = GroupFactory.create(languages=["de", "pl", "tr", "gsg"])

    response = Client().get(url("groups:detail", group.slug))

    assert response.status_code == 200
    html = response.content.decode()
    for label in ("German", "Polish", "Turkish", "German Sign Language"):
        assert label in html


@pytest.mark.parametrize("status", [GroupStatus.PROPOSED, GroupStatus.DECLINED, "archived"])
def test_groups_that_are_not_listed_have_no_page(status: str):
    group = GroupFactory.create(status=status)

    assert Client().get(url("groups:detail", group.slug)).status_code == 404
    assert Client().get(url("groups:detail", "no-such-group")).status_code == 404


# --- Proposing a group; my groups --------------------------------------------------------


def test_proposing_needs_a_verified_account():
    page = url("groups:propose")

    assert Client().get(page)["Location"].startswith(url("account_login"))
    response = signed_in(verified_member(trust_level=TrustLevel.UNVERIFIED)).get(page)
    assert response.status_code == 403
    assert "Groups are proposed by verified members" in response.content.decode()


def test_a_member_proposes_a_group_and_finds_it_under_my_groups():
    office = ContactPointFactory.create(name="Selbsthilfekontaktstelle")
    district = DistrictFactory.create()
    member = verified_member()
    browser = signed_in(member)

    response = browser.post(
        url("groups:propose"),
        {
            "name": "Trauercafé Nord",
            "topic": "grief",
            "description": "Ein offener Treffpunkt.",
            "languages": ["de"],
            "format": "in_person",
            "district": district.pk,
            "place": "Gemeindehaus",
            "rhythm": "jeden 1. Samstag",
            "open_to_newcomers": "on",
            "contact_point": office.pk,
        },
    )

    assert response["Location"] == url("groups:mine")
    group = Group.objects.get()
    assert (group.status, group.proposed_by) == (GroupStatus.PROPOSED, member)
    mine = browser.get(url("groups:mine"), follow=True)
    assert "Selbsthilfekontaktstelle will look at your proposal" in mine.content.decode()
    assert list(mine.context["groups"]) == [group]
    assert url("groups:manage", group.slug) in mine.content.decode()


def test_a_proposal_with_errors_is_shown_again():
    response = signed_in(verified_member()).post(url("groups:propose"), {"name": "X"})

    assert response.status_code == 200
    assert {"topic", "description", "languages", "format", "rhythm", "contact_point"} <= set(
        response.context["form"].errors
    )
    assert not Group.objects.exists()


# --- Who manages a group -----------------------------------------------------------------


@pytest.fixture
def group() -> Group:
    return GroupFactory.create(name="Angehörige im Gespräch")


def person(role: str, group: Group) -> User | None:
    return {
        "anonymous": lambda: None,
        "member": lambda: verified_member(),
        "host of another group": lambda: make_host(GroupFactory.create()),
        "staff of another office": lambda: staff_of(ContactPointFactory.create()),
        "coordinator": lambda: make_coordinator(),
        "host": lambda: make_host(group),
        "co-host": lambda: make_host(group, role=HostRole.CO_HOST),
        "office staff": lambda: staff_of(group.contact_point),
        "admin": lambda: make_admin(),
    }[role]()


def client_of(user: User | None) -> Client:
    return signed_in(user) if user is not None else Client()


MANAGERS = ["host", "co-host", "office staff", "admin"]
OUTSIDERS = ["member", "host of another group", "staff of another office", "coordinator"]


@pytest.mark.parametrize("role", ["anonymous", *OUTSIDERS, *MANAGERS])
def test_the_dashboard_is_for_the_groups_hosts_and_its_office(group: Group, role: str):
    occurrence = make_occurrence(group, starts_at=timezone.now() + timedelta(days=1))
    browser = client_of(person(role, group))
    pages = [
        url("groups:manage", group.slug),
        url("groups:meeting", group.slug, occurrence.meeting.pk),
        url("groups:meeting_card", group.slug, occurrence.meeting.pk),
    ]

    statuses = {browser.get(page).status_code for page in pages}

    expected = {200} if role in MANAGERS else {302} if role == "anonymous" else {403}
    assert statuses == expected


@pytest.mark.parametrize(
    ("perm", "allowed"),
    [
        ("groups.manage_group", {"host", "co-host", "office staff", "admin"}),
        ("groups.review_group", {"office staff", "admin"}),
        # A role fact: the superuser flag grants it to no admin (core.permissions.may).
        ("groups.hand_over_group", {"host"}),
        ("groups.handle_join_request", {"office staff", "admin"}),
        ("groups.schedule_meeting", {"host", "co-host"}),
    ],
)
def test_permissions_per_role(group: Group, perm: str, allowed: set[str]):
    for role in [*OUTSIDERS, *MANAGERS]:
        user = person(role, group)
        assert user is not None
        assert may(user, perm, group) == (role in allowed), (perm, role)


def test_a_managed_page_of_an_unknown_group_is_not_found():
    browser = signed_in(make_admin())

    assert browser.get(url("groups:manage", "nowhere")).status_code == 404


# --- The agreement, then scheduling -----------------------------------------------------


def schedule_link(group: Group) -> str:
    return f'href="{url("groups:schedule", group.slug)}"'


def test_a_host_who_has_not_accepted_sees_the_agreement_and_no_schedule_button(group: Group):
    earlier = UsageAgreementFactory.create(
        version="2026-1", published_at=timezone.now() - timedelta(days=200)
    )
    UsageAgreementFactory.create(version="2026-2", text_en="Rule one: confidentiality.")
    host = make_host(group, accepted=False)
    AgreementAcceptance.objects.create(user=host, agreement=earlier)
    browser = signed_in(host)

    dashboard = browser.get(url("groups:manage", group.slug))
    blocked = browser.get(url("groups:schedule", group.slug))
    posted = browser.post(url("groups:schedule", group.slug), {"recurrence": "once"})

    html = dashboard.content.decode()
    assert "Rule one: confidentiality." in html
    assert "(version 2026-2)" in html
    assert schedule_link(group) not in html
    assert blocked["Location"] == posted["Location"] == url("groups:manage", group.slug)
    assert not Meeting.objects.exists()


def test_accepting_the_agreement_opens_scheduling(group: Group):
    UsageAgreementFactory.create(version="2026-1")
    host = make_host(group, accepted=False)
    browser = signed_in(host)

    unticked = browser.post(url("groups:accept_agreement", group.slug), {})
    assert not AgreementAcceptance.objects.exists()
    ticked = browser.post(url("groups:accept_agreement", group.slug), {"accept": "on"})

    assert unticked["Location"] == ticked["Location"] == url("groups:manage", group.slug)
    assert AgreementAcceptance.objects.filter(user=host).count() == 1
    dashboard = browser.get(url("groups:manage", group.slug)).content.decode()
    assert schedule_link(group) in dashboard
    assert browser.get(url("groups:schedule", group.slug)).status_code == 200


def test_an_untrained_host_cannot_accept(group: Group):
    UsageAgreementFactory.create()
    host = make_host(group, trained=False, accepted=False)

    response = signed_in(host).post(url("groups:accept_agreement", group.slug), {"accept": "on"})

    assert "The host training is not recorded yet." in " ".join(messages_of(response))
    assert not AgreementAcceptance.objects.exists()


def test_an_admin_who_does_not_host_is_not_offered_scheduling(group: Group):
    # The service refuses admins who do not host (see may_schedule); the pages must not
    # offer them a form that ends in "forbidden".
    UsageAgreementFactory.create()
    browser = signed_in(make_admin())

    dashboard = browser.get(url("groups:manage", group.slug)).content.decode()
    form = browser.get(url("groups:schedule", group.slug))

    assert schedule_link(group) not in dashboard
    assert form.status_code == 302


def next_second_tuesday() -> date:
    today = timezone.localdate()
    year, month = today.year, today.month
    while True:
        day = schedule.nth_weekday(year, month, 1, 2)
        if day is not None and day > today:
            return day
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def meeting_form(**changes: Any) -> dict[str, Any]:
    return {
        "recurrence": "monthly",
        "first_date": next_second_tuesday().isoformat(),
        "start_time": "19:00",
        "duration_minutes": "90",
        "interval_weeks": "1",
        **changes,
    }


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"first_date": (date.today() - timedelta(days=3)).isoformat()}, "first_date"),
        ({"first_date": ""}, "first_date"),
        ({"start_time": "25:00"}, "start_time"),
        ({"duration_minutes": "5"}, "duration_minutes"),
        ({"interval_weeks": "9"}, "interval_weeks"),
        ({"recurrence": "daily"}, "recurrence"),
    ],
)
def test_the_schedule_form_shows_errors(group: Group, changes: dict[str, str], field: str):
    response = signed_in(make_host(group)).post(
        url("groups:schedule", group.slug), meeting_form(**changes)
    )

    assert response.status_code == 200
    assert list(response.context["form"].errors) == [field]
    assert not Meeting.objects.exists()


def test_a_fifth_weekday_is_refused_at_the_first_date(group: Group):
    fifth = next(
        day
        for day in (timezone.localdate() + timedelta(days=n) for n in range(1, 120))
        if schedule.week_of_month(day) == 5
    )

    response = signed_in(make_host(group)).post(
        url("groups:schedule", group.slug), meeting_form(first_date=fifth.isoformat())
    )

    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["first_date"]


def test_a_host_schedules_every_second_tuesday_and_sees_the_code(group: Group):
    browser = signed_in(make_host(group))

    response = browser.post(url("groups:schedule", group.slug), meeting_form())

    meeting = Meeting.objects.get()
    assert response["Location"] == url("groups:meeting", group.slug, meeting.pk)
    assert meeting.week_of_month == 2
    page = browser.get(response["Location"]).content.decode()
    assert meeting.room_code is not None
    assert roomcodes.display(meeting.room_code) in page


# --- A meeting's page and card -----------------------------------------------------------


CODE_PATTERN = re.compile(r"\b[A-HJKMNP-Z2-9]{3}-[A-HJKMNP-Z2-9]{3}-[A-HJKMNP-Z2-9]{3}\b")


def test_the_meeting_page_shows_the_code_and_an_invitation(group: Group):
    occurrence = make_occurrence(group, starts_at=timezone.now() + timedelta(days=1))
    meeting = occurrence.meeting
    browser = signed_in(make_host(group))

    response = browser.get(url("groups:meeting", group.slug, meeting.pk))

    html = response.content.decode()
    code = roomcodes.display(code_of(occurrence))
    assert CODE_PATTERN.findall(html).count(code) >= 2  # shown, and in the invitation
    invitation = re.search(r'<textarea[^>]*id="invitation"[^>]*>(.*?)</textarea>', html, re.S)
    assert invitation is not None
    text = invitation.group(1)
    assert code in text
    assert "http://testserver" + url("join:form") in text
    assert "Angehörige im Gespräch" in text
    assert url("groups:meeting_card", group.slug, meeting.pk) in html


def test_the_printable_card_shows_the_code(group: Group):
    occurrence = make_occurrence(group, starts_at=timezone.now() + timedelta(days=1))
    browser = signed_in(make_host(group, role=HostRole.CO_HOST))

    html = browser.get(url("groups:meeting_card", group.slug, occurrence.meeting.pk))

    content = html.content.decode()
    assert roomcodes.display(code_of(occurrence)) in content
    assert "http://testserver" + url("join:form") in content


def test_a_rotating_meeting_shows_a_code_per_date_and_a_card_per_date(group: Group):
    first = make_occurrence(group, starts_at=timezone.now() + timedelta(days=1), rotate=True)
    second = make_occurrence(
        group, starts_at=first.starts_at + timedelta(weeks=1), meeting=first.meeting
    )
    browser = signed_in(make_host(group))
    meeting_url = url("groups:meeting", group.slug, first.meeting.pk)
    card_url = url("groups:meeting_card", group.slug, first.meeting.pk)

    page = browser.get(meeting_url).content.decode()
    card = browser.get(card_url, {"occurrence": second.pk}).content.decode()

    assert 'id="room-code"' not in page
    for occurrence in (first, second):
        assert roomcodes.display(code_of(occurrence)) in page
    assert roomcodes.display(code_of(second)) in card
    assert roomcodes.display(code_of(first)) not in card
    assert browser.get(card_url).status_code == 404


def test_a_meeting_of_another_group_is_not_found_here(group: Group):
    other = make_occurrence(GroupFactory.create(), starts_at=timezone.now() + timedelta(days=1))
    browser = signed_in(make_host(group))

    assert browser.get(url("groups:meeting", group.slug, other.meeting.pk)).status_code == 404
    assert browser.post(url("groups:regenerate", group.slug, other.meeting.pk)).status_code == 404


def test_hosts_replace_a_code_cancel_a_date_and_end_the_series(group: Group):
    first = make_occurrence(group, starts_at=timezone.now() + timedelta(days=1))
    meeting = first.meeting
    second = make_occurrence(group, starts_at=first.starts_at + timedelta(weeks=1), meeting=meeting)
    old = code_of(first)
    browser = signed_in(make_host(group, role=HostRole.CO_HOST))
    meeting_url = url("groups:meeting", group.slug, meeting.pk)

    regenerated = browser.post(url("groups:regenerate", group.slug, meeting.pk))
    cancelled = browser.post(url("groups:cancel", group.slug, meeting.pk), {"occurrence": first.pk})
    ended = browser.post(url("groups:end_series", group.slug, meeting.pk))

    meeting.refresh_from_db()
    assert regenerated["Location"] == cancelled["Location"] == meeting_url
    assert ended["Location"] == url("groups:manage", group.slug)
    assert meeting.room_code != old
    assert Occurrence.objects.get(pk=first.pk).cancelled_at is not None
    assert Occurrence.objects.get(pk=second.pk).cancelled_at is not None
    assert meeting.ended_at is not None
    assert browser.get(url("groups:regenerate", group.slug, meeting.pk)).status_code == 405


def test_outsiders_cannot_change_meetings(group: Group):
    occurrence = make_occurrence(group, starts_at=timezone.now() + timedelta(days=1))
    meeting = occurrence.meeting
    old = code_of(occurrence)
    browser = signed_in(verified_member())

    for name, data in [
        ("groups:regenerate", {}),
        ("groups:cancel", {"occurrence": occurrence.pk}),
        ("groups:end_series", {}),
    ]:
        assert browser.post(url(name, group.slug, meeting.pk), data).status_code == 403

    meeting.refresh_from_db()
    assert (meeting.room_code, meeting.ended_at) == (old, None)
    assert Occurrence.objects.get(pk=occurrence.pk).cancelled_at is None


# --- Co-hosts and hand-over --------------------------------------------------------------


def roles(group: Group) -> dict[str, str]:
    return {h.user.username: h.role for h in GroupHost.objects.filter(group=group)}


def test_a_host_invites_a_co_host_by_user_name_and_hands_over(group: Group):
    host = make_host(group, username="eva")
    co_host = verified_member(username="Piotr_K")
    browser = signed_in(host)
    manage = url("groups:manage", group.slug)

    added = browser.post(url("groups:add_co_host", group.slug), {"username": " piotr_k "})
    unknown = browser.post(url("groups:add_co_host", group.slug), {"username": "nobody"})
    invitation = HostInvitation.objects.get(group=group, user=co_host)
    signed_in(co_host).post(url("groups:accept_invitation", invitation.pk))
    handed = browser.post(url("groups:hand_over", group.slug, co_host.pk))
    offer = HostInvitation.objects.get(group=group, user=co_host, status="pending")
    signed_in(co_host).post(url("groups:accept_invitation", offer.pk))

    assert added["Location"] == unknown["Location"] == handed["Location"] == manage
    assert (
        "We could not invite this person. Check the user name; only verified members can be "
        "invited." in messages_of(unknown)
    )
    assert roles(group) == {"eva": HostRole.CO_HOST, "Piotr_K": HostRole.HOST}


def test_a_co_host_cannot_take_the_group_over(group: Group):
    make_host(group, username="eva")
    co_host = make_host(group, role=HostRole.CO_HOST, username="piotr")

    response = signed_in(co_host).post(url("groups:hand_over", group.slug, co_host.pk))

    assert response.status_code == 403
    assert roles(group) == {"eva": HostRole.HOST, "piotr": HostRole.CO_HOST}


def test_removing_a_co_host(group: Group):
    host = make_host(group, username="eva")
    co_host = make_host(group, role=HostRole.CO_HOST, username="piotr")

    response = signed_in(host).post(url("groups:remove_co_host", group.slug, co_host.pk))

    assert response["Location"] == url("groups:manage", group.slug)
    assert roles(group) == {"eva": HostRole.HOST}


def test_the_dashboard_lists_forwarded_requests_and_upcoming_dates(group: Group):
    from gemeinwerk.groups.tests.factories import JoinRequestFactory

    JoinRequestFactory.create(group=group, status="forwarded", name="Zofia")
    JoinRequestFactory.create(group=group, status="new", name="Unbearbeitet")
    meeting = make_occurrence(group, starts_at=timezone.now() + timedelta(days=2)).meeting
    Meeting.objects.filter(pk=meeting.pk).update(start_time=time(19))

    html = signed_in(make_host(group)).get(url("groups:manage", group.slug)).content.decode()

    assert "Zofia" in html
    assert "Unbearbeitet" not in html
    assert url("groups:meeting", group.slug, meeting.pk) in html


@pytest.mark.django_db
def test_hosts_edit_their_group_page_and_the_change_is_searchable_and_audited() -> None:
    from gemeinwerk.accounts.tests.factories import UserFactory
    from gemeinwerk.audit.models import AuditEvent
    from gemeinwerk.core.search import search
    from gemeinwerk.groups.models import Group, GroupHost, GroupStatus, HostRole
    from gemeinwerk.places.tests.factories import ContactPointFactory

    point = ContactPointFactory.create()
    host = UserFactory.create(username="leitung_edit", trust_level="verified")
    group = Group.objects.create(
        name="Kreis",
        slug="kreis",
        topic="grief",
        description="Alt",
        format="online",
        rhythm="montags",
        contact_point=point,
        status=GroupStatus.ACTIVE,
        languages=["de"],
    )
    GroupHost.objects.create(group=group, user=host, role=HostRole.HOST)
    client = Client()
    client.force_login(host)

    response = client.post(
        "/groups/kreis/manage/edit/",
        {
            "name": "Kreis",
            "topic": "grief",
            "description": "Trauernde Geschwister treffen sich",
            "languages": ["de", "pl"],
            "format": "online",
            "rhythm": "montags",
            "contact_point": point.pk,
            "open_to_newcomers": "on",
        },
    )

    assert response.status_code == 302
    group.refresh_from_db()
    assert group.languages == ["de", "pl"]
    assert list(search(Group.objects.all(), "Geschwister")) == [group]
    event = AuditEvent.objects.get(action="group.updated")
    assert event.after == {"fields": ["description", "languages"]}
