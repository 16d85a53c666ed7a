"""Demo city: Demostadt, ten districts and four contact points (fictional addresses,
phone numbers and e-mail domains). Running it again refreshes, never duplicates."""

from datetime import time, timedelta
from typing import Any

from django.utils import timezone

from gemeinwerk.core.demo import DemoLogin
from gemeinwerk.places.models import Closure, ContactPoint, District, OpeningHours, Weekday

CITY = "Demostadt"

DISTRICTS = [
    ("altstadt", "Altstadt", "Der historische Kern rund um Markt, Rathaus und Stadtkirche."),
    ("bahnhofsviertel", "Bahnhofsviertel", "Zwischen Hauptbahnhof, Stadtpark und Berufsschule."),
    ("nordstadt", "Nordstadt", "Wohnviertel mit vielen Genossenschaftshäusern und Kleingärten."),
    ("suedstadt", "Südstadt", "Gründerzeitstraßen, der Wochenmarkt und die Stadtbücherei."),
    ("lindenhof", "Lindenhof", "Ruhiges Wohngebiet am Stadtrand mit eigenem Bürgerhaus."),
    ("kirchberg", "Kirchberg", "Ehemaliges Dorf auf dem Hügel, seit 1972 Teil der Stadt."),
    ("hafenviertel", "Hafenviertel", "Alter Binnenhafen, heute Wohnungen, Werkstätten und Cafés."),
    ("muehlbach", "Mühlbach", "Siedlung der 1960er-Jahre entlang des Mühlbachs."),
    ("eichwald", "Eichwald", "Neubaugebiet am Waldrand mit vielen jungen Familien."),
    ("sonnenhuegel", "Sonnenhügel", "Hochhaussiedlung mit Einkaufszentrum und Seniorenwohnanlage."),
]

MON, TUE, WED, THU, FRI, SAT = (
    Weekday.MONDAY,
    Weekday.TUESDAY,
    Weekday.WEDNESDAY,
    Weekday.THURSDAY,
    Weekday.FRIDAY,
    Weekday.SATURDAY,
)


def _hours(*rows: tuple[int, str, str]) -> list[tuple[int, time, time]]:
    return [
        (day, time.fromisoformat(opens), time.fromisoformat(closes)) for day, opens, closes in rows
    ]


