"""Names that people type: one normal form, no invisible or control characters, and a
"skeleton" under which look-alike names compare equal.

Why: a name is shown to others (a nickname in the meeting room, a display name, a user
name) or ends up in an e-mail header (a group's name in a subject). Full-width letters,
a Cyrillic `i` in `mila`, a right-to-left override or a zero-width space let one person
pass for another; a line break in a header makes the e-mail impossible to send.
"""

import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Unicode categories no name needs: Cc control characters (NUL, CR, LF, ESC, ...),
# Cf format characters (zero-width space and joiners, bidirectional overrides and
# isolates, soft hyphen, byte order mark), Zl/Zp line and paragraph separators.
INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp"})

# Cyrillic and Greek letters that look like Latin ones in common fonts. Capitals are
# mapped before case folding (Greek capital Nu looks like N, its small letter like v).
# Changing this table changes stored skeletons: refill them in a data migration.
_UPPER_HOMOGLYPHS = {
    # Cyrillic
    "\N{CYRILLIC CAPITAL LETTER A}": "A",
    "\N{CYRILLIC CAPITAL LETTER VE}": "B",
    "\N{CYRILLIC CAPITAL LETTER IE}": "E",
    "\N{CYRILLIC CAPITAL LETTER KA}": "K",
    "\N{CYRILLIC CAPITAL LETTER EM}": "M",
    "\N{CYRILLIC CAPITAL LETTER EN}": "H",
    "\N{CYRILLIC CAPITAL LETTER O}": "O",
    "\N{CYRILLIC CAPITAL LETTER ER}": "P",
    "\N{CYRILLIC CAPITAL LETTER ES}": "C",
    "\N{CYRILLIC CAPITAL LETTER TE}": "T",
    "\N{CYRILLIC CAPITAL LETTER U}": "Y",
    "\N{CYRILLIC CAPITAL LETTER HA}": "X",
    "\N{CYRILLIC CAPITAL LETTER DZE}": "S",
    "\N{CYRILLIC CAPITAL LETTER BYELORUSSIAN-UKRAINIAN I}": "I",
    "\N{CYRILLIC CAPITAL LETTER JE}": "J",
    "\N{CYRILLIC LETTER PALOCHKA}": "I",
    "\N{CYRILLIC CAPITAL LETTER STRAIGHT U}": "Y",
    # Greek
    "\N{GREEK CAPITAL LETTER ALPHA}": "A",
    "\N{GREEK CAPITAL LETTER BETA}": "B",
    "\N{GREEK CAPITAL LETTER EPSILON}": "E",
    "\N{GREEK CAPITAL LETTER ZETA}": "Z",
    "\N{GREEK CAPITAL LETTER ETA}": "H",
    "\N{GREEK CAPITAL LETTER IOTA}": "I",
    "\N{GREEK CAPITAL LETTER KAPPA}": "K",
    "\N{GREEK CAPITAL LETTER MU}": "M",
    "\N{GREEK CAPITAL LETTER NU}": "N",
    "\N{GREEK CAPITAL LETTER OMICRON}": "O",
    "\N{GREEK CAPITAL LETTER RHO}": "P",
    "\N{GREEK CAPITAL LETTER TAU}": "T",
    "\N{GREEK CAPITAL LETTER UPSILON}": "Y",
    "\N{GREEK CAPITAL LETTER CHI}": "X",
}
_LOWER_HOMOGLYPHS = {
    # Cyrillic
    "\N{CYRILLIC SMALL LETTER A}": "a",
    "\N{CYRILLIC SMALL LETTER VE}": "b",
    "\N{CYRILLIC SMALL LETTER IE}": "e",
    "\N{CYRILLIC SMALL LETTER KA}": "k",
    "\N{CYRILLIC SMALL LETTER EM}": "m",
    "\N{CYRILLIC SMALL LETTER EN}": "h",
    "\N{CYRILLIC SMALL LETTER O}": "o",
    "\N{CYRILLIC SMALL LETTER ER}": "p",
    "\N{CYRILLIC SMALL LETTER ES}": "c",
    "\N{CYRILLIC SMALL LETTER TE}": "t",
    "\N{CYRILLIC SMALL LETTER U}": "y",
    "\N{CYRILLIC SMALL LETTER HA}": "x",
    "\N{CYRILLIC SMALL LETTER DZE}": "s",
    "\N{CYRILLIC SMALL LETTER BYELORUSSIAN-UKRAINIAN I}": "i",
    "\N{CYRILLIC SMALL LETTER JE}": "j",
    "\N{CYRILLIC SMALL LETTER SHHA}": "h",
    "\N{CYRILLIC SMALL LETTER KOMI DE}": "d",
    "\N{CYRILLIC SMALL LETTER QA}": "q",
    "\N{CYRILLIC SMALL LETTER WE}": "w",
    "\N{CYRILLIC SMALL LETTER PALOCHKA}": "l",
    "\N{CYRILLIC SMALL LETTER STRAIGHT U}": "y",
    # Greek
    "\N{GREEK SMALL LETTER ALPHA}": "a",
    "\N{GREEK SMALL LETTER BETA}": "b",
    "\N{GREEK SMALL LETTER GAMMA}": "y",
    "\N{GREEK SMALL LETTER EPSILON}": "e",
    "\N{GREEK SMALL LETTER IOTA}": "i",
    "\N{GREEK SMALL LETTER KAPPA}": "k",
    "\N{GREEK SMALL LETTER NU}": "v",
    "\N{GREEK SMALL LETTER OMICRON}": "o",
    "\N{GREEK SMALL LETTER RHO}": "p",
    "\N{GREEK SMALL LETTER TAU}": "t",
    "\N{GREEK SMALL LETTER UPSILON}": "u",
    "\N{GREEK SMALL LETTER CHI}": "x",
    "\N{GREEK LUNATE SIGMA SYMBOL}": "c",
    "\N{GREEK LETTER YOT}": "j",
    # Latin letters that look like plain ones
    "\N{LATIN SMALL LETTER DOTLESS I}": "i",
    "\N{LATIN SMALL LETTER ALPHA}": "a",
    "\N{LATIN SMALL LETTER SCRIPT G}": "g",
    "\N{LATIN SMALL LETTER IOTA}": "i",
}
_UPPER_TABLE = str.maketrans(_UPPER_HOMOGLYPHS)
_LOWER_TABLE = str.maketrans(_LOWER_HOMOGLYPHS)
# Plain Latin and digits that look alike in most sans-serif fonts: a capital I, a small
# l, a one and a bar are one stroke, a zero is an o. Case folding has made the I an i, so
# i joins them: `MiIa` and `Mila` must clash. The price, `mila` and `mlla` clashing too,
# is a second choice of user name, never a name that passes for another.
_STROKE_TABLE = str.maketrans({"i": "l", "1": "l", "|": "l", "0": "o"})
# Case folding can lengthen a name (ß becomes ss): a skeleton is cut to the length of the
# column that keeps it; two names that differ only after 150 letters are look-alikes.
SKELETON_MAX_LENGTH = 150

