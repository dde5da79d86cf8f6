"""Gap answers: for each catalogue question, a status with its reasons, computed from the graph.

Nothing here is typed in by hand. Each question is a `gap-*.rq` file whose header names the
offence concepts it is about and whose query selects the statements that bear on it, marking
each with what it leaves out (`?missing`: girls-only, sex-unstated, no-criminal-penalty,
permits-mediation, under-18-marriage). The shared `gap-findings.rq` adds what the sources
concluded (assessments); `statements.rq` and `recommendations.rq` give the details. The rules
below turn that evidence into a status; they are the ones written down in the README:

1. Evidence. A *full provision* is a statement the question's query selects with nothing
   missing (after the age and act criteria below); a *partial provision* has something missing.
   A *positive finding* is an assessment with verdict `criminalised` on the concept itself or a
   narrower one; a *gap finding* is `not-criminalised`, `no-law` (on the concept, a narrower
   or a broader one) or `partially-criminalised`.
2. Age criterion (header `ages: under-18`): the age bands one document gives for the question's
   offences must together cover every age from 0 to under 18; if they do not, each of that
   document's provisions with a band is partial ("age-band"). A provision with no band is not
   marked: the source gave none, and nothing is guessed.
3. Act criterion (header `acts: a b c`): every listed act needs at least one provision (full or
   partial) from some source; each act without one is a reason of its own and makes the answer
   at best partial.
4. Status: no evidence at all -> `no_information`. Positive evidence (a full provision or a
   positive finding) from one document and a gap finding from another -> `contested`, each pair
   explained (the finding predates the law, considered it, or is later and does not cite it).
   Otherwise: a full provision or positive finding, with no partial provision, no gap finding
   and no act left uncovered -> `criminalised`; any full or partial provision, partial or
   positive finding -> `partial`; only gap findings -> `not_criminalised`.

Sources are never merged: every provision and finding keeps its own document, date, paragraph
and quote, and the reasons cite them. The undated State report is dated by the year of its
latest facts where an order is needed, and always shown as undated.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict, dataclass, field
from typing import Any

from lexgap.loaders.errors import UsageError
from lexgap.queries import runner
from lexgap.queries.engine import IRI, Engine
from lexgap.queries.present import age_text, penalty_text

STATUSES = ("criminalised", "partial", "not_criminalised", "contested", "no_information")
GAP_VERDICTS = ("not-criminalised", "no-law", "partially-criminalised")
PREFIX = "gap-"

MISSING_TEXT = {
    "girls-only": "protects girls only: boys are not covered",
    "sex-unstated": "the source does not say that boys are protected",
    "no-criminal-penalty": "the source states no criminal penalty",
    "permits-mediation": "allows mediation or settlement of the case instead of prosecution",
    "under-18-marriage": "sets a minimum age of marriage below 18",
}


@dataclass
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

    def cite(self) -> str:
        when = self.date or (
            f"undated, facts up to {self.facts_up_to}" if self.facts_up_to else "undated"
        )
        return f"{self.document} ¶{self.locator} ({when})"


@dataclass
class Provision:
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


@dataclass
class Finding:
    assessment: str
    assessment_id: str
    verdict: str
    scope: str
    offences: list[str]
    considered: list[str]
    considered_iris: list[str]
    source: Source


@dataclass
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


@dataclass
class Reason:
    status: str
    text: str
    sources: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class GapAnswer:
    """One question's answer; `to_json()` is the documented, stable JSON structure."""

    id: str
    question: str
    offences: list[str]
    status: str
    reasons: list[Reason]
    provisions: list[Provision]
    findings: list[Finding]
    recommendations: list[Recommendation]

    @property
    def latest_recommendation(self) -> Recommendation | None:
        dated = [r for r in self.recommendations if r.date]
        return max(dated, key=lambda r: (r.date or "", r.document, r.locator)) if dated else None

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        latest = self.latest_recommendation
        data["latest_recommendation"] = asdict(latest) if latest else None
        return data


