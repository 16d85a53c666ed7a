"""Every route, every role: who gets what. A new route without an entry fails here.

Roles grow with the apps (staff, hosts, coordinators arrive with accounts and trust);
each entry states the expected status per role and method. Requests that are refused
must change nothing; the database is compared before and after.
"""

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.apps import apps
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from gemeinwerk.accounts.models import User
from gemeinwerk.routing import websocket_urlpatterns

ROLES = ["anonymous", "member", "admin"]


@dataclass(frozen=True)
class Case:
    path: str
    method: str = "get"
    data: dict[str, str] = field(default_factory=dict)
    expected: dict[str, int] = field(default_factory=dict)


def same(status: int) -> dict[str, int]:
    return dict.fromkeys(ROLES, status)


# route name -> the requests that exercise it.
MATRIX: dict[str, list[Case]] = {
    "healthz": [Case("/healthz", expected=same(200))],
    "core:home": [Case("/", expected=same(200)), Case("/pl/", expected=same(200))],
    "core:help": [Case("/help/", expected=same(200))],
    "core:privacy": [Case("/privacy/", expected=same(200))],
    "core:text_size": [
        Case("/text-size/", "post", {"size": "large"}, expected=same(302)),
        Case("/text-size/", expected=same(405)),
    ],
    "accounts:login": [
        Case("/accounts/login/", expected={"anonymous": 200, "member": 302, "admin": 302})
    ],
    "accounts:logout": [
        Case("/accounts/logout/", "post", expected=same(302)),
        Case("/accounts/logout/", expected=same(405)),
    ],
    # The Django admin guards all its pages the same way; the index and one model page
    # stand for the namespace.
    "admin:*": [
        Case("/admin/", expected={"anonymous": 302, "member": 302, "admin": 200}),
        Case("/admin/accounts/user/", expected={"anonymous": 302, "member": 302, "admin": 200}),
    ],
}

# WebSocket routes: who may connect (tested in the apps' consumer tests).
WEBSOCKET_MATRIX = {
    "/ws/ping/": "everyone: the connection self-test needs no account",
}


def route_names(resolver: URLResolver, prefix: str = "") -> Iterator[str]:
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            namespace = pattern.namespace
            if namespace == "admin":
                yield "admin:*"
                continue
            yield from route_names(pattern, f"{prefix}{namespace}:" if namespace else prefix)
        elif isinstance(pattern, URLPattern):
            yield f"{prefix}{pattern.name}" if pattern.name else f"<unnamed {pattern.pattern}>"


def test_every_route_has_an_entry_in_the_matrix():
    routes = set(route_names(get_resolver()))

    assert sorted(routes - set(MATRIX)) == [], "add these routes to MATRIX"
    assert sorted(set(MATRIX) - routes) == [], "these MATRIX entries match no route"


def test_every_websocket_route_has_an_entry():
    paths = {"/" + str(pattern.pattern) for pattern in websocket_urlpatterns}

    assert paths == set(WEBSOCKET_MATRIX)


def login_as(client: Client, role: str) -> None:
    if role == "anonymous":
        return
    user = User.objects.create_user(
        username=role, email=f"{role}@example.org", password="x-secret-password-1"
    )
    if role == "admin":
        user.is_staff = user.is_superuser = True
        user.save()
    client.force_login(user)


def snapshot() -> dict[str, list[Any]]:
    """Every row of every table, except the login session the test itself created."""
    state = {}
    for model in apps.get_models():
        if model._meta.label == "sessions.Session":
            continue
        state[model._meta.label] = sorted(map(repr, model._default_manager.values_list()))
    return state


CASES = [
    pytest.param(role, case, id=f"{role}-{case.method}-{case.path}")
    for cases in MATRIX.values()
    for case in cases
    for role in ROLES
]


@pytest.mark.django_db
@pytest.mark.parametrize(("role", "case"), CASES)
def test_route_answers_each_role_as_expected(role: str, case: Case):
    client = Client()
    login_as(client, role)
    before = snapshot()

    response = getattr(client, case.method)(case.path, case.data)

    assert response.status_code == case.expected[role]
    if response.status_code >= 400:
        assert snapshot() == before, "a refused request changed data"
