"""Roman numerals, as the sources number their chapters ("III. Measures", " IV." on its own line).

Two layouts (sr-report, state-report) tell a chapter heading from a lettered sub-section by the
numeral's value, so both need one answer to "is this a numeral, and which number": this module.
Only well-formed numerals count ("IIII", "VV", "IC" are not numbers), so a run of capitals that
happens to use roman letters is not taken for a chapter.
"""

from __future__ import annotations

import re

# A well-formed roman numeral, I to MMMCMXCIX (the empty string also matches; refused in code).
WELL_FORMED = re.compile(r"M{0,3}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})")

_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}


def roman_value(numeral: str) -> int | None:
    """'XIV' -> 14; None for anything that is not a well-formed numeral (including "")."""
    if not numeral or not WELL_FORMED.fullmatch(numeral):
        return None
    total = 0
    for here, after in zip(numeral, [*numeral[1:], ""], strict=True):
        value = _VALUES[here]
        total += -value if after and _VALUES[after] > value else value
    return total
