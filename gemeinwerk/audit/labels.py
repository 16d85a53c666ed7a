"""Readable names of audit actions, for staff and for the people concerned.

The app that records an action names it: each app keeps its actions in an `AuditAction`
enum (TextChoices: stored value and translated label) and registers it from its
AppConfig.ready() with register_actions(); a test fails for any recorded action without a
label (audit/tests/test_labels.py)."""

from collections.abc import Mapping
from typing import Any

from django.db import models

# action -> label; filled only by the apps' registrations.
ACTION_LABELS: dict[str, Any] = {}


def register_action_labels(labels: Mapping[str, Any]) -> None:
    clashes = {action for action in labels if action in ACTION_LABELS}
    if clashes:
        raise ValueError(f"audit actions labelled twice: {sorted(clashes)}")
    ACTION_LABELS.update(labels)


def register_actions(actions: type[models.TextChoices]) -> None:
    """Register an app's audit-action enum: each member's value gets its label."""
    register_action_labels({str(action.value): action.label for action in actions})


def action_label(action: str) -> str:
    return str(ACTION_LABELS.get(action, action))
