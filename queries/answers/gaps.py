"""Gap answers: for each catalogue question, a status with its reasons, computed from the graph.

Nothing here is typed in by hand. Each question is a `gap-*.rq` file whose header names the
offence concepts it is about, the kind of answer it gives (`answers: criminalisation`,
`procedure` or `minimum-age`, with its `standard:` for the last) and whose query selects the
statements that bear on it, marking each with what it leaves out (`?missing`). The shared
`gap-findings.rq` adds what the sources concluded (assessments; run in two steps by
`findings.py`), `gap-statement-extras.rq` the
reported views and penalties by reference, `gap-version-status.rq` what the sources say of the
law versions' promulgation, `gap-recommendations.rq` who pressed on the gap
(in two steps by `recommendations.py`).

This module collects that evidence once (`collect`) and judges it (`judge`) as the sources stood
on a date (`as_of`: documents dated on or before it; the undated State report counted from the
end of its latest facts' year) or with every source. The rules are in `rules.py` and
`ages.py`, and written down in the README. Sources are never merged: every provision and
finding keeps its own document, date, paragraph and quote, and the reasons cite them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from typing import Any

from lexgap.core.errors import UsageError, choices_hint
from lexgap.core.record import factory, record, replace
from lexgap.queries import rows as typed
from lexgap.queries import runner
from lexgap.queries.answers.ages import decide_ages, parse_standard
from lexgap.queries.answers.evidence import collect as statement_evidence
from lexgap.queries.answers.findings import collect as finding_evidence
from lexgap.queries.answers.model import (
    KIND_STATUSES,
    KINDS,
    STATUSES,
    AgeFinding,
    Caveat,
    Finding,
    GapAnswer,
    Provision,
    Reason,
    Recommendation,
    Source,
    cite_json,
    copied,
)
from lexgap.queries.answers.recommendations import collect as recommendation_evidence
from lexgap.queries.answers.rules import GAP_VERDICTS, MISSING_TEXT, Decision, decide
from lexgap.queries.answers.without import AgesWithout, Decider, Without
from lexgap.queries.engine import IRI, Engine, within_outer_group

PREFIX = "gap-"

__all__ = [
    "GAP_VERDICTS",
    "KINDS",
    "KIND_STATUSES",
    "MISSING_TEXT",
    "STATUSES",
    "AgeFinding",
    "Caveat",
    "Evidence",
    "Finding",
    "GapAnswer",
    "Provision",
    "Reason",
    "Recommendation",
    "Source",
    "answer",
    "answer_all",
    "collect",
    "history",
    "judge",
]


def catalogue() -> dict[str, runner.QueryFile]:
    """The gap questions, by id (the query id without its `gap-` prefix)."""
    return {
        q.id[len(PREFIX) :]: q
        for q in runner.catalogue().values()
        if q.id.startswith(PREFIX) and q.get("kind") == "gap"
    }


def question(question_id: str) -> runner.QueryFile:
    """The question's query file: its own file read alone when it is one (a cold `ask` needs
    no other), else looked up in the catalogue (which names the known ones on a miss)."""
    alone = runner.find(PREFIX + question_id.removeprefix(PREFIX))
    if alone is not None and alone.get("kind") == "gap":
        return alone
    found = catalogue().get(question_id.removeprefix(PREFIX))
    if found is None:
        raise UsageError(
            f"unknown question {question_id!r}",
            hint=choices_hint(
                [question_id.removeprefix(PREFIX)],
                catalogue(),
                "questions (`lexgap list questions`)",
            ),
        )
    return found


def jurisdictions(engine: Engine) -> dict[str, list[str]]:
    """Each jurisdiction the source documents discuss -> its documents' ids."""
    rows = runner.run(engine, runner.get("jurisdictions"))
    return {r["jurisdiction"]: sorted(typed.split(r["documents"])) for r in rows}


