"""Names people type: normal form, no invisible characters, look-alikes compare equal."""

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from gemeinwerk.core.text import (
    SKELETON_MAX_LENGTH,
    clean_name,
    has_invisible_characters,
    skeleton,
    validate_no_control_characters,
)

CYRILLIC_I = "\N{CYRILLIC SMALL LETTER BYELORUSSIAN-UKRAINIAN I}"
RLO = "\N{RIGHT-TO-LEFT OVERRIDE}"


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("\uff41\uff44\uff4d\uff49\uff4e", "admin"),  # full-width letters
        (f"{RLO}Mila", "Mila"),
        ("Mi\N{ZERO WIDTH SPACE}la\N{ZERO WIDTH JOINER}", "Mila"),
        ("Anna\r\nMaria\tNowak", "Anna Maria Nowak"),
        ("  Jürgen \x00\x1b ", "Jürgen"),
        ("Łukasz Żółć", "Łukasz Żółć"),
        ("\N{LEFT-TO-RIGHT ISOLATE}\N{POP DIRECTIONAL ISOLATE}", ""),
        ("e\N{ZERO WIDTH SPACE}\N{COMBINING ACUTE ACCENT}", "\N{LATIN SMALL LETTER E WITH ACUTE}"),
    ],
)
def test_clean_name(typed: str, kept: str):
    assert clean_name(typed) == kept


@pytest.mark.parametrize(
    "look_alike",
    [
        f"m{CYRILLIC_I}la",
        "MILA",
        "\uff4d\uff49\uff4c\uff41",
        "\N{GREEK CAPITAL LETTER MU}\N{GREEK CAPITAL LETTER IOTA}LA",
        "m\N{LATIN SMALL LETTER DOTLESS I}la",
        "mi\N{SOFT HYPHEN}la",
        # Strokes: a capital I or a one for the l or the i.
        "MiIa",
        "MIla",
        "mi1a",
    ],
)
def test_look_alikes_share_a_skeleton(look_alike: str):
    assert skeleton(look_alike) == skeleton("mila")


def test_a_zero_passes_for_an_o():
    assert skeleton("r0sa") == skeleton("rosa")


def test_a_skeleton_fits_its_column_even_when_folding_lengthens_the_name():
    assert len(skeleton("ß" * 150)) == SKELETON_MAX_LENGTH


def test_different_names_keep_different_skeletons():
    names = ["mila", "milan", "mira", "ewa", "ewka", "łukasz", "lukasz", "jürgen", "jurgen"]
    assert len({skeleton(name) for name in names}) == len(names)


@pytest.mark.parametrize(
    "name", ["Trauer\r\nBcc: x@example.org", f"Trauer{RLO}", "Trauer\x00", "Trauer\u2028Café"]
)
def test_the_validator_refuses_control_and_format_characters(name: str):
    with pytest.raises(ValidationError) as error:
        validate_no_control_characters(name)
    assert error.value.code == "control_characters"


def test_the_validator_accepts_ordinary_names():
    validate_no_control_characters("Angehörige im Gespräch \N{EN DASH} Trauercafé (Wrocław)")


@given(st.text(max_size=80))
def test_clean_names_have_no_invisible_characters_and_stay_clean(typed: str):
    kept = clean_name(typed)
    assert not has_invisible_characters(kept)
    assert clean_name(kept) == kept
    assert kept == kept.strip()
