"""Demo groups: a usage agreement, groups of several topics and districts, and a host
with a scheduled meeting. Idempotent."""

from datetime import date, time, timedelta

from allauth.account.models import EmailAddress
from django.utils import timezone

from gemeinwerk.accounts.models import Profile, TrustLevel, User
from gemeinwerk.core.demo import DemoLogin
from gemeinwerk.groups.models import (
    AgreementAcceptance,
    Format,
    Group,
    GroupHost,
    GroupStatus,
    HostRole,
    HostTraining,
    Meeting,
    Recurrence,
    Topic,
    UsageAgreement,
)
from gemeinwerk.groups.services.directory import refresh_search_document
from gemeinwerk.groups.services.meetings import extend_occurrences, new_room_code
from gemeinwerk.places.models import ContactPoint, District

AGREEMENT = {
    "de": (
        "Nutzungsvereinbarung für Gruppenleitungen\n\n"
        "1. Vertraulichkeit: Was in der Gruppe gesagt wird, bleibt in der Gruppe. Ich gebe "
        "keine Namen oder Geschichten weiter.\n"
        "2. Keine Aufnahmen: Ich zeichne weder Ton noch Bild auf und mache keine Fotos oder "
        "Bildschirmfotos vom Treffen.\n"
        "3. Respekt: Ich sorge dafür, dass alle ausreden können, niemand bloßgestellt wird "
        "und jede Person selbst entscheidet, was sie erzählt.\n"
        "4. Raumcodes gebe ich nur an Gruppenmitglieder weiter. Wird ein Code "
        "weitergegeben, erzeuge ich einen neuen.\n"
        "5. In Krisen verweise ich auf professionelle Hilfe und die Kontaktstelle."
    ),
    "pl": (
        "Umowa o korzystaniu dla prowadzących grupy\n\n"
        "1. Poufność: to, co zostało powiedziane w grupie, zostaje w grupie. Nie przekazuję "
        "dalej imion ani historii.\n"
        "2. Bez nagrań: nie nagrywam dźwięku ani obrazu i nie robię zdjęć ani zrzutów ekranu "
        "ze spotkania.\n"
        "3. Szacunek: dbam o to, by każdy mógł dokończyć wypowiedź, nikt nie był ośmieszany "
        "i każda osoba sama decydowała, co opowiada.\n"
        "4. Kody pokoju przekazuję tylko członkom grupy. Jeśli kod trafi dalej, tworzę nowy.\n"
        "5. W sytuacjach kryzysowych kieruję do profesjonalnej pomocy i punktu kontaktowego."
    ),
    "en": (
        "Usage agreement for group hosts\n\n"
        "1. Confidentiality: what is said in the group stays in the group. I pass on no "
        "names or stories.\n"
        "2. No recordings: I record neither sound nor video and take no photos or "
        "screenshots of the meeting.\n"
        "3. Respect: I make sure everyone can finish speaking, nobody is exposed, and each "
        "person decides what they share.\n"
        "4. I give room codes only to the group's members. If a code is passed on, I "
        "create a new one.\n"
        "5. In a crisis I refer people to professional help and the contact point."
    ),
}

GROUPS = [
    # slug, name, topic, district slug (None = whole city), format, open, languages, rhythm
    (
        "angehoerige-demenz",
        "Angehörige von Menschen mit Demenz",
        Topic.RELATIVES,
        0,
        Format.BOTH,
        True,
        ["de"],
        "jeden 2. Dienstag, 19:00",
    ),
    (
        "nach-der-sucht",
        "Leben nach der Sucht",
        Topic.ADDICTION,
        1,
        Format.IN_PERSON,
        False,
        ["de"],
        "jeden Donnerstag, 18:30",
    ),
    (
        "rodzina-razem",
        "Rodzina razem: pomoc dla bliskich",
        Topic.RELATIVES,
        2,
        Format.ONLINE,
        True,
        ["pl", "de"],
        "co drugi poniedziałek, 18:00",
    ),
    (
        "trauer-cafe",
        "Trauercafé",
        Topic.GRIEF,
        3,
        Format.IN_PERSON,
        True,
        ["de"],
        "jeden 1. Samstag im Monat, 15:00",
    ),
    (
        "chronisch-stark",
        "Chronisch stark",
        Topic.CHRONIC_ILLNESS,
        None,
        Format.ONLINE,
        True,
        ["de", "en"],
        "jeden Mittwoch, 20:00",
    ),
    (
        "seelisch-gesund",
        "Seelische Gesundheit im Alltag",
        Topic.MENTAL_HEALTH,
        1,
        Format.BOTH,
        False,
        ["de"],
        "jeden 1. und 3. Montag, 19:00",
    ),
]


