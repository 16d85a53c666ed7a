"""What the help centre brings to the staff console: writing its articles. Registered
from HelpConfig.ready()."""

from django.utils.translation import gettext_lazy as _

from gemeinwerk.console.registry import register_nav, register_urls


def register() -> None:
    register_urls("help/", "gemeinwerk.help.office_urls")
    register_nav(
        "staff:help:articles",
        _("Help texts"),
        permission="help.edit",
        current_for="staff:help:",
        order=80,
    )
