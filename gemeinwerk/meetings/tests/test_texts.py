"""The room's words for its script: a sentence with a number comes once per number, in
the plural form that number needs."""

from django.utils import translation

from gemeinwerk.meetings.protocol import ROUND_MINUTES
from gemeinwerk.meetings.state import CAPACITY
from gemeinwerk.meetings.texts import room_texts


def test_counted_sentences_come_for_every_number_the_room_can_show():
    texts = room_texts()

    assert set(texts["connectedTo"]) == {str(n) for n in range(1, CAPACITY)}
    assert set(texts["roundStarted"]) == {str(n) for n in ROUND_MINUTES}


def test_polish_declines_the_noun_after_the_number():
    with translation.override("pl"):
        connected = room_texts()["connectedTo"]
        minutes = room_texts()["roundStarted"]

    assert isinstance(connected, dict)
    assert isinstance(minutes, dict)
    assert connected["1"].endswith("%(total)s\u00a0osoby.")
    assert connected["5"].endswith("%(total)s\u00a0osób.")
    assert minutes["1"].endswith("%(minutes)s\u00a0minutę.")
    assert minutes["2"].endswith("%(minutes)s\u00a0minuty.")
    assert minutes["5"].endswith("%(minutes)s\u00a0minut.")


def test_german_has_one_person_and_several_people():
    with translation.override("de"):
        connected = room_texts()["connectedTo"]

    assert isinstance(connected, dict)
    assert connected["1"].endswith("Person.")
    assert connected["3"].endswith("Personen.")