CONTACT_POINTS: list[dict[str, Any]] = [
    {
        "slug": "begegnungszentrum-am-markt",
        "district": "altstadt",
        "name": "Begegnungszentrum Am Markt",
        "description": (
            "Treffpunkt des Seniorennetzwerks Altstadt: offenes Café, Kurse und "
            "Hilfe beim Einstieg ins Internet."
        ),
        "street": "Marktstraße 12",
        "postal_code": "35210",
        "phone": "0711 000 111",
        "email": "begegnung-altstadt@demostadt.example",
        "step_free": True,
        "hearing_loop": True,
        "accessibility_notes": (
            "Eingang mit automatischer Tür vom Marktplatz aus. Barrierefreies WC im "
            "Erdgeschoss, zwei Behindertenparkplätze vor dem Haus."
        ),
        "equipment": (True, True, True),
        # Mornings and afternoons with a lunch break; Friday mornings only.
        "hours": _hours(
            *[(day, "09:00", "12:30") for day in (MON, TUE, WED, THU, FRI)],
            *[(day, "14:00", "17:00") for day in (MON, TUE, WED, THU)],
        ),
    },
    {
        "slug": "stadtteilbuero-nordstadt",
        "district": "nordstadt",
        "name": "Stadtteilbüro Nordstadt",
        "description": (
            "Ansprechpartner für Nachbarschaftshilfe, das Netzwerk Nordstadt und alle "
            "Fragen rund ums Quartier."
        ),
        "street": "Gartenweg 3",
        "postal_code": "35214",
        "phone": "0711 000 124",
        "email": "stadtteilbuero-nord@demostadt.example",
        "step_free": False,
        "hearing_loop": False,
        "accessibility_notes": (
            "Drei Stufen am Eingang. Links neben der Tür ist eine Klingel in Sitzhöhe: "
            "wir kommen gern heraus."
        ),
        "equipment": (True, False, True),
        "hours": _hours(
            (MON, "10:00", "13:00"),
            (TUE, "10:00", "13:00"),
            (THU, "10:00", "13:00"),
            (THU, "15:00", "18:00"),
            (SAT, "10:00", "12:00"),
        ),
    },
    {
        "slug": "buecherei-treff-suedstadt",
        "district": "suedstadt",
        "name": "Bücherei-Treff Südstadt",
        "description": (
            "Leseecke der Stadtbücherei mit offenem Computertreff: Ehrenamtliche erklären "
            "Smartphone, Tablet und Internet."
        ),
        "street": "Lessingplatz 5",
        "postal_code": "35218",
        "phone": "0711 000 137",
        "email": "buecherei-sued@demostadt.example",
        "step_free": True,
        "hearing_loop": False,
        "accessibility_notes": "Aufzug im Hof, der Eingang ist neben dem Fahrradständer.",
        "equipment": (False, True, True),
        "hours": _hours(
            (TUE, "13:00", "18:00"),
            (WED, "10:00", "13:00"),
            (THU, "13:00", "18:00"),
            (FRI, "10:00", "13:00"),
        ),
    },
    {
        "slug": "selbsthilfe-kontaktstelle",
        "district": "bahnhofsviertel",
        "name": "Selbsthilfe-Kontaktstelle Demostadt",
        "description": (
            "Information und Beratung zu Selbsthilfegruppen, Hilfe bei der Gründung neuer "
            "Gruppen und Räume für Gruppentreffen."
        ),
        "street": "Bahnhofstraße 40",
        "postal_code": "35212",
        "phone": "0711 000 150",
        "email": "selbsthilfe@demostadt.example",
        "step_free": True,
        "hearing_loop": True,
        "accessibility_notes": (
            "Rampe am Seiteneingang in der Parkstraße. Der Gruppenraum hat eine "
            "induktive Höranlage."
        ),
        "equipment": (True, True, True),
        "hours": _hours(
            (MON, "09:00", "12:00"),
            (TUE, "09:00", "12:00"),
            (TUE, "14:00", "18:00"),
            (WED, "09:00", "12:00"),
            (THU, "14:00", "18:00"),
        ),
        # Dates relative to the day of seeding, so the demo always shows one ahead.
        "closure": (10, 11, "Fortbildung des Teams"),
    },
]


def seed() -> list[DemoLogin]:
    districts = {
        slug: District.objects.update_or_create(
            slug=slug, defaults={"name": name, "description": description}
        )[0]
        for slug, name, description in DISTRICTS
    }
    for data in CONTACT_POINTS:
        phone, computer, internet = data["equipment"]
        point, _created = ContactPoint.objects.update_or_create(
            slug=data["slug"],
            defaults={
                "district": districts[data["district"]],
                "city": CITY,
                "equipment_phone": phone,
                "equipment_computer": computer,
                "equipment_internet": internet,
                "is_active": True,
                **{
                    key: data[key]
                    for key in (
                        "name",
                        "description",
                        "street",
                        "postal_code",
                        "phone",
                        "email",
                        "step_free",
                        "hearing_loop",
                        "accessibility_notes",
                    )
                },
            },
        )
        # The demo's hours replace whatever a visitor changed in the admin.
        point.opening_hours.all().delete()
        OpeningHours.objects.bulk_create(
            OpeningHours(contact_point=point, weekday=day, opens=opens, closes=closes)
            for day, opens, closes in data["hours"]
        )
        if "closure" in data:
            first, last, reason = data["closure"]
            today = timezone.localdate()
            Closure.objects.update_or_create(
                contact_point=point,
                reason=reason,
                defaults={
                    "first_day": today + timedelta(days=first),
                    "last_day": today + timedelta(days=last),
                },
            )
    # Contact points carry no logins; staff accounts come with the accounts app.
    return []
