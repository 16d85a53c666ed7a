"""Demo facility accounts: the first facility of the demo registry with an approved,
active manager's account, and one registration that waits for the programme office.
Running it again resets the password and keeps the rest."""

from allauth.account.models import EmailAddress
from django.db import transaction
from django.utils import timezone

from gemeinwerk.accounts.demo import DEMO_EMAIL_DOMAIN
from gemeinwerk.accounts.models import User
from gemeinwerk.core.demo import DemoLogin
from gemeinwerk.notifications.models import EmailSettings
from gemeinwerk.programme.demo import REGISTRY, seed_registry
from gemeinwerk.programme.models import AccountStatus, Facility, FacilityAccount

MANAGER = "placowka_sloneczko"
MANAGER_PASSWORD = "Demo-Einrichtung-2026"  # noqa: S105 - a demo login, printed by make run
WAITING = "placowka_otwarte_drzwi"


def _account(
    username: str, facility: Facility, first: str, last: str, *, status: str, active: bool
) -> User:
    user, _created = User.objects.get_or_create(
        username=username, defaults={"email": f"{username}@{DEMO_EMAIL_DOMAIN}"}
    )
    user.is_active = active
    user.set_password(MANAGER_PASSWORD)
    user.save()
    EmailAddress.objects.update_or_create(
        user=user, email=user.email, defaults={"verified": active, "primary": True}
    )
    EmailSettings.objects.get_or_create(user=user, defaults={"language": "pl"})
    decided = status != AccountStatus.WAITING
    FacilityAccount.objects.update_or_create(
        user=user,
        defaults={
            "facility": facility,
            "manager_first_name": first,
            "manager_last_name": last,
            "status": status,
            "decided_at": timezone.now() if decided else None,
            "decided_by": User.objects.filter(username="koordination").first() if decided else None,
        },
    )
    return user


@transaction.atomic
def seed() -> list[DemoLogin]:
    seed_registry()
    first = Facility.objects.get(number=REGISTRY[0][2])
    other = Facility.objects.filter(listed=True, organisation__listed=True).exclude(
        organisation=first.organisation
    )[0]
    _account(MANAGER, first, "Anna", "Kowalska", status=AccountStatus.APPROVED, active=True)
    _account(WAITING, other, "Piotr", "Nowak", status=AccountStatus.WAITING, active=False)
    return [DemoLogin(role="facility manager", username=MANAGER, password=MANAGER_PASSWORD)]
