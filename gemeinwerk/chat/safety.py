"""The gentle hint before someone shares contact details early in a conversation: does
a message look like it holds a phone number, an e-mail address or a street address?

It is a hint, not a filter: the person can send the message anyway. So it may err on
the side of asking, but must not ask about every number (times, prices, dates)."""

import re

# Until this many messages are in a conversation it counts as "early".
EARLY_MESSAGES = 20

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+", re.UNICODE)
# Seven or more digits, maybe with a leading +, spaces, dashes, slashes, dots or
# brackets between them: "0711 123 45 67", "+48 600-700-800", "(030) 1234567".
PHONE = re.compile(r"(?<![\w])(\+|00)?\(?\d[\d\s/().-]{5,}\d(?![\w])")
# A street name ending the way German and Polish streets do, then a house number:
# "Hauptstraße 12", "Am Mühlweg 3a", "ul. Marszałkowska 10", "al. Jana Pawła II 5".
# Something comes before the ending: "ich bring 2 Kisten", "ich steige 3 Stationen
# früher aus" and "auf dem Weg 2 Brötchen holen" are no addresses.
STREET = re.compile(
    r"("
    r"\w{2,}(stra(ß|ss)e|str\.|weg|gasse|platz|allee|ring|damm|ufer|steige?|pfad|chaussee)"
    r"|\b(ul|al|os|pl)\.\s*\w+([ \t]+\w+){0,3}"
    r")[ \t]+\d{1,4}\s?[a-zA-Z]?\b",
    re.IGNORECASE | re.UNICODE,
)


# Dates and times are not phone numbers: "12.03.2026", "2026-12-07", "14:30".
DATE_OR_TIME = re.compile(
    r"\b(\d{1,2}\.\d{1,2}\.(\d{4}|\d{2})?|\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[:.]\d{2})\b"
)


def _digits(text: str) -> int:
    return sum(character.isdigit() for character in text)


def looks_like_contact_details(text: str) -> bool:
    if EMAIL.search(text) or STREET.search(text):
        return True
    without_dates = DATE_OR_TIME.sub(" ", text)
    return any(_digits(match.group()) >= 7 for match in PHONE.finditer(without_dates))
