"""What a matrix entry says and how it is checked, shared by every app's matrix module.

Each entry states the expected status per role and method. Requests that are refused
(4xx) must change nothing: every table is compared before and after (and for the cases
that say so, answers that succeed without doing anything too). Paths may depend on the
objects of the test world (a member's page, a request of a contact point).
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.apps import apps
from django.test import Client
from django.urls import URLPattern, URLResolver

from tests.matrix.world import (
    MEMBERS,
    ROLES,
    STAFF,
    WITHOUT_SECOND_FACTOR,
    World,
    sign_in,
)

Path = str | Callable[[World], str]
Data = dict[str, Any] | Callable[[World], dict[str, Any]]


@dataclass(frozen=True)
class Case:
    path: Path
    method: str = "get"
    data: Data = field(default_factory=dict)
    expected: dict[str, int] = field(default_factory=dict)
    # Roles whose answer, though not a refusal, must change nothing either (a form sent
    # back with an error, a request the service turns down with a message).
    unchanged: tuple[str, ...] = ()

    def url(self, world: World) -> str:
        return self.path(world) if callable(self.path) else self.path

    def body(self, world: World) -> dict[str, Any]:
        return self.data(world) if callable(self.data) else self.data


# route name -> the requests that exercise it; each matrix module has one, named MATRIX.
Matrix = dict[str, list[Case]]


def same(status: int) -> dict[str, int]:
    return dict.fromkeys(ROLES, status)


def signed_in(status: int, *, anonymous: int = 302) -> dict[str, int]:
    """Every signed-in role gets `status`; anonymous visitors go to the sign-in page."""
    return {"anonymous": anonymous, **dict.fromkeys(ROLES[1:], status)}


def console(status: int, *, members: int = 403, **overrides: int) -> dict[str, int]:
    """Staff console pages: members and suspended staff are refused, anonymous visitors
    sign in first, staff without a completed second factor are sent to it."""
    return {
        "anonymous": 302,
        **dict.fromkeys(MEMBERS, members),
        **dict.fromkeys(STAFF, status),
        "suspended_staff": 403,
        **dict.fromkeys(WITHOUT_SECOND_FACTOR, 302),
    } | overrides


def hosting(status: int) -> dict[str, int]:
    """The world's group: its (verified) host and co-host, its contact point's staff and
    admins get `status`; everyone else signed in is refused."""
    return {
        **signed_in(403),
        "anonymous": 302,
        "host": status,
        "co_host": status,
        "staff": status,
        "admin": status,
    }


def params(matrix: Matrix) -> list[Any]:
    """One test per role and request, named role-route-index."""
    return [
        pytest.param(role, name, index, id=f"{role}-{name}-{index}")
        for name, cases in matrix.items()
        for index, _case in enumerate(cases)
        for role in ROLES
    ]


def snapshot() -> dict[str, list[Any]]:
    """Every row of every table, except sessions (the test's own login lives there)."""
    state = {}
    for model in apps.get_models():
        if model._meta.label == "accounts.Session":
            continue
        state[model._meta.label] = sorted(map(repr, model._default_manager.values_list()))
    return state


# Staff without a completed second factor are sent from these to set it up or confirm it.
SECOND_FACTOR_PATHS = ("/staff/", "/admin/")
SECOND_FACTOR_PAGES = ("/accounts/2fa/totp/activate/", "/accounts/2fa/reauthenticate/")


def check(world: World, role: str, case: Case) -> None:
    """The role's answer is the expected one, and a refusal changed nothing."""
    url = case.url(world)
    client = Client()
    sign_in(client, world, role)
    sent_to_second_factor = role in WITHOUT_SECOND_FACTOR and url.startswith(SECOND_FACTOR_PATHS)
    # Only where nothing may change: a status other than expected fails anyway.
    compare = case.expected[role] >= 400 or role in case.unchanged or sent_to_second_factor
    before = snapshot() if compare else {}

    response = getattr(client, case.method)(url, case.body(world))

    assert response.status_code == case.expected[role], (case.method, url)
    if sent_to_second_factor:
        # To setting up or confirming the second factor, not to the result of the power.
        assert response["Location"].startswith(SECOND_FACTOR_PAGES), response["Location"]
    if compare:
        assert snapshot() == before, "a refused request changed data"


def route_names(resolver: URLResolver, prefix: str = "") -> Iterator[str]:
    """Every URL pattern's name with its namespaces; the admin's pages count as one."""
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            namespace = pattern.namespace
            if namespace == "admin":
                yield "admin:*"
                continue
            yield from route_names(pattern, f"{prefix}{namespace}:" if namespace else prefix)
        elif isinstance(pattern, URLPattern):
            yield f"{prefix}{pattern.name}" if pattern.name else f"<unnamed {pattern.pattern}>"
