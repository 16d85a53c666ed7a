"""The district networks as people meet them: a guest finds the network of their district
and reads its newcomer page; a member who is not yet verified books a verification
appointment, which a member of the contact point's team records in the staff console;
a verified member joins a full activity's waiting list and moves up when a place
becomes free; staff keep their networks, follow-ups, newcomers and notes of calls and
visits in the console.

Every screen is reached by clicking from the home page and passes axe-core; the public
pages also reflow at 200% zoom. The only address typed is the German home page a German
browser gets; the header's language switcher leads to the English pages, whose texts
the tests read (translations of the networks are still being written). Data is made with
the ORM, small and explicit, for each test.
"""

import base64
import re
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any

import icalendar
import pytest
from django.test import override_settings
from django.utils import formats, timezone, translation
from django_tasks_db.models import DBTaskResult
from playwright.sync_api import Browser, BrowserContext, Locator, Page, expect

from gemeinwerk.accounts.models import Profile, TrustLevel, User, Visibility
from gemeinwerk.accounts.tests.factories import member_who_can_sign_in
from gemeinwerk.accounts.tests.more_factories import make_request
from gemeinwerk.networks.models import (
    Activity,
    Admission,
    Appointment,
    AppointmentStatus,
    ContactKind,
    ContactLog,
    Network,
    NetworkRole,
    Principle,
    Registration,
    RegistrationStatus,
    RoleKind,
    Slot,
    Welcome,
)
from gemeinwerk.notifications.models import Notification
from gemeinwerk.notifications.services import send_instant
from gemeinwerk.notifications.texts import path_in
from gemeinwerk.places.models import ContactPoint, District, Weekday
from gemeinwerk.places.tests.factories import (
    ContactPointFactory,
    DistrictFactory,
    OpeningHoursFactory,
)
from tests.browser.accounts_helpers import enter_signed_in, make_staff, queued_emails
from tests.browser.conftest import AXE_RUN, PageWatch
from tests.browser.layout import assert_reflows

QUEUED_MAILER = "gemeinwerk.core.mail.QueuedEmailBackend"

NETWORK = "Netzwerk Nordstadt"
OTHER_NETWORK = "Netzwerk Südstadt"
OFFICE = "Stadtteilbüro Nordstadt"
LIBRARY = "Bibliothek Nordstadt"
WALK = "Spaziergang im Stadtpark"
COURSE = "Computerkurs für Einsteiger"
OPEN_TO_ALL = "Open to everyone, no membership needed. Just drop by."
NOTE = "Hat den Kurs gebucht, braucht Hilfe beim Login."
DASH = "\N{EN DASH}"  # between times, and between a name and its state


# --- Data -------------------------------------------------------------------------------


@dataclass
class Town:
    north: District
    office: ContactPoint  # open around the clock, every day
    library: ContactPoint  # no opening hours: closed now
    network: Network  # Nordstadt's, with both contact points
    other: Network  # Südstadt's


@pytest.fixture
def town() -> Town:
    north = DistrictFactory.create(name="Nordstadt", slug="nordstadt")
    south = DistrictFactory.create(name="Südstadt", slug="suedstadt")
    office = ContactPointFactory.create(
        name=OFFICE,
        slug="stadtteilbuero-nordstadt",
        district=north,
        equipment_phone=True,
        equipment_computer=True,
        equipment_internet=True,
    )
    # Open the whole day on every day: "Open now" whenever the test runs (but in the
    # last second before midnight).
    for day in Weekday.values:
        OpeningHoursFactory.create(
            contact_point=office, weekday=day, opens=time(0), closes=time(23, 59, 59)
        )
    library = ContactPointFactory.create(name=LIBRARY, slug="bibliothek-nordstadt", district=north)
    network = Network.objects.create(
        name=NETWORK,
        slug="netzwerk-nordstadt",
        district=north,
        summary="Nachbarinnen und Nachbarn ab 60 treffen sich in der Nordstadt.",
        about="Wir trinken Kaffee, gehen spazieren und helfen einander.",
        principles=[Principle.I_FOR_ME, Principle.I_WITH_OTHERS_FOR_OTHERS],
        how_to_drop_by="Dienstags ab 15 Uhr im offenen Café: einfach hereinkommen.",
    )
    network.contact_points.set([office, library])
    other = Network.objects.create(
        name=OTHER_NETWORK,
        slug="netzwerk-suedstadt",
        district=south,
        summary="Die Südstadt trifft sich.",
        about="Offen für alle.",
    )
    other.contact_points.set(
        [ContactPointFactory.create(name="Treffpunkt Südstadt", district=south)]
    )
    return Town(north, office, library, network, other)


