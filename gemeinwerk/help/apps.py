from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HelpConfig(AppConfig):
    name = "gemeinwerk.help"
    label = "help"
    verbose_name = _("Help centre")

    def ready(self) -> None:
        from gemeinwerk.audit.labels import register_actions
        from gemeinwerk.core.demo import register_demo
        from gemeinwerk.core.navigation import register_main
        from gemeinwerk.help import console, holdings
        from gemeinwerk.help.audit_actions import AuditAction

        register_actions(AuditAction)
        # The same place on every screen (WCAG 3.2.6, consistent help): the header's
        # navigation, last.
        register_main("help:index", _("Help"), order=90)
        register_demo("gemeinwerk.help.demo", order=60)
        console.register()
        holdings.register_all()
