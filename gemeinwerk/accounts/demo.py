"""Demo accounts: one login per role, with two-factor secrets for the roles that need
them. Running it again resets passwords and keeps the secrets."""

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from allauth.mfa.utils import decrypt
from django.conf import settings
from django.utils import timezone

from gemeinwerk.accounts.models import (
    AssistedAccount,
    Decision,
    Profile,
    Role,
    RoleAssignment,
    TrustDecision,
    TrustLevel,
    User,
    VerificationMethod,
    VerificationRequest,
    Visibility,
)
from gemeinwerk.core.demo import DemoLogin
from gemeinwerk.places.models import ContactPoint

DEMO_EMAIL_DOMAIN = "demo.gemeinwerk.example"


def _account(username: str, password: str, *, trust_level: str, **flags: bool) -> User:
    user, _created = User.objects.get_or_create(
        username=username, defaults={"email": f"{username}@{DEMO_EMAIL_DOMAIN}"}
    )
    for name, value in flags.items():
        setattr(user, name, value)
    user.is_active = True
    user.trust_level = trust_level
    user.set_password(password)
    user.save()
    EmailAddress.objects.update_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
    Profile.objects.get_or_create(user=user)
    return user


def _totp_secret(user: User) -> str:
    existing = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    if existing is not None:
        return str(decrypt(existing.data["secret"]))
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


def _role(user: User, role: str, contact_point: ContactPoint | None = None) -> None:
    RoleAssignment.objects.get_or_create(user=user, role=role, contact_point=contact_point)


def _verified(member: User, staff: User, contact_point: ContactPoint) -> None:
    TrustDecision.objects.get_or_create(
        member=member,
        decision=Decision.VERIFY,
        defaults={
            "method": VerificationMethod.IN_PERSON,
            "contact_point": contact_point,
            "decided_by": staff,
            "house_rules_version": settings.HOUSE_RULES_VERSION,
        },
    )


def seed() -> list[DemoLogin]:
    points = list(ContactPoint.objects.filter(is_active=True).order_by("name")[:2])
    if len(points) < 2:
        raise RuntimeError("the accounts demo needs the places demo (two contact points)")
    home, other = points

    admin = _account(
        "admin",
        "Demo-Admin-2026",
        trust_level=TrustLevel.VERIFIED,
        is_staff=True,
        is_superuser=True,
    )
    coordinator = _account(
        "koordination", "Demo-Koordination-2026", trust_level=TrustLevel.VERIFIED
    )
    _role(coordinator, Role.COORDINATOR)
    staff = _account("team_anna", "Demo-Team-2026", trust_level=TrustLevel.VERIFIED)
    _role(staff, Role.STAFF, home)
    other_staff = _account("team_piotr", "Demo-Team-2026", trust_level=TrustLevel.VERIFIED)
    _role(other_staff, Role.STAFF, other)

    member = _account("mila", "Demo-Mitglied-2026", trust_level=TrustLevel.VERIFIED)
    _verified(member, staff, home)
    Profile.objects.filter(user=member).update(
        display_name="Mila", display_name_visibility=Visibility.VERIFIED
    )
    newcomer = _account("jonas_neu", "Demo-Neu-2026", trust_level=TrustLevel.UNVERIFIED)
    if not VerificationRequest.objects.filter(member=newcomer, closed_at__isnull=True).exists():
        VerificationRequest.objects.create(member=newcomer, contact_point=home)

    # Assisted accounts get pseudonymous user names; the name is the private display name.
    assisted_user, created = User.objects.get_or_create(
        username="member_100001", defaults={"trust_level": TrustLevel.VERIFIED}
    )
    if created:
        assisted_user.set_unusable_password()
        assisted_user.save()
        Profile.objects.create(user=assisted_user, display_name="Frau Weber")
    AssistedAccount.objects.get_or_create(
        user=assisted_user,
        defaults={
            "contact_point": home,
            "created_by": staff,
            "consent_given_at": timezone.now(),
            "consent_recorded_by": staff,
        },
    )

    return [
        DemoLogin("admin", "admin", "Demo-Admin-2026", _totp_secret(admin)),
        DemoLogin(
            "coordinator", "koordination", "Demo-Koordination-2026", _totp_secret(coordinator)
        ),
        DemoLogin(f"staff ({home.name})", "team_anna", "Demo-Team-2026", _totp_secret(staff)),
        DemoLogin(
            f"staff ({other.name})", "team_piotr", "Demo-Team-2026", _totp_secret(other_staff)
        ),
        DemoLogin("member (verified)", "mila", "Demo-Mitglied-2026"),
        DemoLogin("member (not yet verified)", "jonas_neu", "Demo-Neu-2026"),
        DemoLogin("assisted member, Frau Weber (staff act for her)", "member_100001", "-"),
    ]
