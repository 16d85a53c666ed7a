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
        # What accounts tells people (gemeinwerk/notifications), and what the
        # notifications app stores about them, in the registry behind export and deletion.
        from gemeinwerk.accounts import personal_data
        from gemeinwerk.notifications import holdings as notification_holdings
        from gemeinwerk.notifications.kinds import register_kind

        notification_holdings.register_all(personal_data.register)
        from gemeinwerk.notifications.models import Channel

        register_kind(
            "accounts.verified",
            _("My account was verified"),
            default=Channel.INSTANT,
            template="accounts/notifications/verified",
        )
        register_kind(
            "accounts.verification_request_closed",
            _("A contact point closed my request to be verified"),
            default=Channel.INSTANT,
            template="accounts/notifications/request_closed",
        )
        second_factor.connect()
        # Reading choices (larger text, plain language) follow a signed-in person.
        from gemeinwerk.accounts.services.profile import remember_reading
        from gemeinwerk.core.preferences import on_choice

        on_choice(remember_reading)
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
