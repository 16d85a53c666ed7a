"""District networks: the public pages (list, a network's newcomer page, activities and
calendar files), a member's own part (registering, "My activities", the networker's
role, initiatives), verification appointments, and the staff console's pages
("staff:networks:..."): networks and their roles, appointment times, the contact log
and greeting newcomers.

The world has no network: the fixture below builds, inside each case's savepoint, a
network in the district of "home" (contact point "home", facilitated by "staff",
carried by "verified"), one at "away" (facilitated by "staff_other"), their
activities, appointment times and a contact note; the paths look them up by fixed
names.

Who may what (networks/rules.py): facilitators are staff with two-factor login, admins
run every network but keep out of the contact log and the appointment desk (those are
the contact point's staff's alone); networkers post activities and propose
initiatives; organisers manage what they posted.
"""

from collections.abc import Callable
from datetime import datetime, time, timedelta
from typing import Any

import pytest
from django.utils import timezone

from gemeinwerk.accounts.models import Profile, Visibility
from gemeinwerk.networks.models import (
    Activity,
    Admission,
    Appointment,
    ContactKind,
    ContactLog,
    Initiative,
    Mode,
    Network,
    NetworkRole,
    Registration,
    RegistrationStatus,
    RoleKind,
    Slot,
)
from gemeinwerk.places.models import ContactPoint
from tests.matrix.cases import Case, Matrix, check, console, params, same, signed_in
from tests.matrix.world import ALL, ROLES, World

NETWORK = "netz-mitte"  # at "home": facilitated by "staff", carried by "verified"
OTHER_NETWORK = "netz-sued"  # at "away": facilitated by "staff_other"
WALK = "Spaziergang am Rhein"  # register, 2 places, organised by "verified"
CAFE = "Offenes Café"  # drop in, posted by "staff"
RUN = "Lauftreff Süd"  # an activity of the other network
IDEA = "Reparaturcafé"  # proposed by "verified"


def at(days: int, hour: int, minute: int = 0) -> datetime:
    """A local time `days` from today."""
    day = timezone.localdate() + timedelta(days=days)
    return datetime.combine(day, time(hour, minute), tzinfo=timezone.get_current_timezone())


