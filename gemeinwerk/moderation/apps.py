from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ModerationConfig(AppConfig):
    name = "gemeinwerk.moderation"
    label = "moderation"
    verbose_name = _("Moderation")

    def ready(self) -> None:
        from gemeinwerk.accounts import profile_actions
        from gemeinwerk.audit.labels import register_actions
        from gemeinwerk.core.housekeeping import register_job
        from gemeinwerk.moderation import console, holdings, members, notices, rules  # noqa: F401
        from gemeinwerk.moderation.audit_actions import AuditAction
        from gemeinwerk.moderation.services import forget_decided

        holdings.register_all()
        members.register()
        profile_actions.register(
            "moderation/_profile_action.html", permission="moderation.report_member"
        )
        register_actions(AuditAction)
        register_job("decided reports past the retention period deleted", forget_decided)
        notices.register()
        console.register()
