"""Demo data: each app contributes a `seed()` in its own `demo.py`, run here in order."""

from dataclasses import dataclass
from importlib import import_module

# Order matters: later apps build on earlier ones (places before groups, ...).
DEMO_MODULES = [
    "gemeinwerk.places.demo",
    "gemeinwerk.accounts.demo",
    "gemeinwerk.groups.demo",
]


@dataclass(frozen=True)
class DemoLogin:
    role: str
    username: str
    password: str
    totp_secret: str = ""


def seed_all() -> list[DemoLogin]:
    logins: list[DemoLogin] = []
    for module in DEMO_MODULES:
        logins.extend(import_module(module).seed())
    return logins
