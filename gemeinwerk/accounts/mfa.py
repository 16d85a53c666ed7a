"""Two-factor secrets encrypted at rest.

allauth keeps each TOTP secret (and the seed of the recovery codes) in the
Authenticator's JSON data; whoever reads a database backup could otherwise make valid
codes for every staff account. The secrets are encrypted with Fernet (AES-128-CBC with an
HMAC) under a key derived from SECRET_KEY, so a database alone gives them away no more.
SECRET_KEY_FALLBACKS keep old secrets readable while a new key takes over; the migration
`0004_encrypt_two_factor_secrets` encrypts those stored before.
"""

import base64
import functools
from collections.abc import Callable

from allauth.mfa.adapter import DefaultMFAAdapter
from cryptography.fernet import Fernet, MultiFernet
from django.conf import settings
from django.utils.crypto import salted_hmac

# Marks an encrypted value: values without it were stored before encryption (base32
# TOTP secrets, hexadecimal seeds) and are read as they are.
PREFIX = "fernet:"
KEY_SALT = "gemeinwerk.accounts.mfa"


def _fernet(secret: str) -> Fernet:
    digest = salted_hmac(KEY_SALT, "two-factor secrets", secret=secret, algorithm="sha256")
    return Fernet(base64.urlsafe_b64encode(digest.digest()))


@functools.cache
def _keys(secret_key: str, fallbacks: tuple[str, ...]) -> MultiFernet:
    # The first key encrypts; every key decrypts.
    return MultiFernet([_fernet(key) for key in (secret_key, *fallbacks)])


def keys() -> MultiFernet:
    return _keys(settings.SECRET_KEY, tuple(settings.SECRET_KEY_FALLBACKS))


def encrypt(text: str) -> str:
    return PREFIX + keys().encrypt(text.encode()).decode("ascii")


def decrypt(stored: str) -> str:
    if not stored.startswith(PREFIX):
        return stored
    return keys().decrypt(stored.removeprefix(PREFIX).encode("ascii")).decode()


def _convert(data: dict[str, object], convert: Callable[[str], str]) -> bool:
    """Apply `convert` to the secrets in an Authenticator's data; True if any changed."""
    changed = False
    for name in ("secret", "seed"):
        value = data.get(name)
        if isinstance(value, str) and convert(value) != value:
            data[name] = convert(value)
            changed = True
    codes = data.get("migrated_codes")
    if isinstance(codes, list):
        converted = [convert(code) for code in codes]
        changed = changed or converted != codes
        data["migrated_codes"] = converted
    return changed


def encrypt_stored(data: dict[str, object]) -> bool:
    """Encrypt the secrets of data stored before encryption (used by a migration)."""
    return _convert(data, lambda value: value if value.startswith(PREFIX) else encrypt(value))


def decrypt_stored(data: dict[str, object]) -> bool:
    return _convert(data, decrypt)


def reencrypt_stored(data: dict[str, object]) -> bool:
    """Encrypt again under the current SECRET_KEY (after a change of key)."""
    return _convert(data, lambda value: encrypt(decrypt(value)))


class MFAAdapter(DefaultMFAAdapter):
    def encrypt(self, text: str) -> str:
        return encrypt(text)

    def decrypt(self, encrypted_text: str) -> str:
        return decrypt(encrypted_text)