def seed() -> list[DemoLogin]:
    agreement, _created = UsageAgreement.objects.update_or_create(
        version="2026-1",
        defaults={
            "text_de": AGREEMENT["de"],
            "text_pl": AGREEMENT["pl"],
            "text_en": AGREEMENT["en"],
            "published_at": timezone.now() - timedelta(days=30),
        },
    )
    districts = list(District.objects.order_by("name"))
    office = ContactPoint.objects.filter(is_active=True).order_by("name")[0]
    staff = User.objects.filter(username="team_anna").first()
    groups = {}
    for slug, name, topic, district, fmt, open_group, languages, rhythm in GROUPS:
        group, _ = Group.objects.update_or_create(
            slug=slug,
            defaults={
                "name": name,
                "topic": topic,
                "description": DESCRIPTIONS[slug],
                "district": districts[district] if district is not None else None,
                "format": fmt,
                "open_to_newcomers": open_group,
                "languages": languages,
                "rhythm": rhythm,
                "contact_point": office,
                "status": GroupStatus.ACTIVE,
                "reviewed_by": staff,
            },
        )
        refresh_search_document(group)
        group.save(update_fields=["search_document"])
        groups[slug] = group

    host = _host("gruppenleitung_eva", "Demo-Gruppe-2026")
    HostTraining.objects.get_or_create(
        user=host,
        defaults={
            "trained_on": date.today() - timedelta(days=60),
            "contact_point": office,
            "recorded_by": staff,
        },
    )
    AgreementAcceptance.objects.get_or_create(user=host, agreement=agreement)
    relatives = groups["angehoerige-demenz"]
    GroupHost.objects.get_or_create(group=relatives, user=host, defaults={"role": HostRole.HOST})
    if not Meeting.objects.filter(group=relatives).exists():
        today = timezone.localdate()
        meeting = Meeting.objects.create(
            group=relatives,
            recurrence=Recurrence.WEEKLY,
            first_date=today,
            start_time=time(19),
            duration_minutes=90,
            interval_weeks=1,
            room_code=new_room_code(),
            created_by=host,
        )
        extend_occurrences(meeting)
    return [DemoLogin("group host", "gruppenleitung_eva", "Demo-Gruppe-2026")]


def _host(username: str, password: str) -> User:
    user, _created = User.objects.get_or_create(
        username=username, defaults={"email": f"{username}@demo.gemeinwerk.example"}
    )
    user.trust_level = TrustLevel.VERIFIED
    user.set_password(password)
    user.save()
    EmailAddress.objects.update_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
    Profile.objects.get_or_create(user=user)
    return user


DESCRIPTIONS = {
    "angehoerige-demenz": (
        "Für Angehörige, die einen Menschen mit Demenz begleiten. Wir erzählen, was uns "
        "beschäftigt, tauschen Tipps für den Alltag aus und tanken Kraft. Auch online, "
        "wenn Sie zu Hause nicht weg können."
    ),
    "nach-der-sucht": (
        "Wir sind trocken oder clean und wollen es bleiben. Geschlossene Gruppe: Bitte "
        "melden Sie sich vorher über die Kontaktstelle."
    ),
    "rodzina-razem": (
        "Grupa dla bliskich osób chorych lub uzależnionych. Rozmawiamy po polsku i po "
        "niemiecku, online, bez kamery."
    ),
    "trauer-cafe": (
        "Ein offener Treffpunkt für Menschen in Trauer, bei Kaffee und Kuchen. Sie können "
        "einfach kommen und zuhören."
    ),
    "chronisch-stark": (
        "Online-Gruppe für Menschen mit chronischen Erkrankungen: Schmerzen, Rheuma, "
        "Long Covid. Wir teilen Erfahrungen und Mut."
    ),
    "seelisch-gesund": (
        "Für Menschen mit Depressionen oder Ängsten. Wir treffen uns im kleinen Kreis; "
        "neue Teilnehmende nach einem Vorgespräch."
    ),
}
