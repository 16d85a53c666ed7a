"""The demo's help centre: the starter articles, refreshed on every run."""

from gemeinwerk.core.demo import DemoLogin
from gemeinwerk.help import starter


def seed() -> list[DemoLogin]:
    starter.load(overwrite=True)
    return []
