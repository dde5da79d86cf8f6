"""The pieces of a gap answer: sources, provisions, findings, recommendations, reasons, caveats.

Plain data, shared by the rules (`rules`, `ages`), the time views, the
assembly from the graph (`gaps`) and every output; nothing here reads the graph. Each piece
keeps its own document, date, paragraph and quote: sources are never merged.
"""

from __future__ import annotations

from typing import Any, TypeVar

from lexgap.core.record import factory, fields, is_record, record

T = TypeVar("T")

# The status vocabulary of each kind of question. A criminalisation question asks whether
# conduct is an offence; a procedure question whether the law provides a protection or a
# procedure (extradition, jurisdiction, victims not treated as offenders, no mediation); a
# minimum-age question what age the law sets, compared with a stated standard.
KIND_STATUSES: dict[str, tuple[str, ...]] = {
    "criminalisation": (
        "criminalised",
        "partial",
        "not_criminalised",
        "contested",
        "no_information",
    ),
    "procedure": ("provided", "partial", "not_provided", "contested", "no_information"),
    "minimum-age": ("meets_standard", "below_standard", "contested", "no_information"),
}
KINDS = tuple(KIND_STATUSES)
# Every status any question can have, in the order a matrix groups them.
STATUSES = tuple(dict.fromkeys(s for kind in KIND_STATUSES.values() for s in kind))


@record
class Source:
    """Where a piece of evidence comes from: document, its date, paragraph and exact words."""

    document: str
    body: str
    date: str | None
    facts_up_to: int | None
    locator: str
    quote: str
    # The country whose law the document discusses (lex:jurisdiction: the manifest's, else "la";
    # None only for a graph built by an older lexgap). Sources only contest each other within
    # one jurisdiction.
    jurisdiction: str | None = None

    @property
    def year(self) -> int | None:
        """The year used to order evidence: the document's date, else its latest facts."""
        if self.date:
            return int(self.date[:4])
        return self.facts_up_to

    @property
    def effective_date(self) -> str | None:
        """The date from which the document counts in an as-of view: its own date (at the
        precision it gives, "2011-02"), else the last day of its latest facts' year (an undated
        report whose facts run to 2017 was written at the end of 2017 at the earliest)."""
        if self.date:
            return self.date
        return f"{self.facts_up_to}-12-31" if self.facts_up_to else None

    def when(self) -> str:
        """The date as a reader should see it: ISO, or "undated, facts up to 2017"."""
        if self.date:
            return self.date
        return f"undated, facts up to {self.facts_up_to}" if self.facts_up_to else "undated"

    def cite(self) -> str:
        return f"{self.document} ¶{self.locator} ({self.when()})"


def cite_json(source: Source) -> dict[str, Any]:
    """A source as the JSON of a reason lists it."""
    return {
        "document": source.document,
        "locator": source.locator,
        "date": source.date,
        "quote": source.quote,
    }


@record
class Provision:
    """What one source states one provision does, as selected by the question's query.

    `role` is set by the rules: provision (covers the question), partial-provision (covers part
    of it: `missing` says what), gap-provision (evidence of a gap: a reservation, a refusal
    ground, a provision permitting mediation), reported-view (a view the source reports but
    does not assert)."""

    statement: str
    statement_id: str
    provision: str
    provision_iri: str
    instrument: str
    year: int | None
    article: str | None
    effect: str
    offences: list[str]
    sex: str
    penalty: dict[str, Any]
    age: dict[str, Any]
    missing: list[str]
    source: Source
    stance: str = "asserted"
    # The law version is one the sources present as its own enactment (2005 and 2017 Penal
    # Codes): only such a version supersedes an older one.
    distinct_enactment: bool = False
    role: str = ""
    # Set when a later finding considered this provision and still found a gap.
    found_wanting_by: list[str] = factory(default_factory=list)

    @property
    def law_year(self) -> int | None:
        """The latest year the law can date from: the year the source gives, else the source's
        own year (a source can only describe a law that exists by then)."""
        return self.year if self.year is not None else self.source.year

    @property
    def penalty_stated(self) -> bool:
        """Whether the source states a penalty for it (see queries/present.penalty_stated)."""
        return self.penalty.get("death_penalty") is not None


