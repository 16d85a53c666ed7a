"""What neighbourhood help tells people (gemeinwerk/notifications)."""

from django.utils.translation import gettext_lazy as _

from gemeinwerk.notifications.kinds import register_kind
from gemeinwerk.notifications.models import Channel

KINDS = (
    ("market.new_response", _("Someone responded to my listing"), Channel.INSTANT),
    ("market.response_decided", _("The answer to my response"), Channel.INSTANT),
    ("market.response_ended", _("An agreement about help was ended"), Channel.INSTANT),
    ("market.listing_closed", _("A listing I responded to was closed"), Channel.DIGEST),
    ("market.listing_expiring", _("My listing ends soon"), Channel.INSTANT),
    ("market.search_call", _("A search call for help I follow"), Channel.INSTANT),
    ("market.search_call_shared", _("A search call of another contact point"), Channel.DIGEST),
    (
        "market.visit_missed",
        _("A check-out I am the trusted contact for did not come"),
        Channel.INSTANT,
    ),
    ("market.visit_all_well", _("A late check-out came after all"), Channel.INSTANT),
)


# A missed check-out may mean someone needs help: it cannot be switched off.
REQUIRED = {"market.visit_missed"}


def register() -> None:
    for key, label, default in KINDS:
        register_kind(
            key,
            label,
            default=default,
            template=f"market/notifications/{key.split('.')[1]}",
            required=key in REQUIRED,
        )
