"""Curated readings: what each source states about each provision, checked against the text.

The source of truth for legal content is one YAML file per source document in
`data/readings/<document-id>.yaml`, written by reading the document. Each entry carries the
locator of its passage and a verbatim quote. The build checks every entry mechanically and
refuses the whole set if any check fails, listing every failure with file and line:

- the passage exists and the quote is an exact substring of it (whitespace folded, nothing else);
- offence notations exist in the taxonomy, instruments in the instrument table;
- the penalty parser, run on the quote, finds the entry's penalty numbers, and the age parser
  its age band; a disagreement fails unless the entry has an `override` with a written reason.

Entries never merge two documents: a statement belongs to the file (document) it is in.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, model_validator

from lexgap.core import options
from lexgap.core.errors import (
    DataFileError,
    ErrorGroup,
    LexgapError,
    choices_hint,
    in_file_order,
)
from lexgap.loaders.ages import AgeBand, parse_age_bands
from lexgap.loaders.clean import fold_whitespace
from lexgap.loaders.models import Model, Passage
from lexgap.loaders.penalties import Penalty, parse_penalties
from lexgap.loaders.yaml_lines import line_of, load_yaml_with_lines, validate_sections

Effect = Literal[
    "creates-offence",
    "sets-minimum-age",
    "prohibits",
    "defines",
    "grants-right",
    "sets-procedure",
    "establishes-body",
    "limits",
]
# What each effect means (`lexgap list effects`, `--effect`); the same keys as `Effect`, which
# tests/test_cli_guides.py checks.
EFFECT_MEANINGS: dict[str, str] = {
    "creates-offence": "makes conduct a criminal offence with a penalty",
    "sets-minimum-age": "sets an age threshold (marriage, employment, light work)",
    "prohibits": "prohibits conduct without a stated criminal penalty",
    "defines": "defines a term (e.g. trafficking)",
    "grants-right": "grants victims a right",
    "sets-procedure": "procedure, jurisdiction, mediation, extradition",
    "establishes-body": "establishes an institution",
    # Evidence of a gap, never of provision.
    "limits": "restricts or refuses what a question's concept requires: a retained reservation "
    "to a treaty article, a ground for refusing extradition, a provision that punishes the "
    "child victim",
}
# Whether the source asserts the statement or only reports a view it does not make its own
# ("is understood to be criminalized ..., however ... should be criminalized as such"): a
# reported view is shown with the answer but is no evidence of what the source holds.
Stance = Literal["asserted", "reported"]
Sex = Literal["girls", "boys", "girls-and-boys", "any-person", "female", "unspecified"]
Verdict = Literal["not-criminalised", "partially-criminalised", "criminalised", "no-law"]


class ProvisionRef(Model):
    """A provision as the source names it: instrument id, the year the source gives, article."""

    instrument: str
    year: int | None = Field(default=None, ge=1900, le=2100)
    article: str | None = None


class PenaltyFacts(Model):
    prison_min_months: int | None = Field(default=None, ge=0, le=600)
    prison_max_months: int | None = Field(default=None, ge=0, le=600)
    fine_min_kip: int | None = Field(default=None, ge=0)
    fine_max_kip: int | None = Field(default=None, ge=0)
    death_penalty: bool = False
    re_education: bool = False
    confiscation: bool = False

    @model_validator(mode="after")
    def _ordered(self) -> PenaltyFacts:
        for lo, hi, what in (
            (self.prison_min_months, self.prison_max_months, "prison"),
            (self.fine_min_kip, self.fine_max_kip, "fine"),
        ):
            if lo is not None and hi is not None and lo > hi:
                raise ValueError(f"{what} minimum {lo} is above its maximum {hi}")
        return self


class AgeFacts(Model):
    min: int | None = Field(default=None, ge=0, le=25)
    min_inclusive: bool | None = None
    max: int | None = Field(default=None, ge=0, le=25)
    max_inclusive: bool | None = None

    @model_validator(mode="after")
    def _ordered(self) -> AgeFacts:
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError(f"age minimum {self.min} is above its maximum {self.max}")
        # An inclusive flag may be null where the text does not say ("up to the age of 15"),
        # but never present without its bound.
        if self.min is None and self.min_inclusive is not None:
            raise ValueError("min_inclusive given without min")
        if self.max is None and self.max_inclusive is not None:
            raise ValueError("max_inclusive given without max")
        return self


class Override(Model):
    """An explicit, reasoned exception to a parser check (never silent)."""

    checks: list[Literal["penalty", "age"]] = Field(min_length=1)
    reason: str = Field(min_length=10)


class Statement(Model):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    locator: str
    provision: ProvisionRef
    effect: Effect
    offences: list[str] = Field(min_length=1)
    quote: str = Field(min_length=3)
    penalty: PenaltyFacts | None = None
    age: AgeFacts | None = None
    victim_sex: Sex = "unspecified"
    override: Override | None = None
    stance: Stance = "asserted"
    # The id of a statement in the same file whose penalty this provision carries by reference
    # ("the exact same punishments (Article 215) as the Anti-Trafficking Law"): the penalty is
    # recorded as that statement's, marked as by reference, and both quotes are kept.
    penalty_by_reference: str | None = Field(default=None, pattern=r"^[a-z0-9][a-z0-9-]*$")
    note: str | None = None

    @model_validator(mode="after")
    def _one_penalty_source(self) -> Statement:
        if self.penalty_by_reference is not None and self.penalty is not None:
            raise ValueError("give either penalty or penalty_by_reference, not both")
        return self


class Assessment(Model):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    locator: str
    offences: list[str] = Field(min_length=1)
    verdict: Verdict
    considered: list[ProvisionRef] = Field(default_factory=list)
    quote: str = Field(min_length=3)
    note: str | None = None


VersionStatusValue = Literal["adopted", "promulgated", "not-yet-promulgated", "in-force"]


class VersionStatus(Model):
    """What a source says about a law version's legislative stage ("adopted in April 2017 ...
    has not yet been promulgated" vs "the Penal Code promulgated in 2017")."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    locator: str
    version: ProvisionRef
    status: VersionStatusValue
    quote: str = Field(min_length=3)


