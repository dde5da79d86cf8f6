"""One source passage in full, with everything the graph draws from it: `lexgap show DOC LOC`.

A lawyer who meets "crc-c-opsc-lao-co-1 ¶29(d)" in an answer wants to read the whole paragraph,
cite it, and see what lexgap made of it: the statements about provisions (with their penalties,
ages and sex), the findings on the law, the recommendations and the State's responses. All of it
comes from the graph (queries/sparql/passage.rq, passage-claims.rq, statements.rq), so it
shows what a built store, a Turtle file or an endpoint holds; the citation comes from the
manifest (loaders/citation_form.py), since a citation is about the document, not the graph.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Any

from lexgap.core.errors import UsageError
from lexgap.loaders.citation_form import DocumentRef, citation, locator_of
from lexgap.queries import runner
from lexgap.queries.engine import IRI, Engine
from lexgap.queries.present import age_text, penalty_words

CLAIM_KINDS = ("statement", "finding", "recommendation", "response")


@dataclass(frozen=True)
class Claim:
    """Something the graph draws from the passage. `detail` is a statement's effect, a
    finding's verdict, a recommendation's or a response's kind; `quote` the exact words it
    rests on (a recommendation's are its `text`: the recommending sentences)."""

    kind: str
    id: str | None
    detail: str
    offences: list[str]
    provisions: list[str]
    quote: str | None = None
    text: str | None = None
    # statements only: the penalty and ages in words, the victims' sex, the year the source
    # gives for the law
    penalty: str | None = None
    ages: str | None = None
    sex: str | None = None
    year: int | None = None
    # responses only: the recommendations answered ("crc-c-opsc-lao-co-1 30(c)")
    answers: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class PassageView:
    """A passage with its citation and what is drawn from it. `document` is the document asked
    for; `held_by` the one the graph stores the passage under (the report, for a passage of its
    Spanish edition's English annex)."""

    document: str
    held_by: str
    locator: str
    citation: str
    kind: str | None
    section: str | None
    text: str
    statements: list[Claim]
    findings: list[Claim]
    recommendations: list[Claim]
    responses: list[Claim]

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def _split(value: Any, sep: str) -> list[str]:
    return [p.strip() for p in str(value or "").split(sep) if p.strip()]


def _statement_details(engine: Engine, iris: list[str]) -> dict[str, dict[str, Any]]:
    if not iris:
        return {}
    rows = runner.run(engine, runner.get("statements"), {"statement": [IRI(i) for i in iris]})
    return {r["statement"]: r for r in rows}


def _near(wanted: str, every: list[str]) -> list[str]:
    """Locators like the one asked for: the same paragraph number ('66b' -> 66(a), 66(b)...),
    else those that contain it ('Penal Code'), else the first ones."""
    number = re.match(r"\d+", wanted)
    if number:
        same = [x for x in every if re.match(rf"{number[0]}(?!\d)", x)]
        if same:
            return same
    folded = wanted.casefold()
    return [x for x in every if folded and folded in x.casefold()] or every


def passage(engine: Engine, doc: DocumentRef, locator: str) -> PassageView:
    """The passage `locator` (as typed: '29(d)', 'para. 29 (d)', a citation's words) of `doc`,
    from the graph; an unknown locator is a usage error naming some that exist."""
    wanted = locator_of(locator)
    found = runner.run(engine, runner.get("passage"), {"docParam": doc.id, "locatorParam": wanted})
    if not found:
        every = [
            r["locator"] for r in runner.run(engine, runner.get("passage"), {"docParam": doc.id})
        ]
        if not every:
            raise UsageError(f"the graph holds no passages of {doc.id}")
        near = _near(wanted, every)
        raise UsageError(
            f"{doc.id} has no passage {locator!r}",
            hint=f"e.g. {', '.join(near[:12])}" + (" ..." if len(near) > 12 else ""),
        )
    row = found[0]
    claims = runner.run(engine, runner.get("passage-claims"), {"passage": IRI(row["passage"])})
    details = _statement_details(engine, [c["claim"] for c in claims if c["kind"] == "statement"])
    by_kind: dict[str, list[Claim]] = {k: [] for k in CLAIM_KINDS}
    for c in claims:
        st = details.get(c["claim"], {})
        by_kind[c["kind"]].append(
            Claim(
                kind=c["kind"],
                id=c["id"],
                detail=c["detail"],
                offences=_split(c["offences"], " "),
                provisions=_split(c["provisions"], ";"),
                quote=c["quote"],
                text=c["text"],
                penalty=penalty_words(st) if st else None,
                ages=age_text(st) if st else None,
                sex=st.get("sex") if st else None,
                year=st.get("year") if st else None,
                answers=_split(c["answers"], ";"),
            )
        )
    return PassageView(
        document=doc.id,
        held_by=row["docId"],
        locator=row["locator"],
        citation=citation(doc, row["locator"]),
        kind=row["kind"],
        section=row["section"],
        text=row["text"] or "",
        statements=by_kind["statement"],
        findings=by_kind["finding"],
        recommendations=by_kind["recommendation"],
        responses=by_kind["response"],
    )
