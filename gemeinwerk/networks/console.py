"""What the networks bring to the staff console: the networks, verification
appointments, follow-ups and newcomers, and a panel of notes on a member's page.
Registered from NetworksConfig.ready()."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gemeinwerk.console.registry import register_member_panel, register_nav, register_urls


def register() -> None:
    from gemeinwerk.networks.views.office_care import member_panel

    register_urls("networks/", "gemeinwerk.networks.office_urls")
    register_nav(
        "staff:networks:list",
        _("Networks"),
        permission="networks.use_console",
        current_for="staff:networks:list",
        order=55,
    )
    register_nav(
        "staff:networks:day",
        _("Appointments"),
        permission="networks.publish_slots",
        current_for="staff:networks:day",
        order=62,
    )
    register_nav(
        "staff:networks:follow_ups",
        _("Follow-ups"),
        permission="networks.log_contacts",
        current_for="staff:networks:follow_ups",
        order=64,
    )
    register_nav(
        "staff:networks:newcomers",
        pgettext_lazy("new members", "Newcomers"),
        permission="networks.welcome_newcomers",
        current_for="staff:networks:newcomers",
        order=66,
    )
    register_member_panel(
        "networks/office/_contact_log_panel.html",
        context=member_panel,
        permission="networks.log_contacts",
        order=65,
    )