class NamedOnly(Model):
    """A cited provision the source names without describing it, with why it has no statement."""

    provision: ProvisionRef
    reason: str = Field(min_length=10)


class ReadingsFile(Model):
    document: str
    statements: list[Statement] = Field(default_factory=list)
    assessments: list[Assessment] = Field(default_factory=list)
    version_status: list[VersionStatus] = Field(default_factory=list)
    named_only: list[NamedOnly] = Field(default_factory=list)


@dataclass
class Located:
    """A validated entry with the file and line it came from."""

    entry: Statement | Assessment | VersionStatus
    document: str
    file: Path
    line: int | None
    quote_span: tuple[int, int] = (0, 0)


@dataclass
class Readings:
    statements: list[Located] = field(default_factory=list)
    assessments: list[Located] = field(default_factory=list)
    version_status: list[Located] = field(default_factory=list)
    # (document id, provision) -> reason the source names it without describing it
    named_only: dict[tuple[str, ProvisionRef], str] = field(default_factory=dict)


def bundled_readings_dir() -> Path:
    return options.BUNDLED_READINGS


SECTIONS: dict[str, type[Model]] = {
    "statements": Statement,
    "assessments": Assessment,
    "version_status": VersionStatus,
    "named_only": NamedOnly,
}


def read_readings_file(path: Path) -> tuple[ReadingsFile | None, Any, list[LexgapError]]:
    """A readings file with only its valid entries, its raw mapping (entries aligned with the
    model's lists under the same section names, for their lines), and every schema problem."""
    raw = load_yaml_with_lines(path)
    if not isinstance(raw, dict):
        raise DataFileError(
            "expected a mapping with document/statements/assessments", file=path, line=1
        )
    readings, kept, errors = validate_sections(ReadingsFile, raw, path, SECTIONS)
    return readings, {**raw, **kept}, errors


def locator_hint(locator: str, known: Iterable[str]) -> str | None:
    """Nearby locators for one that is not a passage: the paragraph and items of the same
    number ("10(z)" -> 10, 10(a), ...), else the closest spelling ("fn 4" -> fn 4a)."""
    number = locator.split("(")[0].strip()
    same = sorted(k for k in known if k == number or k.startswith(f"{number}("))
    if same:
        shown = ", ".join(same[:6]) + (", ..." if len(same) > 6 else "")
        return f"passages of {number}: {shown}"
    return choices_hint([locator], known, "locators", list_all=False)


