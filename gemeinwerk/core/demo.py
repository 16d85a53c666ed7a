"""Demo data: each app contributes a `seed()` in its own `demo.py` and registers it from
its AppConfig.ready() with register_demo(); seed_all() runs them in order.

`order` matters: later apps build on earlier ones (places 10, accounts 20, groups 30:
accounts' staff sit at contact points, groups have hosts). Apps register the module by
its dotted path, so that demo code (and what it imports) is loaded only when seeding,
never by a production process. A test fails when an app has a demo.py that is not
registered (core/tests/test_registries.py).
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from importlib import import_module


@dataclass(frozen=True)
class DemoLogin:
    role: str
    username: str
    password: str
    totp_secret: str = ""


Seed = Callable[[], Iterable[DemoLogin]]


@dataclass(frozen=True)
class DemoSeed:
    # A module's dotted path (its `seed()` is called) or the seed function itself.
    source: str | Seed
    order: int

    @property
    def module(self) -> str:
        return self.source if isinstance(self.source, str) else self.source.__module__

    def run(self) -> Iterable[DemoLogin]:
        seed: Seed = (
            import_module(self.source).seed if isinstance(self.source, str) else self.source
        )
        return seed()


_seeds: list[DemoSeed] = []


def register_demo(source: str | Seed, *, order: int) -> None:
    demo = DemoSeed(source, order)
    for other in _seeds:
        if other.order == order:
            # Two seeds at one place would run in whichever order the apps loaded.
            raise ValueError(f"demo order {order} of {demo.module} taken by {other.module}")
        if other.source == source:
            raise ValueError(f"demo seed {demo.module} registered twice")
    _seeds.append(demo)


def demo_seeds() -> list[DemoSeed]:
    return sorted(_seeds, key=lambda demo: demo.order)


def seed_all() -> list[DemoLogin]:
    logins: list[DemoLogin] = []
    for demo in demo_seeds():
        logins.extend(demo.run())
    return logins
