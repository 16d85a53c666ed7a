"""Issue 16's whole journey of a facility, in Polish, as people meet it: the manager
registers the facility from the programme page (the header's language switch, "Facility
programme", "Register your facility") and cannot sign in yet; the coordinator approves
in the staff console; the manager activates from the e-mail, signs in for the first time
and lands on the profile, completes it by keyboard and saves; answers half of the
self-evaluation, signs out and in again and lands on it with the answers kept; finds the
exchange point locked; answers the rest, submits and sees the proposed tier; the
coordinator accepts in the console; the manager reserves a reward from the basket (its
e-mail queued for the facility's address) and finds the exchange point open. The
profile editor, the survey and the basket pass axe-core; every stage's page reflows at
200% zoom and at 320 CSS pixels without scrolling sideways.

What the journey needs before it starts (the registry, the published survey, a reward,
the coordinator) is made in the database, as the tests of each step do. Texts are the
Polish catalogue's (`polish()`): translated, or the English source while there is none.
"""

import re
from typing import Any
from urllib.parse import urlsplit

from playwright.sync_api import Page, expect

from gemeinwerk.accounts.models import Role
from gemeinwerk.programme.models import AccountStatus, FacilityAccount
from gemeinwerk.programme.models_evaluation import (
    Answer,
    EvaluationStatus,
    QuestionKind,
    Tier,
)
from gemeinwerk.programme.models_rewards import Reservation
from gemeinwerk.programme.tests.evaluation_factories import survey
from gemeinwerk.programme.tests.factories import facility, organisation
from gemeinwerk.programme.tests.rewards_factories import reward
from tests.browser.accounts_helpers import (
    enter_signed_in,
    link_in_last_email,
    make_staff,
    queued_emails,
)
from tests.browser.conftest import PageWatch
from tests.browser.layout import assert_reflows
from tests.browser.texts import header, polish

EMAIL = "sloneczko@placowki.example"
PASSWORD = "Zielone jabłko na parapecie"


def sign_in(page: Page, base: str) -> None:
    page.goto(f"{base}/pl/")
    header(page).get_by_role("link", name=polish("Sign in")).click()
    page.locator("input[name=login]").fill(EMAIL)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    expect(page.locator("form[action$='/accounts/logout/']").first).to_be_attached()


def sign_out(page: Page) -> None:
    header(page).locator("form[action$='/accounts/logout/'] button").first.click()
    expect(header(page).get_by_role("link", name=polish("Sign in"))).to_be_visible()


def to_the_console(page: Page, base: str, entry: str) -> None:
    page.goto(f"{base}/pl/")
    header(page).get_by_role("link", name=polish("Staff console")).click()
    page.get_by_role("navigation", name=polish("Staff console")).get_by_role(
        "link", name=polish(entry), exact=True
    ).click()
    expect(page.locator("h1")).to_have_text(polish(entry))


def to_the_exchange_point(page: Page) -> None:
    header(page).get_by_role("link", name=polish("My facility")).click()
    expect(page.locator("h1")).to_have_text(polish("My facility"))
    page.locator("main").get_by_role("link", name=polish("Exchange point")).click()
    expect(page.locator("h1")).to_have_text(polish("Exchange point"))


def answer(page: Page, question: Any) -> None:
    name = f"question-{question.pk}"
    if question.kind == QuestionKind.YES_NO:
        page.locator(f"input[name={name}][value=yes]").check()
    else:
        page.locator(f"textarea[name={name}]").fill(f"Odpowiedź na pytanie {question.position}.")
    # The answer is saved on its own (htmx); the live region says so.
    expect(page.locator("#save-status")).to_have_text(polish("Saved"))
    page.locator("#save-status").evaluate("element => { element.textContent = '' }")


def expect_answered(page: Page, question: Any) -> None:
    name = f"question-{question.pk}"
    if question.kind == QuestionKind.YES_NO:
        expect(page.locator(f"input[name={name}][value=yes]")).to_be_checked()
    else:
        expect(page.locator(f"textarea[name={name}]")).to_have_value(
            f"Odpowiedź na pytanie {question.position}."
        )


