"""Room codes: easy to read aloud and type, hard to guess.

The figures, as `test_guessing_a_code_takes_years_for_one_address` computes them (it
prints them with `-s` and records them as properties in the JUnit report):

- alphabet: 31 symbols (A-Z and 2-9 without 0, O, 1, I, L), 9 characters
- code space: 31**9 = 26,439,622,160,671 codes (about 2.6e13), 44.6 bits
- rate limit of the join page, per client address: after 20 wrong codes within the hour
  the address is blocked for an hour, so at most 20 guesses an hour get an answer:
  175,320 guesses a year
- one address looking for one particular code: on average 75 million years
- one address looking for any of 10,000 codes valid at the same time (a city with
  hundreds of groups and per-date codes up to 120 days ahead): on average 15,000 years;
  the chance of a hit within a year is 0.007 %
- even the slow-down alone (a minute between tries) would leave 5,000 years for the
  10,000 codes.

What the rate limit cannot stop is someone with many addresses; that is why codes
rotate and hosts can replace a code at once.
"""

import math
import time
from collections import Counter
from typing import Any

import pytest
from django.core.cache import cache
from hypothesis import given
from hypothesis import strategies as st

from gemeinwerk.groups import roomcodes
from gemeinwerk.meetings import joining
from gemeinwerk.meetings.joining import Outcome, check_code

AMBIGUOUS = set("0O1IL")
SECONDS_PER_YEAR = 365.25 * 24 * 3600
VALID_AT_ONCE = 10_000


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    cache.clear()


def test_the_alphabet_has_no_look_alikes():
    assert set(roomcodes.ALPHABET).isdisjoint(AMBIGUOUS)
    assert len(set(roomcodes.ALPHABET)) == len(roomcodes.ALPHABET) == 31
    assert all(char.isupper() or char.isdigit() for char in roomcodes.ALPHABET)
    assert set(roomcodes.ALPHABET) == (set("ABCDEFGHIJKLMNOPQRSTUVWXYZ23456789") - AMBIGUOUS)


def test_codes_are_nine_characters_of_the_alphabet():
    codes = [roomcodes.generate() for _ in range(3000)]

    assert all(len(code) == roomcodes.LENGTH == 9 for code in codes)
    assert all(roomcodes.is_well_formed(code) for code in codes)
    assert len(set(codes)) == len(codes)
    # Every symbol is used, none far more than the others (27,000 draws of 31 symbols:
    # about 871 each).
    counts = Counter("".join(codes))
    assert set(counts) == set(roomcodes.ALPHABET)
    assert max(counts.values()) < 1100
    assert min(counts.values()) > 650


@pytest.mark.parametrize(
    "typed",
    ["K7MPQ4XRT", "k7mpq4xrt", "K7M-PQ4-XRT", "k7m pq4 xrt", " K7M PQ4-XRT ", "K7M\u2013PQ4 XRT\n"],
)
def test_normalise_accepts_what_people_type(typed: str):
    assert roomcodes.normalise(typed) == "K7MPQ4XRT"
    assert roomcodes.is_well_formed(roomcodes.normalise(typed))


def test_display_groups_of_three():
    assert roomcodes.display("K7MPQ4XRT") == "K7M-PQ4-XRT"


@pytest.mark.parametrize(
    "code",
    ["K7MPQ4XR", "K7MPQ4XRTA", "K7MPQ4XR0", "K7MPQ4XRO", "K7MPQ4XR1", "K7MPQ4XRI", "K7MPQ4XRL", ""],
)
def test_wrong_length_or_look_alikes_are_not_codes(code: str):
    assert not roomcodes.is_well_formed(code)


@given(
    code=st.text(alphabet=roomcodes.ALPHABET, min_size=9, max_size=9),
    separators=st.lists(st.sampled_from(["", " ", "-", "  "]), min_size=10, max_size=10),
    lower=st.booleans(),
)
def test_any_way_of_typing_a_code_finds_it_again(code: str, separators: list[str], lower: bool):
    typed = "".join(sep + char for sep, char in zip(separators, code, strict=False))
    typed = typed.lower() if lower else typed

    assert roomcodes.normalise(typed) == code
    assert roomcodes.normalise(roomcodes.display(code)) == code


def test_at_least_forty_bits():
    assert roomcodes.bits() == pytest.approx(9 * math.log2(31))
    assert roomcodes.bits() >= 40


@pytest.mark.django_db
def test_guessing_a_code_takes_years_for_one_address(record_property: Any):
    # First the rate limit as it works: wrong codes from one address, each try made
    # once the wait of the previous one is over (the last try is moved back in the
    # cache), until the address is blocked.
    client = "guessing-address"
    _failures, last_key, block_key = joining.CODE_TRIES.keys(client)
    answered = 0
    while True:
        cache.set(last_key, 0)
        outcome = check_code(client, "AAAAAAAAA").outcome
        if outcome != Outcome.NOT_VALID:
            break
        answered += 1
    assert outcome == Outcome.BLOCKED
    assert answered == joining.BLOCK_AFTER == 20
    blocked_for = cache.get(block_key) - time.time()
    assert blocked_for == pytest.approx(joining.BLOCK_SECONDS, abs=5)
    # The count lives for the window, the block at least as long: a window gets no more
    # than `answered` guesses, blocked or not.
    assert joining.BLOCK_SECONDS >= joining.WINDOW_SECONDS >= 3600

    space = len(roomcodes.ALPHABET) ** roomcodes.LENGTH
    guesses_per_year = answered / joining.WINDOW_SECONDS * SECONDS_PER_YEAR
    years_for_one_code = space / 2 / guesses_per_year
    years_for_any_code = space / VALID_AT_ONCE / guesses_per_year
    chance_within_a_year = VALID_AT_ONCE * guesses_per_year / space
    slow_down_only = space / VALID_AT_ONCE / (SECONDS_PER_YEAR / joining.MAX_WAIT_SECONDS)
    figures = {
        "code_space": space,
        "bits": round(roomcodes.bits(), 1),
        "guesses_per_hour": answered * 3600 / joining.WINDOW_SECONDS,
        "guesses_per_year": round(guesses_per_year),
        "years_for_one_code": round(years_for_one_code),
        f"years_for_any_of_{VALID_AT_ONCE}_codes": round(years_for_any_code),
        "chance_of_a_hit_within_a_year": f"{chance_within_a_year:.1e}",
        "years_with_slow_down_only": round(slow_down_only),
    }
    for name, value in figures.items():
        record_property(name, value)
        print(f"{name}: {value}")

    assert space == 26_439_622_160_671
    assert guesses_per_year == pytest.approx(175_320)
    assert years_for_one_code > 70_000_000
    assert years_for_any_code > 15_000
    assert chance_within_a_year < 1e-4
    assert slow_down_only > 5_000