def check_jurisdiction(engine: Engine, jurisdiction: str | None) -> None:
    """An unknown `--jurisdiction` is a usage error naming the known ones (a typo must not
    answer every question "no information")."""
    if jurisdiction is None:
        return
    known = jurisdictions(engine)
    if jurisdiction not in known:
        shown = ", ".join(list(known)[:30]) + (" ..." if len(known) > 30 else "")
        guess = choices_hint([jurisdiction], known, "", list_all=False)
        raise UsageError(
            f"no source document is about jurisdiction {jurisdiction!r}",
            hint=(f"{guess} " if guess else "") + f"jurisdictions in the graph: {shown or 'none'}",
        )


@record
class Evidence:
    """Everything the graph holds on one question, with every source, before any judgement."""

    question: runner.QueryFile
    provisions: list[Provision]
    findings: list[Finding]
    recommendations: list[Recommendation]
    # provision IRI -> the version statements the sources make about its law version
    versions: dict[str, list[dict[str, Any]]] = factory(default_factory=dict)

    @property
    def kind(self) -> str:
        return question_kind(self.question)


def question_kind(q: runner.QueryFile) -> str:
    kind = q.get("answers", "criminalisation")
    if kind not in KINDS:
        raise UsageError(f"question {q.id} declares unknown kind {kind!r}", hint=", ".join(KINDS))
    return kind


def collect(engine: Engine, question_id: str, jurisdiction: str | None = None) -> Evidence:
    """Every piece of evidence on one question from the graph behind `engine`: from every
    source, or (`jurisdiction`) only from the documents about one country."""
    q = question(question_id)
    offences = typed.split(q.get("offences"))
    evidence = _selected(engine, q, jurisdiction)
    missing_by_statement: dict[str, list[str]] = defaultdict(list)
    for row in evidence:
        missing_by_statement[row["statement"]].extend(typed.split(row.get("missing")))
    provisions: list[Provision] = []
    versions: dict[str, list[dict[str, Any]]] = {}
    if missing_by_statement:
        # A few bound steps for the rows of `statements`, `gap-statement-extras` and
        # `gap-version-status` on these statements (queries/answers/evidence.py says why).
        statements = [IRI(s) for s in sorted(missing_by_statement)]
        found = statement_evidence(engine, statements, jurisdiction)
        provisions = [
            typed.provision(r, missing_by_statement[r["statement"]]) for r in found.statements
        ]
        _add_extras(provisions, found.extras)
        versions = found.versions
    finding_rows = finding_evidence(engine, typed.split(q.get("findings")), jurisdiction)
    provisions.sort(
        key=lambda p: (p.source.year or 9999, p.source.document, p.provision, p.statement_id)
    )
    return Evidence(
        question=q,
        provisions=provisions,
        findings=typed.findings(finding_rows),
        recommendations=_recommendations(engine, offences, jurisdiction),
        versions=versions,
    )


# The country asked about, as a pattern on the question's ?statement (full IRIs: a question's
# prefixes are its own). The variable's name is one no question uses.
ONE_COUNTRY = (
    "?statement <https://lexgap.example.org/ns#statedIn>/"
    "<https://lexgap.example.org/ns#jurisdiction> ?askedJurisdiction ."
)


def _selected(
    engine: Engine, q: runner.QueryFile, jurisdiction: str | None
) -> list[dict[str, Any]]:
    """The question's rows (statement, missing); about one country, only those of statements
    stated in documents about it. Why the country in the question's own query: its statements
    from every country were selected and then dropped by `statement_evidence` (which keeps the
    same documents' statements), so an answer about one country cost what all 100 countries'
    statements cost (a question's query 5-10 times its time about one country at 100x)."""
    if jurisdiction is None:
        return runner.run(engine, q)
    one = replace(
        q, text=within_outer_group(q.text, ONE_COUNTRY), params=(*q.params, "askedJurisdiction")
    )
    return runner.run(engine, one, {"askedJurisdiction": jurisdiction})


