"""Encrypt every stored two-factor secret again under the current SECRET_KEY: run it
after changing the key, then the old key can leave SECRET_KEY_FALLBACKS
(docs/operations.md, "Changing the secret key")."""

from typing import Any

from allauth.mfa.models import Authenticator
from django.core.management.base import BaseCommand
from django.db import transaction

from gemeinwerk.accounts.mfa import reencrypt_stored


class Command(BaseCommand):
    help = __doc__

    def handle(self, *args: Any, **options: Any) -> None:
        count = 0
        with transaction.atomic():
            for authenticator in Authenticator.objects.select_for_update().order_by("pk"):
                if reencrypt_stored(authenticator.data):
                    authenticator.save(update_fields=["data"])
                    count += 1
        self.stdout.write(f"{count} two-factor secret(s) encrypted under the current key.")
