"""A facility's self-evaluation as people meet it, in Polish: the approved manager of a
facility with a completed profile signs in and lands on the survey, answers half of it
(each answer saved as it is typed, "saved" said quietly), signs out, signs in and lands
on it again with the answers kept, answers the rest, submits and sees the proposed tier;
the coordinator goes from the home page through the staff console to "Evaluations to
accept", changes nothing and accepts; the facility's e-mail is queued. The survey with
answers, the read-only survey and the console's review page pass axe-core.

Texts are the Polish catalogue's (`polish()`): translated, or the English source while
there is none. Fields are found by their names, buttons and links by what people read.
"""

from typing import Any

from playwright.sync_api import Page, expect

from gemeinwerk.accounts.models import Role
from gemeinwerk.programme.models_evaluation import Answer, EvaluationStatus, QuestionKind
from gemeinwerk.programme.tests.evaluation_factories import PASSWORD, manager, survey
from gemeinwerk.programme.tests.factories import facility, organisation
from tests.browser.accounts_helpers import enter_signed_in, make_staff, queued_emails
from tests.browser.conftest import PageWatch
from tests.browser.texts import header, polish

EMAIL = "sloneczko@placowki.example"


def sign_in(page: Page, base: str) -> None:
    page.goto(f"{base}/pl/")
    header(page).get_by_role("link", name=polish("Sign in")).click()
    page.locator("input[name=login]").fill(EMAIL)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").first.click()


def answer(page: Page, question: Any) -> None:
    name = f"question-{question.pk}"
    if question.kind == QuestionKind.YES_NO:
        page.locator(f"input[name={name}][value=yes]").check()
    else:
        page.locator(f"textarea[name={name}]").fill(f"Odpowiedź na pytanie {question.position}.")
    # The answer is saved on its own (htmx); the live region says so.
    expect(page.locator("#save-status")).to_have_text(polish("Saved"))
    page.locator("#save-status").evaluate("element => { element.textContent = '' }")


def test_a_facility_evaluates_itself_and_the_coordinator_accepts(
    page: Page, live_server_url: str, watch: PageWatch, assert_accessible: Any
) -> None:
    base = live_server_url
    questions = list(survey().questions.order_by("position"))
    sloneczko = facility(
        organisation("Stowarzyszenie Przyjaciół Pragi"), "Placówka Wsparcia Dziennego „Słoneczko”"
    )
    manager(sloneczko, email=EMAIL, language="pl")
    coordinator, _secret = make_staff("koordynacja", None, role=Role.COORDINATOR)
    evaluation_url = f"{base}/pl/facilities/mine/evaluation/"
    half, rest = questions[:7], questions[7:]

    # --- The manager signs in and lands on the survey -----------------------------------
    sign_in(page, base)
    expect(page).to_have_url(evaluation_url)
    expect(page.locator("h1")).to_have_text(polish("Self-evaluation"))
    hint = page.locator(f"#question-{questions[3].pk}-hint")
    expect(hint).to_have_text(questions[3].hint)
    expect(page.locator(f"textarea[name=question-{questions[3].pk}]")).to_have_attribute(
        "placeholder", questions[3].hint
    )
    for question in half:
        answer(page, question)
    assert Answer.objects.filter(evaluation__facility=sloneczko).count() == len(half)
    assert_accessible("the survey with answers")

    # --- Signed out and in again: back on the survey, the answers kept --------------------
    header(page).locator("form[action$='/accounts/logout/'] button").first.click()
    expect(header(page).get_by_role("link", name=polish("Sign in"))).to_be_visible()
    sign_in(page, base)
    expect(page).to_have_url(evaluation_url)
    for question in half:
        name = f"question-{question.pk}"
        if question.kind == QuestionKind.YES_NO:
            expect(page.locator(f"input[name={name}][value=yes]")).to_be_checked()
        else:
            expect(page.locator(f"textarea[name={name}]")).to_have_value(
                f"Odpowiedź na pytanie {question.position}."
            )
    for question in rest:
        answer(page, question)
    page.get_by_role("button", name=polish("Submit the self-evaluation")).click()
    expect(page.locator("main")).to_contain_text(polish("Proposed tier"))
    expect(page.locator("main")).to_contain_text("VIP")
    expect(page.locator("main textarea")).to_have_count(0)
    assert_accessible("the submitted survey, read-only")

    # --- The coordinator accepts ---------------------------------------------------------
    page.context.clear_cookies()
    enter_signed_in(page.context, base, coordinator)
    page.goto(f"{base}/pl/")
    header(page).get_by_role("link", name=polish("Staff console")).click()
    page.get_by_role("navigation", name=polish("Staff console")).get_by_role(
        "link", name=polish("Evaluations to accept"), exact=True
    ).click()
    expect(page.locator("h1")).to_have_text(polish("Evaluations to accept"))
    page.locator("main").get_by_role("link", name=sloneczko.name).click()
    expect(page.locator("main")).to_contain_text(questions[3].text)
    assert_accessible("console: a self-evaluation to accept")
    page.locator("main form[action$='/accept/'] button").click()
    expect(page.locator("main")).to_contain_text(polish("No self-evaluation is waiting."))

    evaluation = sloneczko.evaluations.get()
    assert evaluation.status == EvaluationStatus.ACCEPTED
    assert evaluation.final_tier == evaluation.proposed_tier == "vip"
    (email,) = queued_emails(EMAIL)
    assert "VIP" in email["body"]
    watch.assert_clean()