def _add_extras(provisions: list[Provision], extras: list[dict[str, Any]]) -> None:
    """Reported views and penalties by reference (`gap-statement-extras`' rows), onto the
    provisions just read."""
    by_iri = {p.statement: p for p in provisions}
    for r in extras:
        p = by_iri.get(r["statement"])
        if p is None:
            continue
        if r.get("stance"):
            p.stance = r["stance"]
        if r.get("distinct"):
            p.distinct_enactment = True
        if r.get("refId"):
            p.penalty["by_reference"] = {
                "statement_id": r["refId"],
                "provision": r["refProvision"],
                "document": r["refDocId"],
                "locator": r["refLocator"],
                "quote": r["refQuote"],
            }


def counts_on(source: Source | None, effective: str | None, as_of: str | None) -> bool:
    """Whether a document counts in the view as of `as_of` (None: every document). A date is
    compared at the precision the document gives ("2011-02" counts from any day of February
    2011); an undated document from the end of its latest facts' year."""
    if as_of is None:
        return True
    when = effective if source is None else source.effective_date
    if when is None:
        return False
    return when <= as_of[: len(when)]


def judge(evidence: Evidence, as_of: str | None = None) -> GapAnswer:
    """The answer from the evidence, as the sources stood on `as_of` (ISO date) or with every
    source."""
    q = evidence.question
    kind = evidence.kind
    provisions = [p for p in evidence.provisions if counts_on(p.source, None, as_of)]
    findings = [f for f in evidence.findings if counts_on(f.source, None, as_of)]
    recs = [r for r in evidence.recommendations if counts_on(None, r.effective_date, as_of)]
    standard_text = q.get("standard-text") or None if kind == "minimum-age" else None
    status, reasons, decided_provisions, decided_findings, ages, whole = _decide(
        q, kind, provisions, findings
    )

    # The status without some statements (a caveat's test): only what they can change is
    # decided again (without.py).
    status_without: Callable[[set[str]], str]
    if whole is not None:
        status_without = Without(
            provisions,
            findings,
            whole,
            _decider(q, kind),
            kind=kind,
            acts=typed.split(q.get("acts")),
        ).status
    else:
        status_without = AgesWithout(
            provisions, findings, parse_standard(q.get("standard")), standard_text
        ).status
    caveats = _caveats(evidence, decided_provisions, as_of, status, status_without)
    return GapAnswer(
        id=q.id[len(PREFIX) :],
        question=q.question,
        kind=kind,
        offences=typed.split(q.get("offences")),
        status=status,
        reasons=reasons,
        provisions=decided_provisions,
        findings=decided_findings,
        recommendations=recs,
        caveats=caveats,
        standard=standard_text,
        ages=ages,
        as_of=as_of,
    )


def _decide(
    q: runner.QueryFile, kind: str, provisions: list[Provision], findings: list[Finding]
) -> tuple[str, list[Reason], list[Provision], list[Finding], list[AgeFinding], Decision | None]:
    """Status, reasons, the evidence with its roles, the ages (minimum-age questions), and the
    decision of rules 1-6 (other questions)."""
    if kind == "minimum-age":
        # the evidence is shared by every date of a history: judge copies of it
        decided_provisions = [copied(p) for p in provisions]
        decided_findings = [copied(f) for f in findings]
        standards = parse_standard(q.get("standard"))
        status, reasons, ages = decide_ages(
            decided_provisions, decided_findings, standards, q.get("standard-text") or None
        )
        return status, reasons, decided_provisions, decided_findings, ages, None
    decision = _decider(q, kind)(provisions, findings, None)
    return (
        decision.status,
        decision.reasons,
        decision.provisions,
        decision.findings,
        [],
        decision,
    )


def _decider(q: runner.QueryFile, kind: str) -> Decider:
    """Rules 1-6 with the question's parameters, over any evidence (`without.Decider`)."""
    acts = typed.split(q.get("acts"))
    age_limit = 18 if q.get("ages") == "under-18" else None
    equality = q.get("equality") == "girls-boys"
    concepts = typed.split(q.get("offences"))

    def run(
        provisions: list[Provision], findings: list[Finding], newest: dict[str, int] | None
    ) -> Decision:
        return decide(
            provisions,
            findings,
            kind=kind,
            acts=acts,
            age_limit=age_limit,
            equality=equality,
            concepts=concepts,
            newest=newest,
        )

    return run


