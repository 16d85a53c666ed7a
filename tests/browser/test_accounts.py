"""Accounts and trust as people meet them: signing up, getting verified by staff."""

import re
from datetime import time
from typing import Any

import pytest
from allauth.mfa.models import Authenticator
from playwright.sync_api import Browser, Page, expect

from gemeinwerk.accounts.models import Profile, TrustLevel, Visibility
from gemeinwerk.accounts.tests.factories import UserFactory, member_who_can_sign_in
from gemeinwerk.places.models import Weekday
from gemeinwerk.places.tests.factories import ContactPointFactory, OpeningHoursFactory
from tests.browser.accounts_helpers import (
    enter_signed_in,
    link_in_last_email,
    make_staff,
    sign_in,
    totp_code,
)
from tests.browser.conftest import PageWatch

PREFIX = {"de": "", "pl": "/pl"}
TEXTS = {
    "de": {
        "unverified": "Ihr Konto ist noch nicht verifiziert.",
        "verified": "Ihr Konto ist verifiziert.",
        "open_now": "Jetzt geöffnet",
        "ask": "Diese Anlaufstelle fragen",
        "sent": "Ihre Anfrage wurde gesendet.",
        "verify_button": "Verifizieren",
        "in_person": "Persönlich in der Anlaufstelle",
        "house_rules": "Die Person hat die Hausordnung gelesen und angenommen.",
        "done": "Das Konto ist verifiziert.",
    },
    "pl": {
        "unverified": "Twoje konto nie jest jeszcze zweryfikowane.",
        "verified": "Twoje konto jest zweryfikowane.",
        "open_now": "Teraz otwarte",
        "ask": "Poproś ten punkt o weryfikację",
        "sent": "Wysłaliśmy Twoją prośbę.",
        "verify_button": "Zweryfikuj",
        "in_person": "Osobiście w punkcie kontaktowym",
        "house_rules": "Osoba przeczytała i zaakceptowała regulamin.",
        "done": "Konto zostało zweryfikowane.",
    },
}


@pytest.fixture
def contact_point() -> Any:
    """A contact point that is open around the clock, so "open now" always shows."""
    point = ContactPointFactory.create(name="Treffpunkt Lindenhof")
    for day in Weekday:
        OpeningHoursFactory.create(
            contact_point=point, weekday=day, opens=time(0), closes=time(23, 59, 59, 999999)
        )
    return point


