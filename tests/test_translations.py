"""Every string a person can see exists in German, Polish and English."""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parents[1]
LOCALE = ROOT / "gemeinwerk" / "locale"
TRANSLATED = ["de", "pl"]  # English is the source language of the catalogues.
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|\{\w*\}")


def catalogue(language: str) -> polib.POFile:
    return polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))


@pytest.mark.parametrize("language", TRANSLATED)
def test_catalogue_has_no_untranslated_or_fuzzy_message(language: str):
    po = catalogue(language)

    assert [entry.msgid for entry in po.untranslated_entries()] == []
    assert [entry.msgid for entry in po.fuzzy_entries()] == []


@pytest.mark.parametrize("language", TRANSLATED)
def test_translations_keep_their_placeholders(language: str):
    def placeholders(text: str) -> set[str]:
        return set(PLACEHOLDER.findall(text))

    mismatched = []
    for entry in catalogue(language).translated_entries():
        translations = list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]
        expected = placeholders(entry.msgid) | placeholders(entry.msgid_plural or "")
        # Plural forms may leave out the count (e.g. "one" in Polish), never add one.
        if any(not placeholders(text) <= expected for text in translations) or not any(
            placeholders(text) == expected for text in translations
        ):
            mismatched.append(entry.msgid)

    assert mismatched == []


def test_catalogues_contain_every_string_of_the_source(tmp_path: Path):
    """Extract the strings from the code as it is now, in a scratch copy; a string that
    is missing from a committed catalogue means `make messages` was not run."""
    if shutil.which("xgettext") is None:
        pytest.fail("GNU gettext is missing: `make test` installs it (apt-get install gettext).")
    shutil.copytree(
        ROOT / "gemeinwerk",
        tmp_path / "gemeinwerk",
        ignore=shutil.ignore_patterns("__pycache__", "*.mo", "*.po"),
    )
    shutil.copy(ROOT / "manage.py", tmp_path / "manage.py")
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "--locale", "de", "--verbosity", "0"],
        cwd=tmp_path,
        env={**env, "SECRET_KEY": "extraction-only", "DATABASE_URL": "sqlite:///:memory:"},
        check=True,
    )
    extracted = {
        entry.msgid
        for entry in polib.pofile(str(tmp_path / "gemeinwerk/locale/de/LC_MESSAGES/django.po"))
    }

    assert extracted, "makemessages found no strings at all"
    for language in ["de", "pl", "en"]:
        committed = {entry.msgid for entry in catalogue(language)}
        assert sorted(extracted - committed) == [], f"run `make messages` ({language})"


# A placeholder with one of these names holds a number of things.
COUNTED = re.compile(
    r"%\((count|counter|total|max|min|minutes|seconds|hours|days|weeks|months|years"
    r"|megabytes|size|people|members|tries|limit|remaining)\)[sd]|%(\(\w+\))?d"
)


def counts_without_plural(entries: list[polib.POEntry]) -> list[str]:
    return [
        entry.msgid
        for entry in entries
        if not entry.msgid_plural
        and COUNTED.search(entry.msgid)
        and "not a count" not in entry.comment
    ]


def test_every_message_with_a_count_has_plural_forms():
    """German and Polish decline the noun after a number ("1 Minute", "2 Minuten";
    "1 osoba", "2 osoby", "5 osób"): such a message needs ngettext or
    `{% blocktranslate count %}`. A number that is not a count (a page number, a clock)
    says so in its translator comment ("not a count")."""
    assert counts_without_plural(list(catalogue("en"))) == []


def test_the_count_lint_finds_a_count_without_plural_forms():
    entries = [
        polib.POEntry(msgid="Please wait %(seconds)s seconds."),
        polib.POEntry(msgid="Up to %(max)d characters"),
        polib.POEntry(msgid="%d people"),
        polib.POEntry(msgid="%(count)s new", msgid_plural="%(count)s new"),
        polib.POEntry(msgid="Page %(number)s of %(total)s", comment="Page 2 of 5; not a count."),
        polib.POEntry(msgid="Hello %(name)s"),
    ]

    assert counts_without_plural(entries) == [
        "Please wait %(seconds)s seconds.",
        "Up to %(max)d characters",
        "%d people",
    ]


# A number and its unit, and the parts of an abbreviation, stay on one line.
UNITS = {
    "de": r"MB|KB|GB|Minuten?|Sekunden?|Stunden?|Tagen?|Tage|Personen|Zeichen",
    "pl": r"MB|KB|GB|minut[aęy]?|sekund[aęy]?|godzin[aęy]?|dni|dzień|os[oó]b[ay]?|znak(ów|i)?",
}
BREAKABLE = {
    language: re.compile(rf"(\d|%\(\w+\)[sd]) ({units})\b|\b(z\. B\.|d\. h\.|u\. a\.|z\. T\.)")
    for language, units in UNITS.items()
}


@pytest.mark.parametrize("language", TRANSLATED)
def test_numbers_keep_their_unit_on_the_same_line(language: str):
    breakable = []
    for entry in catalogue(language).translated_entries():
        translations = list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]
        breakable += [text for text in translations if BREAKABLE[language].search(text)]
    assert breakable == [], "use a non-breaking space (U+00A0)"
