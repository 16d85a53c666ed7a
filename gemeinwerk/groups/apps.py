from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GroupsConfig(AppConfig):
    name = "gemeinwerk.groups"
    label = "groups"
    verbose_name = _("Self-help groups")

    def ready(self) -> None:
        from gemeinwerk.groups import holdings

        holdings.register_all()
