from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "gemeinwerk.core"
    label = "core"
    verbose_name = _("Platform")

    def ready(self) -> None:
        from gemeinwerk.core import checks  # noqa: F401  (registers the checks)
        from gemeinwerk.core.sqlite import enable_secure_delete

        enable_secure_delete()
