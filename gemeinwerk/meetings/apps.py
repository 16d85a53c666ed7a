from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "gemeinwerk.meetings"
    label = "meetings"
    verbose_name = _("Meeting rooms")

    def ready(self) -> None:
        from gemeinwerk.core.housekeeping import register_job
        from gemeinwerk.core.navigation import register_main
        from gemeinwerk.groups.hooks import on_host_powers_lost
        from gemeinwerk.meetings.revoke import revoke_host_seats
        from gemeinwerk.meetings.services import prune_room_removals

        register_main("join:form", _("Join a meeting"), order=40)
        register_job("room removals of past dates deleted", prune_room_removals)
        # Someone who lost a group's host powers leaves its running rooms' host seats.
        on_host_powers_lost(revoke_host_seats)
