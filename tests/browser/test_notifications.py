"""Notifications as people meet them: a member reads theirs from the header, chooses how
they are told, stops one kind from the link in an e-mail without signing in; staff pass
on what an assisted member without e-mail would have read.

Every screen is reached by clicking from the home page (the unsubscribe page from the
link in an e-mail), passes axe-core and reflows at 200% zoom. The member first meets
the German header a German browser gets; after that the pages are the English ones,
reached with the header's language switcher: links are found by the names people read.
"""

import re
from typing import Any

import pytest
from django.conf import settings
from django.core import mail
from playwright.sync_api import Locator, Page, expect

from gemeinwerk.accounts.models import TrustLevel, User
from gemeinwerk.accounts.tests.factories import member_who_can_sign_in
from gemeinwerk.accounts.tests.more_factories import assisted_member
from gemeinwerk.notifications import selectors, services
from gemeinwerk.notifications.models import Channel, EmailSettings, Notification
from gemeinwerk.places.models import ContactPoint
from gemeinwerk.places.tests.factories import ContactPointFactory
from tests.browser.accounts_helpers import enter_signed_in, make_staff
from tests.browser.conftest import PageWatch
from tests.browser.layout import assert_reflows

VERIFIED = "accounts.verified"
CLOSED = "accounts.verification_request_closed"
SUBJECT = "Your account is verified"


def tell(member: User) -> Notification:
    return services.notify(member, VERIFIED, params={"place": "Begegnungszentrum"}, path="/me/")


def header(page: Page) -> Locator:
    return page.locator("header.gw-header")


def main(page: Page) -> Locator:
    return page.locator("main")


def notifications_link(page: Page) -> Locator:
    # Its name carries the badge when there is one: "Notifications 2 unread".
    return header(page).get_by_role("link", name=re.compile(r"^Notifications\b"))


def open_home_in_english(page: Page, base: str) -> None:
    # The only address typed for a member or staff: the German home page a German
    # browser gets, then the header's language switcher.
    page.goto(f"{base}/")
    page.get_by_role("navigation", name="Sprache").get_by_role("link", name="English").click()
    expect(page).to_have_url(f"{base}/en/")


def check(page: Page, assert_accessible: Any, label: str) -> None:
    assert_accessible(label)
    assert_reflows(page, label)


def notification_items(page: Page) -> Locator:
    return main(page).get_by_role("list", name="Notifications").get_by_role("listitem")


def test_a_member_reads_their_notifications_from_the_header_and_marks_them_read(
    page: Page, live_server_url: str, watch: PageWatch, assert_accessible: Any
):
    member = member_who_can_sign_in(username="ruth", trust_level=TrustLevel.VERIFIED)
    tell(member)
    tell(member)
    enter_signed_in(page.context, live_server_url, member)
    page.goto(f"{live_server_url}/")

    # On the German home page a German browser gets, the header shows the unread ones.
    german_link = header(page).get_by_role("link", name=re.compile(r"^Benachrichtigungen\b"))
    expect(german_link).to_have_accessible_name("Benachrichtigungen 2 ungelesen")
    expect(german_link.locator(".kern-badge")).to_have_text("2 ungelesen")
    german_link.click()
    expect(page).to_have_url(f"{live_server_url}/notifications/")
    expect(page.locator("h1")).to_have_text("Benachrichtigungen")
    check(page, assert_accessible, "Benachrichtigungen")
    # The rest in English, through the header's language switcher.
    page.get_by_role("navigation", name="Sprache").get_by_role("link", name="English").click()
    expect(page).to_have_url(f"{live_server_url}/en/notifications/")
    expect(notifications_link(page)).to_have_accessible_name("Notifications 2 unread")
    expect(notifications_link(page).locator(".kern-badge")).to_have_text("2 unread")
    expect(page.locator("h1")).to_have_text("Notifications")
    expect(notifications_link(page)).to_have_attribute("aria-current", "page")
    expect(main(page).get_by_text("You have 2 unread notifications.")).to_be_visible()
    expect(notification_items(page)).to_have_count(2)
    for item in notification_items(page).all():
        expect(item.get_by_role("link")).to_have_text(f"New: {SUBJECT}")
    check(page, assert_accessible, "notifications, two unread")

    # Opening one leads where it points, in the reader's language, and marks it read.
    notification_items(page).first.get_by_role("link").click()
    expect(page).to_have_url(f"{live_server_url}/en/me/")
    expect(page.locator("h1")).to_have_text("My account")
    expect(notifications_link(page)).to_have_accessible_name("Notifications 1 unread")

    notifications_link(page).click()
    expect(main(page).get_by_text("You have 1 unread notification.")).to_be_visible()
    # Newest first: the one opened is read, the other still new.
    expect(notification_items(page).get_by_role("link")).to_have_text([SUBJECT, f"New: {SUBJECT}"])
    check(page, assert_accessible, "notifications, one unread")

    main(page).get_by_role("button", name="Mark all as read").click()
    expect(page.locator(".gw-messages")).to_contain_text("All notifications are marked as read.")
    expect(notifications_link(page)).to_have_accessible_name("Notifications")
    expect(header(page).locator(".kern-badge")).to_have_count(0)
    expect(main(page).get_by_text("You have read everything.")).to_be_visible()
    expect(notification_items(page).get_by_role("link")).to_have_text([SUBJECT, SUBJECT])
    expect(main(page).get_by_role("button", name="Mark all as read")).to_have_count(0)
    check(page, assert_accessible, "notifications, all read")
    assert selectors.unread_count(member) == 0


