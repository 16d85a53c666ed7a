"""Neighbourhood help: the public pages (/neighbourhood-help/: browsing, a listing, an
open search call), a member's own part (creating and managing listings, responding,
agreements, safe home visits, followed search calls) and the staff console's pages
("staff:market:...": search calls and the incidents of safe visits).

The world has no listing: the fixture below writes, once for this module (in a
savepoint of the package's world, rolled back when the module is done), in a district
of its own ("Altstadt", which no contact point of the world is in)
- listings of "verified": one active (`ACTIVE`), one paused (`PAUSED`), one draft
  (`DRAFT`) and one that staff hid after a report (`HIDDEN`);
- two active listings of "other_member": `ASKED`, with an open response of "verified",
  and `AGREED`, with a response of "verified" that "other_member" accepted; on it a safe
  visit of "verified" whose trusted contact is the contact point "home", whose
  check-out did not come (the contact was told) and that nobody settled yet: an open
  incident;
- search calls of "home": one open (`OPEN_CALL`), one closed (`CLOSED_CALL`);
- an interest of "verified" (search calls for shopping in the Altstadt).
The paths look them up by fixed names.

Who may what (market/rules.py): anyone browses and reads visible listings and open
calls; verified members (staff, coordinators and admins are verified members too)
create listings, respond and follow search calls, unverified and suspended accounts
are refused; a listing's owner's pages (editing, its status) and hidden, paused or
draft listings are "not found" for everyone else; an agreement's buttons are "not
found" for people outside it, a safe visit for anyone but its person. In the console
staff of any contact point (and admins) see search calls and incidents, but only their
own contact point's calls and the incidents they are concerned by (the trusted contact
point's staff, or staff in the listing's district); coordinators have neither page.
"""

from collections.abc import Callable, Iterator
from datetime import timedelta
from typing import Any

import pytest
from django.db import transaction
from django.utils import timezone

from gemeinwerk.market.models import (
    Category,
    Interest,
    Kind,
    Listing,
    Outcome,
    Response,
    ResponseStatus,
    SearchCall,
    Status,
    Visit,
)
from gemeinwerk.places.models import District
from tests.matrix.cases import Case, Matrix, check, console, params, same, signed_in
from tests.matrix.world import ALL, ROLES, World

ACTIVE = "Einkaufshilfe am Montag"  # of "verified", active
PAUSED = "Rasen mähen"  # of "verified", paused
DRAFT = "Fahrrad reparieren"  # of "verified", a draft
HIDDEN = "Nachhilfe gegen Bargeld"  # of "verified", hidden by staff after a report
ASKED = "Begleitung zum Arzt"  # of "other_member": "verified" responded, open
AGREED = "Hilfe beim Umzug"  # of "other_member": "verified"'s response accepted, a visit
OPEN_CALL = "Jemand zum Vorlesen"  # a search call of "home", open
CLOSED_CALL = "Hilfe mit dem Handy"  # a search call of "home", someone was found
MISSING = 999999  # no listing, response, visit, call or interest has this id

# The people of each agreement, among the roles of the matrix.
PARTIES = ("verified", "other_member")
OWNER = "verified"  # of ACTIVE, PAUSED, DRAFT and HIDDEN


def _build(world: World) -> None:
    users = world.users
    verified, other = users["verified"], users["other_member"]
    district = District.objects.create(name="Altstadt", slug="altstadt")
    shopping = Category.objects.get(slug="shopping")
    now = timezone.now()

    def listing(title: str, owner: Any, status: str, **extra: Any) -> Listing:
        return Listing(
            kind=Kind.OFFER,
            title=title,
            description=f"{title}: gern, nach Absprache.",
            category=shopping,
            district=district,
            owner=owner,
            status=status,
            published_at=None if status == Status.DRAFT else now,
            search_document=title,
            **extra,
        )

    *_own, asked, agreed = Listing.objects.bulk_create(
        [
            listing(ACTIVE, verified, Status.ACTIVE),
            listing(PAUSED, verified, Status.PAUSED),
            listing(DRAFT, verified, Status.DRAFT),
            listing(HIDDEN, verified, Status.ACTIVE, hidden_at=now),
            listing(ASKED, other, Status.ACTIVE),
            listing(AGREED, other, Status.ACTIVE),
        ]
    )
    Response.objects.create(listing=asked, responder=verified, message="Ich kann das.")
    accepted = Response.objects.create(
        listing=agreed,
        responder=verified,
        message="Ich trage mit.",
        status=ResponseStatus.ACCEPTED,
        decided_at=now,
    )
    Visit.objects.create(
        response=accepted,
        person=verified,
        trusted_contact_point=world.home,
        check_out_by=now - timedelta(hours=2),
        alerted_at=now - timedelta(hours=1),
    )
    SearchCall.objects.bulk_create(
        [
            SearchCall(
                contact_point=world.home,
                category=shopping,
                district=district,
                title=title,
                description="Für eine Nachbarin, einmal die Woche.",
                created_by=users["staff"],
                outcome=outcome,
                outcome_at=None if outcome == Outcome.OPEN else now,
                search_document=title,
            )
            for title, outcome in ((OPEN_CALL, Outcome.OPEN), (CLOSED_CALL, Outcome.MATCHED))
        ]
    )
    Interest.objects.create(user=verified, category=shopping, district=district)