LIVE_ROLES = ("provision", "partial-provision", "gap-provision")


def _caveats(
    evidence: Evidence,
    provisions: list[Provision],
    as_of: str | None,
    status: str,
    status_without: Callable[[set[str]], str],
) -> list[Caveat]:
    """One caveat per law version the answer rests on (without its provisions the status would
    differ, or the answer is partial and cites them) that a source says has not yet been
    promulgated while another says it has, with every such statement's quote, in date
    order."""
    by_version: dict[str, list[dict[str, Any]]] = defaultdict(list)
    statements: dict[str, set[str]] = defaultdict(set)
    for p in provisions:
        if p.role not in LIVE_ROLES:
            continue
        for r in evidence.versions.get(p.provision_iri, []):
            if counts_on(typed.source(r), None, as_of):
                statements[r["version"]].add(p.statement)
                if r["id"] not in {x["id"] for x in by_version[r["version"]]}:
                    by_version[r["version"]].append(r)
    out: list[Caveat] = []
    for version, items in sorted(by_version.items()):
        stages = {r["stage"] for r in items}
        if "not-yet-promulgated" not in stages or len(stages) < 2:
            continue
        if status != "partial" and status_without(statements[version]) == status:
            # The answer does not rest on this version: another law decides the same status.
            # A partial answer names what is missing, so its detail rests on every provision
            # it cites even where the status would be partial without them.
            continue
        items.sort(key=lambda r: (typed.source(r).effective_date or "", r["docId"], r["locator"]))
        label = items[0]["versionLabel"]
        said = "; ".join(f"{typed.source(r).cite()}: {r['stage']}" for r in items)
        latest = items[-1]
        out.append(
            Caveat(
                kind="in-force",
                version=label,
                text=(
                    f"The answer rests on {label}, whose promulgation the sources state "
                    f"differently ({said}). The latest, {typed.source(latest).cite()}, says "
                    f"{latest['stage']}; the articles as described may be those of a text then "
                    "still under review."
                ),
                sources=[cite_json(typed.source(r)) for r in items],
            )
        )
    return out


def answer(
    engine: Engine,
    question_id: str,
    jurisdiction: str | None = None,
    as_of: str | None = None,
) -> GapAnswer:
    """Answer one catalogue question from the graph behind `engine`: from every source, or
    (`jurisdiction`) only from the documents about one country; as the sources stood on
    `as_of` (an ISO date), or with every source."""
    return judge(collect(engine, question_id, jurisdiction), check_as_of(as_of))


def check_as_of(as_of: str | None) -> str | None:
    """An `--as-of` date as ISO YYYY[-MM[-DD]]; anything else is a usage error."""
    if as_of is None:
        return None
    import datetime as dt

    text = as_of.strip()
    for fmt, size in (("%Y-%m-%d", 10), ("%Y-%m", 7), ("%Y", 4)):
        try:
            dt.datetime.strptime(text, fmt)
        except ValueError:
            continue
        if len(text) == size:
            # A year or month means its last day: "as of 2015" counts all of 2015.
            if size == 4:
                return f"{text}-12-31"
            if size == 7:
                import calendar

                year, month = int(text[:4]), int(text[5:])
                return f"{text}-{calendar.monthrange(year, month)[1]:02d}"
            return text
    raise UsageError(
        f"--as-of {as_of!r} is not a date", hint="give YYYY-MM-DD, YYYY-MM or YYYY, e.g. 2015-06-05"
    )


@record
class HistoryStep:
    """The answer after one more source, in date order."""

    date: str
    label: str
    documents: list[str]
    status: str
    changed: bool
    why: list[str]
    answer: GapAnswer

    def to_json(self) -> dict[str, Any]:
        return {
            "date": self.date,
            "label": self.label,
            "documents": self.documents,
            "status": self.status,
            "changed": self.changed,
            "why": self.why,
        }