CONTROL_CHARACTERS_MESSAGE = _(
    "Please remove line breaks and invisible control characters from the name."
)


def is_invisible(character: str) -> bool:
    return unicodedata.category(character) in INVISIBLE_CATEGORIES


def has_invisible_characters(value: str) -> bool:
    return any(is_invisible(character) for character in value)


def strip_invisible(value: str) -> str:
    """The text without control, format and line-separator characters."""
    return "".join(character for character in value if not is_invisible(character))


def clean_name(value: str) -> str:
    """A name as it is kept and shown: NFKC (full-width letters become plain ones),
    without invisible or control characters, spaces collapsed.

    Line breaks and tabs separate words, so `Anna\\nMaria` becomes `Anna Maria`."""
    # Split first (a line break must not glue two words together), normalise after
    # stripping (a removed character may have kept two letters from composing).
    stripped = " ".join(strip_invisible(word) for word in value.split())
    return " ".join(unicodedata.normalize("NFKC", stripped).split())


def skeleton(value: str) -> str:
    """What a name looks like, for finding look-alikes: NFKC, invisible characters
    removed, common Cyrillic and Greek homoglyphs mapped to Latin, case folded, strokes
    (I, l, 1, |) and o/0 made one. `mila` with a Cyrillic `i`, `MILA`, `MiIa`, `mi1a` and
    `mila` in full-width letters all give `mlla`."""
    normal = unicodedata.normalize("NFKC", strip_invisible(value))
    folded = normal.translate(_UPPER_TABLE).casefold().translate(_LOWER_TABLE)
    strokes = unicodedata.normalize("NFKC", folded).translate(_STROKE_TABLE)
    return strokes[:SKELETON_MAX_LENGTH]


def validate_no_control_characters(value: str) -> None:
    """A validator for names that end up in e-mail headers, page titles and lists:
    refuses line breaks, control characters and invisible format characters (such as
    a right-to-left override) instead of silently changing what was typed."""
    if has_invisible_characters(value):
        raise ValidationError(CONTROL_CHARACTERS_MESSAGE, code="control_characters")
