"""Encrypt the two-factor secrets stored before they were encrypted at rest
(gemeinwerk/accounts/mfa.py). Reading still accepts plain values, so the order of
deployment does not matter; this makes sure none stays plain in the database."""

from django.db import migrations

from gemeinwerk.accounts.mfa import decrypt_stored, encrypt_stored


def convert(apps, convert_data):
    Authenticator = apps.get_model("mfa", "Authenticator")
    for authenticator in Authenticator.objects.all().iterator():
        if convert_data(authenticator.data):
            authenticator.save(update_fields=["data"])


def encrypt(apps, schema_editor):
    convert(apps, encrypt_stored)


def decrypt(apps, schema_editor):
    convert(apps, decrypt_stored)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_takeover_confirmation"),
        ("mfa", "0003_authenticator_type_uniq"),
    ]

    operations = [migrations.RunPython(encrypt, decrypt)]
