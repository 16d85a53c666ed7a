from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlacesConfig(AppConfig):
    name = "gemeinwerk.places"
    label = "places"
    verbose_name = _("Districts and contact points")

    def ready(self) -> None:
        from gemeinwerk.core.demo import register_demo
        from gemeinwerk.core.navigation import register_main
        from gemeinwerk.places import pagecache

        register_main("places:list", _("Contact points"), order=20)
        register_demo("gemeinwerk.places.demo", order=10)
        # Kept lists of contact points go out of date when a place changes.
        pagecache.connect()
