"""What moderation brings to the staff console: the reports queue. Registered from
ModerationConfig.ready()."""

from django.utils.translation import gettext_lazy as _

from gemeinwerk.console.registry import register_nav, register_urls


def register() -> None:
    register_urls("moderation/", "gemeinwerk.moderation.office_urls")
    register_nav(
        "staff:moderation:queue",
        _("Reports"),
        permission="moderation.moderate",
        current_for="staff:moderation:",
        order=68,
    )
