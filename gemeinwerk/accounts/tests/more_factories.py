"""Factories and small builders for the accounts tests: roles, assisted accounts,
verification requests, two-factor login and signed-in clients."""

import time
from typing import Any, cast

import factory
from allauth.account.authentication import AUTHENTICATION_METHODS_SESSION_KEY
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from allauth.mfa.utils import decrypt
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from gemeinwerk.accounts.models import (
    AssistedAccount,
    Role,
    RoleAssignment,
    TrustLevel,
    User,
    VerificationRequest,
)
from gemeinwerk.accounts.tests.factories import UserFactory
from gemeinwerk.places.models import ContactPoint
from gemeinwerk.places.tests.factories import ContactPointFactory

PASSWORD = "Lange-Passwort-1"  # what UserFactory sets unless told otherwise
FIREFOX_ANDROID = "Mozilla/5.0 (Android 14; Mobile; rv:128.0) Gecko/128.0 Firefox/128.0"
CHROME_WINDOWS = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 "
    "(KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36"
)


class VerificationRequestFactory(factory.django.DjangoModelFactory[VerificationRequest]):
    class Meta:
        model = VerificationRequest

    member = factory.SubFactory(UserFactory)
    contact_point = factory.SubFactory(ContactPointFactory)
    message = "Dienstags passt es mir gut."


class AssistedAccountFactory(factory.django.DjangoModelFactory[AssistedAccount]):
    class Meta:
        model = AssistedAccount

    user = factory.SubFactory(UserFactory, trust_level=TrustLevel.VERIFIED)
    contact_point = factory.SubFactory(ContactPointFactory)
    consent_given_at = factory.LazyFunction(timezone.now)


def make_user(**kwargs: Any) -> User:
    # factory_boy's types say "UserFactory"; the object is a User.
    return cast(User, UserFactory(**kwargs))


def make_verified(**kwargs: Any) -> User:
    kwargs.setdefault("trust_level", TrustLevel.VERIFIED)
    return make_user(**kwargs)


def make_contact_point(**kwargs: Any) -> ContactPoint:
    return cast(ContactPoint, ContactPointFactory(**kwargs))


def make_request(member: User, contact_point: ContactPoint, **kwargs: Any) -> VerificationRequest:
    return cast(
        VerificationRequest,
        VerificationRequestFactory(member=member, contact_point=contact_point, **kwargs),
    )


def with_two_factor(user: User) -> User:
    TOTP.activate(user, generate_totp_secret())
    return user


def totp_secret(user: User) -> str:
    authenticator = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
    # Stored encrypted (accounts/mfa.py).
    return decrypt(authenticator.data["secret"])


def staff_of(contact_point: ContactPoint, *, two_factor: bool = True, **kwargs: Any) -> User:
    staff = make_verified(**kwargs)
    RoleAssignment.objects.create(user=staff, role=Role.STAFF, contact_point=contact_point)
    return with_two_factor(staff) if two_factor else staff


def make_coordinator(*, two_factor: bool = True, **kwargs: Any) -> User:
    coordinator = make_verified(**kwargs)
    RoleAssignment.objects.create(user=coordinator, role=Role.COORDINATOR)
    return with_two_factor(coordinator) if two_factor else coordinator


def make_admin(*, two_factor: bool = True, **kwargs: Any) -> User:
    admin = make_verified(is_staff=True, is_superuser=True, **kwargs)
    return with_two_factor(admin) if two_factor else admin


def assisted_member(contact_point: ContactPoint, **kwargs: Any) -> User:
    """As staff create it: verified, no password, consent given to `contact_point`."""
    member = make_verified(**kwargs)
    member.set_unusable_password()
    member.save(update_fields=["password"])
    AssistedAccountFactory(user=member, contact_point=contact_point)
    return member


def add_email(user: User, email: str | None = None, **kwargs: Any) -> EmailAddress:
    kwargs.setdefault("verified", True)
    kwargs.setdefault("primary", True)
    return EmailAddress.objects.create(user=user, email=email or user.email, **kwargs)


def complete_two_factor(client: Client, user: User) -> Client:
    """What allauth's login keeps in the session after password and authenticator code:
    privileged powers work only in such a session (accounts.rules.completed_two_factor)."""
    session = client.session
    authenticator = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
    now = time.time()
    session[AUTHENTICATION_METHODS_SESSION_KEY] = [
        {"method": "password", "at": now, "username": user.username},
        {"method": "mfa", "at": now, "id": authenticator.pk, "type": authenticator.type},
    ]
    session["account_authentication_methods_user"] = str(user.pk)
    session.save()
    return client


def signed_in(user: User, *, user_agent: str = "", second_factor: bool = True) -> Client:
    """Signed in as allauth would: with the second factor if the user has set one up
    (unless `second_factor=False`: a session from before it was set up)."""
    client = Client(HTTP_USER_AGENT=user_agent) if user_agent else Client()
    client.force_login(user)
    if second_factor and Authenticator.objects.filter(user=user).exists():
        complete_two_factor(client, user)
    return client


def url(name: str, *args: Any) -> str:
    # English pages: the assertions read English text.
    with translation.override("en"):
        return reverse(name, args=args)
