"""The reward basket as people meet it, in Polish: the manager of a facility with an
accepted premium self-evaluation goes from the header's "My facility" to the basket,
sees a VIP reward locked with its reason, reserves a premium reward (the e-mail is
queued) and sees the reservation; the coordinator goes from the home page through the
staff console to "Reward basket", marks it arranged with a note, then delivered. The
basket, the facility's reservations and the console's list pass axe-core.

Texts are the Polish catalogue's (`polish()`): translated, or the English source while
there is none. Buttons and links are found by what people read.
"""

from typing import Any

from django.utils import translation
from playwright.sync_api import Page, expect

from gemeinwerk.accounts.models import Role
from gemeinwerk.programme.models_evaluation import Tier
from gemeinwerk.programme.models_rewards import Reservation, ReservationStatus
from gemeinwerk.programme.tests.factories import facility, organisation
from gemeinwerk.programme.tests.rewards_factories import accepted_manager, reward
from tests.browser.accounts_helpers import enter_signed_in, make_staff, queued_emails
from tests.browser.conftest import PageWatch
from tests.browser.texts import header, polish

EMAIL = "tecza@placowki.example"


def test_a_facility_reserves_a_reward_and_the_coordinator_arranges_and_delivers_it(
    page: Page, live_server_url: str, watch: PageWatch, assert_accessible: Any
) -> None:
    base = live_server_url
    tecza = facility(organisation("Fundacja Tęcza"), "Placówka Wsparcia Dziennego „Tęcza”")
    user = accepted_manager(Tier.PREMIUM, tecza, email=EMAIL, language="pl")
    workshop = reward(
        "Warsztaty specjalistyczne: praca z grupą", tiers=(Tier.PREMIUM, Tier.VIP), stock=5
    )
    trip = reward("Wyjazd socjoterapeutyczny", tiers=(Tier.VIP,), stock=2)
    coordinator, _secret = make_staff("koordynacja-nagrody", None, role=Role.COORDINATOR)

    # --- The facility reaches the basket from "My facility" ------------------------------
    enter_signed_in(page.context, base, user)
    page.goto(f"{base}/pl/")
    header(page).get_by_role("link", name=polish("My facility")).click()
    page.locator("main").get_by_role("link", name=polish("Reward basket")).click()
    expect(page.locator("h1")).to_have_text(polish("Reward basket"))

    locked = page.locator(f"[data-reward='{trip.pk}']")
    with translation.override("pl"):
        reason = translation.gettext("For %(tiers)s facilities") % {"tiers": "VIP"}
    expect(locked.locator("[data-locked]")).to_contain_text(reason)
    expect(locked.get_by_role("button")).to_have_count(0)
    assert_accessible("the reward basket")

    page.locator(f"[data-reward='{workshop.pk}']").get_by_role(
        "button", name=polish("Reserve")
    ).click()
    row = page.locator("tr[data-reservation]")
    expect(row).to_have_count(1)
    expect(row).to_contain_text(workshop.title)
    expect(row).to_contain_text(polish("Reserved"))
    assert_accessible("the facility's reservations")
    reservation = Reservation.objects.get(facility=tecza)
    (email,) = queued_emails(EMAIL)
    assert workshop.title in email["subject"]

    # --- The coordinator arranges it, then marks it delivered ----------------------------
    page.context.clear_cookies()
    enter_signed_in(page.context, base, coordinator)
    page.goto(f"{base}/pl/")
    header(page).get_by_role("link", name=polish("Staff console")).click()
    page.get_by_role("navigation", name=polish("Staff console")).get_by_role(
        "link", name=polish("Reward basket"), exact=True
    ).click()
    expect(page.locator("h1")).to_have_text(polish("Reward basket"))
    expect(page.locator("main table")).to_contain_text(tecza.name)
    assert_accessible("console: reservations of the reward basket")
    page.locator("main table").get_by_role("link", name=workshop.title).click()
    page.locator("textarea[name=note]").fill("Warsztaty 12 maja o 10:00.")
    page.get_by_role("button", name=polish("Mark as arranged")).click()
    expect(page.locator("[data-status]")).to_have_text(polish("Arranged"))
    page.get_by_role("button", name=polish("Mark as delivered")).click()
    expect(page.locator("[data-status]")).to_have_text(polish("Delivered"))

    reservation.refresh_from_db()
    assert reservation.status == ReservationStatus.DELIVERED
    assert reservation.note == "Warsztaty 12 maja o 10:00."
    assert len(queued_emails(EMAIL)) == 2
    watch.assert_clean()
