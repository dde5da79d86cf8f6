"""Regular expressions for the penalty and age parsers, and the numbers they are built from.

Every pattern the two parsers (`penalties.py`, `ages.py`) use lives here, each with a comment
saying what it matches, so that the vocabulary of the sources can be read (and extended) in one
place. The number words come from the data file `lexgap.data/number_words.yaml`; this module
turns them into a small grammar ("twenty-five", "two hundred thousand") and into values.

The patterns only *find* candidates. The parsers decide, in code, what a candidate means and
when it is not what it looks like (an age band that reads like a prison range, "in the next five
to ten years"), because those decisions need the values and the surrounding text.

All patterns are compiled case-insensitive. Numbers are wrapped in atomic groups so that
"62,000" or "6 million" can never be re-read as "62" or "6" by backtracking.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cache
from typing import Any

import yaml

from lexgap.core import options
from lexgap.core.errors import DataFileError

NUMBER_WORDS_FILE = "number_words.yaml"
_SECTIONS = ("units", "teens", "tens", "multipliers", "scales")

#: Oldest age a parsed age band may name; larger numbers ("between 2012 and 2015") are years.
MAX_AGE = 120


# --------------------------------------------------------------------------------------------
# Number words (data file)
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class NumberWords:
    """The number words of `number_words.yaml`, by role (see the file's header)."""

    units: dict[str, int]
    teens: dict[str, int]
    tens: dict[str, int]
    multipliers: dict[str, int]
    scales: dict[str, int]

    def value(self, word: str) -> int:
        """Value of one word of any role ("fifteen" -> 15, "million" -> 1_000_000)."""
        key = word.lower()
        for table in (self.units, self.teens, self.tens, self.multipliers, self.scales):
            if key in table:
                return table[key]
        raise KeyError(word)


def _check_section(raw: dict[str, Any], name: str, path: str) -> dict[str, int]:
    section = raw.get(name)
    if not isinstance(section, dict) or not section:
        raise DataFileError(
            f"section {name!r} is missing or empty",
            file=path,
            hint=f"expected the sections {', '.join(_SECTIONS)}",
        )
    out: dict[str, int] = {}
    for word, value in section.items():
        if not isinstance(word, str) or not re.fullmatch(r"[a-z]+", word):
            raise DataFileError(f"{name}: {word!r} is not a lower-case word", file=path)
        if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
            raise DataFileError(f"{name}.{word}: {value!r} is not a positive integer", file=path)
        out[word] = value
    return out


@cache
def load_number_words() -> NumberWords:
    """Read and validate `lexgap.data/number_words.yaml` (once per process)."""
    ref = options.DATA / NUMBER_WORDS_FILE
    path = str(ref)
    try:
        raw = yaml.safe_load(ref.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise DataFileError("number words file not found", file=path) from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        raise DataFileError(f"not valid YAML: {exc}", file=path, line=line) from exc
    if not isinstance(raw, dict):
        raise DataFileError("expected a mapping of sections", file=path)
    unknown = sorted(set(raw) - set(_SECTIONS))
    if unknown:
        raise DataFileError(
            f"unknown section(s) {', '.join(map(str, unknown))}",
            file=path,
            hint=f"valid sections: {', '.join(_SECTIONS)}",
        )
    sections = {name: _check_section(raw, name, path) for name in _SECTIONS}
    words = NumberWords(**sections)
    mults = sorted(words.multipliers.values())
    if mults != [100, 1000]:
        raise DataFileError(
            "multipliers must be exactly one word for 100 and one for 1000",
            file=path,
            hint="the number grammar is 'N hundred' inside 'N thousand'",
        )
    return words


def _alt(words: dict[str, int]) -> str:
    """Alternation of whole words, longest first ("seventeen" before "seven")."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_W = load_number_words()
_HUNDRED = next(w for w, v in _W.multipliers.items() if v == 100)
_THOUSAND = next(w for w, v in _W.multipliers.items() if v == 1000)

# A unit word 1-9 ("seven", but not the start of "seventeen"/"seventy").
_UNIT = rf"(?:{_alt(_W.units)})\b"
# 1-99 in words: "twenty-five", "twenty five", "forty", "fifteen", "three".
_BELOW_100 = rf"(?:(?:{_alt(_W.tens)})\b(?:[\s-]+{_UNIT})?|(?:{_alt(_W.teens)})\b|{_UNIT})"
# 1-999 in words: "two hundred", "one hundred and twenty", or anything below 100.
_BELOW_1000 = rf"(?:{_UNIT}\s+{_HUNDRED}\b(?:(?:\s+and)?\s+{_BELOW_100})?|{_BELOW_100})"
# Where a number in words cannot start: inside a hyphenated word ("one" of "twenty-one") or
# after a word that would have taken it into a larger number ("one" of "one hundred and one",
# "five" of "twenty five"), so a rejected compound is never re-read from its tail.
_NOT_A_TAIL = (
    "(?<!\\w-)"
    + "".join(rf"(?<!{re.escape(w)}\s)" for w in [*_W.tens, *_W.multipliers])
    + "".join(rf"(?<!{re.escape(w)}\sand\s)" for w in _W.multipliers)
)

# A number in words up to 999,999: "two hundred thousand", "fifteen", "twenty-five".
WORD_NUMBER = rf"\b{_NOT_A_TAIL}{_BELOW_1000}(?:\s+{_THOUSAND}\b(?:(?:\s+and)?\s+{_BELOW_1000})?)?"

# A number in ASCII digits: with "," or "." thousands separators in groups of three ("5,000",
# "663.330.000", "10,664,000"), else an integer or decimal ("150", "1.5"). Never starts inside
# another number or word.
DIGIT_NUMBER = r"(?<![\w.,])(?:[0-9]{1,3}(?:[,.][0-9]{3})+(?![0-9])|[0-9]+(?:\.[0-9]+)?)"

# Any number, atomic (no backtracking into it): words or digits.
NUMBER = rf"(?>{WORD_NUMBER}|{DIGIT_NUMBER})"

# The digits a source repeats after a number in words: "fifteen (15)", "five million (5,000,000)".
ECHO = r"(?:\s*\(\s*[0-9][0-9.,]*\s*\))"

# A scale word after a number, possibly glued to digits: "million" in "150million", "3 million".
SCALE = rf"(?:{_alt(_W.scales)})\b"

# The Lao currency: "Kip", "kip", "kips" (and the ISO code).
KIP = r"(?:kips?|LAK)\b"

# Units of a prison term: "years", "year", "months", "month" (a trailing "'" as in "1-5 years'"
# is matched by the patterns that use it).
TIME_UNIT = r"(?:years?|months?)\b"

# A currency conversion in parentheses, which the penalty parser blanks out before matching:
# "(Euro €0.46 / USD \$0.63)", "(Euro €185 / USD \$250 – Euro €556 / USD \$750)".
CONVERSION = re.compile(r"\(\s*(?:Euro|EUR|USD|US\$|€|\\?\$)[^()]*\)", re.IGNORECASE)


def number_value(text: str) -> Decimal:
    """The value of a NUMBER match: "663.330.000" -> 663330000, "twenty-five" -> 25.

    Digits with separators in groups of three are thousands ("20.000" is twenty thousand, as
    the sources write it); other digits are read as a decimal ("1.5"). Words follow the usual
    English grammar (units/teens/tens added, "hundred" multiplies the current group,
    "thousand" closes it). Raises ValueError for text that is not a number.
    """
    s = text.strip()
    if not s:
        raise ValueError("empty number")
    if s[0] in "0123456789":
        if re.fullmatch(r"[0-9]{1,3}(?:[,.][0-9]{3})+", s):
            return Decimal(re.sub(r"[,.]", "", s))
        try:
            return Decimal(s)
        except InvalidOperation as exc:
            raise ValueError(f"not a number: {text!r}") from exc
    total = 0
    current = 0
    seen = False
    for word in re.findall(r"[a-z]+", s.lower()):
        if word == "and":
            continue
        try:
            value = _W.value(word)
        except KeyError as exc:
            raise ValueError(f"not a number word: {word!r} in {text!r}") from exc
        seen = True
        if word in _W.multipliers and value < 1000:
            current = (current or 1) * value
        elif word in _W.multipliers or word in _W.scales:
            total += (current or 1) * value
            current = 0
        else:
            current += value
    if not seen:
        raise ValueError(f"not a number: {text!r}")
    return Decimal(total + current)


def _compile(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


# --------------------------------------------------------------------------------------------
# Penalties
# --------------------------------------------------------------------------------------------

# Words before a prison range that say it is a prison range, all optional:
# "a term of", "imprisonment (for|of)", "imprisoned (for)", "sentencing", "prison term",
# then "ranging", "from", "between": "imprisonment for between", "sentencing ranging from
# between", "imprisoned from", "a term of".
_PRISON_LEAD = (
    r"(?P<lead>(?:(?:(?:a\s+)?term\s+of|imprison(?:ment|ed)|jail(?:ed)?|sentenc(?:e|ed|ing)"
    r"|prison\s+term)\s+(?:(?:for|of)\s+)?)?(?:ranging\s+)?(?:from\s+)?(?P<between>between\s+)?)"
)

# Words after a prison range that say it is one: " of imprisonment", " imprisonment",
# " term of imprisonment", " in prison", " prison term".
_PRISON_TAIL = (
    r"(?P<tail>\s+(?:of\s+)?imprisonment\b|\s+term\s+of\s+imprisonment\b"
    r"|\s+in\s+(?:prison|jail)\b|\s+prison\s+term\b)"
)

# A prison range: "ten to twenty years of imprisonment", "three months to one year",
# "(3 months to 5 years ...)", "1-5 years' imprisonment", "a one to three year term of
# imprisonment", "imprisonment for between 1 to 5 years", "from between 3 months and one
# year", "imprisoned from one (1) to five (5) years". The low end takes the high end's unit
# when it has none ("7 to 15 years"). "and" is only a range when "between" came first (checked
# by the parser).
PRISON_RANGE = _compile(
    _PRISON_LEAD
    + rf"(?P<lo>{NUMBER}){ECHO}?(?:[\s-]+(?P<lo_unit>{TIME_UNIT}))?"
    + r"\s*(?P<conn>to|and|–|—|-)\s*"
    + rf"(?P<hi>{NUMBER}){ECHO}?[\s-]+(?P<hi_unit>{TIME_UNIT})'?"
    + rf"{_PRISON_TAIL}?"
)

# A prison term from a minimum up to death: "imprisonment from five years to the death penalty".
PRISON_TO_DEATH = _compile(
    _PRISON_LEAD
    + rf"(?P<lo>{NUMBER}){ECHO}?[\s-]+(?P<lo_unit>{TIME_UNIT})'?"
    + r"(?:\s+(?:of\s+)?imprisonment)?\s+to\s+(?:the\s+)?death(?:\s+(?:penalty|sentence))?\b"
)

# A one-sided prison term with a quantifier: "a penalty of up to three years of imprisonment",
# "a penalty of more than three years of imprisonment", "imprisonment of not more than
# 5 years". The parser keeps it only when a lead ("penalty of", "imprisonment") or a tail
# ("of imprisonment") says it is a sentence; "more than three years" alone is just time.
PRISON_BOUND = _compile(
    r"(?P<lead>(?:(?:a\s+)?(?:penalty|term|sentence|prison\s+term)\s+of\s+"
    r"|imprison(?:ment|ed)\s+(?:(?:of|for)\s+)?|jail(?:ed)?\s+(?:for\s+)?))?"
    r"(?P<quant>up\s+to|not\s+exceeding|exceeding|not\s+more\s+than|no\s+more\s+than"
    r"|a\s+maximum\s+of|at\s+most|more\s+than|over|at\s+least|not\s+less\s+than"
    r"|no\s+less\s+than|a\s+minimum\s+of)\s+"
    + rf"(?P<n>{NUMBER}){ECHO}?[\s-]+(?P<unit>{TIME_UNIT})'?"
    + rf"{_PRISON_TAIL}?"
)

# Quantifiers of PRISON_BOUND that give a maximum; the others give a minimum.
MAX_QUANTIFIERS = frozenset(
    {"up to", "not exceeding", "not more than", "no more than", "a maximum of", "at most"}
)

# Text just before a range with no prison lead or tail that makes it an age or a span of time,
# not a sentence: "a girl between fifteen and eighteen years", "under eighteen to fifteen
# years", "in the next five to ten years", "an average of two to three months".
PRISON_NOT_BEFORE = _compile(
    r"\b(?:under|below|less\s+than|aged?|ages\s+of|older\s+than|younger\s+than|over|above"
    r"|girls?|boys?|child(?:ren)?|victims?|minors?|next|past|last|first|previous|recent"
    r"|coming|within|average\s+of|averaging|every|each)\s*$"
)

# Text just after a range that makes it an age: "... years old", "... years of age".
PRISON_NOT_AFTER = _compile(r"^[\s-]*(?:old|of\s+age)\b")


# An amount of money, possibly with a scale and echoes: "150million", "3 million",
# "ten (10)", "five million (5,000,000)", "two hundred thousand (200,000)".
def _amount(name: str) -> str:
    return rf"(?P<{name}>{NUMBER}){ECHO}?(?:\s*(?P<{name}_scale>{SCALE}){ECHO}?)?"


# A fine with the word "fine" first: "a fine not exceeding 100million Kip", "a fine of between
# 3million and 15million Kip", "fined from ten (10) to fifty (50) million kips", "a fine of
# 7 million to 15 million kip", "shall be fined not exceeding 100million Kip", "a fine, in some
# cases of up to 20 million kip", "fined 10,664,000 Kip". Up to 30 characters without digits or
# sentence punctuation may stand between "fine" and the amount. The amount must end in kip
# ("a fine of 25% of the value" and "fines of up to \$5,000" are not kip amounts).
FINE_AFTER = _compile(
    r"(?P<head>\b(?:(?:a|the)\s+)?fine[sd]?\b(?:\s+of)?)(?P<filler>[^0-9.;:()]{0,30}?)"
    r"(?:(?P<quant>not\s+exceeding|up\s+to|not\s+more\s+than|no\s+more\s+than"
    r"|a\s+maximum\s+of|maximum\s+of|at\s+most)\s+"
    + _amount("max")
    + rf"\s*{KIP}"
    + r"|(?:from\s+)?(?P<between>between\s+)?"
    + _amount("lo")
    + rf"(?:\s*{KIP})?\s*(?P<conn>to|and|–|—|-)\s*"
    + _amount("hi")
    + rf"\s*{KIP}"
    + "|"
    + _amount("exact")
    + rf"\s*{KIP})"
)

# A fine with the amount first: "a 2-6 million kip fine" (its conversion blanked out), "a
# 500,000 kip fine".
FINE_BEFORE = _compile(
    r"(?:\b(?:a|an)\s+)?(?:"
    + _amount("lo")
    + r"\s*(?P<conn>to|–|—|-)\s*"
    + _amount("hi")
    + "|"
    + _amount("exact")
    + rf")\s*{KIP}\s+fines?\b"
)

# The death penalty: "the death penalty", "death sentence", "capital punishment",
# "sentenced to death".
DEATH = _compile(
    r"\b(?:(?:the\s+)?death\s+(?:penalty|sentence)|capital\s+punishment"
    r"|(?:sentenced|punished|punishable)\s+(?:to|by|with)\s+death)\b"
)

# Re-education, the Lao non-custodial sentence: "re-education without deprivation of liberty",
# "reeducation without deprivation of liberty", "re-education without detention", and a bare
# "re-education" listed among sanctions ("subject to re-education, warning, fine"). Not
# "re-educational", and not a "re-education camp/centre", which would deprive of liberty.
RE_EDUCATION = _compile(
    r"\bre-?education\b(?:\s+without\s+(?:deprivation\s+of\s+liberty|detention)\b)?"
    r"(?!\s+(?:camps?|centres?|centers?|facilit(?:y|ies))\b)"
)

# Confiscation: "the confiscation of assets", "confiscation of assets", "their assets
# confiscated", and a bare "confiscated" ("the materials and the money ... confiscated"). The
# verb "confiscate" (police "may confiscate passports") is not a sentence and is not matched.
CONFISCATION = _compile(
    r"\b(?:(?:the\s+)?confiscation\s+of\s+(?:(?:the|their|his|her|all|any)\s+)?[a-z-]+"
    r"|(?:(?:their|his|her|the)\s+(?:assets|property)\s+)?(?:(?:shall\s+be|are|being)\s+)?"
    r"confiscated)\b"
)

# What may stand between two parts of one penalty: " and ", " or by ", ", ", ", and ",
# " and shall be ", " or shall be subject to ". Anything else (a full stop, a clause) ends it.
PENALTY_CONNECTOR = _compile(
    r"\s*,?\s*(?:(?P<conj>and|or|with)\s+)?"
    r"(?:(?:by|shall|will|be|also|subject(?:ed)?|to|is|are|punished|in\s+addition)\s+)*"
)


# --------------------------------------------------------------------------------------------
# Ages
# --------------------------------------------------------------------------------------------


def _age(name: str) -> str:
    """An age: a number (with its echo) that is not money, a percentage or a span of time."""
    return (
        rf"(?P<{name}>{NUMBER}){ECHO}?"
        rf"(?!\s*(?:{SCALE}|per\s*cent|percent|%|{KIP}|baht|dollars?|usd|euros?"
        r"|weeks?\b|days?\b|months?\b|hours?\b))"
    )


# The unit an age may carry: " years", " years old", " years of age", "-year-old".
_AGE_SUFFIX = r"(?P<suffix>[\s-]+years?(?:[\s-]+old|\s+of\s+age)?\b)?"

# 004's idiom for a band below one age and from another: "under eighteen to fifteen years",
# "from under eighteen to twelve years of age" (15 <= age < 18; see ages.py).
AGE_UNDER_TO = _compile(
    r"\b(?:from\s+)?(?:under|below|less\s+than)\s+"
    + _age("hi")
    + r"\s+to\s+"
    + _age("lo")
    + _AGE_SUFFIX
)

# "between": "between 12 and 18", "aged between 10 and 18 years", "between fifteen (15) and
# eighteen (18) years old", "between the ages of 12 – 18", "aged between 8 – 10 years of age".
# Without "aged", "ages of" or "years" the parser wants punctuation or the end next, so that
# "between two and ten (or more) girls" is not an age.
AGE_BETWEEN = _compile(
    r"(?P<aged>\baged\s+)?\bbetween\s+(?P<ages_of>the\s+ages\s+of\s+)?"
    + _age("lo")
    + r"\s*(?:and|to|–|—|-)\s*"
    + _age("hi")
    + _AGE_SUFFIX
)

# A dashed or "to" band after an age word: "aged 12–14", "aged 15–19", "the age of 13 – 15",
# "after age 13 – 15", "range in age from 14 – 19".
AGE_DASH = _compile(
    r"\b(?:aged|ages?(?:\s+of)?|in\s+age\s+from)\s+"
    + _age("lo")
    + r"\s*(?:–|—|-|to)\s*"
    + _age("hi")
    + _AGE_SUFFIX
)

# An upper bound: "under the age of 15", "below 18", "less than twelve years of age", "under
# age 18", "children under 18", "under fifteen (15)", "before the age of 18", "aged below 18",
# "younger than 12".
AGE_UNDER = _compile(
    r"\b(?:aged\s+)?(?:(?:under|below|less\s+than|younger\s+than)\s+(?:the\s+age\s+of\s+|age\s+)?"
    r"|before\s+the\s+age\s+of\s+)" + _age("n") + _AGE_SUFFIX
)

# A strict lower bound: "over 18", "over the age of 18", "over 25 years of age", "older than 12".
AGE_OVER = _compile(
    r"\b(?:aged\s+)?(?:over|above|older\s+than)\s+(?:the\s+age\s+of\s+|age\s+)?"
    + _age("n")
    + _AGE_SUFFIX
)

# An inclusive lower bound: "18 and over", "18 years and above", "12 or older".
AGE_AND_OVER = _compile(
    r"(?:\baged\s+)?" + _age("n") + _AGE_SUFFIX + r"\s+(?:and|or)\s+(?:over|above|older)\b"
)

# An inclusive lower bound from a starting age: "from the age of 18 onwards", "from age 16".
AGE_FROM = _compile(
    r"\bfrom\s+(?:the\s+age\s+of|age)\s+" + _age("n") + _AGE_SUFFIX + r"(?:\s+onwards?)?"
)

# The youngest age mentioned: "as young as 12", "as young as 13 or 14 years of age".
AGE_AS_YOUNG_AS = _compile(
    r"\bas\s+young\s+as\s+" + _age("n") + r"(?:\s+or\s+" + _age("alt") + ")?" + _AGE_SUFFIX
)

# An upper bound whose inclusiveness the text leaves open: "up to the age of 15", "up until
# 18 years", "until age 18", "until 11 years of age". "up to" with a bare number ("up to three
# years of imprisonment") needs "age" before or "of age"/"old" after (checked by the parser).
AGE_UP_TO = _compile(
    r"\b(?P<quant>up\s+to|up\s+until|until|till)\s+(?P<age_word>(?:the\s+)?age\s+(?:of\s+)?)?"
    + _age("n")
    + _AGE_SUFFIX
)

# A stated age or pair of ages after "aged"/"age": "aged 14 or 15", "a boy age 17",
# "at the age of 16".
AGE_EXACT = _compile(
    r"\b(?:aged|age(?:\s+of)?)\s+" + _age("n") + r"(?:\s+or\s+" + _age("alt") + ")?" + _AGE_SUFFIX
)

# A stated age or pair with "years old"/"year old"/"years of age": "16 years old",
# "18-year-old", "a 13 year old", "13 and 14 year old girls".
AGE_OLD = _compile(
    _age("lo") + r"(?:\s*(?P<conn>and|or|to|–|—|-)\s*" + _age("hi") + ")?"
    r"[\s-]+years?(?:[\s-]+old|\s+of\s+age)\b"
)

# A minimum age: "the minimum age for employment at 14", "minimum age of 15".
AGE_MINIMUM = _compile(
    r"\bminimum\s+age\s+(?:for\s+[a-z]+\s+)?(?:is\s+|of\s+|at\s+)" + _age("n") + _AGE_SUFFIX
)

# What may follow a bare "between X and Y" for it to be an age: punctuation, a dash, a closing
# quote or bracket, or the end.
AGE_BETWEEN_END = _compile(r"^\s*(?:[-–—,.;:)”\"’']|$)")
