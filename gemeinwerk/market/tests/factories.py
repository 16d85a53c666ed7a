"""Builders for neighbourhood help's tests: districts, listings made through the service
(as members make them), responses and agreements, search calls and safe visits."""

from datetime import datetime, timedelta
from typing import Any

from django.utils import timezone

from gemeinwerk.accounts.models import User
from gemeinwerk.accounts.tests.more_factories import make_verified
from gemeinwerk.market.models import Category, Kind, Listing, Response, SearchCall, Visit
from gemeinwerk.market.services import calls, listings, responses, visits
from gemeinwerk.places.models import ContactPoint, District

_counter = iter(range(1, 10**9))


def district(name: str = "") -> District:
    number = next(_counter)
    name = name or f"Bezirk {number}"
    # Not "bezirk-N": places' DistrictFactory counts those, and slugs are unique.
    return District.objects.create(name=name, slug=f"markt-bezirk-{number}")


def category(slug: str = "shopping") -> Category:
    return Category.objects.get(slug=slug)


def listing(owner: User, *, publish: bool = True, **data: Any) -> Listing:
    values = {
        "kind": Kind.OFFER,
        "title": "Hilfe beim Einkaufen",
        "description": "Ich trage Ihre Einkäufe nach Hause.",
        "category": data.pop("category", None) or category(),
        "district": data.pop("district", None) or district(),
        "when": "",
        "weekdays": 0,
        "expires_on": None,
    }
    values.update(data)
    return listings.create_listing(owner=owner, data=values, publish=publish)


def member(**kwargs: Any) -> User:
    """A verified member: may create listings, respond and chat."""
    return make_verified(**kwargs)


def response(
    item: Listing, responder: User | None = None, message: str = "Ich helfe gern."
) -> Response:
    return responses.respond(responder=responder or member(), listing=item, message=message)


def agreement(item: Listing | None = None, responder: User | None = None) -> Response:
    """A response the listing's owner accepted."""
    item = item or listing(member())
    answer = response(item, responder)
    return responses.decide(owner=item.owner, response=answer, accept=True)


def visit(
    agreed: Response,
    *,
    person: User | None = None,
    trusted_member: User | None = None,
    trusted_contact_point: ContactPoint | None = None,
    check_out_by: datetime | None = None,
) -> Visit:
    if trusted_member is None and trusted_contact_point is None:
        trusted_member = member()
    return visits.plan_visit(
        person=person or agreed.responder,
        response=agreed,
        check_out_by=check_out_by or timezone.now() + timedelta(hours=2),
        trusted_member=trusted_member,
        trusted_contact_point=trusted_contact_point,
    )


def search_call(
    staff: User,
    contact_point: ContactPoint,
    *,
    category_slug: str = "accompanying",
    in_district: District | None = None,
    title: str = "Begleitung zum Arzt gesucht",
    description: str = "Am Donnerstagvormittag, mit dem Bus.",
) -> SearchCall:
    return calls.publish_call(
        staff=staff,
        contact_point=contact_point,
        category=category(category_slug),
        district=in_district or contact_point.district,
        title=title,
        description=description,
    )