@pytest.fixture(autouse=True)
def networks(world: World) -> None:
    """The networks' objects, written in few queries: every case builds them anew."""
    now = timezone.now()
    users = world.users
    home, away = world.home, world.away
    # The networks' standard: a contact point with a phone, a computer and the internet.
    ContactPoint.objects.filter(pk=home.pk).update(
        equipment_phone=True, equipment_computer=True, equipment_internet=True
    )
    network, other = Network.objects.bulk_create(
        [
            Network(
                name="Netzwerk Mitte",
                slug=NETWORK,
                district_id=home.district_id,
                summary="Nachbarn treffen sich",
                about="Wer hier wohnt, ist willkommen.",
            ),
            Network(
                name="Netzwerk Süd",
                slug=OTHER_NETWORK,
                district_id=away.district_id,
                summary="Im Süden",
                about="Für den Süden.",
            ),
        ]
    )
    Network.contact_points.through.objects.bulk_create(
        [
            Network.contact_points.through(network_id=network.pk, contactpoint_id=home.pk),
            Network.contact_points.through(network_id=other.pk, contactpoint_id=away.pk),
        ]
    )
    NetworkRole.objects.bulk_create(
        [
            NetworkRole(
                network=network, user=users["staff"], role=RoleKind.FACILITATOR, accepted_at=now
            ),
            NetworkRole(
                network=network, user=users["verified"], role=RoleKind.NETWORKER, accepted_at=now
            ),
            # An open invitation: "other_member" has not answered yet.
            NetworkRole(
                network=network,
                user=users["other_member"],
                role=RoleKind.NETWORKER,
                named_by=users["staff"],
            ),
            NetworkRole(
                network=other,
                user=users["staff_other"],
                role=RoleKind.FACILITATOR,
                accepted_at=now,
            ),
        ]
    )
    walk, _cafe, _run = Activity.objects.bulk_create(
        [
            Activity(
                network=network,
                title=WALK,
                description="Am Rhein entlang",
                starts_at=at(3, 15),
                ends_at=at(3, 17),
                contact_point=home,
                district_id=home.district_id,
                admission=Admission.REGISTER,
                capacity=2,
                organiser=users["verified"],
            ),
            Activity(
                network=network,
                title=CAFE,
                description="Kaffee und Kuchen",
                starts_at=at(4, 15),
                ends_at=at(4, 17),
                contact_point=home,
                district_id=home.district_id,
                admission=Admission.DROP_IN,
                organiser=users["staff"],
            ),
            Activity(
                network=other,
                title=RUN,
                description="Laufen",
                starts_at=at(5, 9),
                ends_at=at(5, 10),
                address="Südpark, am Eingang",
                district_id=away.district_id,
                organiser=users["staff_other"],
            ),
        ]
    )
    Registration.objects.create(
        activity=walk, member=users["other_member"], status=RegistrationStatus.CONFIRMED
    )
    Initiative.objects.create(
        network=network, title=IDEA, description="Dinge reparieren", proposed_by=users["verified"]
    )
    # Appointment times: at "home" one free tomorrow, one the newcomer booked, one
    # "unverified" booked; one free at "away".
    _free, booked, own, _away = Slot.objects.bulk_create(
        [
            Slot(contact_point=home, starts_at=at(1, 10), created_by=users["staff"]),
            Slot(contact_point=home, starts_at=at(1, 11), created_by=users["staff"]),
            Slot(contact_point=home, starts_at=at(2, 10), created_by=users["staff"]),
            Slot(contact_point=away, starts_at=at(1, 10), created_by=users["staff_other"]),
        ]
    )
    Appointment.objects.bulk_create(
        [
            Appointment(slot=booked, member=world.newcomer),
            Appointment(slot=own, member=users["unverified"]),
        ]
    )
    ContactLog.objects.create(
        contact_point=home,
        member=world.assisted,
        kind=ContactKind.CALL,
        need="Hilfe mit dem Computerkurs",
        follow_up="Zurückrufen",
        logged_by=users["staff"],
    )
    # The newcomer lives in the district of "home" and shows it: one to greet.
    Profile.objects.update_or_create(
        user=world.newcomer,
        defaults={"district_id": home.district_id, "district_visibility": Visibility.VERIFIED},
    )


# --- The objects, looked up by their fixed names -----------------------------------------


def network_pk(slug: str = NETWORK) -> int:
    return Network.objects.values_list("pk", flat=True).get(slug=slug)


def activity_pk(title: str) -> int:
    return Activity.objects.values_list("pk", flat=True).get(title=title)


def activity(title: str, tail: str = "", slug: str = NETWORK) -> Callable[[World], str]:
    """The path of an activity's page (or one below it)."""
    return lambda w: f"/networks/{slug}/activities/{activity_pk(title)}/{tail}"


def registration_pk() -> int:
    return Registration.objects.values_list("pk", flat=True).get(activity__title=WALK)


def role_pk(username: str, slug: str = NETWORK) -> int:
    return NetworkRole.objects.values_list("pk", flat=True).get(
        network__slug=slug, user__username=username
    )


def initiative_pk() -> int:
    return Initiative.objects.values_list("pk", flat=True).get(title=IDEA)


def free_slot(world: World) -> int:
    return Slot.objects.values_list("pk", flat=True).get(
        contact_point=world.home, appointments__isnull=True
    )


def booked_slot(world: World) -> int:
    return Slot.objects.values_list("pk", flat=True).get(appointments__member=world.newcomer)


def away_slot(world: World) -> int:
    return Slot.objects.values_list("pk", flat=True).get(contact_point=world.away)


def newcomers_appointment(world: World) -> int:
    return Appointment.objects.values_list("pk", flat=True).get(member=world.newcomer)


def own_appointment(world: World) -> int:
    """The appointment "unverified" booked."""
    return Appointment.objects.values_list("pk", flat=True).get(member=world.users["unverified"])


def log_entry(world: World) -> int:
    return ContactLog.objects.values_list("pk", flat=True).get(member=world.assisted)


def office(tail: str = "", slug: str = NETWORK) -> Callable[[World], str]:
    """A network's console page."""
    return lambda w: f"/staff/networks/{network_pk(slug)}/{tail}"