@pytest.fixture(scope="module", autouse=True)
def market(shared_world: World, django_db_blocker: Any) -> Iterator[None]:
    """Neighbourhood help's objects, written once for the module in a savepoint of the
    package's world; each case's own savepoint inside it rolls back what it changed."""
    with django_db_blocker.unblock(), transaction.atomic():
        _build(shared_world)
        yield
        transaction.set_rollback(True)


# --- The objects, looked up by their fixed names -----------------------------------------


def listing_pk(title: str) -> int:
    return Listing.objects.values_list("pk", flat=True).get(title=title)


def response_pk(title: str) -> int:
    return Response.objects.values_list("pk", flat=True).get(listing__title=title)


def visit_pk() -> int:
    return Visit.objects.values_list("pk", flat=True).get(response__listing__title=AGREED)


def call_pk(title: str) -> int:
    return SearchCall.objects.values_list("pk", flat=True).get(title=title)


def interest_pk() -> int:
    return Interest.objects.values_list("pk", flat=True).get(user__username="verified")


def page(title: str, tail: str = "") -> Callable[[World], str]:
    return lambda w: f"/neighbourhood-help/{listing_pk(title)}/{tail}"


def response(title: str, tail: str = "") -> Callable[[World], str]:
    return lambda w: f"/neighbourhood-help/responses/{response_pk(title)}/{tail}"


def visit(w: World) -> str:
    return f"/neighbourhood-help/visits/{visit_pk()}/"


def call(title: str) -> Callable[[World], str]:
    return lambda w: f"/neighbourhood-help/calls/{call_pk(title)}/"


def office_call(title: str) -> Callable[[World], str]:
    return lambda w: f"/staff/market/calls/{call_pk(title)}/"


def incident(w: World) -> str:
    return f"/staff/market/incidents/{visit_pk()}/"


# --- Form data -----------------------------------------------------------------------------


def category_pk(slug: str) -> int:
    return Category.objects.values_list("pk", flat=True).get(slug=slug)


def altstadt() -> int:
    return District.objects.values_list("pk", flat=True).get(slug="altstadt")


def listing_data(w: World) -> dict[str, Any]:
    return {
        "kind": Kind.REQUEST,
        "title": "Hilfe mit dem Computer",
        "description": "Mein Drucker druckt nicht.",
        "category": category_pk("technology"),
        "district": altstadt(),
        "when": "nachmittags",
        "expires_on": "",
    }


def visit_data(w: World) -> dict[str, Any]:
    check_out_by = timezone.localtime() + timedelta(days=1)
    return {
        "check_out_by": check_out_by.strftime("%Y-%m-%dT%H:%M"),
        "contact": "place",
        "trusted_contact_point": w.home.pk,
    }


def call_data(contact_point: str) -> Callable[[World], dict[str, Any]]:
    return lambda w: {
        "contact_point": getattr(w, contact_point).pk,
        "category": category_pk("company"),
        "district": altstadt(),
        "title": "Jemand für einen Spaziergang",
        "description": "Einmal die Woche, am Vormittag.",
    }


# --- Who gets what -------------------------------------------------------------------------

# Accounts that may not create, respond or follow: not verified yet, or suspended.
NOT_VERIFIED = {"unverified": 403, "suspended_staff": 403}


def members(status: int, **overrides: int) -> dict[str, int]:
    """Pages for verified members (staff too) get `status`; accounts that are not
    verified are refused; anonymous visitors sign in first."""
    return signed_in(status) | NOT_VERIFIED | overrides


def only(status: int, people: tuple[str, ...], **overrides: int) -> dict[str, int]:
    """Pages of some people (an owner, an agreement's parties, a visit's person): they get
    `status`, for everyone else signed in the thing does not exist (404)."""
    return signed_in(404) | dict.fromkeys(people, status) | overrides


def office(status: int, **overrides: int) -> dict[str, int]:
    """Console pages of neighbourhood help: staff and admins; coordinators have none."""
    return console(status, coordinator=403, **overrides)


def everyone_but(*roles: str) -> tuple[str, ...]:
    return tuple(role for role in ROLES if role not in roles)


