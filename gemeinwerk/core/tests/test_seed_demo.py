import time
from io import StringIO
from typing import Any

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command

from gemeinwerk.accounts.models import Role, RoleAssignment, TrustLevel, User
from gemeinwerk.places.models import ContactPoint, District

pytestmark = pytest.mark.django_db


def seed() -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def printed_logins(output: str) -> dict[str, list[str]]:
    """User name -> the rest of its printed row (password, TOTP secret)."""
    logins = {}
    for line in output.splitlines():
        cells = [cell for cell in line.strip().split("  ") if cell.strip()]
        if len(cells) >= 3 and not set(cells[0]) <= {"-"}:
            logins[cells[1].strip()] = [cell.strip() for cell in cells[2:]]
    return logins


def current_code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def test_seed_demo_prints_a_working_login_for_each_role():
    logins = printed_logins(seed())

    expected_roles = {
        "admin": lambda user: user.is_superuser,
        "koordination": lambda user: RoleAssignment.objects.filter(
            user=user, role=Role.COORDINATOR
        ).exists(),
        "team_anna": lambda user: RoleAssignment.objects.filter(
            user=user, role=Role.STAFF
        ).exists(),
        "team_piotr": lambda user: RoleAssignment.objects.filter(
            user=user, role=Role.STAFF
        ).exists(),
        "mila": lambda user: user.trust_level == TrustLevel.VERIFIED,
        "jonas_neu": lambda user: user.trust_level == TrustLevel.UNVERIFIED,
    }
    for username, has_role in expected_roles.items():
        password = logins[username][0]
        user = authenticate(username=username, password=password)
        assert user is not None, username
        assert has_role(user), username
    assert User.objects.get(username="member_100001").assisted.staff_may_act


def test_privileged_demo_logins_come_with_a_working_two_factor_secret():
    logins = printed_logins(seed())

    for username in ["admin", "koordination", "team_anna", "team_piotr"]:
        secret = logins[username][1]
        totp = Authenticator.objects.get(user__username=username, type=Authenticator.Type.TOTP)
        assert TOTP(totp).validate_code(current_code(secret)), username


def test_seed_demo_runs_again_without_duplicates_and_resets_passwords():
    first = printed_logins(seed())
    counts = (User.objects.count(), ContactPoint.objects.count(), District.objects.count())
    member = User.objects.get(username="mila")
    member.set_password("changed-by-a-visitor")
    member.save()

    second = printed_logins(seed())

    assert (User.objects.count(), ContactPoint.objects.count(), District.objects.count()) == counts
    assert authenticate(username="mila", password="Demo-Mitglied-2026") is not None
    # The two-factor secrets stay, so an authenticator app set up once keeps working.
    assert first["team_anna"] == second["team_anna"]


def test_seed_demo_refuses_to_run_in_production(settings: Any):
    settings.PRODUCTION = True

    with pytest.raises(CommandError, match="production"):
        seed()
    assert User.objects.count() == 0
