"""Every action the code records has a readable, translated label: staff read the audit
page and members their own history, never raw codes."""

import ast
from pathlib import Path

from django.utils import translation

from gemeinwerk.audit.labels import ACTION_LABELS, action_label

PACKAGE = Path(__file__).resolve().parents[2]


def constants(node: ast.expr) -> list[str]:
    """The strings an `action=` argument can take: a literal, or either side of `a if c
    else b`."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        return constants(node.body) + constants(node.orelse)
    return []


def recorded_actions() -> dict[str, str]:
    """action -> where it is recorded, for every record(..., action=...) in the code."""
    found: dict[str, str] = {}
    for path in PACKAGE.rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "attr", getattr(node.func, "id", ""))
            if name != "record":
                continue
            for keyword in node.keywords:
                if keyword.arg == "action":
                    for action in constants(keyword.value):
                        found[action] = f"{path.relative_to(PACKAGE)}:{node.lineno}"
    return found


def test_the_scan_finds_the_actions_of_several_apps():
    actions = recorded_actions()

    assert {"member.verified", "host.invited", "meeting.scheduled"} <= set(actions)


def test_every_recorded_action_has_a_label():
    missing = {a: where for a, where in recorded_actions().items() if a not in ACTION_LABELS}

    assert missing == {}


def test_labels_are_translated():
    with translation.override("de"):
        german = {action: action_label(action) for action in ACTION_LABELS}
    with translation.override("en"):
        english = {action: action_label(action) for action in ACTION_LABELS}

    assert [action for action in ACTION_LABELS if german[action] == english[action]] == []
