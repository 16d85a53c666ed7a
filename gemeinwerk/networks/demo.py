"""Demo networks: a senior network in three districts with real-sounding activities,
initiatives, facilitators and a networker, free verification appointments, a noted
call with its follow-up and a newcomer to greet. Needs the places and accounts demos.
Running it again refreshes, never duplicates."""

from datetime import date, datetime, time, timedelta
from typing import Any

from django.utils import timezone

from gemeinwerk.accounts.models import Profile, User, Visibility
from gemeinwerk.core.demo import DemoLogin
from gemeinwerk.networks.models import (
    Activity,
    Admission,
    ContactKind,
    ContactLog,
    Initiative,
    InitiativeStatus,
    Mode,
    Network,
    NetworkRole,
    Repeat,
    RoleKind,
    Slot,
)
from gemeinwerk.places.models import ContactPoint, District

NETWORKS: list[dict[str, Any]] = [
    {
        "slug": "seniorennetzwerk-altstadt",
        "name": "Seniorennetzwerk Altstadt",
        "district": "altstadt",
        "points": ["begegnungszentrum-am-markt"],
        "facilitator": "team_anna",
        "summary": "Café, Spaziergänge und Smartphone-Hilfe rund um den Markt (für alle ab 60).",
        "about": (
            "Im Seniorennetzwerk Altstadt treffen sich Menschen nach dem Berufsleben, um "
            "gemeinsam etwas zu unternehmen, Neues zu lernen und sich gegenseitig zu "
            "helfen. Manche kommen jede Woche ins Café, andere nur zum Spaziergang.\n"
            "Die Netzwerkerinnen und Netzwerker entscheiden selbst, was sie anbieten; "
            "Anna vom Begegnungszentrum begleitet sie dabei."
        ),
        "topics": "Bewegung im Stadtpark\nDigitale Hilfe\nNachbarschaft am Markt",
        "drop_by": (
            "Am einfachsten dienstags zwischen 15 und 17 Uhr ins offene Café im "
            "Begegnungszentrum kommen. Anmelden müssen Sie sich nicht."
        ),
        "activities": [
            {
                "title": "Offenes Café am Dienstag",
                "description": (
                    "Kaffee, Kuchen und Gespräche. Wer mag, bringt ein Spiel mit. Hier "
                    "erfahren Sie auch, was sonst im Netzwerk geplant ist."
                ),
                "weekday": 1,
                "start": time(15),
                "hours": 2,
                "repeat": Repeat.WEEKLY,
                "point": "begegnungszentrum-am-markt",
            },
            {
                "title": "Spaziergang durch den Stadtpark",
                "description": "Eine gemütliche Runde von etwa einer Stunde, auch mit Rollator.",
                "weekday": 3,
                "start": time(10),
                "hours": 1,
                "repeat": Repeat.FORTNIGHTLY,
                "address": "Stadtpark, Treffpunkt am Brunnen",
            },
            {
                "title": "Smartphone-Sprechstunde",
                "description": (
                    "Fragen rund ums Handy: Fotos verschicken, Videoanrufe, Termine "
                    "eintragen. Bringen Sie Ihr Gerät und, falls vorhanden, Ihre Passwörter mit."
                ),
                "weekday": 4,
                "start": time(10),
                "hours": 2,
                "repeat": Repeat.ONCE,
                "point": "begegnungszentrum-am-markt",
                "capacity": 6,
            },
        ],
        "initiatives": [
            (
                "Reparatur-Café",
                "Einmal im Monat reparieren wir gemeinsam Lampen, Radios und Kleidung. "
                "Wer Werkzeug oder Geschick hat, ist herzlich willkommen.",
                InitiativeStatus.ACCEPTED,
            ),
            (
                "Lesekreis in der Altstadt",
                "Wir lesen ein Buch im Monat und sprechen darüber, gern auch auf Polnisch.",
                InitiativeStatus.PROPOSED,
            ),
        ],
    },
    {
        "slug": "netzwerk-suedstadt",
        "name": "Netzwerk Südstadt",
        "district": "suedstadt",
        "points": ["buecherei-treff-suedstadt", "selbsthilfe-kontaktstelle"],
        "facilitator": "team_piotr",
        "summary": "Gedächtnistraining, Internet-Café und ein Mittagstisch in der Südstadt.",
        "about": (
            "Das Netzwerk Südstadt lebt vom Wochenmarkt und der Stadtbücherei. Hier "
            "trainieren wir das Gedächtnis, probieren Tablets aus und essen gemeinsam."
        ),
        "topics": "Gedächtnis und Lernen\nTablet und Internet\nGemeinsam essen",
        "drop_by": "In der Bücherei-Treff an der Theke nach dem Netzwerk fragen.",
        "activities": [
            {
                "title": "Gedächtnistraining in der Bücherei",
                "description": "Rätsel, Wortspiele und Bewegungsübungen in kleiner Runde.",
                "weekday": 0,
                "start": time(10),
                "hours": 1,
                "repeat": Repeat.WEEKLY,
                "point": "buecherei-treff-suedstadt",
                "capacity": 12,
            },
            {
                "title": "Internet-Café: Fragen rund um Tablet und Computer",
                "description": "Ehrenamtliche helfen geduldig bei allen Fragen. Geräte sind da.",
                "weekday": 2,
                "start": time(14),
                "hours": 2,
                "repeat": Repeat.MONTHLY,
                "point": "selbsthilfe-kontaktstelle",
            },
        ],
        "initiatives": [],
    },
    {
        "slug": "nachbarschaftsnetzwerk-nordstadt",
        "name": "Nachbarschaftsnetzwerk Nordstadt",
        "district": "nordstadt",
        "points": ["stadtteilbuero-nordstadt", "selbsthilfe-kontaktstelle"],
        "facilitator": "",
        "summary": "Boule, Gartenrunden und ein polnischer Gesprächskreis in der Nordstadt.",
        "about": (
            "Zwischen Genossenschaftshäusern und Kleingärten treffen sich Nachbarinnen "
            "und Nachbarn zum Boule, zum Gärtnern und zum Erzählen, auf Deutsch und "
            "auf Polnisch."
        ),
        "topics": "Draußen sein\nSprachen\nGärten",
        "drop_by": "Samstags ab 14 Uhr am Boule-Platz im Kleingartenpark.",
        "activities": [
            {
                "title": "Boule im Kleingartenpark",
                "description": "Kugeln sind da. Anfängerinnen und Anfänger sind willkommen.",
                "weekday": 5,
                "start": time(14),
                "hours": 2,
                "repeat": Repeat.WEEKLY,
                "address": "Kleingartenpark Nordstadt, Boule-Platz am Vereinsheim",
            },
            {
                "title": "Polski krąg rozmów / Polnischer Gesprächskreis",
                "description": (
                    "Rozmawiamy po polsku o wszystkim, co nas cieszy i martwi. "
                    "Wir sprechen Polnisch; Deutschsprachige sind willkommen."
                ),
                "weekday": 3,
                "start": time(16),
                "hours": 2,
                "repeat": Repeat.WEEKLY,
                "point": "stadtteilbuero-nordstadt",
            },
        ],
        "initiatives": [],
    },
]