def catalogue() -> dict[str, runner.QueryFile]:
    """The gap questions, by id (the query id without its `gap-` prefix)."""
    return {
        q.id[len(PREFIX) :]: q
        for q in runner.catalogue().values()
        if q.id.startswith(PREFIX) and q.get("kind") == "gap"
    }


def question(question_id: str) -> runner.QueryFile:
    found = catalogue().get(question_id.removeprefix(PREFIX))
    if found is None:
        raise UsageError(
            f"unknown question {question_id!r}",
            hint="see `lexgap ask --list`; known: " + ", ".join(sorted(catalogue())),
        )
    return found


def _split(value: Any, sep: str = " ") -> list[str]:
    return [p.strip() for p in str(value or "").split(sep.strip() or " ") if p.strip()]


def _source(row: dict[str, Any]) -> Source:
    return Source(
        document=row["docId"],
        body=row["body"],
        date=row.get("date"),
        facts_up_to=row.get("factsUpTo"),
        locator=row["locator"],
        quote=row["quote"],
        jurisdiction=row.get("jurisdiction"),
    )


def _provision(row: dict[str, Any], missing: list[str]) -> Provision:
    penalty = {
        "prison_min_months": row.get("prisonMinMonths"),
        "prison_max_months": row.get("prisonMaxMonths"),
        "fine_min_kip": row.get("fineMinKip"),
        "fine_max_kip": row.get("fineMaxKip"),
        "death_penalty": row.get("deathPenalty"),
        "re_education": row.get("reEducation"),
        "confiscation": row.get("confiscation"),
        "text": penalty_text(row) if row.get("deathPenalty") is not None else "no penalty stated",
    }
    age = {
        "min": row.get("ageMin"),
        "min_inclusive": row.get("ageMinInclusive"),
        "max": row.get("ageMax"),
        "max_inclusive": row.get("ageMaxInclusive"),
        "text": age_text(row),
    }
    return Provision(
        statement=row["statement"],
        statement_id=row["id"],
        provision=row["provision"],
        provision_iri=row["provisionIri"],
        instrument=row["instrumentId"],
        year=row.get("year"),
        article=row.get("article"),
        effect=row["effect"],
        offences=sorted(_split(row["offences"])),
        sex=row["sex"],
        penalty=penalty,
        age=age,
        missing=sorted(set(missing)),
        source=_source(row),
    )


def _cover_interval(age: dict[str, Any]) -> tuple[float, float] | None:
    """An age band as a half-open interval [lo, hi) of ages, or None if no band is stated.
    Whole years: 'under 15' is [0, 15), '15 to 18 inclusive' is [15, 19), 'over 12' [13, ...)."""
    lo, hi = age.get("min"), age.get("max")
    if lo is None and hi is None:
        return None
    start = 0.0 if lo is None else float(lo + (0 if age.get("min_inclusive") is not False else 1))
    end = float("inf") if hi is None else float(hi + (1 if age.get("max_inclusive") else 0))
    return start, end


def covers_under(bands: list[tuple[float, float]], limit: float) -> bool:
    """True if the union of half-open intervals covers [0, limit)."""
    reach = 0.0
    for start, end in sorted(bands):
        if start > reach:
            return False
        reach = max(reach, end)
        if reach >= limit:
            return True
    return reach >= limit


def _apply_age_criterion(provisions: list[Provision], limit: int) -> list[Reason]:
    reasons: list[Reason] = []
    by_doc: dict[str, list[Provision]] = defaultdict(list)
    for p in provisions:
        by_doc[p.source.document].append(p)
    for doc, items in sorted(by_doc.items()):
        bands = [b for b in (_cover_interval(p.age) for p in items) if b is not None]
        if not bands or covers_under(bands, limit):
            continue
        for p in items:
            if _cover_interval(p.age) is not None:
                p.missing = sorted({*p.missing, "age-band"})
        described = "; ".join(
            f"{p.provision}: {p.age['text']}" for p in items if _cover_interval(p.age) is not None
        )
        reasons.append(
            Reason(
                "partial",
                f"The age bands {doc} gives do not together cover every child under {limit} "
                f"({described}).",
                [_cite(p.source) for p in items if _cover_interval(p.age) is not None],
            )
        )
    return reasons


