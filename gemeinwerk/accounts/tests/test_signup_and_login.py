"""Sign-up, login and e-mail rules, as configured for allauth."""

from typing import Any

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.test import Client

from gemeinwerk.accounts.models import TrustLevel, User
from gemeinwerk.accounts.tests.factories import UserFactory, member_who_can_sign_in

pytestmark = pytest.mark.django_db


def sign_up(client: Client, **fields: str) -> Any:
    data = {
        "email": "neu@example.org",
        "username": "neu_hier",
        "password1": "Ein langer Satz als Passwort",
        "password2": "Ein langer Satz als Passwort",
    } | fields
    return client.post("/accounts/signup/", data)


def test_sign_up_asks_only_for_email_user_name_and_password(client: Client):
    response = client.get("/accounts/signup/")

    form = response.context["form"]
    assert sorted(form.fields) == ["email", "password1", "password2", "username"]


def test_new_account_is_unverified_and_must_confirm_its_email(client: Client):
    response = sign_up(client)

    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    user = User.objects.get(username="neu_hier")
    assert user.trust_level == TrustLevel.UNVERIFIED
    assert not EmailAddress.objects.get(user=user).verified
    assert [message.to for message in mail.outbox] == [["neu@example.org"]]
    assert "/accounts/confirm-email/" in mail.outbox[0].body
    # Not signed in until the address is confirmed.
    assert client.get("/me/").status_code == 302


@pytest.mark.parametrize(
    ("password", "accepted"),
    [
        ("kurz123", False),  # fewer than 8 characters
        ("password123", False),  # common
        ("12345678901", False),  # only digits
        ("Zwölf Zeichen", True),
        ("x" * 40 + " lange Passphrase mit Leerzeichen ", True),  # 73 characters
    ],
)
def test_password_rules(client: Client, password: str, accepted: bool):
    response = sign_up(client, password1=password, password2=password)

    assert (response.status_code == 302) is accepted
    assert User.objects.filter(username="neu_hier").exists() is accepted


def test_login_by_user_name_or_email(client: Client):
    UserFactory.create(username="ruth", email="ruth@example.org", password="Lange-Passwort-1")
    EmailAddress.objects.create(
        user=User.objects.get(username="ruth"),
        email="ruth@example.org",
        verified=True,
        primary=True,
    )

    for login in ["ruth", "ruth@example.org"]:
        client.logout()
        response = client.post("/accounts/login/", {"login": login, "password": "Lange-Passwort-1"})
        assert response.status_code == 302, login
        assert response["Location"] == "/me/"


def test_failed_logins_get_one_generic_answer(client: Client):
    UserFactory.create(username="ruth", password="Lange-Passwort-1")

    wrong_password = client.post("/accounts/login/", {"login": "ruth", "password": "falsch-123"})
    unknown_user = client.post("/accounts/login/", {"login": "niemand", "password": "falsch-123"})

    def errors(response: Any) -> list[str]:
        return list(response.context["form"].non_field_errors())

    assert errors(wrong_password) == errors(unknown_user)
    assert errors(wrong_password)


def test_logins_are_throttled_per_account(client: Client):
    member_who_can_sign_in(username="ruth", password="Lange-Passwort-1")
    for _ in range(5):
        client.post("/accounts/login/", {"login": "ruth", "password": "falsch-123"})

    # Even the right password is refused for a while now, for this account.
    blocked = client.post("/accounts/login/", {"login": "ruth", "password": "Lange-Passwort-1"})
    other = Client()
    member_who_can_sign_in(username="ewa", password="Lange-Passwort-1")
    allowed = other.post("/accounts/login/", {"login": "ewa", "password": "Lange-Passwort-1"})

    assert blocked.status_code == 200
    assert "_auth_user_id" not in client.session
    assert allowed["Location"] == "/me/"
    assert "_auth_user_id" in other.session


def test_logins_are_throttled_per_address(client: Client):
    for number in range(10):
        client.post("/accounts/login/", {"login": f"gast{number}", "password": "falsch-123"})
    member_who_can_sign_in(username="ruth", password="Lange-Passwort-1")

    response = client.post("/accounts/login/", {"login": "ruth", "password": "Lange-Passwort-1"})

    assert response.status_code in (200, 429)
    assert "_auth_user_id" not in client.session


def test_changing_the_email_needs_the_new_address_confirmed(client: Client):
    user = UserFactory.create(username="ruth", email="ruth@example.org")
    EmailAddress.objects.create(user=user, email="ruth@example.org", verified=True, primary=True)
    client.force_login(user)

    client.post("/accounts/email/", {"action_add": "", "email": "ruth.neu@example.org"})

    user.refresh_from_db()
    assert user.email == "ruth@example.org"
    new = EmailAddress.objects.get(email="ruth.neu@example.org")
    assert not new.verified
    assert mail.outbox[-1].to == ["ruth.neu@example.org"]


def test_password_reset_sends_a_link_and_tells_nothing_about_unknown_addresses(client: Client):
    user = UserFactory.create(username="ruth", email="ruth@example.org")
    EmailAddress.objects.create(user=user, email="ruth@example.org", verified=True, primary=True)

    known = client.post("/accounts/password/reset/", {"email": "ruth@example.org"})
    unknown = client.post("/accounts/password/reset/", {"email": "niemand@example.org"})

    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    assert "/accounts/password/reset/key/" in mail.outbox[0].body
