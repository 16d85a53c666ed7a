from io import StringIO
from typing import Any

import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command

from gemeinwerk.accounts.models import User

pytestmark = pytest.mark.django_db


def seed() -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def test_seed_demo_prints_a_working_login_for_each_role():
    output = seed()

    rows = {tuple(line.split()) for line in output.splitlines()}
    assert ("admin", "admin", "Demo-Admin-2026") in rows
    assert ("member", "mila", "Demo-Mitglied-2026") in rows
    admin = authenticate(username="admin", password="Demo-Admin-2026")
    member = authenticate(username="mila", password="Demo-Mitglied-2026")
    assert admin is not None
    assert admin.is_superuser
    assert member is not None
    assert not member.is_staff


def test_seed_demo_runs_again_without_duplicates_and_resets_passwords():
    seed()
    member = User.objects.get(username="mila")
    member.set_password("changed-by-a-visitor")
    member.save()

    seed()

    assert User.objects.count() == 2
    assert authenticate(username="mila", password="Demo-Mitglied-2026") is not None


def test_seed_demo_refuses_to_run_in_production(settings: Any):
    settings.PRODUCTION = True

    with pytest.raises(CommandError, match="production"):
        seed()
    assert User.objects.count() == 0
