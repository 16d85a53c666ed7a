from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworksConfig(AppConfig):
    name = "gemeinwerk.networks"
    label = "networks"
    verbose_name = _("District networks")

    def ready(self) -> None:
        from gemeinwerk.audit.labels import register_actions
        from gemeinwerk.core.demo import register_demo
        from gemeinwerk.core.housekeeping import register_job
        from gemeinwerk.core.navigation import register_main, register_personal
        from gemeinwerk.networks import console, holdings, notices, rules  # noqa: F401
        from gemeinwerk.networks.audit_actions import AuditAction
        from gemeinwerk.networks.services.activities import forget_phone_registrations

        holdings.register_all()
        register_actions(AuditAction)
        register_main("networks:list", _("Networks"), order=25)
        register_personal(
            "networks:mine", _("My activities"), permission="networks.see_own", order=15
        )
        register_personal(
            "networks:appointments",
            _("Verification appointment"),
            permission="networks.book_appointment",
            order=12,
        )
        register_demo("gemeinwerk.networks.demo", order=40)
        register_job("phone registrations of past activities forgotten", forget_phone_registrations)
        notices.register()
        console.register()
        # Kept network pages go out of date when a network or its activities change.
        from gemeinwerk.networks import pagecache

        pagecache.connect()