def in_days(days: int, hour: int, minutes: int = 0) -> datetime:
    """A local time `days` from today."""
    day = timezone.localdate() + timedelta(days=days)
    return datetime.combine(day, time(hour, minutes), tzinfo=timezone.get_default_timezone())


def make_activity(network: Network, title: str, *, days: int, **fields: Any) -> Activity:
    starts_at = in_days(days, 15)
    fields.setdefault("contact_point", network.contact_points.order_by("pk").first())
    return Activity.objects.create(
        network=network,
        title=title,
        description="Wir treffen uns und schauen, was alle mitbringen.",
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=2),
        district=network.district,
        **fields,
    )


def verified(username: str) -> User:
    return member_who_can_sign_in(username=username, trust_level=TrustLevel.VERIFIED)


def shown_when(start: datetime, end: datetime) -> str:
    """A date as the English pages write it: "Tuesday 5 May, 3 p.m.", a dash, "5 p.m."."""
    start, end = timezone.localtime(start), timezone.localtime(end)
    with translation.override("en"):
        day = formats.date_format(start, "DAY_MONTH_FORMAT")
        return f"{day}, {formats.time_format(start)}{DASH}{formats.time_format(end)}"


def shown_at(moment: datetime) -> str:
    """ "Tuesday 5 May at 10 a.m.", as the appointment pages write it."""
    moment = timezone.localtime(moment)
    with translation.override("en"):
        return f"{formats.date_format(moment, 'DAY_MONTH_FORMAT')} at {formats.time_format(moment)}"


# --- Steps ------------------------------------------------------------------------------


def header(page: Page) -> Locator:
    return page.locator("header.gw-header")


def main(page: Page) -> Locator:
    return page.locator("main")


def messages(page: Page) -> Locator:
    return page.locator(".gw-messages")


def main_nav(page: Page, name: str) -> Locator:
    return page.get_by_role("navigation", name="Main navigation").get_by_role(
        "link", name=name, exact=True
    )


def personal_link(page: Page, name: str) -> Locator:
    return header(page).get_by_role("link", name=name, exact=True)


def console_nav(page: Page, name: str) -> Locator:
    return page.get_by_role("navigation", name="Staff console").get_by_role(
        "link", name=name, exact=True
    )


def notifications_link(page: Page) -> Locator:
    # Its name carries the badge when there is one: "Notifications 1 unread".
    return header(page).get_by_role("link", name=re.compile(r"^Notifications\b"))


def open_home_in_english(page: Page, base: str) -> None:
    # The only address typed: the German home page a German browser gets, then the
    # header's language switcher.
    page.goto(f"{base}/")
    page.get_by_role("navigation", name="Sprache").get_by_role("link", name="English").click()
    expect(page).to_have_url(f"{base}/en/")


def open_activity(page: Page, title: str) -> None:
    """From any page: Networks, the Nordstadt network, the activity."""
    main_nav(page, "Networks").click()
    main(page).get_by_role("link", name=NETWORK, exact=True).click()
    expect(page.locator("h1")).to_have_text(NETWORK)
    main(page).get_by_role("region", name="What is on").get_by_role("link", name=title).click()
    expect(page.locator("h1")).to_have_text(title)


def accessible(page: Page, axe_source: str) -> Any:
    """`assert_accessible` (tests/browser/conftest.py) for a page of another context."""

    def check(label: str) -> None:
        # As assert_accessible: the page laid out with its stylesheet and fonts.
        page.wait_for_load_state("load")
        page.evaluate("document.fonts.ready.then(() => true)")
        if not page.evaluate("typeof window.axe !== 'undefined'"):
            page.evaluate(axe_source)
        violations = page.evaluate(AXE_RUN)
        assert violations == [], f"{label}: {violations}"

    return check


@dataclass
class Other:
    """A second browser, signed in as someone else."""

    context: BrowserContext
    page: Page
    watch: PageWatch
    check: Any  # axe on its page

    def close(self) -> None:
        self.watch.assert_clean()
        self.context.close()


