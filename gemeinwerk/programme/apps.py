from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammeConfig(AppConfig):
    name = "gemeinwerk.programme"
    label = "programme"
    verbose_name = _("Facility programme")

    def ready(self) -> None:
        from gemeinwerk.accounts.hooks import after_sign_in, on_inactive_sign_in
        from gemeinwerk.audit.labels import register_actions
        from gemeinwerk.core.demo import register_demo
        from gemeinwerk.core.housekeeping import register_job
        from gemeinwerk.core.navigation import register_main, register_personal
        from gemeinwerk.programme import (  # noqa: F401
            console,
            evaluation_views,
            holdings,
            rules,
            views,
        )
        from gemeinwerk.programme.audit_actions import AuditAction
        from gemeinwerk.programme.services import registry

        holdings.register_all()
        register_actions(AuditAction)
        on_inactive_sign_in(views.explain_inactive)
        after_sign_in(evaluation_views.sign_in_destination)
        register_main("programme:about", _("Facility programme"), order=50)
        register_personal(
            "programme:evaluation",
            _("Self-evaluation"),
            permission="programme.answer_evaluation",
            order=13,
        )
        register_personal(
            "programme:mine",
            _("My facility"),
            permission="programme.use_facility_account",
            order=14,
        )
        register_demo("gemeinwerk.programme.demo", order=80)
        register_demo("gemeinwerk.programme.demo_accounts", order=82)
        register_demo("gemeinwerk.programme.demo_evaluation", order=84)
        register_demo("gemeinwerk.programme.demo_rewards", order=86)
        register_demo("gemeinwerk.programme.demo_exchange", order=88)
        register_job("facility registry uploads older than a day deleted", registry.prune_imports)
        from gemeinwerk.programme.services import cycles

        register_job("evaluation cycles opened, reminded and closed", cycles.daily)
        console.register()
        from gemeinwerk.chat import parties
        from gemeinwerk.programme import exchange_selectors

        parties.register(exchange_selectors.chat_party)
