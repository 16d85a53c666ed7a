from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GroupsConfig(AppConfig):
    name = "gemeinwerk.groups"
    label = "groups"
    verbose_name = _("Self-help groups")

    def ready(self) -> None:
        from gemeinwerk.accounts.hooks import on_trust_revoked
        from gemeinwerk.audit.labels import register_action_labels
        from gemeinwerk.groups import holdings
        from gemeinwerk.groups.audit_labels import ACTION_LABELS
        from gemeinwerk.groups.services.hosts import member_lost_trust

        holdings.register_all()
        register_action_labels(ACTION_LABELS)
        # A suspended host keeps no seat in a running room and no open invitation.
        on_trust_revoked(member_lost_trust)