def second_browser(
    browser: Browser, context_args: dict[str, Any], base: str, axe_source: str, user: User
) -> Other:
    context = browser.new_context(**context_args)
    enter_signed_in(context, base, user)
    page = context.new_page()
    return Other(context, page, PageWatch(page, base), accessible(page, axe_source))


def send_mail_of(notification: Notification) -> None:
    """Run the notification's e-mail task as the worker would: its e-mail is queued as
    the server queues every e-mail (the task table, read by `queued_emails`)."""
    (task,) = [
        task
        for task in DBTaskResult.objects.filter(task_path__endswith="send_notification")
        if task.args_kwargs["args"] == [notification.pk]
    ]
    with override_settings(MAILERS={"default": {"BACKEND": QUEUED_MAILER}}):
        assert send_instant(notification_id=task.args_kwargs["args"][0]) == "sent"


# --- 1. A guest reads the newcomer page ---------------------------------------------------


def test_a_guest_finds_the_network_of_their_district_and_reads_its_newcomer_page(
    page: Page, live_server_url: str, watch: PageWatch, assert_accessible: Any, town: Town
):
    base = live_server_url
    walk = make_activity(town.network, WALK, days=3)
    make_activity(town.other, "Boule am Rhein", days=2, address="Rheinwiese")

    open_home_in_english(page, base)
    main_nav(page, "Networks").click()
    expect(page).to_have_url(f"{base}/en/networks/")
    expect(page.locator("h1")).to_have_text("District networks")
    expect(main_nav(page, "Networks")).to_have_attribute("aria-current", "page")
    expect(main(page).get_by_role("heading", name="2 networks")).to_be_visible()
    assert_accessible("networks")
    assert_reflows(page, "networks")

    finder = main(page).get_by_role("search", name="Find a network")
    finder.get_by_role("combobox", name="District").select_option(label="Nordstadt")
    finder.get_by_role("button", name="Show networks").click()
    expect(page).to_have_url(f"{base}/en/networks/?district=nordstadt")
    expect(main(page).get_by_role("heading", name="1 network")).to_be_visible()
    expect(main(page).get_by_role("link", name=OTHER_NETWORK)).to_have_count(0)
    assert_accessible("networks in Nordstadt")
    assert_reflows(page, "networks in Nordstadt")

    main(page).get_by_role("link", name=NETWORK, exact=True).click()
    expect(page).to_have_url(f"{base}/en/networks/netzwerk-nordstadt/")
    expect(page.locator("h1")).to_have_text(NETWORK)
    expect(main(page).get_by_text(OPEN_TO_ALL)).to_be_visible()
    principles = main(page).get_by_role("region", name="Our principles")
    expect(principles.get_by_role("listitem")).to_have_text(
        ["I for me.", "I with others for others."]
    )
    on = main(page).get_by_role("region", name="What is on")
    (item,) = on.get_by_role("listitem").all()
    expect(item.get_by_role("link")).to_have_text(WALK)
    expect(item).to_contain_text(shown_when(walk.starts_at, walk.ends_at))
    expect(item).to_contain_text(f"{OFFICE} · Just drop in")
    expect(on).not_to_contain_text("Boule am Rhein")
    places = main(page).get_by_role("region", name="Where to find us")
    office_card = places.get_by_role("listitem").filter(
        has=page.get_by_role("link", name=OFFICE, exact=True)
    )
    expect(office_card.locator(".gw-opening")).to_contain_text("Open now")
    expect(office_card.locator(".gw-opening")).to_contain_text("Closes at")
    library_card = places.get_by_role("listitem").filter(
        has=page.get_by_role("link", name=LIBRARY, exact=True)
    )
    expect(library_card.locator(".gw-opening")).to_contain_text("Closed now")
    expect(library_card.locator(".gw-opening")).to_contain_text(
        "No opening hours in the next two weeks. Please phone or write."
    )
    assert_accessible("newcomer page")
    assert_reflows(page, "newcomer page")

    # Printed, it is one page to hand out: no header or footer, its address in words.
    page.emulate_media(media="print")
    expect(header(page)).to_be_hidden()
    expect(page.locator("footer.gw-footer")).to_be_hidden()
    expect(main(page).get_by_text("This page on the internet:")).to_be_visible()
    expect(main(page).get_by_text(OPEN_TO_ALL)).to_be_visible()
    page.emulate_media(media="screen")
    expect(header(page)).to_be_visible()

    # The activity's own page, from the list.
    on.get_by_role("link", name=WALK).click()
    expect(page.locator("h1")).to_have_text(WALK)
    expect(main(page)).to_contain_text("Just drop in")
    expect(main(page).get_by_role("button")).to_have_count(0)
    assert_accessible("activity, drop in")
    assert_reflows(page, "activity, drop in")