def _reason(status: str, text: str, *sources: Source) -> Reason:
    return Reason(status, text, [_cite(s) for s in sources])


def _cite(source: Source) -> dict[str, Any]:
    return {
        "document": source.document,
        "locator": source.locator,
        "date": source.date,
        "quote": source.quote,
    }


def _relation(finding: Finding, positive: Provision | Finding) -> str:
    """Why a gap finding and a positive source disagree: dates and what the finding considered."""
    fy = finding.source.year
    if isinstance(positive, Provision):
        law_year = positive.year
        label = positive.provision
        if positive.provision_iri in finding.considered_iris:
            return f"the finding considered {label} and still found a gap"
        if law_year is not None and fy is not None and fy < law_year:
            return f"the finding ({fy}) predates {label} ({law_year})"
        later_than = law_year if law_year is not None else positive.source.year
        if later_than is not None and fy is not None and fy >= later_than:
            what = f"{label}" + ("" if law_year is not None else " (law's year not stated)")
            return f"the finding ({fy}) is later than {what} and does not cite it"
        if fy is not None and positive.source.year is not None and fy < positive.source.year:
            return (
                f"the finding ({fy}) predates the source that cites {label} "
                f"({positive.source.cite()}); the law's year is not stated"
            )
        return f"the finding does not cite {label}"
    py = positive.source.year
    if fy is not None and py is not None:
        order = "predates" if fy < py else ("is later than" if fy > py else "is as old as")
        return f"the finding ({fy}) {order} the other source's finding ({py})"
    return "the two findings are not dated"


def _pos_label(item: Provision | Finding) -> str:
    if isinstance(item, Provision):
        return f"{item.source.cite()} says {item.provision} {_effect_words(item)}"
    return f"{item.source.cite()} finds it {item.verdict}"


def decide(
    provisions: list[Provision],
    findings: list[Finding],
    acts: list[str],
    age_limit: int | None,
) -> tuple[str, list[Reason]]:
    """The status and its reasons from the evidence (rules in the module docstring)."""
    reasons: list[Reason] = []
    if age_limit is not None:
        reasons.extend(_apply_age_criterion(provisions, age_limit))
    full = [p for p in provisions if not p.missing]
    partial = [p for p in provisions if p.missing]
    positive_findings = [
        f for f in findings if f.verdict == "criminalised" and f.scope == "same-or-narrower"
    ]
    gap_findings = [f for f in findings if f.verdict in GAP_VERDICTS]
    uncovered = [
        a for a in acts if not any(a in p.offences for p in provisions)
    ]  # an act no source gives any provision for

    if not provisions and not positive_findings and not gap_findings:
        return "no_information", [
            Reason(
                "no_information",
                "No source describes a provision on this question or makes a finding on it.",
            )
        ]
    for p in full:
        text = f"{p.source.cite()}: {p.provision} {_effect_words(p)}{_details(p)}."
        reasons.append(_reason("criminalised", text, p.source))
    for p in partial:
        why = "; ".join(
            MISSING_TEXT.get(m, _age_missing_text(p) if m == "age-band" else m) for m in p.missing
        )
        text = f"{p.source.cite()}: {p.provision} {_effect_words(p)}{_details(p)}, but {why}."
        reasons.append(_reason("partial", text, p.source))
    for f in positive_findings:
        text = f"{f.source.cite()} finds the offence criminalised."
        reasons.append(_reason("criminalised", text, f.source))
    for f in gap_findings:
        scope = " (a finding about a broader offence)" if f.scope == "broader" else ""
        status = "not_criminalised" if f.verdict != "partially-criminalised" else "partial"
        reasons.append(_reason(status, f"{f.source.cite()} finds it {f.verdict}{scope}.", f.source))
    for act in uncovered:
        reasons.append(
            Reason(
                "partial" if provisions else "not_criminalised",
                f"No source describes a provision on {act}.",
            )
        )

    # Contested: a gap finding against positive evidence from another document. One reason
    # per gap finding, naming each positive source and how the two relate in time.
    positives: list[Provision | Finding] = [*full, *positive_findings]
    contested = False
    for g in gap_findings:
        against = [
            p
            for p in positives
            if p.source.document != g.source.document
            and p.source.jurisdiction == g.source.jurisdiction
        ]
        if not against:
            continue
        contested = True
        sides = "; ".join(f"{_pos_label(p)} ({_relation(g, p)})" for p in against)
        reasons.append(
            Reason(
                "contested",
                f"Sources disagree: {g.source.cite()} finds it {g.verdict}, but {sides}.",
                [_cite(g.source), *(_cite(p.source) for p in against)],
            )
        )
    if contested:
        status = "contested"
    elif positives and not partial and not gap_findings and not uncovered:
        status = "criminalised"
    elif (
        provisions
        or positive_findings
        or any(f.verdict == "partially-criminalised" for f in gap_findings)
    ):
        status = "partial"
    else:
        status = "not_criminalised"
    order = {
        s: i
        for i, s in enumerate(
            ("contested", "criminalised", "partial", "not_criminalised", "no_information")
        )
    }
    reasons.sort(key=lambda r: order[r.status])
    return status, reasons


