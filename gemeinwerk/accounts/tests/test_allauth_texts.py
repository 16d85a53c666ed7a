"""Our catalogue re-translates allauth's msgids; one that allauth no longer has (after an
upgrade changed its wording) would silently stop applying."""

from pathlib import Path

import allauth
import polib
import pytest

from gemeinwerk.accounts.allauth_texts import OVERRIDDEN

ALLAUTH_LOCALE = Path(allauth.__file__).parent / "locale"


@pytest.mark.parametrize("language", ["de", "pl"])
def test_every_overridden_text_is_still_one_of_allauths(language: str):
    theirs = {
        entry.msgid
        for entry in polib.pofile(str(ALLAUTH_LOCALE / language / "LC_MESSAGES" / "django.po"))
    }

    assert OVERRIDDEN
    assert sorted(set(OVERRIDDEN) - theirs) == []