# --- 2. A verification appointment --------------------------------------------------------


def test_a_member_books_a_verification_appointment_and_the_team_verifies_them(
    page: Page,
    browser: Browser,
    browser_context_args: dict[str, Any],
    live_server_url: str,
    watch: PageWatch,
    assert_accessible: Any,
    axe_source: str,
    town: Town,
):
    base = live_server_url
    staff, _secret = make_staff("team_nordstadt", town.office)
    course = make_activity(town.network, COURSE, days=4, admission=Admission.REGISTER)
    starts_at = in_days(1, 10)  # tomorrow at 10: free to book, on the next day's plan
    slot = Slot.objects.create(contact_point=town.office, starts_at=starts_at, created_by=staff)
    jana = member_who_can_sign_in(username="jana", trust_level=TrustLevel.UNVERIFIED)
    message = "Ich komme mit dem Rollator."

    # --- The member books a free time ----------------------------------------------------
    enter_signed_in(page.context, base, jana)
    open_home_in_english(page, base)
    personal_link(page, "Verification appointment").click()
    expect(page).to_have_url(f"{base}/en/networks/appointments/")
    expect(page.locator("h1")).to_have_text("Verification appointment")
    expect(personal_link(page, "Verification appointment")).to_have_attribute(
        "aria-current", "page"
    )
    times = main(page).get_by_role("region", name="Free times")
    place = times.get_by_role("region", name=OFFICE)
    assert_accessible("verification appointment, free times")

    place.get_by_role("link", name=f"{shown_at(starts_at)} (At the contact point)").click()
    expect(page).to_have_url(f"{base}/en/networks/appointments/{slot.pk}/book/")
    expect(page.locator("h1")).to_have_text("Book this time")
    expect(main(page)).to_contain_text(f"{shown_at(starts_at)}, {OFFICE}")
    assert_accessible("book this time")
    main(page).get_by_label("Message to the team").fill(message)
    main(page).get_by_role("button", name="Book the appointment").click()

    expect(page).to_have_url(f"{base}/en/networks/appointments/")
    expect(messages(page)).to_contain_text(
        "Your appointment is booked. We sent you a confirmation for your calendar."
    )
    booked = main(page).get_by_role("region", name="Your appointment")
    expect(booked).to_contain_text(f"{shown_at(starts_at)}, {OFFICE}")
    expect(booked.get_by_role("link", name="Add to my calendar (.ics)")).to_be_visible()
    # The booked time is no longer free.
    expect(times).to_contain_text("There are no free times at the moment.")
    assert_accessible("verification appointment, booked")
    appointment = Appointment.objects.get(member=jana)
    assert (appointment.slot, appointment.status, appointment.message) == (
        slot,
        AppointmentStatus.BOOKED,
        message,
    )

    # The confirmation is an e-mail with the appointment as a calendar file.
    confirmation = Notification.objects.get(recipient=jana, kind="networks.appointment_booked")
    send_mail_of(confirmation)
    (mail,) = queued_emails(jana.email)
    ((filename, content, media_type),) = mail["attachments"]
    assert (filename, media_type) == ("appointment.ics", "text/calendar")
    (event,) = icalendar.Calendar.from_ical(base64.b64decode(content)).walk("VEVENT")
    assert event.decoded("dtstart") == starts_at
    assert event.decoded("dtend") == starts_at + timedelta(minutes=slot.minutes)
    assert str(event["location"]).startswith(f"{OFFICE}, {town.office.street}")

    # --- The team records the outcome in the console ---------------------------------
    team = second_browser(browser, browser_context_args, base, axe_source, staff)
    open_home_in_english(team.page, base)
    personal_link(team.page, "Staff console").click()
    console_nav(team.page, "Appointments").click()
    expect(team.page.locator("h1")).to_have_text("Verification appointments")
    expect(console_nav(team.page, "Appointments")).to_have_attribute("aria-current", "page")
    team.check("console: today's appointments")
    team.page.get_by_role("navigation", name="Other days").get_by_role(
        "link", name="Next day"
    ).click()
    row = main(team.page).locator("article").filter(has_text="jana")
    expect(row.get_by_role("heading")).to_contain_text(OFFICE)
    expect(row).to_contain_text(f"jana {DASH} Booked")
    expect(row).to_contain_text(message)
    team.check("console: tomorrow's appointments")
    row.get_by_label("Came and is verified").check()
    row.get_by_label("The person accepted the house rules").check()
    row.get_by_role("button", name="Record the outcome for jana").click()

    expect(messages(team.page)).to_contain_text("The outcome is recorded.")
    row = main(team.page).locator("article").filter(has_text="jana")
    expect(row).to_contain_text(f"jana {DASH} Came and verified")
    expect(row.get_by_role("button")).to_have_count(0)
    team.check("console: outcome recorded")
    team.close()
    jana.refresh_from_db()
    assert jana.trust_level == TrustLevel.VERIFIED
    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.VERIFIED

    # --- The member, verified, registers for an activity ------------------------------
    page.reload()
    expect(main(page)).to_contain_text("Your account does not need verification.")
    expect(personal_link(page, "Verification appointment")).to_have_count(0)
    personal_link(page, "My account").click()
    expect(main(page).get_by_text("Your account is verified.")).to_be_visible()
    assert_accessible("my account, verified")

    open_activity(page, COURSE)
    registration = main(page).get_by_role("region", name="Registration")
    registration.get_by_role("button", name="Register", exact=True).click()
    expect(messages(page)).to_contain_text("You are registered. We look forward to seeing you.")
    expect(registration).to_contain_text("You are registered and have a place.")
    assert_accessible("activity, registered")
    assert Registration.objects.get(activity=course, member=jana).status == (
        RegistrationStatus.CONFIRMED
    )


