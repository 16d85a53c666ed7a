"""Every action the code records has a readable, translated label: staff read the audit
page and members their own history, never raw codes."""

import ast
import importlib
from collections.abc import Mapping
from enum import Enum
from pathlib import Path
from typing import Any

import pytest
from django.db import models
from django.utils import translation

from gemeinwerk.accounts.audit_actions import AuditAction as AccountsAction
from gemeinwerk.audit.labels import ACTION_LABELS, action_label, register_action_labels
from gemeinwerk.groups.audit_actions import AuditAction as GroupsAction

PACKAGE = Path(__file__).resolve().parents[2]


class Unreadable(Exception):
    """An `action=` the scan cannot turn into its stored strings."""


def resolve(node: ast.expr, namespace: Mapping[str, Any]) -> list[str]:
    """The strings an `action=` argument can take: a literal, an enum member reached from
    the module's names (`AuditAction.HOST_INVITED`, `audit_actions.AuditAction.X`), or
    either side of `a if c else b`."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        return resolve(node.body, namespace) + resolve(node.orelse, namespace)
    if isinstance(node, ast.Attribute):
        path: list[str] = []
        inner: ast.expr = node
        while isinstance(inner, ast.Attribute):
            path.insert(0, inner.attr)
            inner = inner.value
        if isinstance(inner, ast.Name) and inner.id in namespace:
            value = namespace[inner.id]
            for attr in path:
                value = getattr(value, attr)
            if isinstance(value, Enum) and isinstance(value.value, str):
                return [value.value]
    # A variable or a call: the scan could not vouch for its label, so it must not pass.
    raise Unreadable(ast.unparse(node))


def actions_in(source: str, namespace: Mapping[str, Any], where: str) -> dict[str, str]:
    """action -> where it is recorded, for every record(..., action=...) in `source`."""
    found: dict[str, str] = {}
    for node in ast.walk(ast.parse(source, where)):
        if not isinstance(node, ast.Call):
            continue
        name = getattr(node.func, "attr", getattr(node.func, "id", ""))
        if name != "record":
            continue
        for keyword in node.keywords:
            if keyword.arg == "action":
                try:
                    actions = resolve(keyword.value, namespace)
                except Unreadable as error:
                    raise Unreadable(f"{where}:{node.lineno}: action={error}") from None
                for action in actions:
                    found[action] = f"{where}:{node.lineno}"
    return found


def recorded_actions() -> dict[str, str]:
    """action -> where it is recorded, for every record(..., action=...) in the code. Each
    module is imported so that the enum members it names resolve to their stored value."""
    found: dict[str, str] = {}
    for path in PACKAGE.rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        source = path.read_text()
        if "record(" not in source:
            continue
        relative = path.relative_to(PACKAGE.parent).with_suffix("")
        module = importlib.import_module(".".join(relative.parts).removesuffix(".__init__"))
        found |= actions_in(source, vars(module), str(path.relative_to(PACKAGE)))
    return found


def test_the_scan_finds_the_actions_of_several_apps():
    actions = recorded_actions()

    # Recorded as enum members in accounts and groups, found by their stored values.
    assert {"member.verified", "host.invited", "meeting.scheduled", "group.declined"} <= set(
        actions
    )
    assert actions["host.invited"].startswith("groups/services/")


def test_every_recorded_action_has_a_label():
    missing = {a: where for a, where in recorded_actions().items() if a not in ACTION_LABELS}

    assert missing == {}


def test_each_app_registers_its_whole_enum():
    for actions in (AccountsAction, GroupsAction):
        for action in actions:
            assert ACTION_LABELS[action.value] == action.label


class UnregisteredAction(models.TextChoices):
    # Not translated on purpose: a test's string must not reach the catalogues.
    NEW_THING = "new.thing", "A new thing"


def test_an_enum_member_without_a_registered_label_is_found_missing():
    source = "audit.record(actor=None, action=UnregisteredAction.NEW_THING)\n"

    actions = actions_in(source, {"UnregisteredAction": UnregisteredAction}, "new_app.py")

    assert actions == {"new.thing": "new_app.py:1"}
    assert "new.thing" not in ACTION_LABELS


def test_an_action_the_scan_cannot_read_fails():
    source = "audit.record(actor=None, action=some_variable)\n"

    with pytest.raises(Unreadable, match="some_variable"):
        actions_in(source, {}, "new_app.py")


def test_an_action_cannot_be_labelled_twice():
    with pytest.raises(ValueError, match=r"member\.verified"):
        register_action_labels({"member.verified": "again"})


def test_enum_members_are_stored_as_their_plain_value(db):
    from gemeinwerk import audit

    event = audit.record(actor=None, action=GroupsAction.HOST_INVITED)
    event.refresh_from_db()

    assert event.action == "host.invited"
    assert action_label(event.action) == str(GroupsAction.HOST_INVITED.label)


def test_labels_are_translated():
    with translation.override("de"):
        german = {action: action_label(action) for action in ACTION_LABELS}
    with translation.override("en"):
        english = {action: action_label(action) for action in ACTION_LABELS}

    assert [action for action in ACTION_LABELS if german[action] == english[action]] == []
