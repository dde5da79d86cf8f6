"""Age bands read out of a quote: "under the age of 15" -> age < 15.

Why: a curated statement records the victim age band a source gives for a provision, with its
bounds inclusive or exclusive as the text gives them; the band must be machine-checked against
the statement's verbatim quote, so the quote is parsed here.

Readings (documented because checkers and gap queries depend on them):

- "under X", "below X", "less than X", "younger than X", "before the age of X", "under age X",
  "under the age of X": max X, exclusive.
- "over X", "above X", "older than X", "over the age of X": min X, exclusive (the text's
  words, even where a law may mean "18 or over").
- "X and over", "X or older", "from the age of X (onwards)", "the minimum age ... at X",
  "as young as X (or Y)": min X, inclusive (for "as young as", no max).
- "between X and Y" (also "between the ages of X – Y", "aged between X – Y years of age"):
  both ends inclusive, because English "between 12 and 18" in these sources names both ages
  as part of the band and none of them says otherwise. Bands that abut ("between 15 and 18",
  "between 12 and 15" in 003) therefore share an end; we record that as written. A bare
  "between X and Y" needs "aged", "ages of", "years", or punctuation after it, so "between
  two and ten (or more) girls" is not an age. Ends given in the wrong order are put right.
- "aged X–Y", "age of X – Y", "range in age from X – Y", "X and Y year old", "X to Y years of
  age": both inclusive.
- "aged X", "age X", "X years old", "X-year-old", "aged X or Y": a stated age (or pair), both
  ends inclusive (min = max for one age).
- "up to the age of X", "up until X years", "until age X": max X, inclusiveness None: the
  text does not settle whether X itself is in (002 ¶29(b) "only protect children up to the age
  of 15" and ¶36(a) "up until 18 years, and not below").
- 004's idiom "under X to Y years" ("under eighteen to fifteen years", "from under eighteen to
  twelve years of age"): min Y inclusive, max X exclusive, i.e. Y <= age < X. Read from 004 ¶74,
  which gives three penalties by age: "under eighteen to fifteen years", "under fifteen to
  twelve years", and "less than twelve years of age". For these to cover every age under 18
  without a gap or overlap, "under fifteen to twelve" must include 12 (since "less than twelve"
  stops below 12) and exclude 15 (which the band "under eighteen to fifteen" holds); the same
  holds one band up. ¶80 "from under eighteen to twelve years of age" reads the same way.
- A phrase the penalty parser reads as a penalty is not an age ("imprisonment for between 1 to
  5 years").
- Numbers above `MAX_AGE` (120) are not ages ("between 2012 and 2015"); money, percentages and
  spans of weeks, days or months after the number are not ages ("over 6 million inhabitants").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path

from pydantic import model_validator

from lexgap.core.errors import AgeParseError
from lexgap.loaders import patterns_legal as P
from lexgap.loaders.models import Model
from lexgap.loaders.penalties import parse_penalties

__all__ = ["AgeBand", "AgeParseError", "parse_age_band", "parse_age_bands"]


class AgeBand(Model):
    """An age band with its bounds as the text gives them.

    A missing bound is None with its `*_inclusive` None; a present bound has `*_inclusive`
    True/False, or None when the text leaves it open ("up to the age of 15"). `span` is the
    (start, end) of the matched phrase in the parsed text.
    """

    min_age: int | None = None
    min_inclusive: bool | None = None
    max_age: int | None = None
    max_inclusive: bool | None = None
    span: tuple[int, int]

    @model_validator(mode="after")
    def _consistent(self) -> AgeBand:
        if self.min_age is None and self.min_inclusive is not None:
            raise ValueError("min_inclusive given without min_age")
        if self.max_age is None and self.max_inclusive is not None:
            raise ValueError("max_inclusive given without max_age")
        if self.min_age is None and self.max_age is None:
            raise ValueError("an age band needs a min_age or a max_age")
        for age in (self.min_age, self.max_age):
            if age is not None and not 0 <= age <= P.MAX_AGE:
                raise ValueError(f"age {age} outside 0..{P.MAX_AGE}")
        if self.min_age is not None and self.max_age is not None:
            if self.min_age > self.max_age:
                raise ValueError(f"min_age {self.min_age} exceeds max_age {self.max_age}")
            if self.min_age == self.max_age and False in (self.min_inclusive, self.max_inclusive):
                raise ValueError(f"empty band at {self.min_age}")
        if not 0 <= self.span[0] <= self.span[1]:
            raise ValueError(f"bad span {self.span}")
        return self


def _age(m: re.Match[str], name: str) -> int | None:
    """The age in group `name`: None when absent, not whole, or above MAX_AGE."""
    raw = m[name]
    if raw is None:
        return None
    value = P.number_value(raw)
    if value != value.to_integral_value() or not 0 <= value <= P.MAX_AGE:
        return None
    return int(value)


def _band(
    m: re.Match[str],
    lo: int | None,
    lo_incl: bool | None,
    hi: int | None,
    hi_incl: bool | None,
) -> AgeBand | None:
    if (
        lo is not None
        and hi is not None
        and (lo > hi or (lo == hi and False in (lo_incl, hi_incl)))
    ):
        return None
    return AgeBand(
        min_age=lo,
        min_inclusive=lo_incl if lo is not None else None,
        max_age=hi,
        max_inclusive=hi_incl if hi is not None else None,
        span=(m.start(), m.end()),
    )


Builder = Callable[[re.Match[str]], AgeBand | None]


def _under_to(m: re.Match[str]) -> AgeBand | None:
    hi, lo = _age(m, "hi"), _age(m, "lo")
    if hi is None or lo is None or lo >= hi:
        return None
    return _band(m, lo, True, hi, False)


def _between(m: re.Match[str]) -> AgeBand | None:
    lo, hi = _age(m, "lo"), _age(m, "hi")
    if lo is None or hi is None:
        return None
    cued = m["aged"] or m["ages_of"] or m["suffix"]
    if not cued and not P.AGE_BETWEEN_END.match(m.string[m.end() :]):
        return None
    lo, hi = min(lo, hi), max(lo, hi)
    return _band(m, lo, True, hi, True)


def _inclusive_pair(m: re.Match[str]) -> AgeBand | None:
    lo, hi = _age(m, "lo"), _age(m, "hi")
    if lo is None or hi is None:
        return None
    return _band(m, lo, True, hi, True)


def _upper(inclusive: bool | None) -> Builder:
    def build(m: re.Match[str]) -> AgeBand | None:
        n = _age(m, "n")
        return None if n is None else _band(m, None, None, n, inclusive)

    return build


def _lower(inclusive: bool) -> Builder:
    def build(m: re.Match[str]) -> AgeBand | None:
        n = _age(m, "n")
        return None if n is None else _band(m, n, inclusive, None, None)

    return build


def _as_young_as(m: re.Match[str]) -> AgeBand | None:
    n, alt = _age(m, "n"), _age(m, "alt")
    if n is None or (m["alt"] is not None and alt is None):
        return None
    return _band(m, n if alt is None else min(n, alt), True, None, None)


def _up_to(m: re.Match[str]) -> AgeBand | None:
    n = _age(m, "n")
    if n is None:
        return None
    suffix = (m["suffix"] or "").lower()
    aged = m["age_word"] or "old" in suffix or "age" in suffix
    if m["quant"].lower().startswith("up to") and not aged:
        return None  # "up to three years of imprisonment" is a prison term
    if not aged and not suffix:
        return None  # "until 2015": a year or a count, not an age
    return _band(m, None, None, n, None)


def _exact(m: re.Match[str]) -> AgeBand | None:
    n, alt = _age(m, "n"), _age(m, "alt")
    if n is None or (m["alt"] is not None and alt is None):
        return None
    hi = n if alt is None else alt
    return _band(m, min(n, hi), True, max(n, hi), True)


def _old(m: re.Match[str]) -> AgeBand | None:
    lo = _age(m, "lo")
    if lo is None:
        return None
    if m["hi"] is None:
        return _band(m, lo, True, lo, True)
    hi = _age(m, "hi")
    return None if hi is None else _band(m, lo, True, hi, True)


_FINDERS: tuple[tuple[re.Pattern[str], Builder], ...] = (
    (P.AGE_UNDER_TO, _under_to),
    (P.AGE_BETWEEN, _between),
    (P.AGE_DASH, _inclusive_pair),
    (P.AGE_UNDER, _upper(False)),
    (P.AGE_OVER, _lower(False)),
    (P.AGE_AND_OVER, _lower(True)),
    (P.AGE_FROM, _lower(True)),
    (P.AGE_MINIMUM, _lower(True)),
    (P.AGE_AS_YOUNG_AS, _as_young_as),
    (P.AGE_UP_TO, _up_to),
    (P.AGE_EXACT, _exact),
    (P.AGE_OLD, _old),
)


def _scan(pattern: re.Pattern[str], text: str, build: Builder) -> Iterator[AgeBand]:
    """Accepted matches; after a rejected one, try again one character later."""
    pos = 0
    while (m := pattern.search(text, pos)) is not None:
        band = build(m)
        if band is None:
            pos = m.start() + 1
            continue
        yield band
        pos = max(m.end(), m.start() + 1)


def parse_age_bands(text: str) -> list[AgeBand]:
    """Every age band stated in `text`, in order ([] when there is none).

    Where two readings overlap, the one starting first wins, then the longer one: "under the
    age of 18" is one band, not also "age of 18"; "18 and over" is not also "18". A reading
    inside a penalty phrase is dropped: "imprisonment for between 1 to 5 years" is a prison
    term, not the ages 1 to 5.
    """
    found = [band for pattern, build in _FINDERS for band in _scan(pattern, text, build)]
    penalties = [p.span for p in parse_penalties(text)]
    found = [b for b in found if not any(b.span[0] < e and s < b.span[1] for s, e in penalties)]
    found.sort(key=lambda b: (b.span[0], -(b.span[1] - b.span[0])))
    kept: list[AgeBand] = []
    for band in found:
        if kept and band.span[0] < kept[-1].span[1]:
            continue
        kept.append(band)
    return kept


def _excerpt(text: str, limit: int = 80) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def parse_age_band(
    text: str,
    *,
    file: str | Path | None = None,
    line: int | None = None,
    locator: str | None = None,
) -> AgeBand:
    """The one age band `text` states; `AgeParseError` when it states none or several.

    `file`, `line` and `locator` say where the text came from, for the error message.
    """
    found = parse_age_bands(text)
    if len(found) == 1:
        return found[0]
    if not found:
        raise AgeParseError(
            f"no age band found in {_excerpt(text)!r}",
            file=file,
            line=line,
            locator=locator,
            hint='expected e.g. "under the age of 15", "between 12 and 18", '
            '"under eighteen to fifteen years", "over 18"',
        )
    phrases = "; ".join(repr(_excerpt(text[b.span[0] : b.span[1]], 50)) for b in found)
    raise AgeParseError(
        f"{len(found)} age bands found where one was expected: {phrases}",
        file=file,
        line=line,
        locator=locator,
        hint="quote only the phrase of one band, or use parse_age_bands",
    )