def test_a_member_chooses_the_daily_digest_for_one_kind(
    page: Page, live_server_url: str, watch: PageWatch, assert_accessible: Any
):
    member = member_who_can_sign_in(username="ruth", trust_level=TrustLevel.VERIFIED)
    tell(member)
    enter_signed_in(page.context, live_server_url, member)
    open_home_in_english(page, live_server_url)
    notifications_link(page).click()

    main(page).get_by_role("link", name="Choose how we tell you").click()
    expect(page.locator("h1")).to_have_text("How we tell you")
    verified = main(page).get_by_role("group", name="My account was verified")
    closed = main(page).get_by_role(
        "group", name="A contact point closed my request to be verified"
    )
    # The kinds' defaults: an e-mail at once.
    expect(verified.get_by_label("An e-mail at once")).to_be_checked()
    expect(closed.get_by_label("An e-mail at once")).to_be_checked()
    check(page, assert_accessible, "notification settings")

    verified.get_by_label("One e-mail a day with everything new").check()
    main(page).get_by_role("button", name="Save").click()

    expect(page.locator(".gw-messages")).to_contain_text("Your notification settings are saved.")
    check(page, assert_accessible, "notification settings, saved")
    page.reload()
    expect(page.locator("h1")).to_have_text("How we tell you")
    expect(verified.get_by_label("One e-mail a day with everything new")).to_be_checked()
    expect(closed.get_by_label("An e-mail at once")).to_be_checked()
    channels = selectors.channels(member)
    assert {VERIFIED: channels[VERIFIED], CLOSED: channels[CLOSED]} == {
        VERIFIED: Channel.DIGEST,
        CLOSED: Channel.INSTANT,
    }

    main(page).get_by_role("link", name="Back to my notifications").click()
    expect(page.locator("h1")).to_have_text("Notifications")


def test_the_unsubscribe_link_of_an_email_stops_that_kind_without_signing_in(
    page: Page, live_server_url: str, watch: PageWatch, assert_accessible: Any
):
    member = member_who_can_sign_in(username="ruth", trust_level=TrustLevel.VERIFIED)
    # She reads her e-mails in English, and gets request closures by digest.
    EmailSettings.objects.create(user=member, language="en")
    services.set_preferences(user=member, channels={CLOSED: Channel.DIGEST})
    # The e-mail as the task sends it; the link in it, on the test server.
    services.send_instant(notification_id=tell(member).pk)
    (message,) = [m for m in mail.outbox if m.to == [member.email]]
    match = re.search(r"https?://\S*/notifications/unsubscribe/\S*", str(message.body))
    assert match is not None, message.body
    link = match.group(0)
    assert link.startswith(settings.SITE_URL.rstrip("/") + "/en/"), link
    assert message.extra_headers["List-Unsubscribe"] == f"<{link}>"

    # A browser that never signed in (the `page` fixture's context is a fresh one).
    page.goto(link.replace(settings.SITE_URL.rstrip("/"), live_server_url, 1))
    expect(header(page).get_by_role("link", name="Sign in")).to_be_visible()
    expect(page.locator("h1")).to_have_text("Fewer e-mails")
    expect(main(page)).to_contain_text("Stop e-mails about: My account was verified?")
    check(page, assert_accessible, "unsubscribe")

    main(page).get_by_role("button", name="Stop these e-mails").click()

    expect(page.locator("h1")).to_have_text("No more e-mails of this kind")
    expect(main(page)).to_contain_text("We no longer send e-mails about: My account was verified.")
    check(page, assert_accessible, "unsubscribed")
    # That kind now shows only on the platform; the other is as she chose it.
    channels = selectors.channels(member)
    assert {VERIFIED: channels[VERIFIED], CLOSED: channels[CLOSED]} == {
        VERIFIED: Channel.APP,
        CLOSED: Channel.DIGEST,
    }


@pytest.fixture
def office() -> ContactPoint:
    return ContactPointFactory.create(name="Treffpunkt Lindenhof")


def test_staff_pass_on_a_notification_to_an_assisted_member_without_email(
    page: Page, live_server_url: str, watch: PageWatch, assert_accessible: Any, office: ContactPoint
):
    staff, _secret = make_staff("team_lindenhof", office)
    member = assisted_member(office, username="member_482913", email="")
    tell(member)
    enter_signed_in(page.context, live_server_url, staff)
    open_home_in_english(page, live_server_url)

    header(page).get_by_role("link", name="Staff console").click()
    page.get_by_role("navigation", name="Staff console").get_by_role(
        "link", name="Find a member"
    ).click()
    main(page).get_by_label("User name or e-mail address").fill("member_482913")
    main(page).get_by_role("button", name="Search").click()
    main(page).get_by_role("link", name="member_482913").click()
    expect(page.locator("h1")).to_have_text("member_482913")

    panel = main(page).get_by_role("region", name="To pass on by phone or letter")
    expect(panel).to_contain_text(SUBJECT)
    expect(panel).to_contain_text("The team of Begegnungszentrum has verified your account.")
    check(page, assert_accessible, "assisted member, one to pass on")

    panel.get_by_role("button", name=f"Passed on: {SUBJECT}").click()

    expect(page.locator(".gw-messages")).to_contain_text("Marked as passed on.")
    expect(page.locator("h1")).to_have_text("member_482913")
    expect(panel).to_contain_text("Nothing to pass on.")
    expect(panel.get_by_role("button")).to_have_count(0)
    check(page, assert_accessible, "assisted member, all passed on")
    notification = Notification.objects.get(recipient=member)
    assert notification.passed_on_by == staff
    assert notification.read_at is not None