@record
class Finding:
    """A source's own conclusion on the law. `role` is set by the rules: gap-finding (stands),
    superseded-finding (made before the provision that meets it), contesting-finding (made
    after a provision it does not consider), positive-finding, or agreeing-finding (a partial
    finding that agrees with the provisions)."""

    assessment: str
    assessment_id: str
    verdict: str
    scope: str
    offences: list[str]
    considered: list[str]
    considered_iris: list[str]
    source: Source
    considered_instruments: list[str] = factory(default_factory=list)
    role: str = ""
    # Only about a narrower offence than the question's own: a gap there leaves the question's
    # offence partly covered, not uncovered.
    narrower: bool = False
    # How the finding stands against each provision it meets, in words.
    relations: list[str] = factory(default_factory=list)


@record
class Recommendation:
    recommendation: str
    body: str
    document: str
    locator: str
    date: str | None
    kind: str
    offences: list[str]
    provisions: list[str]
    text: str
    # same-or-narrower: on the question's concept or a narrower one; broader: on a concept the
    # question's is part of (it presses on the narrower gap as a broader finding does).
    scope: str = "same-or-narrower"
    effective_date: str | None = None


@record
class Reason:
    status: str
    text: str
    sources: list[dict[str, Any]] = factory(default_factory=list)


@record
class Caveat:
    """A doubt the answer carries whatever its status: e.g. the law version it rests on is said
    by one source to be promulgated and by another not yet promulgated."""

    kind: str
    version: str
    text: str
    sources: list[dict[str, Any]] = factory(default_factory=list)


@record
class AgeFinding:
    """One age a source gives for a minimum-age question, compared with the standard."""

    act: str
    age: int
    provision: str
    statement_id: str
    source: Source
    verdict: str  # meets_standard | below_standard | superseded
    text: str


@record
class GapAnswer:
    """One question's answer; `to_json()` is the documented, stable JSON structure."""

    id: str
    question: str
    kind: str
    offences: list[str]
    status: str
    reasons: list[Reason]
    provisions: list[Provision]
    findings: list[Finding]
    recommendations: list[Recommendation]
    caveats: list[Caveat] = factory(default_factory=list)
    standard: str | None = None
    ages: list[AgeFinding] = factory(default_factory=list)
    as_of: str | None = None

    @property
    def latest_recommendation(self) -> Recommendation | None:
        """The latest dated recommendation on the question's own concept (or a narrower one);
        one on a broader concept only when there is none. Among those of the latest date, one
        that names the question's own concept, then the first in the document's order."""
        dated = [r for r in self.recommendations if r.date and r.scope != "broader"] or [
            r for r in self.recommendations if r.date
        ]
        if not dated:
            return None
        latest = max(r.date or "" for r in dated)
        same_day = [r for r in dated if r.date == latest]
        own = [r for r in same_day if set(r.offences) & set(self.offences)] or same_day
        # an item that asks for something before the lead-in that introduces a list of them
        return min(own, key=lambda r: (r.kind == "lead-in", r.document, _locator_order(r.locator)))

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = _plain(self)
        latest = self.latest_recommendation
        data["latest_recommendation"] = _plain(latest) if latest else None
        return data


def copied(item: T, **changes: Any) -> T:
    """`replace(item, **changes)` for this model's records (every field set by
    `__init__`, no `__post_init__`, no slots): a shallow copy of the fields, with `changes`.
    Why: the rules copy each piece of evidence before giving it a role, and a copy through
    `__init__` with every field checked (`dataclasses.replace`, as `record.replace`) was a
    fifth of deciding an answer over 100 countries."""
    new: T = object.__new__(type(item))
    new.__dict__.update(item.__dict__)
    new.__dict__.update(changes)
    return new


def _plain(value: Any) -> Any:
    """`dataclasses.asdict` for this model's records, without its deep copy of every leaf:
    the leaves here are strings, numbers, booleans and None, which need none (the copy was
    most of a cold `lexgap ask`'s time after its queries). Lists, tuples and dicts are
    rebuilt as asdict rebuilds them."""
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    if is_record(value):
        return {name: _plain(getattr(value, name)) for name in fields(value)}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, tuple):
        return tuple(_plain(v) for v in value)
    if isinstance(value, dict):
        return {_plain(k): _plain(v) for k, v in value.items()}
    raise TypeError(f"not a JSON value in a gap answer: {type(value).__name__}")


def _locator_order(locator: str) -> tuple[int, str]:
    """Numbered paragraphs in their order (9 before 10), others after them by name."""
    head = locator.split("(")[0]
    return (int(head), locator) if head.isdigit() else (10**6, locator)
