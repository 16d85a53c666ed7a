"""Who may do what in neighbourhood help. Anyone browses; verified members create
listings and respond; the owner decides on responses; both sides of an agreement mark
it done or end it; staff publish search calls and see open incidents of safe visits."""

from typing import Any

import rules

from gemeinwerk.accounts.rules import (
    is_active_staff,
    is_admin,
    is_staff_of,
    is_verified,
    staff_contact_point_ids,
)


@rules.predicate
def owns(user: Any, listing: Any) -> bool:
    return bool(listing is not None and user.is_authenticated and listing.owner_id == user.pk)


@rules.predicate
def is_visible(user: Any, listing: Any) -> bool:
    return bool(listing is not None and listing.visible)


@rules.predicate
def owns_response_listing(user: Any, response: Any) -> bool:
    return bool(response is not None and owns(user, response.listing))


@rules.predicate
def responded(user: Any, response: Any) -> bool:
    return bool(response is not None and user.is_authenticated and response.responder_id == user.pk)


@rules.predicate
def response_open(user: Any, response: Any) -> bool:
    return bool(response is not None and response.status == "open")


@rules.predicate
def response_agreed(user: Any, response: Any) -> bool:
    return bool(response is not None and response.status == "accepted")


@rules.predicate
def visit_person(user: Any, visit: Any) -> bool:
    return bool(visit is not None and user.is_authenticated and visit.person_id == user.pk)


@rules.predicate
def visit_in_care(user: Any, visit: Any) -> bool:
    """Staff of the trusted contact point, or of a contact point in the listing's district."""
    if visit is None:
        return False
    mine = staff_contact_point_ids(user)
    if visit.trusted_contact_point_id in mine:
        return True
    district = visit.response.listing.district_id
    return any(cp.district_id == district for cp in _contact_points(mine))


def _contact_points(ids: set[int]) -> list[Any]:
    from gemeinwerk.places.models import ContactPoint

    return list(ContactPoint.objects.filter(pk__in=ids)) if ids else []


rules.add_perm("market.create_listing", is_verified)
# The owner's own pages: editing, pausing, closing, the responses.
rules.add_perm("market.manage_listing", is_verified & owns)
rules.add_perm("market.view_listing", is_visible | owns)
rules.add_perm("market.respond", is_verified & is_visible & ~owns)
rules.add_perm("market.report_listing", is_visible & ~owns)
rules.add_perm("market.decide_response", is_verified & owns_response_listing & response_open)
rules.add_perm("market.view_response", owns_response_listing | responded)
rules.add_perm(
    "market.finish_response",
    (owns_response_listing | responded) & (response_open | response_agreed),
)
rules.add_perm("market.mark_done", (owns_response_listing | responded) & response_agreed)
rules.add_perm(
    "market.plan_visit", is_verified & (owns_response_listing | responded) & response_agreed
)
rules.add_perm("market.keep_visit", visit_person)
rules.add_perm("market.follow_interests", is_verified)
rules.add_perm("market.search_calls", is_active_staff | is_admin)
rules.add_perm("market.publish_call", is_staff_of | is_admin)
rules.add_perm("market.incidents", is_active_staff | is_admin)
rules.add_perm("market.settle_incident", visit_in_care | is_admin)
