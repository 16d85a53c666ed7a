from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChatConfig(AppConfig):
    name = "gemeinwerk.chat"
    label = "chat"
    verbose_name = _("Chat")

    def ready(self) -> None:
        from gemeinwerk.accounts import profile_actions
        from gemeinwerk.audit.labels import register_actions
        from gemeinwerk.chat import holdings, notices, reporting, rules, selectors  # noqa: F401
        from gemeinwerk.chat.audit_actions import AuditAction
        from gemeinwerk.chat.services import forget_old_messages
        from gemeinwerk.core.demo import register_demo
        from gemeinwerk.core.housekeeping import register_job
        from gemeinwerk.core.navigation import register_personal

        holdings.register_all()
        profile_actions.register("chat/_profile_action.html", permission="chat.write_to")
        register_actions(AuditAction)
        register_personal(
            "chat:inbox",
            _("Messages"),
            permission="chat.use",
            order=18,
            current_for="chat:",
            badge=selectors.unread_badge,
        )
        register_demo("gemeinwerk.chat.demo", order=50)
        register_job("chat messages past the retention period deleted", forget_old_messages)
        notices.register()
        reporting.register()
