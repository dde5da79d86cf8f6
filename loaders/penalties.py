"""Penalty ranges read out of a quote: "ten to twenty years of imprisonment and a fine not
exceeding 150million Kip" -> prison 120-240 months, fine up to 150,000,000 kip.

Why: a curated statement says what a source states about a provision's penalty in numbers; the
numbers must be machine-checked against the statement's verbatim quote, so the quote is parsed
here and compared. The parser reads what the sources actually write (see the test table, which
holds every penalty phrase of the bundled corpus): spelled-out and digit numbers ("seven",
"15", "ten (10)", "663.330.000"), glued scales ("150million"), ranges with "to", "-", or
"between ... and", one-sided bounds ("not exceeding", "up to", "more than"), fines with the
amount first ("a 2-6 million kip fine"), the death penalty, re-education without deprivation of
liberty and confiscation.

How: the parts of a penalty (a prison term, a fine, the death penalty, re-education,
confiscation) are found separately with the patterns of `patterns_legal`, then parts that follow
each other joined only by "and", "or", ",", "shall be", "subject to", ... are grouped into one
`Penalty`. A second part of a kind the group already has (a second prison term) starts a new
penalty, so "three to five years ... and from one to five years ..." gives two.

Reading rules (documented because a checker depends on them):
- years are months x 12; scales ("million") multiply; the low end of a range takes the high
  end's unit or scale when it has none and is not larger ("7 to 15 years", "ten (10) to fifty
  (50) million kips" = 10-50 million; "500,000 to three million kip" = 500,000-3,000,000);
- "not exceeding X", "up to X", "not more than X" -> max X, min None; "more than X", "at least
  X" -> min X (the model does not carry whether a bound is strict);
- "fined X Kip" (an amount that was imposed) -> min = max = X;
- "X to the death penalty" -> min X, max None, death penalty;
- `alternatives` is True when "or" joins two parts of the same penalty ("three months to one
  year of imprisonment or re-education ..."); an "or" before the first part is not counted;
- currency conversions in parentheses ("(Euro €0.46 / USD \\$0.63)") are ignored;
- a range that reads as an age or a stretch of time ("a girl between fifteen and eighteen
  years", "in the next five to ten years", "20 to 25 years of age", and any bare "between X and
  Y years" whose low end has no unit) is not a prison term unless a prison word
  ("imprisonment", "a term of") is attached to it; nor is a range whose low end exceeds its
  high end ("under eighteen to fifteen years"), nor one longer than 100 years (calendar years
  in a table: "2016-2017 Year").
Not represented: a fine or imprisonment without an amount ("with fines", "imprisonment and
fines"), fines in other currencies or as a percentage, "re-educational measures", the verb
"confiscate", and a single prison term with no range or bound ("six years in prison").
A bare "re-education" or "confiscated" in a list of sanctions ("subject to re-education,
warning, fine, ...") is recorded as a penalty with only that flag.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Literal

from pydantic import model_validator

from lexgap.core.errors import PenaltyParseError
from lexgap.loaders import patterns_legal as P
from lexgap.loaders.models import Model

__all__ = ["Penalty", "PenaltyParseError", "parse_penalties", "parse_penalty"]

Kind = Literal["prison", "fine", "death", "re_education", "confiscation"]

#: Longest prison term read as one; longer "terms" are calendar years ("2016-2017 Year").
MAX_PRISON_YEARS = 100


class Penalty(Model):
    """One penalty as a text states it: prison range in months, fine range in kip, and flags.

    `span` is the (start, end) of the matched phrase in the parsed text, from the first part of
    the penalty to the last ("ten to twenty years of imprisonment and a fine not exceeding
    150million Kip").
    """

    prison_min_months: int | None = None
    prison_max_months: int | None = None
    fine_min_kip: int | None = None
    fine_max_kip: int | None = None
    death_penalty: bool = False
    re_education: bool = False
    confiscation: bool = False
    alternatives: bool = False
    span: tuple[int, int]

    @model_validator(mode="after")
    def _ordered(self) -> Penalty:
        for lo, hi, what in (
            (self.prison_min_months, self.prison_max_months, "prison"),
            (self.fine_min_kip, self.fine_max_kip, "fine"),
        ):
            if lo is not None and lo < 0:
                raise ValueError(f"{what} minimum is negative")
            if lo is not None and hi is not None and lo > hi:
                raise ValueError(f"{what} minimum {lo} exceeds maximum {hi}")
        if not 0 <= self.span[0] <= self.span[1]:
            raise ValueError(f"bad span {self.span}")
        return self


@dataclass
class _Part:
    """One found part of a penalty, before grouping."""

    kind: frozenset[Kind]
    start: int
    end: int
    values: dict[str, int | bool] = field(default_factory=dict)


def _to_int(value: Decimal) -> int | None:
    """An exact integer, or None for a fraction (no penalty is stated in part-kip or part-month)."""
    return int(value) if value == value.to_integral_value() else None


def _months(number: str, unit: str) -> int | None:
    value = P.number_value(number)
    if unit.lower().startswith("year"):
        value *= 12
    return _to_int(value)


def _prison_lead_says_prison(lead: str | None) -> bool:
    return bool(lead and re.search(r"impris|jail|sentenc|term", lead, re.IGNORECASE))


def _scan(
    pattern: re.Pattern[str], text: str, build: Callable[[re.Match[str]], _Part | None]
) -> Iterator[_Part]:
    """Matches of `pattern` that `build` accepts, trying again one character after a rejected
    match: in "between 15 and 18 – 3 months to 1 year" the candidate "18 – 3 months" is
    rejected and "3 months to 1 year" must still be found."""
    pos = 0
    while (m := pattern.search(text, pos)) is not None:
        part = build(m)
        if part is None:
            pos = m.start() + 1
            continue
        yield part
        pos = max(m.end(), m.start() + 1)


def _plausible_months(*months: int | None) -> bool:
    return all(m is not None and 0 <= m <= MAX_PRISON_YEARS * 12 for m in months)


def _prison_range(m: re.Match[str]) -> _Part | None:
    text = m.string
    if m["conn"].lower() == "and" and not m["between"]:
        return None  # "one year and three years" is not a range
    if not (_prison_lead_says_prison(m["lead"]) or m["tail"]):
        if m["conn"].lower() == "and" and not m["lo_unit"]:
            return None  # "between fifteen and eighteen years" reads as ages
        if P.PRISON_NOT_BEFORE.search(text[max(0, m.start() - 40) : m.start()]):
            return None
        if P.PRISON_NOT_AFTER.match(text[m.end() :]):
            return None
    lo = _months(m["lo"], m["lo_unit"] or m["hi_unit"])
    hi = _months(m["hi"], m["hi_unit"])
    if lo is None or hi is None or not _plausible_months(lo, hi) or lo > hi:
        return None
    return _Part(
        frozenset({"prison"}),
        m.start(),
        m.end(),
        {"prison_min_months": lo, "prison_max_months": hi},
    )


def _prison_to_death(m: re.Match[str]) -> _Part | None:
    lo = _months(m["lo"], m["lo_unit"])
    if lo is None or not _plausible_months(lo):
        return None
    return _Part(
        frozenset({"prison", "death"}),
        m.start(),
        m.end(),
        {"prison_min_months": lo, "death_penalty": True},
    )


def _prison_bound(m: re.Match[str]) -> _Part | None:
    if not (m["lead"] or m["tail"]):
        return None  # "more than three years" alone is a stretch of time
    months = _months(m["n"], m["unit"])
    if months is None or not _plausible_months(months):
        return None
    quant = re.sub(r"\s+", " ", m["quant"].lower())
    key = "prison_max_months" if quant in P.MAX_QUANTIFIERS else "prison_min_months"
    return _Part(frozenset({"prison"}), m.start(), m.end(), {key: months})


def _amount(m: re.Match[str], name: str) -> tuple[Decimal, Decimal] | None:
    """(bare number, scale) of a named amount group, or None when the group did not match."""
    if m[name] is None:
        return None
    scale = P.number_value(m[f"{name}_scale"]) if m[f"{name}_scale"] else Decimal(1)
    return P.number_value(m[name]), scale


def _fine_values(m: re.Match[str]) -> dict[str, int | bool] | None:
    """Fine min/max from a FINE_AFTER or FINE_BEFORE match (None: not a usable amount)."""
    groups = m.groupdict()
    if groups.get("max") is not None:
        amount = _amount(m, "max")
        assert amount is not None
        top = _to_int(amount[0] * amount[1])
        return None if top is None else {"fine_max_kip": top}
    if m["exact"] is not None:
        amount = _amount(m, "exact")
        assert amount is not None
        value = _to_int(amount[0] * amount[1])
        return None if value is None else {"fine_min_kip": value, "fine_max_kip": value}
    if m["conn"].lower() == "and" and not groups.get("between"):
        return None
    lo, hi = _amount(m, "lo"), _amount(m, "hi")
    assert lo is not None and hi is not None
    lo_scale = lo[1]
    if m["lo_scale"] is None and lo[0] <= hi[0]:
        lo_scale = hi[1]  # "ten (10) to fifty (50) million": the scale covers both ends
    low, high = _to_int(lo[0] * lo_scale), _to_int(hi[0] * hi[1])
    if low is None or high is None or low > high:
        return None
    return {"fine_min_kip": low, "fine_max_kip": high}


def _fine(m: re.Match[str]) -> _Part | None:
    values = _fine_values(m)
    return None if values is None else _Part(frozenset({"fine"}), m.start(), m.end(), values)


def _flag(kind: Kind, field_name: str) -> Callable[[re.Match[str]], _Part | None]:
    def build(m: re.Match[str]) -> _Part | None:
        return _Part(frozenset({kind}), m.start(), m.end(), {field_name: True})

    return build


_FINDERS: tuple[tuple[re.Pattern[str], Callable[[re.Match[str]], _Part | None]], ...] = (
    (P.PRISON_RANGE, _prison_range),
    (P.PRISON_TO_DEATH, _prison_to_death),
    (P.PRISON_BOUND, _prison_bound),
    (P.FINE_AFTER, _fine),
    (P.FINE_BEFORE, _fine),
    (P.DEATH, _flag("death", "death_penalty")),
    (P.RE_EDUCATION, _flag("re_education", "re_education")),
    (P.CONFISCATION, _flag("confiscation", "confiscation")),
)


def _parts(text: str) -> list[_Part]:
    """All parts, overlaps resolved: earliest first, then longest."""
    found = [part for pattern, build in _FINDERS for part in _scan(pattern, text, build)]
    found.sort(key=lambda p: (p.start, -(p.end - p.start)))
    kept: list[_Part] = []
    for part in found:
        if kept and part.start < kept[-1].end:
            continue
        kept.append(part)
    return kept


def _penalty(group: list[_Part], alternatives: bool) -> Penalty:
    values: dict[str, int | bool] = {}
    for part in group:
        values.update(part.values)
    return Penalty.model_validate(
        {**values, "alternatives": alternatives, "span": (group[0].start, group[-1].end)}
    )


def mask_conversions(text: str) -> str:
    """Blank out parenthesised currency conversions, keeping every offset."""
    return P.CONVERSION.sub(lambda m: " " * len(m.group()), text)


def parse_penalties(text: str) -> list[Penalty]:
    """Every penalty stated in `text`, in order of appearance ([] when there is none).

    Spans index into `text` as given (conversions are blanked, not removed).
    """
    masked = mask_conversions(text)
    penalties: list[Penalty] = []
    group: list[_Part] = []
    kinds: set[Kind] = set()
    alternatives = False
    for part in _parts(masked):
        joined = None
        if group:
            gap = masked[group[-1].end : part.start]
            joined = P.PENALTY_CONNECTOR.fullmatch(gap)
        if group and joined is not None and not (kinds & part.kind):
            group.append(part)
            kinds |= part.kind
            alternatives = alternatives or (joined["conj"] or "").lower() == "or"
            continue
        if group:
            penalties.append(_penalty(group, alternatives))
        group, kinds, alternatives = [part], set(part.kind), False
    if group:
        penalties.append(_penalty(group, alternatives))
    return penalties


def _excerpt(text: str, limit: int = 80) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def parse_penalty(
    text: str,
    *,
    file: str | Path | None = None,
    line: int | None = None,
    locator: str | None = None,
) -> Penalty:
    """The one penalty `text` states; `PenaltyParseError` when it states none or several.

    `file`, `line` and `locator` say where the text came from, for the error message.
    """
    found = parse_penalties(text)
    if len(found) == 1:
        return found[0]
    if not found:
        raise PenaltyParseError(
            f"no penalty found in {_excerpt(text)!r}",
            file=file,
            line=line,
            locator=locator,
            hint='expected e.g. "ten to twenty years of imprisonment", '
            '"a fine not exceeding 150million Kip", "the death penalty"',
        )
    phrases = "; ".join(repr(_excerpt(text[p.span[0] : p.span[1]], 50)) for p in found)
    raise PenaltyParseError(
        f"{len(found)} penalties found where one was expected: {phrases}",
        file=file,
        line=line,
        locator=locator,
        hint="quote only the phrase of one penalty, or use parse_penalties",
    )