def find_quote(quote: str, text: str) -> tuple[int, int] | None:
    """Span of `quote` in `text`, both whitespace-folded; None if absent. Exact, never fuzzy."""
    q = fold_whitespace(quote)
    start = text.find(q)
    return None if start < 0 else (start, start + len(q))


# How a check reports a problem with the entry it is checking: (message, hint).
Report = Callable[[str, str | None], None]


def check_names(
    notations: Iterable[str],
    refs: Iterable[ProvisionRef],
    known_offences: Collection[str],
    known_instruments: Collection[str],
    fail: Report,
) -> None:
    """Report the offence notations and instruments a curated entry names that do not exist,
    with the closest valid ones; readings and recommendation targets name them alike."""
    unknown = [o for o in notations if o not in known_offences]
    if unknown:
        fail(
            f"unknown offence notation(s) {', '.join(unknown)}",
            choices_hint(unknown, known_offences, "notations"),
        )
    for ref in refs:
        if ref.instrument not in known_instruments:
            fail(
                f"unknown instrument {ref.instrument!r}",
                choices_hint([ref.instrument], known_instruments, "", list_all=False)
                or "see data/instruments.yaml",
            )


def anchor_quote(
    locator: str,
    quote: str,
    document: str,
    passages: Mapping[str, Passage],
    fail: Report,
) -> tuple[Passage, tuple[int, int]] | None:
    """The passage a curated entry quotes and the quote's span in it, or None after reporting
    through `fail` that the passage does not exist or the quote is not in it verbatim.

    Readings and recommendation targets both anchor their quotes here, so both refuse the same
    things with the same messages: the build's promise that every quote is in its source.
    """
    passage = passages.get(locator)
    if passage is None:
        fail(f"no passage {locator!r} in {document}", locator_hint(locator, passages))
        return None
    span = find_quote(quote, passage.text)
    if span is None:
        fail("quote not found in its passage", f"passage begins {passage.text[:60]!r}")
        return None
    return passage, span


def _penalty_matches(facts: PenaltyFacts, parsed: Penalty) -> bool:
    return (
        facts.prison_min_months == parsed.prison_min_months
        and facts.prison_max_months == parsed.prison_max_months
        and facts.fine_min_kip == parsed.fine_min_kip
        and facts.fine_max_kip == parsed.fine_max_kip
        and facts.death_penalty == parsed.death_penalty
        and facts.re_education == parsed.re_education
        and facts.confiscation == parsed.confiscation
    )


def _age_matches(facts: AgeFacts, parsed: AgeBand) -> bool:
    return (
        facts.min == parsed.min_age
        and facts.min_inclusive == parsed.min_inclusive
        and facts.max == parsed.max_age
        and facts.max_inclusive == parsed.max_inclusive
    )


def _describe_penalties(found: Sequence[Penalty]) -> str:
    if not found:
        return "none"
    return "; ".join(
        f"prison {p.prison_min_months}-{p.prison_max_months} months, fine {p.fine_min_kip}-"
        f"{p.fine_max_kip} kip, death={p.death_penalty}, re-education={p.re_education}, "
        f"confiscation={p.confiscation}"
        for p in found
    )


def _describe_ages(found: Sequence[AgeBand]) -> str:
    if not found:
        return "none"
    return "; ".join(
        f"min {a.min_age} ({'incl' if a.min_inclusive else 'excl'}) max {a.max_age} "
        f"({'incl' if a.max_inclusive else 'excl'})"
        for a in found
    )


def check_statement(st: Statement, text: str) -> list[str]:
    """Parser checks of one statement against its quote; returns problems (empty when fine)."""
    problems: list[str] = []
    overridden = set(st.override.checks) if st.override else set()
    found_pen = parse_penalties(st.quote)
    if "penalty" not in overridden:
        if st.penalty is None and found_pen:
            problems.append(
                f"quote states a penalty ({_describe_penalties(found_pen)}) but the entry has none"
            )
        elif st.penalty is not None and not any(_penalty_matches(st.penalty, p) for p in found_pen):
            problems.append(
                f"penalty disagrees with the quote: parser found {_describe_penalties(found_pen)}"
            )
    found_age = parse_age_bands(st.quote)
    if "age" not in overridden:
        if st.age is None and found_age:
            problems.append(
                f"quote states an age band ({_describe_ages(found_age)}) but the entry has none"
            )
        elif st.age is not None and not any(_age_matches(st.age, a) for a in found_age):
            problems.append(
                f"age band disagrees with the quote: parser found {_describe_ages(found_age)}"
            )
    return problems