def _next(weekday: int, start: time, *, weeks_ahead: int = 0) -> datetime:
    zone = timezone.get_default_timezone()
    today = timezone.localdate()
    day = today + timedelta(days=(weekday - today.weekday()) % 7 or 7, weeks=weeks_ahead)
    return datetime.combine(day, start, tzinfo=zone)


def _network(data: dict[str, Any], points: dict[str, ContactPoint]) -> Network:
    network, _created = Network.objects.update_or_create(
        slug=data["slug"],
        defaults={
            "name": data["name"],
            "district": District.objects.get(slug=data["district"]),
            "summary": data["summary"],
            "about": data["about"],
            "focus_topics": data["topics"],
            "how_to_drop_by": data["drop_by"],
        },
    )
    network.contact_points.set([points[slug] for slug in data["points"]])
    return network


def _activities(network: Network, data: dict[str, Any], points: dict[str, ContactPoint]) -> None:
    organiser = User.objects.filter(username=data["facilitator"] or "mila").first()
    for item in data["activities"]:
        starts_at = _next(item["weekday"], item["start"])
        point = points.get(item.get("point", ""))
        Activity.objects.update_or_create(
            network=network,
            title=item["title"],
            defaults={
                "description": item["description"],
                "starts_at": starts_at,
                "ends_at": starts_at + timedelta(hours=item["hours"]),
                "repeat": item["repeat"],
                "contact_point": point,
                "address": item.get("address", ""),
                "district": network.district,
                "admission": Admission.REGISTER if item.get("capacity") else Admission.DROP_IN,
                "capacity": item.get("capacity"),
                "organiser": organiser,
            },
        )
    for title, description, status in data["initiatives"]:
        decided = timezone.now() if status != InitiativeStatus.PROPOSED else None
        Initiative.objects.update_or_create(
            network=network,
            title=title,
            defaults={
                "description": description,
                "status": status,
                "decided_at": decided,
                "proposed_by": User.objects.filter(username="mila").first(),
            },
        )


