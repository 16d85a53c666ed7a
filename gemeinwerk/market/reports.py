"""Listings as a kind of report for gemeinwerk/moderation: staff hide a reported
listing (kept whole) and may show it again."""

from typing import Any

from django.utils.translation import gettext_lazy as _

from gemeinwerk.market.models import Listing
from gemeinwerk.market.services import listings


def _load(pk: int) -> Listing | None:
    return Listing.objects.select_related("owner").filter(pk=pk).first()


def register() -> None:
    from gemeinwerk.moderation.kinds import ReportKind, register_kind

    register_kind(
        ReportKind(
            key="market.listing",
            label=_("Listing"),
            load=_load,
            author=lambda listing: listing.owner,
            snapshot=lambda listing: f"{listing.title}\n\n{listing.description}",
            permission="market.report_listing",
            hide=lambda listing, staff: listings.hide(listing, staff),
            restore=lambda listing, staff: listings.restore(listing, staff),
            is_hidden=lambda listing: listing.hidden_at is not None,
            staff_link=_staff_link,
        )
    )


def _staff_link(listing: Any) -> str:
    # Staff see a hidden listing's text in the report itself: its page is 404 for them.
    return listings.listing_path(listing) if listing.visible else ""