def history(engine: Engine, question_id: str, jurisdiction: str | None = None) -> list[HistoryStep]:
    """The status after each source in date order (the undated State report at the end of its
    latest facts' year, labelled so), with what changed it."""
    return replay(collect(engine, question_id, jurisdiction), source_dates(engine, jurisdiction))


def source_dates(engine: Engine, jurisdiction: str | None = None) -> list[dict[str, Any]]:
    """The source documents with the date each counts from (`effective`) and how to show it
    (`label`): the dates a history replays. Separate from `replay` so that a caller replaying
    every question (the gap map's date control) queries them once."""
    return _documents(engine, jurisdiction)


def replay(ev: Evidence, docs: list[dict[str, Any]]) -> list[HistoryStep]:
    """One question's history from its evidence, collected once and judged at each date of
    `docs` (`source_dates`)."""
    steps: list[HistoryStep] = []
    previous: GapAnswer | None = None
    for when in sorted({d["effective"] for d in docs}):
        added = [d for d in docs if d["effective"] == when]
        current = judge(ev, when)
        why = _what_changed(previous, current, [d["docId"] for d in added])
        label = " / ".join(d["label"] for d in added)
        steps.append(
            HistoryStep(
                date=when,
                label=label,
                documents=sorted(d["docId"] for d in added),
                status=current.status,
                changed=previous is None or previous.status != current.status,
                why=why,
                answer=current,
            )
        )
        previous = current
    return steps


def _documents(engine: Engine, jurisdiction: str | None) -> list[dict[str, Any]]:
    """The source documents with the date each counts from and how to show it."""
    only: dict[str, Any] = {} if jurisdiction is None else {"jurisdiction": jurisdiction}
    out = []
    for row in runner.run(engine, runner.get("gap-documents"), only):
        src = Source(row["docId"], "", row.get("date"), row.get("factsUpTo"), "", "")
        effective = src.effective_date
        if effective is None:
            continue
        label = (
            f"{src.date} {src.document}"
            if src.date
            else f"c. {src.facts_up_to} {src.document} (undated; latest facts {src.facts_up_to})"
        )
        out.append({"docId": src.document, "effective": effective, "label": label})
    return out


def _what_changed(previous: GapAnswer | None, current: GapAnswer, added: list[str]) -> list[str]:
    """The evidence the new documents brought, and how the status moved."""
    why: list[str] = []
    if previous is not None and previous.status != current.status:
        why.append(f"status {previous.status} -> {current.status}")
    new_docs = set(added)
    for p in current.provisions:
        if p.source.document in new_docs:
            why.append(f"{p.role or 'provision'}: {p.source.cite()} {p.provision}")
    for f in current.findings:
        if f.source.document in new_docs:
            why.append(f"{f.role or 'finding'}: {f.source.cite()} {f.verdict}")
    if previous is not None:
        before = {f.assessment_id: f.role for f in previous.findings}
        for f in current.findings:
            old = before.get(f.assessment_id)
            if old and old != f.role:
                why.append(f"{f.source.cite()} now {f.role} (was {old})")
    if not why:
        why.append("nothing on this question")
    return why


def _recommendations(
    engine: Engine, offences: list[str], jurisdiction: str | None = None
) -> list[Recommendation]:
    if not offences:
        return []
    found = recommendation_evidence(engine, offences, jurisdiction)
    return typed.recommendations(runner.tidy_lists(found, {"offences": " ", "provisions": "; "}))


def answer_all(
    engine: Engine, jurisdiction: str | None = None, as_of: str | None = None
) -> list[GapAnswer]:
    """Every catalogue question, in catalogue order (from one country's documents only, when
    `jurisdiction` is given; as the sources stood on `as_of`, when given)."""
    return [answer(engine, qid, jurisdiction, as_of) for qid in catalogue()]