# --- 3. The waiting list ---------------------------------------------------------------


def test_a_member_on_the_waiting_list_moves_up_when_a_place_becomes_free(
    page: Page,
    browser: Browser,
    browser_context_args: dict[str, Any],
    live_server_url: str,
    watch: PageWatch,
    assert_accessible: Any,
    axe_source: str,
    town: Town,
):
    base = live_server_url
    course = make_activity(town.network, COURSE, days=5, admission=Admission.REGISTER, capacity=2)
    anna, ben, carla = verified("anna"), verified("ben"), verified("carla")
    for person in (anna, ben):
        Registration.objects.create(
            activity=course, member=person, status=RegistrationStatus.CONFIRMED
        )

    # --- The third member joins the waiting list ------------------------------------
    enter_signed_in(page.context, base, carla)
    open_home_in_english(page, base)
    expect(personal_link(page, "My activities")).to_have_count(0)
    open_activity(page, COURSE)
    expect(main(page)).to_contain_text(f"Please register {DASH} 2 places")
    registration = main(page).get_by_role("region", name="Registration")
    expect(registration).to_contain_text("All places are taken. You can join the waiting list.")
    assert_accessible("activity, full")
    assert_reflows(page, "activity, full")

    registration.get_by_role("button", name="Join the waiting list").click()
    expect(messages(page)).to_contain_text("All places are taken: you are on the waiting list.")
    expect(registration).to_contain_text("You are on the waiting list, number 1.")
    expect(registration.get_by_role("button", name="Cancel my registration")).to_be_visible()
    expect(personal_link(page, "My activities")).to_be_visible()
    assert_accessible("activity, on the waiting list")
    waiting = Registration.objects.get(activity=course, member=carla)
    assert waiting.status == RegistrationStatus.WAITING

    # --- One of the registered cancels, from "My activities" ---------------------------
    other = second_browser(browser, browser_context_args, base, axe_source, anna)
    open_home_in_english(other.page, base)
    personal_link(other.page, "My activities").click()
    expect(other.page.locator("h1")).to_have_text("My activities")
    mine = main(other.page).get_by_role("region", name="Where I am registered")
    expect(mine.get_by_role("listitem")).to_have_text([f"{COURSE} ({NETWORK}) {DASH} Has a place"])
    other.check("my activities")
    mine.get_by_role("link", name=COURSE).click()
    expect(other.page.locator("h1")).to_have_text(COURSE)
    main(other.page).get_by_role("button", name="Cancel my registration").click()
    expect(messages(other.page)).to_contain_text("Your registration is cancelled.")
    # Her place went to the member waiting: the activity is full again.
    expect(main(other.page).get_by_role("button", name="Join the waiting list")).to_be_visible()
    other.check("activity, registration cancelled")
    other.close()

    # --- The member waiting has the place, and is told ---------------------------------
    page.reload()
    expect(registration).to_contain_text("You are registered and have a place.")
    expect(registration).not_to_contain_text("waiting list, number")
    waiting.refresh_from_db()
    assert waiting.status == RegistrationStatus.CONFIRMED
    expect(notifications_link(page)).to_have_accessible_name("Notifications 1 unread")
    notifications_link(page).click()
    expect(page.locator("h1")).to_have_text("Notifications")
    items = main(page).get_by_role("list", name="Notifications").get_by_role("listitem")
    expect(items.get_by_role("link")).to_have_text([f"New: You have a place: “{COURSE}”"])
    assert_accessible("notifications, moved up")
    items.get_by_role("link").click()
    expect(page.locator("h1")).to_have_text(COURSE)
    expect(main(page)).to_contain_text("You are registered and have a place.")


