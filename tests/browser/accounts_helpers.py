"""Steps the account browser tests share: reading queued e-mails, signing in."""

import re
import time
from typing import Any

from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from django_tasks_db.models import DBTaskResult
from playwright.sync_api import Page, expect

from gemeinwerk.accounts.models import Role, RoleAssignment, TrustLevel, User
from gemeinwerk.accounts.tests.factories import member_who_can_sign_in


def queued_emails(address: str) -> list[dict[str, Any]]:
    """E-mails the server queued for `address` (the worker does not run in these tests,
    so they wait in the task table, as in the outbox they are)."""
    payloads = [
        result.args_kwargs["args"][0]
        for result in DBTaskResult.objects.filter(task_path__endswith="deliver_email")
        if result.args_kwargs["args"]
    ]
    return [payload for payload in payloads if address in payload["to"]]


def link_in_last_email(address: str, path_part: str) -> str:
    body = queued_emails(address)[-1]["body"]
    match = re.search(rf"https?://\S*{re.escape(path_part)}\S*", body)
    assert match is not None, body
    return match.group(0)


def totp_code(secret: str) -> str:
    # The server accepts only the current 30-second code (no tolerance): a code taken
    # in the last seconds of its period could arrive in the next one.
    if time.time() % 30 > 27:
        time.sleep(30 - time.time() % 30 + 0.1)
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def make_staff(
    username: str, contact_point: Any, *, role: Role | None = Role.STAFF
) -> tuple[User, str]:
    """A verified account with `role` (none: for an admin) and a second factor."""
    staff = member_who_can_sign_in(username=username, trust_level=TrustLevel.VERIFIED)
    if role is not None:
        RoleAssignment.objects.create(user=staff, role=role, contact_point=contact_point)
    secret = generate_totp_secret()
    TOTP.activate(staff, secret)
    return staff, secret


def sign_in(page: Page, base: str, login: str, password: str, secret: str = "") -> None:
    page.goto(f"{base}/accounts/login/")
    page.locator("input[name=login]").fill(login)
    page.locator("input[name=password]").fill(password)
    page.locator("main form button[type=submit]").first.click()
    if secret:
        page.locator("input[name=code]").fill(totp_code(secret))
        page.locator("main form button[type=submit]").first.click()
    expect(page.locator("form[action$='/accounts/logout/']").first).to_be_attached()
