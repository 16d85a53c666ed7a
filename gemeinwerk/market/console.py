"""What neighbourhood help brings to the staff console: search calls and the open
incidents of safe home visits. Registered from MarketConfig.ready()."""

from django.utils.translation import gettext_lazy as _

from gemeinwerk.console.registry import register_nav, register_urls


def register() -> None:
    register_urls("market/", "gemeinwerk.market.office_urls")
    register_nav(
        "staff:market:calls",
        _("Search calls"),
        permission="market.search_calls",
        order=74,
    )
    register_nav(
        "staff:market:incidents",
        _("Safe visits"),
        permission="market.incidents",
        order=76,
    )
