"""Dates read the way each language writes them: from the language's formats
(gemeinwerk/formats), never from a format string in a template."""

import re
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import formats, translation

from gemeinwerk.formats import CUSTOM_FORMATS
from gemeinwerk.groups.models import Occurrence
from gemeinwerk.groups.tests.factories import GroupFactory, code_of, make_occurrence

ROOT = Path(__file__).resolve().parents[1]
# Tuesday, 3 March 2037, 18:00 in Berlin: far enough ahead to be "not yet" for years.
TUESDAY = datetime(2037, 3, 3, 18, 0, tzinfo=ZoneInfo("Europe/Berlin"))
EXPECTED = {
    "de": ("Dienstag, 3. März", "Dienstag, 3. März 2037"),
    "pl": ("wtorek, 3 marca", "wtorek, 3 marca 2037"),
    "en": ("Tuesday 3 March", "Tuesday 3 March 2037"),
}


@pytest.fixture
def tuesday_meeting(db: None) -> Occurrence:
    group = GroupFactory.create(name="Angehörige im Gespräch")
    return make_occurrence(group, starts_at=TUESDAY)


def address(language: str, name: str, *args: str) -> str:
    with translation.override(language):
        return reverse(name, args=args)


@pytest.mark.parametrize("language", EXPECTED)
def test_every_language_defines_the_formats_of_our_own(language: str):
    # For a name it does not know, Django returns the name itself: "DAY_MONTH_FORMAT".
    with translation.override(language):
        for name in CUSTOM_FORMATS:
            assert formats.get_format(name) != name, (language, name)


@pytest.mark.parametrize("language", EXPECTED)
def test_the_day_and_month_in_each_language(language: str):
    day_month, with_year = EXPECTED[language]
    with translation.override(language):
        assert formats.date_format(TUESDAY, "DAY_MONTH_FORMAT") == day_month
        assert formats.date_format(TUESDAY, "DAY_MONTH_YEAR_FORMAT") == with_year


@pytest.mark.parametrize("language", ["de", "pl"])
def test_the_join_page_names_the_day_of_a_meeting_not_yet_begun(
    language: str, tuesday_meeting: Occurrence
):
    response = Client().post(
        address(language, "join:form"), {"code": code_of(tuesday_meeting), "nickname": "Zora"}
    )

    text = re.sub(r"\s+", " ", response.content.decode())
    assert response.status_code == 200
    assert response.context["check"].outcome == "not_yet"
    assert f" {EXPECTED[language][0]} " in text
    assert "marzec" not in text


@pytest.mark.parametrize(
    ("language", "listed"), [("de", "Dienstag, 3. März"), ("pl", "Wtorek, 3 marca")]
)
def test_the_group_page_lists_the_meeting_date(
    language: str, listed: str, tuesday_meeting: Occurrence
):
    group = tuesday_meeting.meeting.group
    response = Client().get(address(language, "groups:detail", group.slug))

    assert response.status_code == 200
    assert f"<li>{listed}, 18:00" in response.content.decode()


def test_no_template_spells_out_a_date_format():
    # A format of letters ("l, j. F") in a template is one language's way of writing;
    # named formats (upper case, "DAY_MONTH_FORMAT") are each language's own.
    spelled = re.compile(r"""\|date:["'](?![A-Z_]+["'])[^"']*["']""")
    offenders = [
        f"{path.relative_to(ROOT)}: {match.group(0)}"
        for path in (ROOT / "gemeinwerk").rglob("templates/**/*")
        if path.suffix in {".html", ".txt"}
        for match in spelled.finditer(path.read_text())
    ]
    assert offenders == []