def _effect_words(p: Provision) -> str:
    return {
        "creates-offence": "creates the offence",
        "prohibits": "prohibits it",
        "sets-minimum-age": f"sets the age ({p.age['text']})",
        "sets-procedure": "provides for it",
        "grants-right": "grants the right",
        "defines": "defines it",
        "establishes-body": "establishes a body for it",
    }.get(p.effect, p.effect)


def _details(p: Provision) -> str:
    """'; penalty ...; ages ...' as far as the source states them."""
    out = ""
    if p.effect == "creates-offence":
        stated = p.penalty["text"] != "no penalty stated"
        out += f"; penalty {p.penalty['text']}" if stated else "; no penalty stated in this source"
    if p.age["text"] != "no age band stated" and p.effect != "sets-minimum-age":
        out += f"; ages {p.age['text']}"
    return out


def _age_missing_text(p: Provision) -> str:
    return f"covers only {p.age['text']}"


def jurisdictions(engine: Engine) -> dict[str, list[str]]:
    """Each jurisdiction the source documents discuss -> its documents' ids."""
    rows = runner.run(engine, runner.get("jurisdictions"))
    return {r["jurisdiction"]: sorted(_split(r["documents"])) for r in rows}


def check_jurisdiction(engine: Engine, jurisdiction: str | None) -> None:
    """An unknown `--jurisdiction` is a usage error naming the known ones (a typo must not
    answer every question "no information")."""
    if jurisdiction is None:
        return
    known = jurisdictions(engine)
    if jurisdiction not in known:
        shown = ", ".join(list(known)[:30]) + (" ..." if len(known) > 30 else "")
        raise UsageError(
            f"no source document is about jurisdiction {jurisdiction!r}",
            hint=f"jurisdictions in the graph: {shown or 'none'}",
        )


def answer(engine: Engine, question_id: str, jurisdiction: str | None = None) -> GapAnswer:
    """Answer one catalogue question from the graph behind `engine`: from every source, or
    (`jurisdiction`) only from the documents about one country. With many countries in one
    graph, an answer across all of them says little; the country's own answer is the useful one,
    and its queries touch that country's documents only."""
    q = question(question_id)
    offences = _split(q.get("offences"))
    only: dict[str, Any] = {} if jurisdiction is None else {"jurisdiction": jurisdiction}
    evidence = runner.run(engine, q)
    missing_by_statement: dict[str, list[str]] = defaultdict(list)
    for row in evidence:
        missing_by_statement[row["statement"]].extend(_split(row.get("missing")))
    provisions: list[Provision] = []
    if missing_by_statement:
        rows = runner.run(
            engine,
            runner.get("statements"),
            {"statement": [IRI(s) for s in sorted(missing_by_statement)], **only},
        )
        provisions = [_provision(r, missing_by_statement[r["statement"]]) for r in rows]
    finding_rows = runner.run(
        engine, runner.get("gap-findings"), {"notation": _split(q.get("findings")), **only}
    )
    findings = _findings(finding_rows)
    recs = _recommendations(engine, offences, jurisdiction)
    age_limit = 18 if q.get("ages") == "under-18" else None
    status, reasons = decide(provisions, findings, _split(q.get("acts")), age_limit)
    provisions.sort(
        key=lambda p: (p.source.year or 9999, p.source.document, p.provision, p.statement_id)
    )
    return GapAnswer(
        id=q.id[len(PREFIX) :],
        question=q.question,
        offences=offences,
        status=status,
        reasons=reasons,
        provisions=provisions,
        findings=findings,
        recommendations=recs,
    )