def load_readings(
    passages: Mapping[str, Mapping[str, Passage]],
    instruments: Iterable[str],
    offences: Iterable[str],
    readings_dir: Path | None = None,
) -> Readings:
    """Load and check every readings file. `passages` maps document id -> locator -> passage."""
    folder = readings_dir if readings_dir is not None else bundled_readings_dir()
    known_instruments = set(instruments)
    known_offences = set(offences)
    out = Readings()
    errors: list[LexgapError] = []
    seen_ids: dict[str, str] = {}
    if not folder.is_dir():
        raise DataFileError("readings folder not found", file=folder)
    for path in sorted(folder.glob("*.yaml")):
        try:
            parsed, raw, problems = read_readings_file(path)
        except LexgapError as exc:
            errors.append(exc)
            continue
        # Schema problems are reported, and the valid entries still checked against the text.
        errors.extend(problems)
        if parsed is None:
            continue
        readings = parsed
        doc_passages = passages.get(readings.document)
        if doc_passages is None:
            errors.append(
                DataFileError(
                    f"unknown document {readings.document!r}",
                    file=path,
                    line=line_of(raw),
                    hint="known: " + ", ".join(sorted(passages)),
                )
            )
            continue
        for named in readings.named_only:
            out.named_only[(readings.document, named.provision)] = named.reason
        raw_entries = [
            *(raw.get("statements") or []),
            *(raw.get("assessments") or []),
            *(raw.get("version_status") or []),
        ]
        entries: list[Statement | Assessment | VersionStatus] = [
            *readings.statements,
            *readings.assessments,
            *readings.version_status,
        ]
        for entry, raw_entry in zip(entries, raw_entries, strict=True):
            line = line_of(raw_entry)

            def fail(
                message: str,
                hint: str | None = None,
                *,
                _line: int | None = line,
                _loc: str = entry.locator,
                _path: Path = path,
            ) -> None:
                errors.append(
                    DataFileError(message, file=_path, line=_line, locator=_loc, hint=hint)
                )

            if entry.id in seen_ids:
                fail(f"duplicate id {entry.id!r}", f"first in {seen_ids[entry.id]}")
            seen_ids.setdefault(entry.id, f"{path.name}:{line}")
            notations = [] if isinstance(entry, VersionStatus) else entry.offences
            refs: list[ProvisionRef]
            if isinstance(entry, Statement):
                refs = [entry.provision]
            elif isinstance(entry, Assessment):
                refs = list(entry.considered)
            else:
                refs = [entry.version]
            check_names(notations, refs, known_offences, known_instruments, fail)
            anchored = anchor_quote(
                entry.locator, entry.quote, readings.document, doc_passages, fail
            )
            if anchored is None:
                continue
            passage, span = anchored
            located = Located(
                entry=entry, document=readings.document, file=path, line=line, quote_span=span
            )
            if isinstance(entry, Statement):
                for problem in check_statement(entry, passage.text):
                    fail(problem, "fix the numbers, or add an override with a reason")
                out.statements.append(located)
            elif isinstance(entry, Assessment):
                out.assessments.append(located)
            else:
                out.version_status.append(located)
    errors.extend(_check_penalty_references(out.statements))
    if errors:
        raise ErrorGroup(in_file_order(errors), f"{len(errors)} problem(s) in the curated readings")
    return out


def _check_penalty_references(statements: list[Located]) -> list[LexgapError]:
    """A penalty given by reference must name a statement of the same document that states a
    penalty itself (no chains: the reader of the answer sees both quotes, and only two)."""
    by_id = {(item.document, item.entry.id): item.entry for item in statements}
    errors: list[LexgapError] = []
    for item in statements:
        st = item.entry
        assert isinstance(st, Statement)
        ref = st.penalty_by_reference
        if ref is None:
            continue
        target = by_id.get((item.document, ref))
        problem = None
        if not isinstance(target, Statement):
            problem = f"penalty_by_reference {ref!r} is not a statement of {item.document}"
        elif target.penalty is None:
            problem = f"penalty_by_reference {ref!r} states no penalty of its own"
        if problem:
            errors.append(
                DataFileError(problem, file=item.file, line=item.line, locator=st.locator)
            )
    return errors