def test_a_facility_goes_from_registration_to_a_reward_and_the_exchange_point(
    page: Page, live_server_url: str, watch: PageWatch, assert_accessible: Any
) -> None:
    base = live_server_url
    praga = organisation("Stowarzyszenie Przyjaciół Pragi")
    sloneczko = facility(praga, "Placówka Wsparcia Dziennego „Słoneczko”")
    facility(praga, "Świetlica „Na Targowej”")
    questions = list(survey().questions.order_by("position"))
    half, rest = questions[: len(questions) // 2], questions[len(questions) // 2 :]
    workshop = reward(
        "Warsztaty specjalistyczne: praca z grupą", tiers=(Tier.PREMIUM, Tier.VIP), stock=5
    )
    coordinator, _secret = make_staff("koordynacja", None, role=Role.COORDINATOR)
    evaluation_url = f"{base}/pl/facilities/mine/evaluation/"

    # --- 1. The manager registers the facility from the programme page ------------------
    page.goto(f"{base}/")
    page.get_by_role("navigation", name="Sprache").get_by_role("link", name="Polski").click()
    expect(page).to_have_url(f"{base}/pl/")
    page.get_by_role("navigation", name=polish("Main navigation")).get_by_role(
        "link", name=polish("Facility programme"), exact=True
    ).click()
    expect(page.locator("h1")).to_have_text(polish("Facility programme"))
    assert_reflows(page, "the programme page")
    page.locator("main").get_by_role("link", name=polish("Register your facility")).click()
    expect(page.locator("html")).to_have_attribute("lang", "pl")
    assert_reflows(page, "the registration page")
    facilities = page.locator("select[name=facility]")
    page.locator("select[name=organisation]").select_option(label=praga.name)
    # htmx replaces the facility list with the organisation's facilities.
    expect(facilities.locator("option", has_text="Słoneczko")).to_have_count(1)
    facilities.select_option(label=sloneczko.name)
    page.locator("[name=first_name]").fill("Anna")
    page.locator("[name=last_name]").fill("Kowalska")
    page.locator("[name=email]").fill(EMAIL)
    page.locator("[name=password1]").fill(PASSWORD)
    page.locator("[name=password2]").fill(PASSWORD)
    page.locator("[name=informal_name]").fill("Słoneczko")
    page.get_by_role("button", name=polish("Register the facility")).click()
    expect(page).to_have_url(f"{base}/pl/facilities/register/sent/")
    assert FacilityAccount.objects.get(facility=sloneczko).status == AccountStatus.WAITING

    # Signing in before the decision: a kind word, no session.
    header(page).get_by_role("link", name=polish("Sign in")).click()
    page.locator("input[name=login]").fill(EMAIL)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    expect(page.locator("h1")).to_have_text(polish("Your facility's account is not active yet"))

    # --- 2. The coordinator approves; the activation link of the e-mail works -----------
    enter_signed_in(page.context, base, coordinator)
    to_the_console(page, base, "Facility registrations")
    expect(page.locator("main")).to_contain_text(EMAIL)
    assert_reflows(page, "the console's registrations")
    page.get_by_role("button", name=re.compile(rf"^{re.escape(polish('Approve'))}")).click()
    expect(page.locator("main")).to_contain_text(polish("No registration is waiting."))
    page.context.clear_cookies()

    link = link_in_last_email(EMAIL, "/facilities/activate/")
    # The e-mail links to the installation's address (SITE_URL); the test's server is
    # on another port.
    page.goto(base + urlsplit(link).path)
    page.get_by_role("button", name=polish("Activate the account")).click()

    # --- 3. The first sign-in leads to the profile; completed by keyboard, saved ---------
    page.locator("input[name=login]").fill(EMAIL)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    expect(page).to_have_url(f"{base}/pl/facilities/mine/profile/")
    expect(page.locator("h1")).to_have_text(polish("The facility's profile"))
    expect(page.locator("[name=display_name]")).to_have_value("Słoneczko")
    editor = page.get_by_role("textbox", name=polish("Description"))
    expect(editor).to_be_visible()
    assert_accessible("the profile editor")
    assert_reflows(page, "the profile editor")
    heading = page.get_by_role("toolbar", name=polish("Text formatting")).get_by_role(
        "button", name=polish("Heading"), exact=True
    )
    page.locator("[name=display_name]").focus()
    page.keyboard.press("Tab")
    expect(heading).to_be_focused()
    page.keyboard.press("Enter")
    expect(editor).to_be_focused()
    page.keyboard.type("Kim jesteśmy")
    page.keyboard.press("Enter")
    page.keyboard.type("Placówka wsparcia dziennego dla dzieci z Pragi.")
    page.keyboard.press("Tab")
    expect(editor).not_to_be_focused()
    page.locator("[name=phone]").fill("+48 22 123 45 67")
    page.get_by_role("button", name=polish("Save the profile")).click()
    expect(page).to_have_url(f"{base}/pl/facilities/mine/")
    expect(page.locator("[data-facility-description] h2")).to_have_text("Kim jesteśmy")

    # --- 4. The self-evaluation: half, signed out and in, locked exchange, the rest ------
    header(page).get_by_role("link", name=polish("Self-evaluation")).click()
    expect(page).to_have_url(evaluation_url)
    expect(page.locator("h1")).to_have_text(polish("Self-evaluation"))
    for question in half:
        answer(page, question)
    assert Answer.objects.filter(evaluation__facility=sloneczko).count() == len(half)
    assert_accessible("the survey with answers")
    assert_reflows(page, "the survey")

    sign_out(page)
    sign_in(page, base)
    expect(page).to_have_url(evaluation_url)
    for question in half:
        expect_answered(page, question)

    to_the_exchange_point(page)
    expect(page.locator("[data-exchange-locked]")).to_be_visible()
    page.locator("main").get_by_role("link", name=polish("To the self-evaluation")).click()
    expect(page).to_have_url(evaluation_url)
    for question in rest:
        answer(page, question)
    page.get_by_role("button", name=polish("Submit the self-evaluation")).click()
    expect(page.locator("main")).to_contain_text(polish("Proposed tier"))
    expect(page.locator("main")).to_contain_text("VIP")
    expect(page.locator("main textarea")).to_have_count(0)

    # --- 5. The coordinator accepts -------------------------------------------------------
    page.context.clear_cookies()
    enter_signed_in(page.context, base, coordinator)
    to_the_console(page, base, "Evaluations to accept")
    page.locator("main").get_by_role("link", name=sloneczko.name).click()
    expect(page.locator("main")).to_contain_text(questions[0].text)
    assert_reflows(page, "the console's review of an evaluation")
    page.locator("main form[action$='/accept/'] button").click()
    expect(page.locator("main")).to_contain_text(polish("No self-evaluation is waiting."))
    assert sloneczko.evaluations.get().status == EvaluationStatus.ACCEPTED
    page.context.clear_cookies()

    # --- 6. A reward from the basket, its e-mail queued; the exchange point is open ------
    sign_in(page, base)
    emails_before = len(queued_emails(EMAIL))
    header(page).get_by_role("link", name=polish("My facility")).click()
    page.locator("main").get_by_role("link", name=polish("Reward basket")).click()
    expect(page.locator("h1")).to_have_text(polish("Reward basket"))
    assert_accessible("the reward basket")
    assert_reflows(page, "the reward basket")
    page.locator(f"[data-reward='{workshop.pk}']").get_by_role(
        "button", name=polish("Reserve")
    ).click()
    row = page.locator("tr[data-reservation]")
    expect(row).to_have_count(1)
    expect(row).to_contain_text(workshop.title)
    expect(row).to_contain_text(polish("Reserved"))
    assert Reservation.objects.filter(facility=sloneczko, reward=workshop).count() == 1
    emails = queued_emails(EMAIL)
    assert len(emails) == emails_before + 1
    assert workshop.title in emails[-1]["subject"]

    to_the_exchange_point(page)
    expect(page.locator("[data-exchange-locked]")).to_have_count(0)
    expect(
        page.locator("main").get_by_role("link", name=polish("Offer something or post a need"))
    ).to_be_visible()
    assert_reflows(page, "the exchange point")
    watch.assert_clean()