# --- Form data -----------------------------------------------------------------------------


def network_data(world: World) -> dict[str, Any]:
    return {
        "name": "Netzwerk Mitte",
        "slug": NETWORK,
        "district": world.home.district_id,
        "summary": "Nachbarn treffen sich, neu beschrieben",
        "about": "Wer hier wohnt, ist willkommen.",
        "principles": ["i_for_me", "i_with_others_for_others"],
        "focus_topics": "Bewegung\nComputer",
        "how_to_drop_by": "Dienstags ab 15 Uhr",
        "contact_points": [world.home.pk],
        "is_active": "on",
    }


def new_network_data(world: World) -> dict[str, Any]:
    return network_data(world) | {"name": "Netzwerk Nord", "slug": "netz-nord"}


def activity_data(world: World) -> dict[str, Any]:
    return {
        "title": WALK,
        "description": "Am Rhein entlang, bis zur Brücke",
        "repeat": "once",
        "repeat_until": "",
        "contact_point": world.home.pk,
        "address": "",
        "district": world.home.district_id,
        "admission": "register",
        "capacity": "3",
        "day": (timezone.localdate() + timedelta(days=3)).isoformat(),
        "start": "15:00",
        "end": "17:00",
    }


def new_activity_data(world: World) -> dict[str, Any]:
    return activity_data(world) | {
        "title": "Computer-Sprechstunde",
        "admission": "drop_in",
        "capacity": "",
    }


def slots_data(world: World) -> dict[str, Any]:
    return {
        "contact_point": world.home.pk,
        "day": (timezone.localdate() + timedelta(days=5)).isoformat(),
        "first": "10:00",
        "count": "2",
        "minutes": "20",
        "mode": Mode.IN_PERSON,
    }


def log_data(world: World) -> dict[str, Any]:
    return {
        "log-contact_point": world.home.pk,
        "log-kind": ContactKind.VISIT,
        "log-need": "Möchte ins Netzwerk",
        "log-follow_up": "Zum Café einladen",
        "log-follow_up_due": "",
    }


# --- Who gets what -------------------------------------------------------------------------

# Verified members register themselves; suspended and unverified accounts do not.
NOT_VERIFIED = {"unverified": 403, "suspended_staff": 403}


def but(status: int, roles: list[str] | tuple[str, ...], **overrides: int) -> dict[str, int]:
    """Signed-in people are refused (403), except `roles`, which get `status`."""
    return signed_in(403) | dict.fromkeys(roles, status) | overrides


# Who manages the walk: its organiser ("verified", a networker), the facilitator and
# staff of the network's contact point ("staff"), and admins.
MANAGES_WALK = ("verified", "staff", "admin")
# The café was posted by "staff": the networker does not manage it.
MANAGES_CAFE = ("staff", "admin")
# Posting in the network: its networkers and facilitators, staff of its contact point.
POSTS = ("verified", "staff")
# Registering callers and cancelling others' registrations: the network's staff and
# admins, not the organiser.
REGISTERS_CALLERS = ("staff", "admin")


def running(status: int, **overrides: int) -> dict[str, int]:
    """Console pages of the network at "home": its facilitator and admins; staff of
    other contact points (and coordinators) do not find it."""
    return console(status, staff_other=404, coordinator=404) | overrides


def desk(status: int, **overrides: int) -> dict[str, int]:
    """The appointment desk and the offline channel: staff of a contact point only;
    admins and coordinators are refused."""
    return console(status, admin=403, coordinator=403) | overrides


def everyone_but(*roles: str) -> tuple[str, ...]:
    return tuple(role for role in ROLES if role not in roles)


