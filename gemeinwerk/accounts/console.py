"""What accounts brings to the staff console: its pages (the queue, members, assisted
accounts, roles, the audit trail) and their entries in the console's navigation.
Registered from AccountsConfig.ready()."""

from django.utils.translation import gettext_lazy as _

from gemeinwerk.console.registry import register_nav, register_urls


def register() -> None:
    register_urls("", "gemeinwerk.accounts.staff_urls")
    register_nav(
        "staff:queue",
        _("Verification queue"),
        permission="accounts.use_staff_console",
        order=10,
    )
    register_nav("staff:search", _("Find a member"), permission="accounts.view_member", order=20)
    register_nav(
        "staff:assisted_create",
        _("New assisted account"),
        permission="accounts.create_assisted_account",
        order=30,
    )
    register_nav("staff:roles", _("Roles"), permission="accounts.assign_roles", order=40)
    register_nav("staff:audit", _("Audit trail"), permission="audit.view_events", order=90)
