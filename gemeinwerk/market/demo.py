"""Demo neighbourhood help: listings in German and Polish, one agreement between Mila
and Tomasz (who chat in the chat demo), a search call and a member who follows such
calls. Needs the places, accounts and chat demos. Running it again refreshes, never
duplicates."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from gemeinwerk.accounts.models import User
from gemeinwerk.chat.models import Conversation
from gemeinwerk.core.demo import DemoLogin
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
)
from gemeinwerk.market.services.listings import listing_document
from gemeinwerk.places.models import ContactPoint, District

# owner, kind, category, district, title, description, when, days ago
LISTINGS = [
    (
        "tomasz",
        Kind.OFFER,
        "technology",
        "suedstadt",
        "Hilfe mit Smartphone und Tablet",
        "Ich erkläre geduldig, wie man Nachrichten schreibt, Fotos verschickt und "
        "Videoanrufe mit den Enkeln macht. Gern auch mehrmals.",
        "Dienstag- und Donnerstagnachmittag",
        2,
    ),
    (
        "mila",
        Kind.REQUEST,
        "shopping",
        "suedstadt",
        "Getränkekisten in den dritten Stock tragen",
        "Einmal in der Woche bräuchte ich Hilfe, die Getränkekisten vom Auto in meine "
        "Wohnung im dritten Stock zu tragen.",
        "Samstagvormittag",
        5,
    ),
    (
        "tomasz",
        Kind.OFFER,
        "languages",
        "altstadt",
        "Pomogę w tłumaczeniu pism z urzędu",
        "Mówię po polsku i po niemiecku. Pomogę zrozumieć listy z urzędów i wypełnić "
        "formularze. Spotkajmy się w kawiarni albo w punkcie kontaktowym.",
        "wieczorem, po uzgodnieniu",
        1,
    ),
    (
        "mila",
        Kind.OFFER,
        "company",
        "suedstadt",
        "Spaziergänge im Stadtpark",
        "Ich gehe gern spazieren und freue mich über Begleitung, auch mit Rollator. "
        "Danach vielleicht ein Kaffee?",
        "Vormittags",
        12,
    ),
    (
        "team_anna",
        Kind.OFFER,
        "learning",
        "altstadt",
        "Mathe-Nachhilfe für Grundschulkinder",
        "Pensionierte Lehrerin hilft bei den Hausaufgaben in Mathematik und Deutsch.",
        "Montagnachmittag",
        20,
    ),
]


@transaction.atomic
def seed() -> list[DemoLogin]:
    now = timezone.now()
    categories = {category.slug: category for category in Category.objects.all()}
    districts = {district.slug: district for district in District.objects.all()}
    people = {
        user.username: user
        for user in User.objects.filter(username__in={"tomasz", "mila", "team_anna"})
    }
    made: dict[str, Listing] = {}
    for owner, kind, category, district, title, description, when, days in LISTINGS:
        if owner not in people or district not in districts:
            continue
        listing, _created = Listing.objects.update_or_create(
            owner=people[owner],
            title=title,
            defaults={
                "kind": kind,
                "category": categories[category],
                "district": districts[district],
                "description": description,
                "when": when,
                "status": Status.ACTIVE,
                "published_at": now - timedelta(days=days),
                "created_at": now - timedelta(days=days),
                "search_document": listing_document(title, description),
            },
        )
        made[title] = listing
    crates = made.get("Getränkekisten in den dritten Stock tragen")
    if crates is not None and "tomasz" in people:
        Response.objects.get_or_create(
            listing=crates,
            responder=people["tomasz"],
            defaults={
                "message": "Guten Tag Mila, ich wohne zwei Straßen weiter und helfe gern.",
                "status": ResponseStatus.ACCEPTED,
                "decided_at": now - timedelta(days=4),
                "conversation": _their_conversation(people["tomasz"], people["mila"]),
            },
        )
    point = ContactPoint.objects.order_by("pk").first()
    if point is not None and "suedstadt" in districts:
        SearchCall.objects.get_or_create(
            title="Begleitung zum Augenarzt gesucht",
            defaults={
                "contact_point": point,
                "category": categories["accompanying"],
                "district": districts["suedstadt"],
                "description": "Eine ältere Dame braucht am Donnerstagvormittag Begleitung "
                "zum Augenarzt und zurück, mit dem Bus.",
                "created_by": people.get("team_anna"),
                "outcome": Outcome.OPEN,
                "search_document": listing_document(
                    "Begleitung zum Augenarzt gesucht", "Begleitung Augenarzt Bus"
                ),
            },
        )
    if "tomasz" in people:
        Interest.objects.get_or_create(
            user=people["tomasz"], category=categories["accompanying"], district=None
        )
    return []


def _their_conversation(one: User, other: User) -> Conversation | None:
    low, high = sorted((one.pk, other.pk))
    return Conversation.objects.filter(pair=f"{low}:{high}").first()