def _findings(rows: list[dict[str, Any]]) -> list[Finding]:
    # An assessment reached both as same-or-narrower and as broader keeps the closer scope.
    by_node: dict[str, Finding] = {}
    for r in rows:
        f = Finding(
            assessment=r["assessment"],
            assessment_id=r["id"],
            verdict=r["verdict"],
            scope=r["scope"],
            offences=sorted(_split(r["offences"])),
            considered=sorted(_split(r["consideredLabels"], "; ")),
            considered_iris=sorted(_split(r["consideredIris"])),
            source=_source(r),
        )
        known = by_node.get(f.assessment)
        if known is None or (known.scope == "broader" and f.scope != "broader"):
            by_node[f.assessment] = f
        elif known.scope == f.scope:
            known.offences = sorted({*known.offences, *f.offences})
    return sorted(
        by_node.values(),
        key=lambda f: (f.source.year or 9999, f.source.document, f.source.locator, f.assessment_id),
    )


def _recommendations(
    engine: Engine, offences: list[str], jurisdiction: str | None = None
) -> list[Recommendation]:
    if not offences:
        return []
    only: dict[str, Any] = {} if jurisdiction is None else {"jurisdiction": jurisdiction}
    rows = runner.run(engine, runner.get("gap-recommendations"), {"notation": offences, **only})
    rows = runner.tidy_lists(rows, {"offences": " ", "provisions": "; "})
    seen: dict[str, Recommendation] = {}
    for r in rows:
        seen[r["rec"]] = Recommendation(
            recommendation=r["rec"],
            body=r["body"],
            document=r["docId"],
            locator=r["locator"],
            date=r.get("date"),
            kind=r["kind"],
            offences=sorted(_split(r["offences"])),
            provisions=sorted(_split(r["provisions"], "; ")),
            text=r["text"],
        )
    return sorted(seen.values(), key=lambda r: (r.date or "9999", r.document, _loc_key(r.locator)))


def _loc_key(locator: str) -> tuple[int, str]:
    head = locator.split("(")[0]
    return (int(head), locator) if head.isdigit() else (10**6, locator)


def answer_all(engine: Engine, jurisdiction: str | None = None) -> list[GapAnswer]:
    """Every catalogue question, in catalogue order (from one country's documents only, when
    `jurisdiction` is given)."""
    return [answer(engine, qid, jurisdiction) for qid in catalogue()]


MATRIX_COLUMNS = [
    "id",
    "question",
    "status",
    "key_provisions",
    "findings",
    "recommendations",
    "latest_recommendation",
]


def matrix_row(a: GapAnswer) -> dict[str, Any]:
    """One row of the gap matrix: the status, the provisions it rests on, the latest ask."""
    full = [p for p in a.provisions if not p.missing] or a.provisions
    labels = list(dict.fromkeys(p.provision for p in full))
    latest = a.latest_recommendation
    return {
        "id": a.id,
        "question": a.question,
        "status": a.status,
        "key_provisions": "; ".join(labels[:4])
        + (f" (+{len(labels) - 4})" if len(labels) > 4 else ""),
        "findings": len(a.findings),
        "recommendations": len(a.recommendations),
        "latest_recommendation": (
            f"{latest.body} {latest.document} ¶{latest.locator} ({latest.date})" if latest else ""
        ),
    }


def gap_matrix(engine: Engine, jurisdiction: str | None = None) -> list[dict[str, Any]]:
    """The whole matrix: one row per catalogue question."""
    return [matrix_row(a) for a in answer_all(engine, jurisdiction)]