def _roles(network: Network, data: dict[str, Any]) -> None:
    facilitator = User.objects.filter(username=data["facilitator"]).first()
    if facilitator is not None:
        NetworkRole.objects.get_or_create(
            network=network,
            user=facilitator,
            role=RoleKind.FACILITATOR,
            defaults={"accepted_at": timezone.now()},
        )


def _appointments(home: ContactPoint, staff: User | None) -> None:
    zone = timezone.get_default_timezone()
    tomorrow = timezone.localdate() + timedelta(days=1)
    times = [(tomorrow, time(10, 0), Mode.IN_PERSON), (tomorrow, time(10, 20), Mode.IN_PERSON)]
    times += [(tomorrow + timedelta(days=1), time(14, 0), Mode.VIDEO_CALL)]
    times += [(tomorrow + timedelta(days=2), time(9, 30), Mode.IN_PERSON)]
    for day, start, mode in times:
        Slot.objects.get_or_create(
            contact_point=home,
            starts_at=datetime.combine(day, start, tzinfo=zone),
            mode=mode,
            defaults={"minutes": 20, "created_by": staff},
        )


def _care(home: ContactPoint, staff: User | None) -> None:
    weber = User.objects.filter(username="member_100001").first()
    if weber is not None and not ContactLog.objects.filter(member=weber).exists():
        ContactLog.objects.create(
            contact_point=home,
            member=weber,
            kind=ContactKind.CALL,
            need="Möchte zur Smartphone-Sprechstunde, traut sich aber den Weg allein nicht zu.",
            follow_up="Begleitung aus dem Netzwerk fragen und zurückrufen",
            follow_up_due=date.today() + timedelta(days=3),
            logged_by=staff,
        )
    newcomer = User.objects.filter(username="jonas_neu").first()
    if newcomer is not None:
        Profile.objects.update_or_create(
            user=newcomer,
            defaults={
                "district": home.district,
                "district_visibility": Visibility.VERIFIED,
            },
        )


def seed() -> list[DemoLogin]:
    points = {point.slug: point for point in ContactPoint.objects.all()}
    for data in NETWORKS:
        network = _network(data, points)
        _roles(network, data)
        _activities(network, data, points)
    mila = User.objects.filter(username="mila").first()
    altstadt = Network.objects.get(slug="seniorennetzwerk-altstadt")
    if mila is not None:
        NetworkRole.objects.get_or_create(
            network=altstadt,
            user=mila,
            role=RoleKind.NETWORKER,
            defaults={"accepted_at": timezone.now()},
        )
    home = points["begegnungszentrum-am-markt"]
    anna = User.objects.filter(username="team_anna").first()
    _appointments(home, anna)
    _care(home, anna)
    # The logins of the accounts demo cover every role here: team_anna facilitates the
    # Altstadt network, mila is one of its networkers, jonas_neu books an appointment.
    return []
