"""Room codes: short enough to read aloud and type on a phone, hard to guess.

Nine characters from an alphabet without look-alikes (no 0/O, no 1/I/L), shown in groups
of three: "K7M-PQ4-XRT". 31 symbols to the power of
nine is about 2.6e13 codes, 44.6 bits; docs/security.md works out the guessing time
under the rate limit of the join page.
"""

import math
import re
import secrets

ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
LENGTH = 9
GROUP = 3


def generate() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def normalise(text: str) -> str:
    """What people type, in any case, with or without spaces and dashes."""
    return re.sub(r"[^A-Z0-9]", "", text.upper())


def display(code: str) -> str:
    return "-".join(code[i : i + GROUP] for i in range(0, len(code), GROUP))


def bits() -> float:
    return LENGTH * math.log2(len(ALPHABET))


def is_well_formed(code: str) -> bool:
    return len(code) == LENGTH and all(char in ALPHABET for char in code)
