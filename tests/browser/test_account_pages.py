"""Every page of accounts and the staff console: axe-core finds nothing, in German,
Polish and English, and nothing scrolls sideways at 320 CSS pixels."""

from typing import Any

import pytest
from playwright.sync_api import Page

from gemeinwerk.accounts.models import (
    AssistedAccount,
    Profile,
    Role,
    RoleAssignment,
    TrustLevel,
    VerificationRequest,
)
from gemeinwerk.accounts.tests.factories import UserFactory, member_who_can_sign_in
from gemeinwerk.places.tests.factories import ContactPointFactory
from tests.browser.accounts_helpers import enter_signed_in, make_staff
from tests.browser.conftest import PageWatch

PREFIXES = {"de": "", "pl": "/pl", "en": "/en"}
PUBLIC_PAGES = [
    "/accounts/login/",
    "/accounts/signup/",
    "/accounts/password/reset/",
    "/accounts/takeover/",
    "/house-rules/",
]
MEMBER_PAGES = [
    "/me/",
    "/me/verification/",
    "/me/sessions/",
    "/me/delete/",
    "/accounts/email/",
    "/accounts/password/change/",
    "/accounts/2fa/",
]


@pytest.fixture
def console_world() -> dict[str, Any]:
    point = ContactPointFactory.create(name="Treffpunkt Lindenhof")
    staff, _secret = make_staff("team_lindenhof", point)
    staff.is_superuser = True  # the roles page is for admins
    staff.save()
    newcomer = UserFactory.create(username="neu_hier")
    VerificationRequest.objects.create(member=newcomer, contact_point=point, message="Dienstags")
    assisted = UserFactory.create(username="member_123456", trust_level=TrustLevel.VERIFIED)
    Profile.objects.create(user=assisted, display_name="Herr Brandt")
    AssistedAccount.objects.create(
        user=assisted, contact_point=point, consent_given_at=newcomer.date_joined
    )
    RoleAssignment.objects.create(user=newcomer, role=Role.COORDINATOR)
    return {"staff": staff, "newcomer": newcomer, "assisted": assisted}


@pytest.mark.parametrize("language", ["de", "pl", "en"])
def test_public_account_pages_pass_axe(
    page: Page, live_server_url: str, watch: PageWatch, assert_accessible: Any, language: str
):
    for path in PUBLIC_PAGES:
        page.goto(f"{live_server_url}{PREFIXES[language]}{path}")
        assert_accessible(f"{language} {path}")


@pytest.mark.parametrize("language", ["de", "pl", "en"])
def test_member_pages_pass_axe(
    page: Page, live_server_url: str, watch: PageWatch, assert_accessible: Any, language: str
):
    ContactPointFactory.create(name="Treffpunkt Lindenhof")
    enter_signed_in(page.context, live_server_url, member_who_can_sign_in(username="ruth"))
    for path in MEMBER_PAGES:
        page.goto(f"{live_server_url}{PREFIXES[language]}{path}")
        assert_accessible(f"{language} {path}")


@pytest.mark.parametrize("language", ["de", "pl", "en"])
def test_staff_console_pages_pass_axe(
    page: Page,
    live_server_url: str,
    watch: PageWatch,
    assert_accessible: Any,
    console_world: dict[str, Any],
    language: str,
):
    base = f"{live_server_url}{PREFIXES[language]}"
    enter_signed_in(page.context, live_server_url, console_world["staff"])
    newcomer, assisted = console_world["newcomer"], console_world["assisted"]
    for path in [
        "/staff/",
        "/staff/members/",
        f"/staff/members/{newcomer.public_id}/",
        f"/staff/members/{assisted.public_id}/",
        "/staff/assisted/new/",
        "/staff/roles/",
        "/staff/audit/",
    ]:
        page.goto(f"{base}{path}")
        assert_accessible(f"{language} {path}")

    # Forms with errors (answered with 400), and the page that shows a takeover code once.
    watch.allow("status of 400")
    page.goto(f"{base}/staff/members/")
    page.locator("main form button[type=submit]").click()
    assert_accessible(f"{language} search without a query")
    page.goto(f"{base}/staff/members/{newcomer.public_id}/")
    page.locator("form[action$='/suspend/'] button[type=submit]").click()
    assert_accessible(f"{language} suspension without a reason")
    page.goto(f"{base}/staff/members/{assisted.public_id}/")
    page.locator("form[action$='/takeover-code/'] button").click()
    assert_accessible(f"{language} takeover code")


def test_account_pages_reflow_at_320_pixels(
    page: Page, live_server_url: str, watch: PageWatch, console_world: dict[str, Any]
):
    page.set_viewport_size({"width": 320, "height": 800})
    enter_signed_in(page.context, live_server_url, console_world["staff"])
    paths = [
        *MEMBER_PAGES,
        "/staff/",
        f"/staff/members/{console_world['newcomer'].public_id}/",
        "/staff/roles/",
        "/staff/audit/",
    ]
    for path in paths:
        for prefix in PREFIXES.values():
            page.goto(f"{live_server_url}{prefix}{path}")
            overflow = page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            assert overflow <= 0, f"{prefix}{path} scrolls sideways by {overflow}px"
