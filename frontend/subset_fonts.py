"""Cuts KERN's Fira Sans down to what Gemeinwerk's pages use, for frontend/build.mjs.

KERN ships full fonts (130-150 KB each, thousands of glyphs: Greek, Cyrillic, Vietnamese,
small caps). A page needs only German, Polish and English text, so the fonts are subset
to those characters with fontTools' pyftsubset and written as WOFF2: about a sixth of
the size. Only the weights the style sheets ask for are kept (KERN: 400, 500, 600; our
own CSS: 700) and no italics, since no template sets italic text. The full fonts are
never copied into the static files. The @font-face rules are written here too, so the
CSS and the files cannot drift apart.

    python frontend/subset_fonts.py <node_modules/@kern-ux/native/dist/fonts/fira-sans> <out dir>
"""

import logging
import sys
from pathlib import Path

from fontTools import subset

# (file in KERN's package, CSS font-weight)
FACES = [
    ("FiraSans-Regular", 400),
    ("FiraSans-Medium", 500),
    ("FiraSans-SemiBold", 600),
    ("FiraSans-Bold", 700),
]

# German, Polish and English text with its punctuation: Basic Latin, Latin-1 (umlauts,
# sharp s, guillemets, middle dot, the no-break space), Latin Extended-A (Polish letters),
# typographic dashes, low and high quotation marks and the ellipsis, single guillemets,
# the euro and trademark signs, arrows and the minus sign.
# Emoji and other symbols in the UI fall back to the system's fonts, as before.
UNICODES = (
    "U+0020-007E,U+00A0-017F,U+0192,U+02C6,U+02C7,U+02D8-02DD,"
    "U+2010-2027,U+2030,U+2032,U+2033,U+2039,U+203A,U+2044,U+20AC,U+2122,"
    "U+2190-2193,U+2212"
)


def options() -> subset.Options:
    return subset.Options(
        flavor="woff2",
        # Kerning, ligatures and the figures KERN's tables use; everything else goes.
        layout_features=["kern", "liga", "calt", "locl", "tnum", "lnum", "case"],
        hinting=False,
        desubroutinize=True,
        name_IDs=[0, 1, 2, 3, 4, 5, 6],
        name_languages=["*"],
    )


FONT_FACE = """@font-face {{
    font-family: 'Fira Sans';
    src: url("./fira-sans/{name}.woff2") format('woff2');
    font-weight: {weight};
    font-style: normal;
    font-display: swap;
}}
"""


def build(source: Path, target: Path) -> None:
    # KERN's fonts carry an old OS/2 table; fontTools warns about each, harmlessly.
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    unicodes = subset.parse_unicodes(UNICODES)
    fonts = target / "fira-sans"
    fonts.mkdir(parents=True, exist_ok=True)
    rules = [
        "/* Fira Sans (SIL Open Font License 1.1), subset for Gemeinwerk by"
        " frontend/subset_fonts.py from @kern-ux/native. */\n"
    ]
    for name, weight in FACES:
        font = source / f"{name}.woff2"
        if not font.exists():
            raise SystemExit(f"missing {font}: run `npm ci` first (make does this for you)")
        opts = options()
        face = subset.load_font(str(font), opts)
        subsetter = subset.Subsetter(opts)
        subsetter.populate(unicodes=unicodes)
        subsetter.subset(face)
        subset.save_font(face, str(fonts / f"{name}.woff2"), opts)
        rules.append(FONT_FACE.format(name=name, weight=weight))
    (target / "fira-sans.css").write_text("\n".join(rules), encoding="utf-8")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        raise SystemExit(__doc__)
    build(Path(sys.argv[1]), Path(sys.argv[2]))
