from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GroupsConfig(AppConfig):
    name = "gemeinwerk.groups"
    label = "groups"
    verbose_name = _("Self-help groups")

    def ready(self) -> None:
        from gemeinwerk.accounts.hooks import on_trust_revoked
        from gemeinwerk.audit.labels import register_actions
        from gemeinwerk.groups import holdings
        from gemeinwerk.groups.audit_actions import AuditAction
        from gemeinwerk.groups.services.hosts import member_lost_trust

        holdings.register_all()
        # Kept directory and group pages go out of date when a group or a date changes.
        from gemeinwerk.groups import pagecache

        pagecache.connect()
        register_actions(AuditAction)
        # A suspended host keeps no seat in a running room and no open invitation.
        on_trust_revoked(member_lost_trust)
        # What groups brings to the header, the demo and the daily housekeeping.
        from gemeinwerk.core.demo import register_demo
        from gemeinwerk.core.housekeeping import register_job
        from gemeinwerk.core.navigation import register_main, register_personal
        from gemeinwerk.groups.services.followers import plan_reminders
        from gemeinwerk.groups.services.meetings import extend_all_series
        from gemeinwerk.groups.services.requests import prune_join_requests

        register_main("groups:list", _("Self-help groups"), order=30)
        register_personal(
            "groups:mine", _("My groups"), permission="groups.list_own_groups", order=10
        )
        register_demo("gemeinwerk.groups.demo", order=30)
        # What groups tells people (gemeinwerk/notifications).
        from gemeinwerk.notifications.kinds import register_kind
        from gemeinwerk.notifications.models import Channel

        # Each is e-mailed at once unless the person chooses otherwise; its texts are
        # groups/notifications/<what>_subject.txt and _body.txt.
        for what, label in (
            ("join_request_forwarded", _("A contact point forwarded a request to join my group")),
            ("join_requests_waiting", _("New requests to join a group of my contact point")),
            (
                "meeting_reminder",
                _("A reminder the day before a meeting of a group I asked to hear from"),
            ),
            ("meeting_cancelled", _("A meeting of my group is cancelled")),
            ("meeting_moved", _("A meeting of my group moves to another day or time")),
            ("room_code_changed", _("The room code of my group has changed")),
        ):
            register_kind(
                f"groups.{what}",
                label,
                default=Channel.INSTANT,
                template=f"groups/notifications/{what}",
            )
        register_job("meeting dates added", extend_all_series)
        register_job("meeting reminders planned", plan_reminders)
        register_job("handled join requests deleted", prune_join_requests)
        # The contact point's page, its menu entry and the host training panel in the
        # staff console.
        from gemeinwerk.groups import console

        console.register()
