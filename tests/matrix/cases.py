"""What a matrix entry says and how it is checked, shared by every app's matrix module.

Each entry states the expected status per role and method. Requests that are refused
(4xx) must change nothing (and for the cases that say so, answers that succeed without
doing anything too): every statement the request sends to the database is watched, and
every table it wrote to is compared after the request and after rolling the request back
to a savepoint, that is, with the state before it. Comparing every table before and
after each request instead made the matrix most of the suite's time. Paths may depend on
the objects of the test world (a member's page, a request of a contact point).
"""

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.apps import apps
from django.db import connection, transaction
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


# The test's own login lives in the sessions; a request may renew it.
NOT_COMPARED = {"accounts.Session"}
# INSERT INTO "t", UPDATE "t", DELETE FROM "t" (and INSERT OR REPLACE, ON CONFLICT).
WRITE = re.compile(
    r'^\s*(?:INSERT\b.*?\bINTO|UPDATE|DELETE\s+FROM|REPLACE\s+INTO)\s+"?(\w+)"?', re.I | re.S
)
# Statements that only read (a server-side cursor over a SELECT included) or manage the
# transaction; any other statement counts as a write to every table.
READS = ("SELECT", "(SELECT", "WITH", "DECLARE", "FETCH", "CLOSE", "SHOW", "PRAGMA")
TRANSACTION = ("SAVEPOINT", "RELEASE", "ROLLBACK")


def snapshot(tables: set[str] | None = None) -> dict[str, list[Any]]:
    """Every row of every table (or of the given tables), except sessions."""
    state = {}
    for model in apps.get_models():
        if model._meta.label in NOT_COMPARED:
            continue
        if tables is not None and model._meta.db_table not in tables:
            continue
        state[model._meta.label] = sorted(map(repr, model._default_manager.values_list()))
    return state


class Writes:
    """The tables a request wrote to (every statement on the test's connection)."""

    def __init__(self) -> None:
        self.tables: set[str] = set()
        self.statements: list[str] = []

    def __call__(self, execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        written = WRITE.match(sql)
        if written:
            self.tables.add(written.group(1))
            self.statements.append(sql[:120])
        elif not sql.lstrip().upper().startswith(READS + TRANSACTION):
            # Anything else that could write (a raw statement, a DDL): compare everything.
            self.tables.add("*")
            self.statements.append(sql[:120])
        return execute(sql, params, many, context)


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
    body = case.body(world)
    writes = Writes()
    savepoint = transaction.savepoint_create()
    with connection.execute_wrapper(writes):
        response = getattr(client, case.method)(url, body)
    written = {table for table in writes.tables if table != "accounts_session"}
    if compare and written:
        # What the request left, against the state before it (the savepoint's).
        tables = None if "*" in written else written
        after = snapshot(tables)
        transaction.savepoint_rollback(savepoint)
        assert after == snapshot(tables), ("a refused request changed data", writes.statements)
    else:
        transaction.savepoint_commit(savepoint)

    assert response.status_code == case.expected[role], (case.method, url)
    if sent_to_second_factor:
        # To setting up or confirming the second factor, not to the result of the power.
        assert response["Location"].startswith(SECOND_FACTOR_PAGES), response["Location"]


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