@pytest.mark.parametrize("language", ["de", "pl"])
def test_newcomer_signs_up_gets_verified_and_sees_more(
    page: Page,
    browser: Browser,
    live_server_url: str,
    watch: PageWatch,
    assert_accessible: Any,
    contact_point: Any,
    language: str,
):
    base, texts = live_server_url + PREFIX[language], TEXTS[language]
    # One address per run: the server allows one confirmation e-mail per address and
    # three minutes, and its cache outlives a test.
    email = f"ewa.{language}@example.org"
    staff, _secret = make_staff("team_lindenhof", contact_point)
    neighbour = UserFactory.create(username="nachbarin", trust_level=TrustLevel.VERIFIED)
    Profile.objects.create(
        user=neighbour,
        display_name="Mila Sonnenschein",
        display_name_visibility=Visibility.VERIFIED,
    )

    # Sign up with e-mail, user name and password only, then confirm the address.
    page.goto(f"{base}/accounts/signup/")
    assert_accessible("sign-up")
    page.locator("input[name=email]").fill(email)
    page.locator("input[name=username]").fill("ewa_k")
    page.locator("input[name=password1]").fill("Ein langer Satz als Passwort")
    page.locator("input[name=password2]").fill("Ein langer Satz als Passwort")
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(f"{base}/accounts/confirm-email/")
    page.goto(link_in_last_email(email, "/accounts/confirm-email/"))
    page.locator("main form button[type=submit]").click()

    # Unverified: the account page says so and shows where to get verified.
    expect(page.get_by_text(texts["unverified"])).to_be_visible()
    card = page.locator(".gw-card", has_text="Treffpunkt Lindenhof")
    expect(card.get_by_text(texts["open_now"])).to_be_visible()
    assert_accessible("account, unverified")
    page.goto(f"{base}/members/{neighbour.public_id}/")
    expect(page.get_by_text("Mila Sonnenschein")).to_have_count(0)

    page.goto(f"{base}/me/")
    card.get_by_role("link", name=texts["ask"]).click()
    assert_accessible("verification request")
    page.locator("input[name=preferred_method][value=in_person]").check()
    page.locator("main form button[type=submit]").click()
    expect(page.get_by_text(texts["sent"])).to_be_visible()

    # Staff, with their second factor, verify the newcomer from the queue.
    staff_context = browser.new_context()
    enter_signed_in(staff_context, live_server_url, staff)
    staff_page = staff_context.new_page()
    staff_watch = PageWatch(staff_page, live_server_url)
    staff_page.goto(f"{base}/staff/")
    expect(staff_page).to_have_url(f"{base}/staff/")
    expect(staff_page.locator("main")).to_contain_text("Treffpunkt Lindenhof")
    staff_page.get_by_role("link", name="ewa_k").click()
    staff_page.get_by_label(texts["in_person"]).check()
    staff_page.get_by_label(texts["house_rules"]).check()
    staff_page.get_by_role("button", name=texts["verify_button"], exact=True).click()
    expect(staff_page.get_by_text(texts["done"])).to_be_visible()
    staff_watch.assert_clean()

    # The member now sees that they are verified, and what verified members see.
    page.goto(f"{base}/me/")
    expect(page.get_by_text(texts["verified"])).to_be_visible()
    assert_accessible("account, verified")
    page.goto(f"{base}/members/{neighbour.public_id}/")
    expect(page.get_by_text("Mila Sonnenschein").first).to_be_visible()


def test_assisted_account_staff_act_for_the_person_who_then_takes_it_over(
    page: Page,
    browser: Browser,
    live_server_url: str,
    watch: PageWatch,
    assert_accessible: Any,
    contact_point: Any,
):
    staff, _secret = make_staff("team_lindenhof", contact_point)
    enter_signed_in(page.context, live_server_url, staff)

    # Staff create the account with the person's recorded consent: no e-mail needed.
    page.goto(f"{live_server_url}/staff/assisted/new/")
    assert_accessible("new assisted account")
    page.locator("input[name=name]").fill("Herr Brandt")
    page.locator("input[name=phone]").fill("0711 123456")
    page.locator("select[name=contact_point]").select_option(str(contact_point.pk))
    page.locator("input[name=consent_given]").check()
    page.locator("input[name=house_rules_accepted]").check()
    page.locator("main form button[type=submit]").click()
    # The user name is a pseudonym: the name stays in the private display name.
    expect(page.locator("h1")).to_have_text(re.compile(r"^member_\d{6}$"))
    username = page.locator("h1").inner_text()
    assert_accessible("assisted member in the console")

    # Acting for the person: a banner says so; the change is made as the person.
    page.locator("form[action$='/act/'] button").click()
    banner = page.locator(".gw-acting")
    expect(banner).to_contain_text("Herr Brandt")
    assert_accessible("acting for someone")
    page.goto(f"{live_server_url}/me/profile/")
    page.locator("textarea[name=about]").fill("Ich spiele gern Schach.")
    page.locator("main form button[type=submit]").last.click()
    page.goto(f"{live_server_url}/accounts/password/change/")
    expect(page.locator("h1")).to_have_text("Nicht, während Sie für jemanden handeln")
    watch.allow("status of 403")
    banner.get_by_role("button", name="Nicht mehr für diese Person handeln").click()
    expect(page.locator(".gw-acting")).to_have_count(0)

    # A takeover code, shown once, for the person.
    page.goto(f"{live_server_url}/staff/members/")
    page.locator("input[name=query]").fill(username)
    page.locator("main form button[type=submit]").click()
    page.get_by_role("link", name=username).click()
    page.locator("form[action$='/takeover-code/'] button").click()
    code = page.locator(".gw-code").nth(1).inner_text()
    assert len(code) == 14

    # A second member of the team confirms the takeover, from the queue: the code works
    # only then, and the staff member who created the account cannot confirm it.
    colleague_user, _secret = make_staff("team_zweite", contact_point)
    colleague_context = browser.new_context()
    enter_signed_in(colleague_context, live_server_url, colleague_user)
    colleague = colleague_context.new_page()
    colleague_watch = PageWatch(colleague, live_server_url)
    colleague.goto(f"{live_server_url}/staff/")
    colleague.get_by_role("link", name=username).click()
    colleague.locator("form[action$='/takeover-confirm/'] button").click()
    expect(colleague.locator("form[action$='/takeover-confirm/']")).to_have_count(0)
    colleague_watch.assert_clean()

    # The person takes the account over at home, confirms their e-mail and signs in.
    person = browser.new_context().new_page()
    person_watch = PageWatch(person, live_server_url)
    person.goto(f"{live_server_url}/accounts/takeover/")
    person.locator("input[name=username]").fill(username)
    person.locator("input[name=code]").fill(code.lower())
    person.locator("input[name=email]").fill("brandt@example.org")
    person.locator("input[name=password1]").fill("Mein eigenes Passwort 2026")
    person.locator("input[name=password2]").fill("Mein eigenes Passwort 2026")
    person.locator("main form button[type=submit]").click()
    person.goto(link_in_last_email("brandt@example.org", "/accounts/confirm-email/"))
    person.locator("main form button[type=submit]").click()
    sign_in(person, live_server_url, "brandt@example.org", "Mein eigenes Passwort 2026")
    person.goto(f"{live_server_url}/me/")
    expect(person.locator("h1")).to_have_text("Mein Konto")
    # What staff did is visible to the person; staff can no longer act.
    expect(person.get_by_text("Profil geändert").first).to_be_visible()
    expect(person.get_by_text("Das Team kann nicht mehr für Sie handeln.")).to_be_visible()
    person_watch.assert_clean()


