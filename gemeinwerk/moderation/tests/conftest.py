import pytest

from gemeinwerk.moderation.tests.factories import register_note_kind


@pytest.fixture(autouse=True)
def note_kind() -> None:
    register_note_kind()
