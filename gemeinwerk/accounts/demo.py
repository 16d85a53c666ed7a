"""Demo accounts: one login per role that exists so far."""

from gemeinwerk.accounts.models import User
from gemeinwerk.core.demo import DemoLogin

DEMO_EMAIL_DOMAIN = "demo.gemeinwerk.example"


def _account(username: str, password: str, **flags: bool) -> User:
    user, _created = User.objects.get_or_create(
        username=username, defaults={"email": f"{username}@{DEMO_EMAIL_DOMAIN}"}
    )
    for name, value in flags.items():
        setattr(user, name, value)
    user.is_active = True
    user.set_password(password)
    user.save()
    return user


def seed() -> list[DemoLogin]:
    logins = [
        DemoLogin("admin", "admin", "Demo-Admin-2026"),
        DemoLogin("member", "mila", "Demo-Mitglied-2026"),
    ]
    _account("admin", logins[0].password, is_staff=True, is_superuser=True)
    _account("mila", logins[1].password, is_staff=False, is_superuser=False)
    return logins
