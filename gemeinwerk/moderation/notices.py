"""What moderation tells people (gemeinwerk/notifications): a reporter hears the outcome
of their report (never who decided), and a person staff warn reads the warning (never
who reported them)."""

from django.utils.translation import gettext_lazy as _

from gemeinwerk.notifications.kinds import register_kind
from gemeinwerk.notifications.models import Channel


def register() -> None:
    register_kind(
        "moderation.report_decided",
        _("The decision on something I reported"),
        default=Channel.INSTANT,
        template="moderation/notifications/report_decided",
    )
    # Sent however the person chose: a warning must reach them.
    register_kind(
        "moderation.warning",
        _("A warning from our team"),
        default=Channel.INSTANT,
        template="moderation/notifications/warning",
        required=True,
    )
