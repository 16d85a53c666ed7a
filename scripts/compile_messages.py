"""Compile gettext catalogues (.po to .mo) without GNU gettext, so `make` needs no root.

Fuzzy and untranslated entries are left out, as msgfmt does.
"""

import sys

import polib


def main(paths: list[str]) -> None:
    for path in paths:
        polib.pofile(path).save_as_mofile(path.removesuffix(".po") + ".mo")


if __name__ == "__main__":
    main(sys.argv[1:])