# --- 4. The console -------------------------------------------------------------------


def test_staff_keep_networks_follow_ups_newcomers_and_notes_in_the_console(
    page: Page, live_server_url: str, watch: PageWatch, assert_accessible: Any, town: Town
):
    base = live_server_url
    staff, _secret = make_staff("team_nordstadt", town.office)
    NetworkRole.objects.create(
        network=town.network,
        user=staff,
        role=RoleKind.FACILITATOR,
        accepted_at=timezone.now(),
    )
    dora = verified("dora")  # to be invited as networker
    # Emil asked the office to verify him; the team promised to call back.
    emil = member_who_can_sign_in(username="emil", trust_level=TrustLevel.UNVERIFIED)
    make_request(emil, town.office)
    ContactLog.objects.create(
        contact_point=town.office,
        member=emil,
        kind=ContactKind.CALL,
        need="Möchte einen Computerkurs besuchen.",
        follow_up="Call back about the computer course",
        follow_up_due=timezone.localdate() + timedelta(days=2),
        logged_by=staff,
    )
    # Fritz signed up this week and shows his district to verified members.
    fritz = member_who_can_sign_in(username="fritz", trust_level=TrustLevel.UNVERIFIED)
    Profile.objects.create(user=fritz, district=town.north, district_visibility=Visibility.VERIFIED)

    enter_signed_in(page.context, base, staff)
    open_home_in_english(page, base)
    personal_link(page, "Staff console").click()

    # --- Networks: invite a networker -------------------------------------------------
    console_nav(page, "Networks").click()
    expect(page.locator("h1")).to_have_text("Networks")
    expect(console_nav(page, "Networks")).to_have_attribute("aria-current", "page")
    # The console's menu is in <main> too: the list of networks is the one with links to them.
    listed = (
        main(page)
        .get_by_role("listitem")
        .filter(has=page.get_by_role("link", name=NETWORK, exact=True))
    )
    expect(listed).to_have_text([f"{NETWORK} {DASH} Nordstadt"])
    assert_accessible("console: networks")
    main(page).get_by_role("link", name=NETWORK).click()
    expect(page.locator("h1")).to_have_text(NETWORK)
    networkers = main(page).get_by_role("region", name="Networkers")
    expect(networkers).to_contain_text("There are no networkers yet.")
    assert_accessible("console: network")
    networkers.get_by_label("User name").fill("dora")
    networkers.get_by_role("button", name="Invite as networker").click()
    expect(messages(page)).to_contain_text(
        "The invitation is sent. The role works once the person accepts."
    )
    networkers = main(page).get_by_role("region", name="Networkers")
    expect(networkers.get_by_role("listitem")).to_contain_text(["dora (invited, no answer yet)"])
    assert_accessible("console: network, networker invited")
    role = NetworkRole.objects.get(network=town.network, user=dora)
    assert (role.role, role.accepted_at) == (RoleKind.NETWORKER, None)
    assert Notification.objects.filter(recipient=dora, kind="networks.networker_invited").exists()

    # --- Follow-ups, and the notes on the member's page ---------------------------------
    console_nav(page, "Follow-ups").click()
    expect(page.locator("h1")).to_have_text("Follow-ups")
    (row,) = main(page).get_by_role("table", name="Open follow-ups").locator("tbody tr").all()
    expect(row).to_contain_text("Call back about the computer course")
    expect(row).to_contain_text(OFFICE)
    assert_accessible("console: follow-ups")
    row.get_by_role("link", name="emil").click()

    expect(page.locator("h1")).to_have_text("emil")
    panel = main(page).get_by_role("region", name="Calls and visits")
    expect(panel).to_contain_text("Möchte einen Computerkurs besuchen.")
    assert_accessible("console: member page")
    panel.get_by_label("Kind of contact").select_option(label="Visit at the contact point")
    panel.get_by_label("What the person needs").fill(
        "Hat den Kurs gebucht, braucht Hilfe beim Login."
    )
    panel.get_by_role("button", name="Save the note").click()
    expect(messages(page)).to_contain_text("The note is saved.")
    panel = main(page).get_by_role("region", name="Calls and visits")
    expect(panel).to_contain_text("Visit at the contact point")
    expect(panel).to_contain_text(NOTE)
    assert_accessible("console: member page, note saved")
    note = ContactLog.objects.filter(member=emil).first()
    assert note is not None
    assert (note.kind, note.contact_point, note.logged_by) == (
        ContactKind.VISIT,
        town.office,
        staff,
    )
    # The call back is done: the follow-ups list is empty.
    # (Chromium names it "Done : Call back ...": the hidden part is a box of its own.)
    panel.get_by_role(
        "button", name=re.compile(r"^Done ?: Call back about the computer course$")
    ).click()
    expect(messages(page)).to_contain_text("The follow-up is done.")
    console_nav(page, "Follow-ups").click()
    expect(main(page)).to_contain_text("Nothing is open.")
    assert_accessible("console: no follow-ups")

    # --- Newcomers: greet one ---------------------------------------------------------
    console_nav(page, "Newcomers").click()
    expect(page.locator("h1")).to_have_text("Newcomers")
    newcomers = main(page).get_by_role("table", name="Newcomers")
    (row,) = newcomers.locator("tbody tr").all()
    expect(row).to_contain_text("fritz")
    expect(row).to_contain_text("Nordstadt")
    assert_accessible("console: newcomers")
    row.get_by_role("button", name="Greet fritz").click()
    expect(messages(page)).to_contain_text("The greeting is sent.")
    (row,) = main(page).get_by_role("table", name="Newcomers").locator("tbody tr").all()
    expect(row).to_contain_text("by team_nordstadt")
    expect(row.get_by_role("button")).to_have_count(0)
    assert_accessible("console: newcomers, greeted")
    greeting = Welcome.objects.get(member=fritz)
    assert (greeting.network, greeting.contact_point, greeting.sent_by) == (
        town.network,
        town.office,
        staff,
    )
    welcome = Notification.objects.get(recipient=fritz, kind="networks.welcome")
    # It leads to the newcomer page (stored in the staff's language, opened in the reader's).
    assert path_in(welcome.path, "de") == "/networks/netzwerk-nordstadt/"


