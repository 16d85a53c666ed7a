"""The gentle hint (safety.py): phone numbers, e-mail addresses and street addresses in
German and Polish ways of writing them ask "are you ready to share this?"; dates,
times, prices, ages and counts do not."""

import pytest

from gemeinwerk.chat.safety import looks_like_contact_details


@pytest.mark.parametrize(
    "text",
    [
        # German phone numbers
        "Rufen Sie mich an: 0711 123 45 67",
        "Mein Handy: +49 171 2345678",
        "(030) 1234567",
        "0171/1234567",
        "Mobil 0151-12345678",
        "0049 711 1234567",
        "Tel. 0711.123.45.67",
        # Polish phone numbers
        "Mój numer: 600 700 800",
        "Zadzwoń: +48 600-700-800",
        "+48 22 628 12 34",
        "tel. 22 628 12 34",
        # e-mail addresses
        "Schreiben Sie an mila.muster@example.org",
        "jan.kowalski@poczta.onet.pl",
        "MILA+nachbarn@Example.DE bitte",
        # street addresses
        "Ich wohne in der Hauptstraße 12",
        "Am Mühlweg 3a, zweiter Stock",
        "ul. Marszałkowska 10",
        "Mieszkam przy ul. Marszałkowskiej 10 m. 4",
        "al. Jana Pawła II 5",
        "Bahnhofstr. 5",
        "Goethestrasse 7",
        "Lindenallee 14b",
        "Am Kaiserring 3",
    ],
)
def test_contact_details_get_the_hint(text: str):
    assert looks_like_contact_details(text)


@pytest.mark.parametrize(
    "text",
    [
        # dates and times
        "Treffen wir uns am 12.03.2026 um 14:30?",
        "Am 2026-12-07 um 10 Uhr",
        "vom 12.03. bis 15.03.2026",
        "von 14:30 bis 16:00 Uhr",
        "Samstag um 10 Uhr passt gut.",
        "Spotkajmy się 15.04.2026 o 17:30",
        "spotkanie 15.04 o 17.00",
        # prices
        "Das kostet 12,50 €",
        "Die Kiste kostet 1.250,00 Euro",
        "Kosztuje 25 zł",
        # ages and counts
        "Ich bin 78 Jahre alt.",
        "Mam 67 lat.",
        "Wir sind 3 Personen, 2 Kinder und 1 Hund.",
        "Wohnung im 2. Stock, 3 Zimmer",
        "Bus 123 um 8:15",
        "Ich bring 2 Kisten mit.",
        "Ich steige 3 Stationen früher aus.",
        "Bin auf dem Weg 2 Brötchen zu holen",
        # no numbers at all
        "Guten Tag! Ich helfe gern beim Einkaufen.",
        "",
    ],
)
def test_everyday_numbers_do_not(text: str):
    assert not looks_like_contact_details(text)