MATRIX: Matrix = {
    # --- Public pages: everyone, signed in or not ---------------------------------------
    "networks:list": [
        Case("/networks/", expected=same(200)),
        # An unknown district: the filter says so.
        Case("/networks/?district=no-such-district", expected=same(400)),
    ],
    "networks:detail": [
        Case(f"/networks/{NETWORK}/", expected=same(200)),
        Case("/networks/no-such-network/", expected=same(404)),
    ],
    "networks:feed": [
        Case(f"/networks/{NETWORK}/calendar.ics", expected=same(200)),
        Case("/networks/no-such-network/calendar.ics", expected=same(404)),
    ],
    "networks:activity": [
        Case(activity(WALK), expected=same(200)),
        # Another network's activity under this network's address.
        Case(activity(RUN), expected=same(404)),
    ],
    "networks:activity_calendar": [
        Case(activity(WALK, "calendar.ics"), expected=same(200)),
        Case(activity(RUN, "calendar.ics"), expected=same(404)),
    ],
    # --- A member's own part ----------------------------------------------------------------
    "networks:mine": [Case("/networks/mine/", expected=signed_in(200))],
    # Only the invited person ("other_member") answers; for everyone else there is no
    # invitation to answer.
    "networks:answer_invitation": [
        Case(
            f"/networks/{NETWORK}/invitation/",
            "post",
            {"answer": "accept"},
            expected=signed_in(403) | {"other_member": 302},
        ),
        Case(
            "/networks/no-such-network/invitation/",
            "post",
            {"answer": "decline"},
            expected=signed_in(404),
        ),
    ],
    # Stepping down takes back one's own networker role, or an unanswered invitation
    # ("other_member"): for everyone else it changes nothing.
    "networks:step_down": [
        Case(
            f"/networks/{NETWORK}/step-down/",
            "post",
            expected=signed_in(302),
            unchanged=everyone_but("verified", "other_member"),
        ),
    ],
    # Initiatives are proposed by the network's networkers.
    "networks:propose": [
        Case(f"/networks/{NETWORK}/propose/", expected=but(200, ["verified"])),
        Case(
            f"/networks/{NETWORK}/propose/",
            "post",
            {"title": "Computerhilfe", "description": "Jüngere helfen Älteren"},
            expected=but(302, ["verified"]),
        ),
        Case(
            f"/networks/{NETWORK}/propose/",
            "post",
            {"title": "", "description": "Ohne Titel"},
            expected=but(400, ["verified"]),
            unchanged=ALL,
        ),
    ],
    # --- Activities ---------------------------------------------------------------------------
    "networks:activity_create": [
        Case(f"/networks/{NETWORK}/activities/new/", expected=but(200, POSTS)),
        Case(
            f"/networks/{NETWORK}/activities/new/",
            "post",
            new_activity_data,
            expected=but(302, POSTS),
        ),
        # The end before the start: the form comes back.
        Case(
            f"/networks/{NETWORK}/activities/new/",
            "post",
            lambda w: new_activity_data(w) | {"end": "14:00"},
            expected=but(400, POSTS),
            unchanged=ALL,
        ),
        # In the other network only its facilitator posts.
        Case(f"/networks/{OTHER_NETWORK}/activities/new/", expected=but(200, ["staff_other"])),
    ],
    "networks:activity_edit": [
        Case(activity(WALK, "edit/"), expected=but(200, MANAGES_WALK)),
        Case(activity(CAFE, "edit/"), expected=but(200, MANAGES_CAFE)),
        Case(activity(WALK, "edit/"), "post", activity_data, expected=but(302, MANAGES_WALK)),
        Case(
            activity(WALK, "edit/"),
            "post",
            lambda w: activity_data(w) | {"title": ""},
            expected=but(400, MANAGES_WALK),
            unchanged=ALL,
        ),
        Case(activity(RUN, "edit/"), expected=signed_in(404)),
    ],
    "networks:activity_cancel": [
        # Asking first changes nothing; the POST cancels and tells the registered.
        Case(activity(WALK, "cancel/"), expected=but(200, MANAGES_WALK), unchanged=ALL),
        Case(activity(WALK, "cancel/"), "post", expected=but(302, MANAGES_WALK)),
        Case(activity(CAFE, "cancel/"), "post", expected=but(302, MANAGES_CAFE)),
    ],
    # Verified members register themselves while registration is open; a drop-in
    # activity takes no registrations. "other_member" has a place already: registering
    # again gives back that one.
    "networks:register": [
        Case(
            activity(WALK, "register/"),
            "post",
            expected=signed_in(302) | NOT_VERIFIED,
            unchanged=("other_member",),
        ),
        Case(activity(CAFE, "register/"), "post", expected=signed_in(403)),
    ],
    # One's own registration: for everyone else "you were not registered".
    "networks:unregister": [
        Case(
            activity(WALK, "unregister/"),
            "post",
            expected=signed_in(302),
            unchanged=everyone_but("other_member"),
        ),
    ],
    # The list of people: whoever manages the activity; registering callers over the
    # phone is for the network's staff and admins only, not for the organiser.
    "networks:participants": [
        Case(activity(WALK, "people/"), expected=but(200, MANAGES_WALK)),
        Case(
            activity(WALK, "people/"),
            "post",
            {"username": "", "name": "Frau Meier", "phone": "0711 123"},
            expected=but(302, REGISTERS_CALLERS),
        ),
        # Nobody named: the form comes back.
        Case(
            activity(WALK, "people/"),
            "post",
            {"username": "", "name": "", "phone": ""},
            expected=but(400, REGISTERS_CALLERS),
            unchanged=ALL,
        ),
        # The drop-in café takes no registrations.
        Case(
            activity(CAFE, "people/"),
            "post",
            {"username": "host"},
            expected=but(400, REGISTERS_CALLERS),
            unchanged=ALL,
        ),
    ],
    "networks:participant_cancel": [
        Case(
            lambda w: f"{activity(WALK, 'people/')(w)}{registration_pk()}/cancel/",
            "post",
            expected=but(302, REGISTERS_CALLERS),
        ),
        # A registration of another activity is not found under this one.
        Case(
            lambda w: f"{activity(CAFE, 'people/')(w)}{registration_pk()}/cancel/",
            "post",
            expected=but(404, REGISTERS_CALLERS),
        ),
    ],
    # --- Verification appointments ----------------------------------------------------------
    "networks:appointments": [Case("/networks/appointments/", expected=signed_in(200))],
    # Members who are not yet verified book; everyone else is sent back to the list
    # with a word that their account needs no verification.
    "networks:book": [
        Case(
            lambda w: f"/networks/appointments/{free_slot(w)}/book/",
            expected=signed_in(302) | {"unverified": 200},
        ),
        Case(
            lambda w: f"/networks/appointments/{free_slot(w)}/book/",
            "post",
            {"message": "Ich komme mit meiner Tochter."},
            expected=signed_in(302),
            unchanged=everyone_but("unverified"),
        ),
        # Taken by the newcomer: not among the times to book.
        Case(
            lambda w: f"/networks/appointments/{booked_slot(w)}/book/",
            "post",
            {"message": ""},
            expected=signed_in(302) | {"unverified": 404},
            unchanged=ALL,
        ),
    ],
    # One's own appointment; anyone else's is "not found".
    "networks:cancel_appointment": [
        Case(
            lambda w: f"/networks/appointments/{own_appointment(w)}/cancel/",
            "post",
            expected=signed_in(404) | {"unverified": 302},
        ),
        Case(
            lambda w: f"/networks/appointments/{newcomers_appointment(w)}/cancel/",
            "post",
            expected=signed_in(404),
        ),
    ],
    "networks:appointment_calendar": [
        Case(
            lambda w: f"/networks/appointments/{own_appointment(w)}/calendar.ics",
            expected=signed_in(404) | {"unverified": 200},
        ),
        Case(
            lambda w: f"/networks/appointments/{newcomers_appointment(w)}/calendar.ics",
            expected=signed_in(404),
        ),
    ],
    # --- The console: networks and their roles ----------------------------------------------
    # Staff see the networks they facilitate or whose contact points they work at,
    # admins all; coordinators have no networks page.
    "staff:networks:list": [Case("/staff/networks/", expected=console(200, coordinator=403))],
    "staff:networks:create": [
        Case("/staff/networks/new/", expected=console(403, admin=200)),
        Case("/staff/networks/new/", "post", new_network_data, expected=console(403, admin=302)),
        # No contact point with a phone, a computer and the internet ("away" has none).
        Case(
            "/staff/networks/new/",
            "post",
            lambda w: new_network_data(w) | {"contact_points": [w.away.pk]},
            expected=console(403, admin=400),
            unchanged=ALL,
        ),
    ],
    "staff:networks:detail": [
        Case(office(), expected=running(200, coordinator=403)),
        Case(office(slug=OTHER_NETWORK), expected=console(200, staff=404, coordinator=403)),
    ],
    "staff:networks:edit": [
        Case(office("edit/"), expected=running(200)),
        Case(office("edit/"), "post", network_data, expected=running(302)),
        Case(
            office("edit/"),
            "post",
            lambda w: network_data(w) | {"name": ""},
            expected=running(400),
            unchanged=ALL,
        ),
        Case(
            office("edit/", slug=OTHER_NETWORK), expected=running(200, staff=404, staff_other=200)
        ),
    ],
    # Facilitators are named by admins, from the staff of the network's contact points.
    "staff:networks:name_facilitator": [
        Case(
            office("facilitators/"),
            "post",
            {"facilitator-username": "staff_2fa_unused"},
            expected=running(403, admin=302),
        ),
        # A suspended staff member is named nowhere.
        Case(
            office("facilitators/"),
            "post",
            {"facilitator-username": "suspended_staff"},
            expected=running(403, admin=400),
            unchanged=ALL,
        ),
        # "host" is no staff of "home".
        Case(
            office("facilitators/"),
            "post",
            {"facilitator-username": "host"},
            expected=running(403, admin=400),
            unchanged=ALL,
        ),
    ],
    # Facilitators (and admins) invite verified members to be networkers.
    "staff:networks:invite_networker": [
        Case(office("networkers/"), "post", {"networker-username": "host"}, expected=running(302)),
        Case(
            office("networkers/"),
            "post",
            {"networker-username": "unverified"},
            expected=running(400),
            unchanged=ALL,
        ),
    ],
    # Networkers' roles are taken back by facilitators and admins, facilitators' by
    # admins only.
    "staff:networks:remove_role": [
        Case(
            lambda w: f"{office()(w)}roles/{role_pk('verified')}/remove/",
            "post",
            expected=running(302),
        ),
        Case(
            lambda w: f"{office()(w)}roles/{role_pk('staff')}/remove/",
            "post",
            expected=running(403, admin=302),
        ),
        # A role in another network is not found under this one.
        Case(
            lambda w: f"{office()(w)}roles/{role_pk('staff_other', OTHER_NETWORK)}/remove/",
            "post",
            expected=running(404),
        ),
    ],
    "staff:networks:decide_initiative": [
        Case(
            lambda w: f"{office()(w)}initiatives/{initiative_pk()}/",
            "post",
            {"decision": "accept"},
            expected=running(302),
        ),
        # Not an initiative of the other network.
        Case(
            lambda w: f"{office(slug=OTHER_NETWORK)(w)}initiatives/{initiative_pk()}/",
            "post",
            {"decision": "decline"},
            expected=console(404),
        ),
    ],
    # --- The console: the appointment desk ----------------------------------------------------
    "staff:networks:day": [
        Case(
            lambda w: (
                f"/staff/networks/appointments/?day={timezone.localdate() + timedelta(days=1)}"
            ),
            expected=desk(200),
        ),
        Case("/staff/networks/appointments/?day=yesterday", expected=desk(200)),
    ],
    # Staff publish times at their own contact point only.
    "staff:networks:slots": [
        Case("/staff/networks/appointments/times/", expected=desk(200)),
        Case(
            "/staff/networks/appointments/times/",
            "post",
            slots_data,
            expected=desk(302, staff_other=400),
            unchanged=("staff_other",),
        ),
        Case(
            "/staff/networks/appointments/times/",
            "post",
            lambda w: slots_data(w) | {"day": timezone.localdate() - timedelta(days=1)},
            expected=desk(400),
            unchanged=ALL,
        ),
        # Times more than a year ahead (or past the last date there is): the form says so.
        Case(
            "/staff/networks/appointments/times/",
            "post",
            lambda w: slots_data(w) | {"day": "9999-12-31", "first": "23:50"},
            expected=desk(400),
            unchanged=ALL,
        ),
    ],
    "staff:networks:slot_remove": [
        Case(
            lambda w: f"/staff/networks/appointments/times/{free_slot(w)}/remove/",
            "post",
            expected=desk(302, staff_other=404),
        ),
        # A booked time stays: staff hear to cancel the appointment first.
        Case(
            lambda w: f"/staff/networks/appointments/times/{booked_slot(w)}/remove/",
            "post",
            expected=desk(302, staff_other=404),
            unchanged=ALL,
        ),
        Case(
            lambda w: f"/staff/networks/appointments/times/{away_slot(w)}/remove/",
            "post",
            expected=desk(404, staff_other=302),
        ),
    ],
    # Booking for a caller: staff of the time's contact point; for anyone else
    # (admins too) the time is "not found".
    "staff:networks:staff_book": [
        Case(
            lambda w: f"/staff/networks/appointments/times/{free_slot(w)}/book/",
            "post",
            {"username": "unverified", "message": "Rief an"},
            expected=console(302, staff_other=404, coordinator=404, admin=404),
        ),
        # A verified member needs no appointment: the day's page says so.
        Case(
            lambda w: f"/staff/networks/appointments/times/{free_slot(w)}/book/",
            "post",
            {"username": "verified"},
            expected=console(302, staff_other=404, coordinator=404, admin=404),
            unchanged=ALL,
        ),
        Case(
            lambda w: f"/staff/networks/appointments/times/{away_slot(w)}/book/",
            "post",
            {"username": "unverified"},
            expected=console(404, staff_other=302),
        ),
    ],
    "staff:networks:staff_cancel": [
        Case(
            lambda w: f"/staff/networks/appointments/{newcomers_appointment(w)}/cancel/",
            "post",
            expected=console(302, staff_other=404, coordinator=404, admin=404),
        ),
    ],
    "staff:networks:outcome": [
        Case(
            lambda w: f"/staff/networks/appointments/{newcomers_appointment(w)}/outcome/",
            "post",
            {"outcome": "verified", "house_rules_accepted": "on"},
            expected=console(302, staff_other=404, coordinator=404, admin=404),
        ),
        # Nobody misses an appointment that has not begun.
        Case(
            lambda w: f"/staff/networks/appointments/{newcomers_appointment(w)}/outcome/",
            "post",
            {"outcome": "no_show"},
            expected=console(302, staff_other=404, coordinator=404, admin=404),
            unchanged=ALL,
        ),
    ],
    # --- The console: the offline channel -----------------------------------------------------
    # Notes about a member in the care of "home": its staff write them; other staff do
    # not find the person; admins do not keep the contact log.
    "staff:networks:log_contact": [
        Case(
            lambda w: f"/staff/networks/members/{w.assisted.public_id}/contacts/",
            "post",
            log_data,
            expected=desk(302, staff_other=404),
        ),
        # Without what the person needs: the member page says so, nothing is written.
        Case(
            lambda w: f"/staff/networks/members/{w.assisted.public_id}/contacts/",
            "post",
            lambda w: log_data(w) | {"log-need": ""},
            expected=desk(302, staff_other=404),
            unchanged=ALL,
        ),
    ],
    "staff:networks:follow_ups": [Case("/staff/networks/follow-ups/", expected=desk(200))],
    "staff:networks:follow_up_done": [
        Case(
            lambda w: f"/staff/networks/follow-ups/{log_entry(w)}/done/",
            "post",
            {"back": "member"},
            expected=desk(302, staff_other=404),
        ),
    ],
    # Newcomers of one's own districts: "newcomer" lives in the district of "home".
    "staff:networks:newcomers": [Case("/staff/networks/newcomers/", expected=desk(200))],
    "staff:networks:welcome": [
        Case(
            lambda w: f"/staff/networks/newcomers/{w.newcomer.public_id}/welcome/",
            "post",
            expected=desk(302, staff_other=404),
        ),
        # Not a newcomer: verified long ago.
        Case(
            lambda w: f"/staff/networks/newcomers/{w.users['verified'].public_id}/welcome/",
            "post",
            expected=desk(404),
        ),
    ],
}


@pytest.mark.django_db
@pytest.mark.parametrize(("role", "name", "index"), params(MATRIX))
def test_route_answers_each_role_as_expected(world: World, role: str, name: str, index: int):
    check(world, role, MATRIX[name][index])
