from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MarketConfig(AppConfig):
    name = "gemeinwerk.market"
    label = "market"
    verbose_name = _("Neighbourhood help")

    def ready(self) -> None:
        from gemeinwerk.audit.labels import register_actions
        from gemeinwerk.chat import panels as chat_panels
        from gemeinwerk.core.demo import register_demo
        from gemeinwerk.core.housekeeping import register_job
        from gemeinwerk.core.navigation import register_main, register_personal
        from gemeinwerk.market import console, holdings, notices, panels, reports, rules  # noqa: F401
        from gemeinwerk.market.audit_actions import AuditAction
        from gemeinwerk.market.services import listings, visits

        holdings.register_all()
        register_actions(AuditAction)
        register_main("market:browse", _("Neighbourhood help"), order=15)
        register_personal("market:mine", _("My help"), permission="market.create_listing", order=16)
        register_demo("gemeinwerk.market.demo", order=70)
        register_job("listings reminded and expired", listings.daily)
        register_job("missed check-outs of safe visits told", visits.alert_missed)
        notices.register()
        console.register()
        reports.register()
        chat_panels.register(panels.agreements)
