from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "gemeinwerk.notifications"
    label = "notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        from gemeinwerk.audit.labels import register_actions
        from gemeinwerk.core.housekeeping import register_job
        from gemeinwerk.core.navigation import register_personal
        from gemeinwerk.notifications import console, selectors
        from gemeinwerk.notifications.audit_actions import AuditAction
        from gemeinwerk.notifications.services import send_digests

        register_actions(AuditAction)
        register_personal(
            "notifications:list",
            _("Notifications"),
            permission="notifications.read_own",
            order=20,
            current_for="notifications:",
            badge=selectors.unread_badge,
        )
        register_job("notification digests sent", send_digests)
        console.register()
