from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "gemeinwerk.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from gemeinwerk.accounts import holdings, second_factor
        from gemeinwerk.accounts.audit_actions import AuditAction
        from gemeinwerk.audit.labels import register_actions

        holdings.register_all()
        register_actions(AuditAction)
        second_factor.connect()
        # What accounts brings to the header (the console, the admin) and the demo.
        from gemeinwerk.core.demo import register_demo
        from gemeinwerk.core.navigation import register_personal

        register_personal(
            "staff:queue",
            _("Staff console"),
            permission="accounts.find_staff_console",
            current_for="staff:",
            order=50,
        )
        register_personal(
            "admin:index",
            _("Administration"),
            permission="accounts.find_admin",
            current_for="admin:",
            order=90,
        )
        register_demo("gemeinwerk.accounts.demo", order=20)
        # Its pages and menu entries in the staff console.
        from gemeinwerk.accounts import console

        console.register()
