"""Steps the account browser tests share: reading queued e-mails, signing in."""

import re
import time
from typing import Any
from urllib.parse import urlsplit

from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from django.conf import settings
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django_tasks_db.models import DBTaskResult
from playwright.sync_api import BrowserContext, Page, StorageState, StorageStateCookie, expect

from gemeinwerk.accounts.models import Role, RoleAssignment, TrustLevel, User
from gemeinwerk.accounts.tests.factories import member_who_can_sign_in
from gemeinwerk.accounts.tests.more_factories import signed_in


class FewRoundsHasher(PBKDF2PasswordHasher):
    """Django's PBKDF2 with few rounds, for the accounts browser tests create (the root
    conftest uses it for them). The server checks such a hash like any other, since the
    rounds are part of it, and strengthens it at the first sign-in; a hash with the
    real rounds costs about half a second here, and the tests create dozens."""

    iterations = 1000


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
    """Through the sign-in form, and the second factor's if `secret` is given: for tests
    whose subject is signing in. Others start signed in (`signed_in_state`)."""
    page.goto(f"{base}/accounts/login/")
    page.locator("input[name=login]").fill(login)
    page.locator("input[name=password]").fill(password)
    page.locator("main form button[type=submit]").first.click()
    if secret:
        page.locator("input[name=code]").fill(totp_code(secret))
        page.locator("main form button[type=submit]").first.click()
    expect(page.locator("form[action$='/accounts/logout/']").first).to_be_attached()


def signed_in_state(base: str, user: User, *, second_factor: bool = True) -> StorageState:
    """A Playwright storage state signed in as `user`, as the sign-in form leaves a browser
    (with the second factor done, if the user has one, unless `second_factor=False`).

    The session is made in the database instead, which takes milliseconds where the form
    takes seconds (a password hash, and the wait for a fresh authenticator code). It is
    made per test, not once per run: what a browser test wrote, sessions included, is
    removed after it (transactional tests).
    """
    client = signed_in(user, second_factor=second_factor)
    cookie: StorageStateCookie = {
        "name": settings.SESSION_COOKIE_NAME,
        "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
        "domain": urlsplit(base).hostname or "",
        "path": "/",
        "expires": -1,
        "httpOnly": True,
        "secure": False,
        "sameSite": "Lax",
    }
    return {"cookies": [cookie], "origins": []}


def enter_signed_in(context: BrowserContext, base: str, user: User, **options: bool) -> None:
    """Sign a context (the `page` fixture's, or `browser.new_context()`) in as `user`."""
    context.add_cookies(
        [
            {"name": cookie["name"], "value": cookie["value"], "url": base}
            for cookie in signed_in_state(base, user, **options)["cookies"]
        ]
    )
    # The server takes the session: else a test could go on unnoticed on the sign-in page
    # it is sent to. A plain request, no page to render.
    answer = context.request.get(f"{base}/me/", max_redirects=0)
    assert answer.status == 200, f"not signed in as {user.username}: {answer.status}"
