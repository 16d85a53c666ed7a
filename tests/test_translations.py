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
