"""The exchange point as facilities meet it, in Polish: the manager of "Słoneczko"
(accepted self-evaluation) goes from the header's "My facility" to the exchange point and
offers a workshop room on loan; the manager of "Podwórko" finds the exchange point locked
until the programme office accepts its evaluation, then finds the offer with the filters,
writes to "Słoneczko" and lands in the chat conversation; "Słoneczko" marks the loan
agreed with a return date and, later, returned. The list, the form and the item pass
axe-core.

Texts are the Polish catalogue's (`polish()`): translated, or the English source while
there is none. What is not the subject (accounts, accepted evaluations) is made with the
ORM and the factories.
"""

from datetime import timedelta
from typing import Any

from django.utils import timezone
from playwright.sync_api import Page, expect

from gemeinwerk.chat.models import Conversation
from gemeinwerk.programme.models_exchange import ExchangeItem, ExchangeStatus
from gemeinwerk.programme.tests.evaluation_factories import manager
from gemeinwerk.programme.tests.exchange_factories import accept, accepted_manager
from gemeinwerk.programme.tests.factories import facility, organisation
from tests.browser.accounts_helpers import enter_signed_in
from tests.browser.conftest import PageWatch
from tests.browser.texts import polish

TITLE = "Wolna sala warsztatowa w soboty"


def to_the_exchange_point(page: Page, base: str) -> None:
    page.goto(f"{base}/pl/")
    page.locator("header.gw-header").get_by_role("link", name=polish("My facility")).click()
    page.locator("main").get_by_role("link", name=polish("Exchange point")).click()
    expect(page.locator("h1")).to_have_text(polish("Exchange point"))


def test_two_facilities_agree_on_a_loan_through_the_exchange_point(
    page: Page, live_server_url: str, watch: PageWatch, assert_accessible: Any
) -> None:
    base = live_server_url
    praga = organisation("Stowarzyszenie Przyjaciół Pragi")
    sloneczko = facility(praga, "Placówka Wsparcia Dziennego „Słoneczko”")
    podworko = facility(praga, "Placówka Wsparcia Dziennego „Podwórko”")
    lender = accepted_manager(sloneczko, email="sloneczko@placowki.example")
    borrower = manager(podworko, email="podworko@placowki.example")

    # --- Słoneczko offers its workshop room on loan ---------------------------------------
    enter_signed_in(page.context, base, lender)
    to_the_exchange_point(page, base)
    assert_accessible("the exchange point")
    page.locator("main").get_by_role("link", name=polish("Offer something or post a need")).click()
    page.locator("input[name=kind][value=offer]").check()
    page.locator("input[name=title]").fill(TITLE)
    page.locator("select[name=category]").select_option("workspace")
    page.locator("input[name=quantity]").fill("1")
    page.locator("input[name=mode][value=loan]").check()
    page.locator("textarea[name=description]").fill("Sala na 15 osób, wolna w soboty.")
    assert_accessible("the form of an item")
    page.locator("main form button[type=submit]").click()
    expect(page.locator("h1")).to_have_text(TITLE)
    offered = ExchangeItem.objects.get(title=TITLE)
    assert offered.facility == sloneczko

    # --- Podwórko: locked until its evaluation is accepted, then finds and answers -------
    page.context.clear_cookies()
    enter_signed_in(page.context, base, borrower)
    to_the_exchange_point(page, base)
    expect(page.locator("[data-exchange-locked]")).to_be_visible()
    expect(
        page.locator("main").get_by_role("link", name=polish("To the self-evaluation"))
    ).to_be_visible()
    accept(podworko)
    page.reload()
    page.locator("select[name=kind]").select_option("offer")
    page.locator("select[name=category]").select_option("workspace")
    page.locator("main").get_by_role("button", name=polish("Show")).click()
    page.locator("main").get_by_role("link", name=TITLE).click()
    expect(page.locator("h1")).to_have_text(TITLE)
    assert_accessible("an item of another facility")
    page.locator("textarea[name=body]").fill("Dzień dobry! Chętnie skorzystamy w sobotę.")
    page.locator("main").get_by_role("button", name=polish("Write to this facility")).click()
    conversation = Conversation.objects.get()
    expect(page).to_have_url(f"{base}/pl/chat/{conversation.pk}/#latest")
    expect(page.locator("main")).to_contain_text("Chętnie skorzystamy w sobotę.")
    assert conversation.about == TITLE

    # --- Słoneczko agrees with a return date, later marks the loan returned --------------
    page.context.clear_cookies()
    enter_signed_in(page.context, base, lender)
    to_the_exchange_point(page, base)
    page.locator("main").get_by_role("link", name=TITLE).click()
    day = timezone.localdate() + timedelta(days=7)
    page.locator("input[name=return_date]").fill(day.isoformat())
    page.locator("main").get_by_role("button", name=polish("Mark as agreed")).click()
    expect(page.locator("[data-exchange-status]")).to_have_text(polish("Agreed"))
    offered.refresh_from_db()
    assert (offered.status, offered.return_date) == (ExchangeStatus.AGREED, day)
    page.locator("main").get_by_role("button", name=polish("Mark as returned")).click()
    expect(page.locator("[data-returned]")).to_be_visible()
    offered.refresh_from_db()
    assert offered.returned_at is not None
    assert offered.status == ExchangeStatus.CLOSED
    watch.assert_clean()
