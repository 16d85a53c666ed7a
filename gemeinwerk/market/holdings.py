"""Neighbourhood help's entries in the personal data registry (accounts.personal_data).

A member's listings, responses, followed search calls and safe visits are in their
export and go with the account (CASCADE). Links to staff and to trusted contacts are
emptied when those people leave."""

from typing import Any

from gemeinwerk.accounts import personal_data as pd
from gemeinwerk.market.models import Interest, Listing, Response, SearchCall, Visit

OTHERS = "another person's record; the link to this person is emptied"


def export_listings(user: Any) -> list[dict[str, Any]]:
    return pd.rows(
        Listing.objects.filter(owner=user).select_related("category", "district"),
        "kind",
        "title",
        "description",
        "category",
        "district",
        "when",
        "weekdays",
        "expires_on",
        "status",
        "created_at",
        "published_at",
        "closed_at",
    )


def export_responses(user: Any) -> list[dict[str, Any]]:
    return [
        {
            "listing": response.listing.title,
            "message": response.message,
            "status": response.get_status_display(),
            "created_at": response.created_at,
            "done_at": response.responder_done_at,
            "ended_at": response.ended_at,
        }
        for response in Response.objects.filter(responder=user).select_related("listing")
    ]


def export_interests(user: Any) -> list[dict[str, Any]]:
    return [
        {
            "category": interest.category.name,
            "district": interest.district.name if interest.district else "",
            "since": interest.created_at,
        }
        for interest in Interest.objects.filter(user=user).select_related("category", "district")
    ]


def export_visits(user: Any) -> list[dict[str, Any]]:
    return [
        {
            "listing": visit.response.listing.title,
            "check_out_by": visit.check_out_by,
            "trusted_contact": visit.trusted_member.username
            if visit.trusted_member
            else getattr(visit.trusted_contact_point, "name", ""),
            "checked_in_at": visit.checked_in_at,
            "checked_out_at": visit.checked_out_at,
            "cancelled_at": visit.cancelled_at,
            "contact_told_at": visit.alerted_at,
        }
        for visit in Visit.objects.filter(person=user).select_related(
            "response__listing", "trusted_member", "trusted_contact_point"
        )
    ]


def register_all() -> None:
    pd.register(Listing, "owner", section="listings", export=export_listings)
    pd.register(Listing, "created_by", note=OTHERS)
    pd.register(Response, "responder", section="responses", export=export_responses)
    pd.register(SearchCall, "created_by", note=OTHERS)
    pd.register(SearchCall, "outcome_by", note=OTHERS)
    pd.register(Interest, "user", section="followed_search_calls", export=export_interests)
    pd.register(Visit, "person", section="safe_visits", export=export_visits)
    pd.register(Visit, "trusted_member", note=OTHERS)
    pd.register(Visit, "settled_by", note=OTHERS)