MATRIX: Matrix = {
    # --- Public: browsing, a listing, a search call --------------------------------------------
    "market:browse": [
        Case("/neighbourhood-help/", expected=same(200)),
        Case("/neighbourhood-help/?q=Einkauf&kind=offer&category=shopping", expected=same(200)),
    ],
    # Visible listings for everyone; paused, draft and hidden ones for their owner only.
    "market:listing": [
        Case(page(ACTIVE), expected=same(200)),
        Case(page(ASKED), expected=same(200)),
        Case(page(PAUSED), expected=only(200, (OWNER,), anonymous=404)),
        Case(page(DRAFT), expected=only(200, (OWNER,), anonymous=404)),
        Case(page(HIDDEN), expected=only(200, (OWNER,), anonymous=404)),
        Case(f"/neighbourhood-help/{MISSING}/", expected=same(404)),
    ],
    # Open calls only: a closed one is not found.
    "market:call": [
        Case(call(OPEN_CALL), expected=same(200)),
        Case(call(CLOSED_CALL), expected=same(404)),
    ],
    # --- One's own part ---------------------------------------------------------------------------
    "market:mine": [Case("/neighbourhood-help/mine/", expected=signed_in(200))],
    "market:create": [
        Case("/neighbourhood-help/new/", expected=members(200)),
        Case("/neighbourhood-help/new/", "post", listing_data, expected=members(302)),
        Case(
            "/neighbourhood-help/new/",
            "post",
            lambda w: listing_data(w) | {"draft": "1"},
            expected=members(302),
        ),
        # Without a title: the form comes back.
        Case(
            "/neighbourhood-help/new/",
            "post",
            lambda w: listing_data(w) | {"title": ""},
            expected=members(200),
            unchanged=ALL,
        ),
    ],
    # The owner's pages: for everyone else the listing is not found, hidden or not.
    "market:edit": [
        Case(page(ACTIVE, "edit/"), expected=only(200, (OWNER,))),
        Case(page(ACTIVE, "edit/"), "post", listing_data, expected=only(302, (OWNER,))),
        Case(
            page(ACTIVE, "edit/"),
            "post",
            lambda w: listing_data(w) | {"description": ""},
            expected=only(200, (OWNER,)),
            unchanged=ALL,
        ),
        Case(page(ASKED, "edit/"), expected=only(200, ("other_member",))),
        Case(f"/neighbourhood-help/{MISSING}/edit/", expected=only(404, ())),
    ],
    "market:status": [
        Case(page(ACTIVE, "status/"), "post", {"action": "pause"}, expected=only(302, (OWNER,))),
        Case(page(PAUSED, "status/"), "post", {"action": "resume"}, expected=only(302, (OWNER,))),
        Case(page(DRAFT, "status/"), "post", {"action": "publish"}, expected=only(302, (OWNER,))),
        Case(
            page(HIDDEN, "status/"), "post", {"action": "withdrawn"}, expected=only(302, (OWNER,))
        ),
        Case(
            page(ASKED, "status/"),
            "post",
            {"action": "fulfilled"},
            expected=only(302, ("other_member",)),
        ),
        # An action the listing's state does not allow: a word, no change.
        Case(
            page(DRAFT, "status/"),
            "post",
            {"action": "resume"},
            expected=only(302, (OWNER,)),
            unchanged=ALL,
        ),
    ],
    # Verified members respond to visible listings of others; their own listing refuses
    # its owner; what they may not see is not found.
    "market:respond": [
        Case(page(ACTIVE, "respond/"), expected=members(200, verified=403)),
        Case(
            page(ACTIVE, "respond/"),
            "post",
            {"message": "Gern helfe ich am Montag."},
            expected=members(302, verified=403),
        ),
        # "verified" responded already: back to the listing, which says so.
        Case(
            page(ASKED, "respond/"),
            "post",
            {"message": "Noch einmal."},
            expected=members(302, other_member=403),
            unchanged=("verified",),
        ),
        Case(
            page(PAUSED, "respond/"),
            "post",
            {"message": "Gern."},
            expected=only(403, (OWNER,)),
        ),
        Case(page(HIDDEN, "respond/"), expected=only(403, (OWNER,))),
    ],
    # --- Agreements: for their two parties only -----------------------------------------------
    # The owner ("other_member") accepts or declines; the responder ("verified") may not:
    # sent back with a message, nothing changed (as after a second click on an old page).
    "market:response": [
        Case(
            response(ASKED),
            "post",
            {"action": "accept"},
            expected=only(302, PARTIES),
            unchanged=("verified",),
        ),
        Case(
            response(ASKED),
            "post",
            {"action": "decline", "next": "/chat/"},
            expected=only(302, PARTIES),
            unchanged=("verified",),
        ),
        Case(response(ASKED), "post", {"action": "end"}, expected=only(302, PARTIES)),
        Case(response(AGREED), "post", {"action": "done"}, expected=only(302, PARTIES)),
        # Done before it was agreed, or accepted twice: refused, sent back with a message.
        Case(
            response(ASKED),
            "post",
            {"action": "done"},
            expected=only(302, PARTIES),
            unchanged=ALL,
        ),
        Case(
            response(AGREED),
            "post",
            {"action": "accept"},
            expected=only(302, PARTIES),
            unchanged=ALL,
        ),
        Case(
            f"/neighbourhood-help/responses/{MISSING}/",
            "post",
            {"action": "end"},
            expected=only(404, ()),
        ),
    ],
    # Either party plans a safe visit once the help is agreed.
    "market:plan_visit": [
        Case(response(AGREED, "visit/"), expected=only(200, PARTIES)),
        Case(response(AGREED, "visit/"), "post", visit_data, expected=only(302, PARTIES)),
        # Without a contact point: the form comes back.
        Case(
            response(AGREED, "visit/"),
            "post",
            lambda w: visit_data(w) | {"trusted_contact_point": ""},
            expected=only(200, PARTIES),
            unchanged=ALL,
        ),
        Case(response(ASKED, "visit/"), expected=only(403, PARTIES)),
    ],
    # A safe visit is its person's alone.
    "market:visit": [
        Case(visit, expected=only(200, ("verified",))),
        Case(visit, "post", {"action": "check_out"}, expected=only(302, ("verified",))),
        Case(f"/neighbourhood-help/visits/{MISSING}/", expected=only(404, ())),
    ],
    # --- Followed search calls ----------------------------------------------------------------
    "market:interests": [
        Case("/neighbourhood-help/interests/", expected=members(200)),
        Case(
            "/neighbourhood-help/interests/",
            "post",
            lambda w: {"category": category_pk("pets"), "district": ""},
            expected=members(302),
        ),
        Case(
            "/neighbourhood-help/interests/",
            "post",
            {"category": "", "district": ""},
            expected=members(200),
            unchanged=ALL,
        ),
    ],
    # One's own interest only: for everyone else nothing changes.
    "market:unfollow": [
        Case(
            lambda w: f"/neighbourhood-help/interests/{interest_pk()}/remove/",
            "post",
            expected=signed_in(302),
            unchanged=everyone_but("verified"),
        ),
    ],
    # --- The console: search calls ---------------------------------------------------------
    "staff:market:calls": [Case("/staff/market/calls/", expected=office(200))],
    "staff:market:call_report": [Case("/staff/market/calls/report/", expected=office(200))],
    # Staff publish for their own contact point, admins for any.
    "staff:market:call_new": [
        Case("/staff/market/calls/new/", expected=office(200)),
        Case(
            "/staff/market/calls/new/",
            "post",
            call_data("home"),
            expected=office(302, staff_other=200),
            unchanged=("staff_other",),
        ),
        Case(
            "/staff/market/calls/new/",
            "post",
            call_data("away"),
            expected=office(200, staff_other=302, admin=302),
            unchanged=("staff",),
        ),
    ],
    # A call of "home": for other staff it is not found.
    "staff:market:call": [
        Case(office_call(OPEN_CALL), expected=office(200, staff_other=404)),
        Case(
            office_call(OPEN_CALL),
            "post",
            {"outcome": Outcome.NOT_MATCHED},
            expected=office(302, staff_other=404),
        ),
        Case(office_call(CLOSED_CALL), expected=office(200, staff_other=404)),
        Case(f"/staff/market/calls/{MISSING}/", expected=office(404)),
    ],
    # --- The console: safe visits ----------------------------------------------------------
    "staff:market:incidents": [Case("/staff/market/incidents/", expected=office(200))],
    # Staff of the trusted contact point ("home") and admins; other staff do not find it.
    "staff:market:incident": [
        Case(incident, expected=office(200, staff_other=404)),
        Case(
            incident,
            "post",
            {"settled_note": "Telefonisch erreicht, alles gut."},
            expected=office(302, staff_other=404),
        ),
        Case(
            incident,
            "post",
            {"settled_note": ""},
            expected=office(200, staff_other=404),
            unchanged=ALL,
        ),
        Case(f"/staff/market/incidents/{MISSING}/", expected=office(404)),
    ],
}


@pytest.mark.django_db
@pytest.mark.parametrize(("role", "name", "index"), params(MATRIX))
def test_route_answers_each_role_as_expected(world: World, role: str, name: str, index: int):
    check(world, role, MATRIX[name][index])