def test_staff_without_two_factor_login_cannot_reach_the_console(
    page: Page, live_server_url: str, watch: PageWatch, assert_accessible: Any, contact_point: Any
):
    staff, _secret = make_staff("team_ohne_2fa", contact_point)
    Authenticator.objects.filter(user=staff).delete()
    sign_in(page, live_server_url, "team_ohne_2fa", "Lange-Passwort-1")

    page.goto(f"{live_server_url}/staff/")

    # Led to set up an authenticator app; allauth asks for the password once more first.
    expect(page.locator(".gw-messages")).to_contain_text("Zwei-Faktor-Anmeldung")
    expect(page).to_have_url(re.compile(r"/accounts/reauthenticate/"))
    page.locator("input[name=password]").fill("Lange-Passwort-1")
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(f"{live_server_url}/accounts/2fa/totp/activate/")
    assert_accessible("two-factor set-up")
    secret = page.locator("#authenticator_secret").input_value()
    page.locator("input[name=code]").fill(totp_code(secret))
    page.locator("main form button[type=submit]").click()

    page.goto(f"{live_server_url}/staff/")
    expect(page.locator("h1")).to_have_text("Anfragen zur Verifizierung")


def test_idle_warning_lets_the_member_stay_signed_in(
    page: Page, live_server_url: str, watch: PageWatch, assert_accessible: Any
):
    page.clock.install()
    enter_signed_in(page.context, live_server_url, member_who_can_sign_in(username="ruth"))
    page.goto(f"{live_server_url}/me/")
    dialog = page.locator("#gw-session-warning")
    expect(dialog).not_to_be_visible()

    page.clock.fast_forward("28:30")

    expect(dialog).to_be_visible()
    expect(dialog.get_by_role("button", name="Angemeldet bleiben")).to_be_focused()
    assert_accessible("idle warning")
    with page.expect_response("**/me/sessions/extend/") as extended:
        dialog.get_by_role("button", name="Angemeldet bleiben").click()
    assert extended.value.ok
    expect(dialog).not_to_be_visible()
