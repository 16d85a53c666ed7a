from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammeConfig(AppConfig):
    name = "gemeinwerk.programme"
    label = "programme"
    verbose_name = _("Facility programme")

    def ready(self) -> None:
        from gemeinwerk.accounts.hooks import on_inactive_sign_in
        from gemeinwerk.audit.labels import register_actions
        from gemeinwerk.core.demo import register_demo
        from gemeinwerk.core.housekeeping import register_job
        from gemeinwerk.core.navigation import register_main, register_personal
        from gemeinwerk.programme import console, holdings, rules, views  # noqa: F401
        from gemeinwerk.programme.audit_actions import AuditAction
        from gemeinwerk.programme.services import registry

        holdings.register_all()
        register_actions(AuditAction)
        on_inactive_sign_in(views.explain_inactive)
        register_main("programme:about", _("Facility programme"), order=50)
        register_personal(
            "programme:mine",
            _("My facility"),
            permission="programme.use_facility_account",
            order=14,
        )
        register_demo("gemeinwerk.programme.demo", order=80)
        register_demo("gemeinwerk.programme.demo_accounts", order=82)
        register_job("facility registry uploads older than a day deleted", registry.prune_imports)
        console.register()
