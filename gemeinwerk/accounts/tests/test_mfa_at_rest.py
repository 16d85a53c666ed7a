"""Two-factor secrets are stored encrypted; signing in with a code works as before, with
secrets stored before the change and across a change of SECRET_KEY."""

import json
import time
from importlib import import_module
from io import StringIO
from typing import Any

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
)
from django.apps import apps
from django.core.management import call_command
from django.test import Client

from gemeinwerk.accounts import mfa
from gemeinwerk.accounts.models import User
from gemeinwerk.accounts.tests.more_factories import add_email, make_user, url

pytestmark = pytest.mark.django_db


def current_code(secret: str) -> str:
    # A code taken in the last seconds of its period could arrive in the next one.
    if time.time() % 30 > 28:
        time.sleep(30 - time.time() % 30 + 0.1)
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def sign_in_with_code(username: str, secret: str) -> Any:
    add_email(User.objects.get(username=username))
    client = Client()
    response = client.post(
        url("account_login"), {"login": username, "password": "Lange-Passwort-1"}
    )
    assert response.status_code == 302
    assert response["Location"] == url("mfa_authenticate")
    return client.post(url("mfa_authenticate"), {"code": current_code(secret)})


def test_the_totp_secret_is_not_stored_in_the_clear():
    member = make_user()
    secret = generate_totp_secret()

    TOTP.activate(member, secret)

    stored = Authenticator.objects.get(user=member, type=Authenticator.Type.TOTP).data
    assert secret not in json.dumps(stored)
    assert stored["secret"].startswith(mfa.PREFIX)
    assert mfa.decrypt(stored["secret"]) == secret


def test_signing_in_with_a_code_works_with_the_encrypted_secret():
    member = make_user(username="zweiter_faktor")
    secret = generate_totp_secret()
    TOTP.activate(member, secret)

    response = sign_in_with_code("zweiter_faktor", secret)

    assert response.status_code == 302
    assert response["Location"] == url("me:overview")


def test_the_recovery_codes_seed_is_not_stored_in_the_clear():
    member = make_user()
    TOTP.activate(member, generate_totp_secret())

    codes = RecoveryCodes.activate(member)

    stored = codes.instance.data
    assert stored["seed"].startswith(mfa.PREFIX)
    assert codes.validate_code(codes.get_unused_codes()[0])


def plain_authenticator(username: str) -> tuple[Authenticator, str]:
    """As stored before encryption: the secret in the clear."""
    member = make_user(username=username)
    secret = generate_totp_secret()
    authenticator = Authenticator.objects.create(
        user=member, type=Authenticator.Type.TOTP, data={"secret": secret}
    )
    return authenticator, secret


def test_a_secret_stored_before_encryption_still_signs_in():
    _authenticator, secret = plain_authenticator("alter_faktor")

    response = sign_in_with_code("alter_faktor", secret)

    assert response["Location"] == url("me:overview")


def test_the_migration_encrypts_stored_secrets_and_can_be_reversed():
    authenticator, secret = plain_authenticator("umzug")
    recovery = Authenticator.objects.create(
        user=authenticator.user,
        type=Authenticator.Type.RECOVERY_CODES,
        data={"seed": "ab" * 40, "used_mask": 0, "migrated_codes": ["12345678"]},
    )
    migration = import_module("gemeinwerk.accounts.migrations.0004_encrypt_two_factor_secrets")

    migration.encrypt(apps, None)
    migration.encrypt(apps, None)  # a second run changes nothing

    authenticator.refresh_from_db()
    recovery.refresh_from_db()
    assert authenticator.data["secret"].startswith(mfa.PREFIX)
    assert mfa.decrypt(authenticator.data["secret"]) == secret
    assert recovery.data["seed"].startswith(mfa.PREFIX)
    assert mfa.decrypt(recovery.data["migrated_codes"][0]) == "12345678"
    assert recovery.data["used_mask"] == 0
    assert sign_in_with_code("umzug", secret)["Location"] == url("me:overview")

    migration.decrypt(apps, None)

    authenticator.refresh_from_db()
    assert authenticator.data["secret"] == secret


def test_secrets_stay_readable_while_a_new_secret_key_takes_over(settings: Any):
    member = make_user(username="neuer_schluessel")
    secret = generate_totp_secret()
    TOTP.activate(member, secret)
    old_key = settings.SECRET_KEY

    settings.SECRET_KEY = "n" + "0123456789abcdefghijklmnopqrstuvwxyz" * 2
    settings.SECRET_KEY_FALLBACKS = [old_key]

    assert sign_in_with_code("neuer_schluessel", secret)["Location"] == url("me:overview")


def test_after_a_change_of_key_the_secrets_move_to_the_new_key(settings: Any):
    member = make_user(username="umgeschluesselt")
    secret = generate_totp_secret()
    TOTP.activate(member, secret)
    old_key = settings.SECRET_KEY
    settings.SECRET_KEY = "m" + "0123456789abcdefghijklmnopqrstuvwxyz" * 2
    settings.SECRET_KEY_FALLBACKS = [old_key]

    call_command("reencrypt_two_factor_secrets", stdout=StringIO())
    settings.SECRET_KEY_FALLBACKS = []

    assert sign_in_with_code("umgeschluesselt", secret)["Location"] == url("me:overview")
