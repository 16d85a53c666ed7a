"""Sign-up, login and e-mail rules, as configured for allauth."""

from typing import Any

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.test import Client

from gemeinwerk.accounts.forms import ProfileForm
from gemeinwerk.accounts.models import Profile, TrustLevel, User
from gemeinwerk.accounts.tests.factories import UserFactory, member_who_can_sign_in
from gemeinwerk.core.text import skeleton

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


# --- Throttling per account, whichever name is typed -----------------------------------

LOGIN = "/accounts/login/"
WRONG = "falsch-123"
RIGHT = "Lange-Passwort-1"


def error_codes(response: Any, field: str) -> list[str | None]:
    return [error.code for error in response.context["form"].errors.as_data().get(field, [])]


def signed_in_after(login: str, password: str, *, address: str) -> bool:
    client = Client(REMOTE_ADDR=address)
    client.post(LOGIN, {"login": login, "password": password})
    return "_auth_user_id" in client.session


def test_failures_by_user_name_also_stop_the_login_by_email():
    """Six failures by user name used to leave the e-mail address five tries of its own."""
    member_who_can_sign_in(username="ruth", email="ruth@example.org", password=RIGHT)
    # Each try from another address: the limit per IP address is not what stops it.
    for number in range(6):
        assert not signed_in_after("ruth", WRONG, address=f"203.0.113.{number}")

    assert not signed_in_after("ruth@example.org", RIGHT, address="198.51.100.1")
    assert not signed_in_after("RUTH", RIGHT, address="198.51.100.2")


def test_aliases_share_the_five_tries_of_the_account():
    member_who_can_sign_in(username="ruth", email="ruth@example.org", password=RIGHT)
    aliases = ["ruth", "ruth@example.org", "RUTH", "Ruth@Example.org", "rUtH"]

    answers = [
        Client(REMOTE_ADDR=f"203.0.113.{number}").post(LOGIN, {"login": login, "password": WRONG})
        for number, login in enumerate([*aliases, "ruth@EXAMPLE.org"])
    ]

    limited = ["too_many_login_attempts" in error_codes(answer, "__all__") for answer in answers]
    assert limited == [False] * 5 + [True]
    assert not signed_in_after("ruth", RIGHT, address="198.51.100.1")


def test_another_account_and_unknown_logins_are_not_held_up_by_a_blocked_one():
    member_who_can_sign_in(username="ruth", email="ruth@example.org", password=RIGHT)
    member_who_can_sign_in(username="ewa", email="ewa@example.org", password=RIGHT)
    for number in range(5):
        signed_in_after("ruth@example.org", WRONG, address=f"203.0.113.{number}")

    assert signed_in_after("ewa", RIGHT, address="198.51.100.1")
    assert signed_in_after("ewa@example.org", RIGHT, address="198.51.100.2")


def test_unknown_logins_are_still_limited_per_address():
    client = Client(REMOTE_ADDR="203.0.113.50")
    for number in range(10):
        client.post(LOGIN, {"login": f"gast{number}@example.org", "password": WRONG})
    member_who_can_sign_in(username="ruth", password=RIGHT)

    client.post(LOGIN, {"login": "ruth", "password": RIGHT})

    assert "_auth_user_id" not in client.session
    assert signed_in_after("ruth", RIGHT, address="203.0.113.51")


# --- User names and display names: no look-alikes, no invisible characters -------------

CYRILLIC_I = "\N{CYRILLIC SMALL LETTER BYELORUSSIAN-UKRAINIAN I}"
FULL_WIDTH_ADMIN = "\uff41\uff44\uff4d\uff49\uff4e"  # "admin" in full-width letters
RLO = "\N{RIGHT-TO-LEFT OVERRIDE}"
ZWJ = "\N{ZERO WIDTH JOINER}"
# As the sign-up page says it: in German, the default language.
CONFUSABLE = (
    "Dieser Benutzername sieht einem bestehenden zu ähnlich. Bitte wählen Sie einen anderen."
)


@pytest.mark.parametrize(
    "look_alike",
    [
        f"m{CYRILLIC_I}la",
        "\N{GREEK CAPITAL LETTER MU}\N{GREEK CAPITAL LETTER IOTA}LA",  # Greek capitals
        "\uff4d\uff49\uff4c\uff41",  # full-width
        "MILA",
    ],
)
def test_user_names_that_look_like_an_existing_one_are_refused(client: Client, look_alike: str):
    UserFactory.create(username="mila")

    response = sign_up(client, username=look_alike, email="other@example.org")

    assert response.status_code == 200
    # Upper case and full-width letters make the very same name (taken); others look alike.
    assert error_codes(response, "username") in (["username_confusable"], ["username_taken"])
    assert User.objects.count() == 1


def test_a_look_alike_of_a_cyrillic_name_is_refused_too(client: Client):
    UserFactory.create(username=f"m{CYRILLIC_I}la")

    response = sign_up(client, username="mila")

    assert error_codes(response, "username") == ["username_confusable"]
    assert response.context["form"].errors["username"] == [CONFUSABLE]
    assert not User.objects.filter(username="mila").exists()


def test_user_names_are_stored_in_normal_form_without_invisible_characters(client: Client):
    sign_up(client, username=FULL_WIDTH_ADMIN, email="a@example.org")
    sign_up(
        Client(),
        username="ru\N{ZERO WIDTH SPACE}th\N{RIGHT-TO-LEFT OVERRIDE}",
        email="r@example.org",
    )

    assert sorted(User.objects.values_list("username", "username_skeleton")) == [
        ("admin", "admln"),  # i and l are one stroke in a skeleton
        ("ruth", "ruth"),
    ]


def test_the_skeleton_follows_a_changed_user_name():
    user = UserFactory.create(username="ewa")
    user.username = f"EW{CYRILLIC_I.upper()}"
    user.save(update_fields=["username"])

    assert User.objects.get(pk=user.pk).username_skeleton == skeleton("ewi")


def test_display_names_lose_look_alike_forms_and_invisible_characters():
    profile = Profile(user=UserFactory.create())
    form = ProfileForm(
        data={"display_name": f"{RLO}\uff2d\uff49\uff4c\uff41{ZWJ}\r\n Nowak\x07"},
        profile=profile,
    )

    assert form.is_valid(), form.errors
    assert form.cleaned_data["display_name"] == "Mila Nowak"
