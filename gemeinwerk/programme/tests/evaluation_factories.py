"""Facilities ready to evaluate themselves, for the self-evaluation's tests: an approved,
active manager, a completed profile, the published survey (the demo's 15 questions)."""

from allauth.account.models import EmailAddress
from django.utils import timezone

from gemeinwerk.accounts.models import User
from gemeinwerk.notifications.models import EmailSettings
from gemeinwerk.programme import demo_evaluation
from gemeinwerk.programme.models import AccountStatus, Facility, FacilityAccount
from gemeinwerk.programme.models_evaluation import Survey
from gemeinwerk.programme.tests.factories import facility as make_facility

PASSWORD = "Zielone jabłko na stole"


def survey() -> Survey:
    demo_evaluation.seed()
    return Survey.objects.get(version=1)


def complete_profile(facility: Facility) -> None:
    """The facility's profile, completed: else signing in leads to the profile first."""
    try:
        from gemeinwerk.programme.models_profile import FacilityProfile
    except ImportError:  # without the profile, nothing comes before the evaluation
        return
    FacilityProfile.objects.update_or_create(
        facility=facility,
        defaults={"display_name": facility.name, "completed_at": timezone.now()},
    )


def manager(
    facility: Facility | None = None,
    *,
    email: str = "",
    language: str = "pl",
    profile: bool = True,
) -> User:
    """The approved, active manager of `facility` (a new one by default)."""
    facility = facility or make_facility()
    user = User.objects.create_user(
        username=f"facility-{facility.number.lower()}",
        email=email or f"{facility.number.lower()}@placowki.example",
        password=PASSWORD,
        is_active=True,
    )
    FacilityAccount.objects.create(
        facility=facility,
        user=user,
        manager_first_name="Anna",
        manager_last_name="Kowalska",
        status=AccountStatus.APPROVED,
        decided_at=timezone.now(),
    )
    # Activated: the activation link confirmed the address.
    EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=True)
    EmailSettings.objects.create(user=user, language=language)
    if profile:
        complete_profile(facility)
    return user
