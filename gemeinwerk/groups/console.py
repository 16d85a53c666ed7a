"""What groups brings to the staff console: the contact point's page (proposals,
requests to join, moves, new hosts) under /staff/groups/, its navigation entry, and the
host training panel on a member's page. Registered from GroupsConfig.ready()."""

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from gemeinwerk.console.registry import register_member_panel, register_nav, register_urls
from gemeinwerk.groups.forms import TrainingForm


def training_panel(request: HttpRequest, member: Any) -> dict[str, Any]:
    """The host training on a member's page; its form posts to staff:groups:training."""
    return {"training_form": TrainingForm()}


def register() -> None:
    register_urls("groups/", "gemeinwerk.groups.office_urls")
    # Every console user: the page shows what their contact points have to do.
    register_nav(
        "staff:groups:overview",
        _("Self-help groups"),
        permission="accounts.use_staff_console",
        current_for="staff:groups:",
        order=50,
    )
    register_member_panel(
        "groups/office/_training_panel.html",
        context=training_panel,
        permission="groups.record_host_training",
        order=50,
    )
