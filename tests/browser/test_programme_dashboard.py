"""The programme overview as the coordinator meets it: from the home page through the
staff console to "Programme overview", the counts of what waits and the tiers, a CSV
download of the facilities with their tier (UTF-8 with a BOM, Polish letters kept), and
axe-core on the page. The public programme page's FAQ shows the tier thresholds from the
scoring rules."""

from typing import Any

from django.utils import timezone
from playwright.sync_api import Page, expect

from gemeinwerk.accounts.models import Role
from gemeinwerk.programme import scoring
from gemeinwerk.programme.models import FacilityAccount
from gemeinwerk.programme.models_evaluation import Evaluation, EvaluationStatus, Tier
from gemeinwerk.programme.services import cycles
from gemeinwerk.programme.tests.evaluation_factories import manager, survey
from gemeinwerk.programme.tests.factories import facility, organisation
from tests.browser.accounts_helpers import enter_signed_in, make_staff
from tests.browser.conftest import PageWatch
from tests.browser.texts import polish


def test_the_coordinator_reads_the_overview_and_downloads_a_csv(
    page: Page, live_server_url: str, watch: PageWatch, assert_accessible: Any
) -> None:
    base = live_server_url
    published = survey()
    cycles.open_cycle(today=timezone.localdate())
    zolw = facility(organisation("Fundacja Żółw"), "Świetlica „Źdźbło”")
    user = manager(zolw, email="zdzblo@placowki.example")
    Evaluation.objects.create(
        facility=FacilityAccount.objects.get(user=user).facility,
        survey=published,
        cycle="2026-09",
        status=EvaluationStatus.ACCEPTED,
        final_tier=Tier.PREMIUM,
        proposed_tier=Tier.PREMIUM,
    )
    coordinator, _secret = make_staff("koordynacja-przeglad", None, role=Role.COORDINATOR)

    enter_signed_in(page.context, base, coordinator)
    page.goto(f"{base}/pl/")
    page.locator("header.gw-header").get_by_role("link", name=polish("Staff console")).click()
    page.get_by_role("navigation", name=polish("Staff console")).get_by_role(
        "link", name=polish("Programme overview"), exact=True
    ).click()
    expect(page.locator("h1")).to_have_text(polish("Programme overview"))
    expect(page.locator("[data-count=tier-premium]")).to_have_text("1")
    expect(page.locator("[data-count=tier-vip]")).to_have_text("0")
    expect(page.locator("[data-count=evaluations]")).to_have_text("0")
    assert_accessible("console: programme overview")

    with page.expect_download() as download_info:
        page.locator("main a[href$='/facilities.csv']").click()
    path = download_info.value.path()
    content = path.read_bytes()
    assert content.startswith("\ufeff".encode())
    text = content.decode("utf-8-sig")
    assert "Świetlica „Źdźbło”;" in text
    assert "Fundacja Żółw" in text

    # --- The public FAQ shows the thresholds -----------------------------------------------
    page.context.clear_cookies()
    page.goto(f"{base}/pl/facilities/")
    faq = page.locator("[data-programme-faq]")
    most = sum(published.questions.values_list("points", flat=True))
    least = scoring.thresholds()
    expect(faq).to_contain_text(str(least["premium"]))
    expect(faq).to_contain_text(str(least["vip"]))
    expect(faq).to_contain_text(str(most))
    watch.assert_clean()
