"""The glossary (docs/glossary.md) is law: no catalogue uses a term it marks "do not use".

English terms are checked in the source strings (msgid), German and Polish ones in the
translations (msgstr). A term in backticks matches as a whole word, ignoring case; `*`
stands for any ending."""

import re
from dataclasses import dataclass
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parents[1]
GLOSSARY = ROOT / "docs" / "glossary.md"
LOCALE = ROOT / "gemeinwerk" / "locale"
# allauth's own English source strings, which our catalogue re-translates but cannot reword.
ALLAUTH_TEXTS = "gemeinwerk/accounts/allauth_texts.py"
COLUMNS = {"en": "Do not use (English)", "de": "Do not use (German)", "pl": "Do not use (Polish)"}


@dataclass(frozen=True)
class Term:
    english: str
    german: str
    polish: str
    avoid: dict[str, list[str]]


def terms() -> list[Term]:
    text = GLOSSARY.read_text()
    table = text.split("\n## Terms\n", 1)[1]
    rows = [line for line in table.splitlines() if line.startswith("|")]
    header = [cell.strip() for cell in rows[0].strip("|").split("|")]
    found = []
    for row in rows[2:]:
        cells = dict(zip(header, (cell.strip() for cell in row.strip("|").split("|")), strict=True))
        avoid = {lang: re.findall(r"`([^`]+)`", cells[column]) for lang, column in COLUMNS.items()}
        found.append(Term(cells["English"], cells["German"], cells["Polish"], avoid))
    return found


def pattern(term: str) -> re.Pattern[str]:
    """`Kontaktstelle*` finds "Kontaktstellen"; `du` finds "du" but not "Dusche"."""
    body = r"\w*".join(re.escape(part) for part in term.split("*"))
    start = r"(?<!\w)" if re.match(r"\w", term) else ""
    end = r"(?!\w)" if re.search(r"\w$", term) else ""
    return re.compile(start + body + end, re.IGNORECASE)


def texts(language: str) -> list[tuple[str, str]]:
    """(where, text) for every message a person reads in `language`."""
    catalogue = "de" if language == "en" else language
    po = polib.pofile(str(LOCALE / catalogue / "LC_MESSAGES" / "django.po"))
    found = []
    for entry in po:
        if language == "en":
            if all(path == ALLAUTH_TEXTS for path, _line in entry.occurrences):
                continue
            found += [(entry.msgid, entry.msgid), (entry.msgid, entry.msgid_plural or "")]
        elif entry.msgid_plural:
            found += [(entry.msgid, text) for text in entry.msgstr_plural.values()]
        else:
            found.append((entry.msgid, entry.msgstr))
    return found


def test_the_glossary_names_every_core_concept_in_three_languages():
    by_english = {term.english: term for term in terms()}
    for concept in [
        "contact point",
        "room code",
        "host",
        "co-host",
        "member",
        "house rules",
        "neighbourhood",
        "button",
    ]:
        term = by_english[concept]
        assert term.german, concept
        assert term.polish, concept
    assert any(english.startswith("verify") for english in by_english)
    assert any(english.startswith("confirm") for english in by_english)


@pytest.mark.parametrize("language", ["en", "de", "pl"])
def test_no_catalogue_uses_a_term_the_glossary_rules_out(language: str):
    avoided = [
        (term.english, avoid, pattern(avoid)) for term in terms() for avoid in term.avoid[language]
    ]
    assert avoided, f"the glossary rules out no {language} term: the table was not read"
    catalogue = texts(language)
    offences = [
        f"{avoid!r} ({english}) in {where[:70]!r}"
        for english, avoid, found in avoided
        for where, text in catalogue
        if found.search(text)
    ]
    assert offences == []


@pytest.mark.parametrize(
    ("term", "text", "found"),
    [
        ("Kontaktstelle*", "bei den Kontaktstellen", True),
        ("Kontaktstelle*", "bei der Anlaufstelle", False),
        ("du", "Dusche und Du", True),
        ("du", "Dusche", False),
        ("(-aś)", "napisałeś(-aś)", True),
        ("contact office", "Ask the Contact Office", True),
        ("biur* kontaktow*", "do biura kontaktowego", True),
    ],
)
def test_a_ruled_out_term_is_found_as_a_word(term: str, text: str, found: bool):
    assert bool(pattern(term).search(text)) is found
