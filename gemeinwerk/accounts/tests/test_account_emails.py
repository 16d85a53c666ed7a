"""allauth's e-mails in the platform's voice: the greeting of our other e-mails, the
installation's name (never the host and port), in the language of the page."""

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.test import Client

from gemeinwerk.accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SIGN_UP = {
    "email": "neu@example.org",
    "username": "neu_hier",
    "password1": "Ein langer Satz als Passwort",
    "password2": "Ein langer Satz als Passwort",
}


@pytest.mark.parametrize(
    ("prefix", "greeting", "signature", "confirm"),
    [
        ("", "Guten Tag,", "Ihr Team von Stadtteilhilfe Nord", "E-Mail-Adresse"),
        ("/pl", "Dzień dobry,", "Stadtteilhilfe Nord", "adres e-mail"),
        ("/en", "Hello,", "Your team at Stadtteilhilfe Nord", "e-mail address"),
    ],
)
def test_the_confirmation_names_the_installation_and_greets_as_we_do(
    settings, prefix: str, greeting: str, signature: str, confirm: str
):
    settings.GEMEINWERK_OPERATOR = {**settings.GEMEINWERK_OPERATOR, "name": "Stadtteilhilfe Nord"}

    response = Client().post(f"{prefix}/accounts/signup/", SIGN_UP)

    assert response.status_code == 302
    (message,) = mail.outbox
    assert message.subject.startswith("Stadtteilhilfe Nord: ")
    assert confirm in message.subject
    assert message.body.startswith(greeting)
    assert signature in message.body
    assert "/accounts/confirm-email/" in message.body
    for host in ("testserver", "127.0.0.1", "localhost"):
        assert host not in message.subject
        assert host not in message.body.replace("http://testserver/", "")
    assert "Hallo" not in message.body
    assert "Cześć" not in message.body


def test_the_password_reset_is_signed_by_the_installation(settings):
    settings.GEMEINWERK_OPERATOR = {**settings.GEMEINWERK_OPERATOR, "name": "Stadtteilhilfe Nord"}
    user = UserFactory.create(username="ruth", email="ruth@example.org")
    EmailAddress.objects.create(user=user, email="ruth@example.org", verified=True, primary=True)

    Client().post("/accounts/password/reset/", {"email": "ruth@example.org"})

    (message,) = mail.outbox
    assert message.body.startswith("Guten Tag,")
    assert "Ihr Team von Stadtteilhilfe Nord" in message.body
    assert "testserver" not in message.body.replace("http://testserver/", "")