# --- 5. A networker carries the network, its facilitator accompanies ----------------------


def test_a_networker_posts_an_activity_and_proposes_an_initiative_which_the_facilitator_takes_up(
    page: Page,
    live_server_url: str,
    watch: PageWatch,
    assert_accessible: Any,
    town: Town,
    browser: Browser,
    browser_context_args: dict[str, Any],
    axe_source: str,
):
    base = live_server_url
    staff, _secret = make_staff("team_nordstadt", town.office)
    NetworkRole.objects.create(
        network=town.network, user=staff, role=RoleKind.FACILITATOR, accepted_at=timezone.now()
    )
    greta = verified("greta")
    NetworkRole.objects.create(
        network=town.network, user=greta, role=RoleKind.NETWORKER, accepted_at=timezone.now()
    )
    day = timezone.localdate() + timedelta(days=9)

    # --- The networker posts an activity and proposes an initiative -------------------
    enter_signed_in(page.context, base, greta)
    open_home_in_english(page, base)
    main_nav(page, "Networks").click()
    main(page).get_by_role("link", name=NETWORK, exact=True).click()
    own_part = main(page).get_by_role("region", name="Your part in the network")
    own_part.get_by_role("link", name="Post an activity").click()
    expect(page.locator("h1")).to_have_text("Post an activity")
    assert_accessible("post an activity")
    form = main(page).locator("form")
    form.get_by_label("Title").fill("Boule am Kanal")
    form.get_by_label("Description").fill("Kugeln sind da. Einfach mitspielen.")
    form.get_by_label("Date (the first, for a series)").fill(day.isoformat())
    form.get_by_label("From").fill("14:00")
    form.get_by_label("Until").fill("16:00")
    form.get_by_label("Every week").check()
    form.get_by_label("Other place").fill("Kanalufer, am Bootshaus")
    form.get_by_label("Please register").check()
    form.get_by_label("Places").fill("8")
    form.get_by_role("button", name="Publish the activity").click()
    expect(page.locator("h1")).to_have_text("Boule am Kanal")
    expect(messages(page)).to_contain_text("The activity is on the network's page.")
    assert_accessible("the posted activity")
    activity = Activity.objects.get(title="Boule am Kanal")
    assert (activity.organiser, activity.capacity, activity.repeat) == (greta, 8, "weekly")
    organise = main(page).get_by_role("region", name="For the organisers")
    organise.get_by_role("link", name="Who is registered").click()
    expect(main(page)).to_contain_text("Nobody has registered yet.")
    assert_accessible("who is registered")
    page.get_by_role("link", name="Back to the activity").click()
    page.get_by_role("link", name=re.compile("Back to")).click()
    own_part = main(page).get_by_role("region", name="Your part in the network")
    own_part.get_by_role("link", name="Propose an initiative").click()
    expect(page.locator("h1")).to_have_text("Propose an initiative")
    assert_accessible("propose an initiative")
    main(page).get_by_label("Title").fill("Reparatur-Café")
    main(page).get_by_label("What is the idea?").fill("Einmal im Monat reparieren wir gemeinsam.")
    main(page).get_by_role("button", name="Send the proposal").click()
    expect(messages(page)).to_contain_text("The network's facilitators will look at your idea")
    initiatives = main(page).get_by_role("region", name="Initiatives")
    expect(initiatives).to_have_count(0)

    # --- The facilitator takes it up, changes the page, publishes appointment times -----
    team = second_browser(browser, browser_context_args, base, axe_source, staff)
    open_home_in_english(team.page, base)
    header(team.page).get_by_role("link", name="Staff console").click()
    console_nav(team.page, "Networks").click()
    main(team.page).get_by_role("link", name=NETWORK).click()
    proposed = main(team.page).get_by_role("region", name="Proposed initiatives")
    expect(proposed).to_contain_text("Reparatur-Café")
    team.check("console: a proposed initiative")
    proposed.get_by_role("button", name="Put “Reparatur-Café” on the page").click()
    expect(team.page.locator(".gw-messages")).to_contain_text(
        "The initiative is on the network's page."
    )
    main(team.page).get_by_role("link", name="Change the network's page").click()
    team.check("console: change the network's page")
    main(team.page).get_by_label("What the network is").fill(
        "Wir treffen uns, spielen Boule und reparieren gemeinsam."
    )
    main(team.page).get_by_role("button", name="Save the network").click()
    expect(team.page.locator(".gw-messages")).to_contain_text("The network is saved.")
    console_nav(team.page, "Appointments").click()
    main(team.page).get_by_role("link", name="Publish appointment times").click()
    team.check("console: publish appointment times")
    times = main(team.page).locator("form")
    times.get_by_label("Contact point", exact=True).select_option(label=OFFICE)
    times.get_by_label("Date", exact=True).fill(day.isoformat())
    times.get_by_label("First appointment at").fill("09:00")
    times.get_by_label("Number of appointments").fill("2")
    times.get_by_role("button", name="Publish the times").click()
    expect(team.page.locator(".gw-messages")).to_contain_text("2 times are published.")
    expect(main(team.page).get_by_role("table")).to_contain_text(OFFICE)
    team.check("console: appointment times published")
    assert Slot.objects.filter(contact_point=town.office).count() == 2
    team.close()

    # --- Everyone sees the initiative; the networker cancels the activity -------------
    page.reload()
    expect(main(page).get_by_role("region", name="Initiatives")).to_contain_text("Reparatur-Café")
    expect(main(page)).to_contain_text("Wir treffen uns, spielen Boule und reparieren gemeinsam.")
    main(page).get_by_role("region", name="What is on").get_by_role(
        "link", name="Boule am Kanal"
    ).click()
    main(page).get_by_role("region", name="For the organisers").get_by_role(
        "link", name="Cancel the activity"
    ).click()
    expect(page.locator("h1")).to_have_text("Cancel the activity")
    assert_accessible("cancel the activity")
    main(page).get_by_role("button", name="Yes, cancel the activity").click()
    expect(main(page)).to_contain_text("This activity has been cancelled.")
    activity.refresh_from_db()
    assert activity.is_cancelled
