"""The gap questions on the map and the evidence for them: a node per question, coloured by the
status its answer gives it, the edges its answer rests on, and the edges where sources disagree.

- one node per gap question, coloured by the status `queries.answers.gaps.answer_all` gives
  it. The question, not the concept, is the unit because the status belongs to the question:
  a question may cover several concepts (child prostitution: offering, obtaining, procuring,
  providing) and weighs them together (its acts criterion), so a node per concept would paint
  each concept with a verdict never made about it alone. No concept belongs to two questions;
  the tooltip names the question's concepts.
- the edges into a gap node are exactly the evidence its answer rests on: the provisions its
  query selected (`creates-offence`, or `provides` for other effects), the findings
  (`criticises` from the finding's document, or `finds-criminalised`) and the recommendations
  that press on its concepts (`targets`);
- `conflicts` edges come from `lexgap conflicts` (queries.conflicts), matched to the map's
  nodes by the statements each side quotes, never re-derived.

Separate from `corpus` because these are verdicts made elsewhere (the gap answers, the
conflicts) drawn onto the corpus's nodes; nothing here decides a status or a link.
"""

from __future__ import annotations

from typing import Any

from lexgap.gapmap.corpus import cite_document, offence_words, plain
from lexgap.gapmap.model import GapMap, MapNode, Quote, Tip, TipItem
from lexgap.gapmap.style import (
    CONFLICT_WORDS,
    EFFECT_WORDS,
    GROUP_OF,
    SEX_WORDS,
    STATUS_GROUPS,
    VERDICT_WORDS,
    gap_title,
    kind_status_words,
    status_words,
    words,
)
from lexgap.queries.answers.gaps import GAP_VERDICTS, GapAnswer
from lexgap.queries.answers.model import Provision
from lexgap.queries.answers.rules import MISSING_TEXT


def missing_words(p: Provision) -> str:
    """What a provision leaves out, in the rules' own words ('its penalty is lighter for older
    children than for younger ones'), never the flag ('penalty-by-age')."""
    return "; ".join(
        f"covers only {p.age.get('text') or 'some ages'}"
        if flag == "age-band"
        else MISSING_TEXT.get(flag, flag.replace("-", " "))
        for flag in p.missing
    )


def answer_words(a: GapAnswer) -> str:
    """'Not covered by the law (not criminalised)': the overview's group, then the words of
    the question's kind."""
    group = STATUS_GROUPS[GROUP_OF[a.status]][0].split(":")[0]
    detail = kind_status_words(a.kind, a.status)
    return group if detail.lower() == group.lower() else f"{group} ({detail.lower()})"


def _gap_node_id(answer: GapAnswer) -> str:
    return f"gap:{answer.id}"


def add_gaps(
    m: GapMap, answers: list[GapAnswer], labels: dict[str, str], docs: dict[str, str]
) -> None:
    """A node per gap question and the edges its answer rests on."""
    for a in answers:
        node_id = _gap_node_id(a)
        title = gap_title(a.id)
        concepts = "; ".join(labels.get(c, c) for c in a.offences)
        latest = a.latest_recommendation
        fields = [
            ("answer", answer_words(a)),
            ("offence concepts", concepts),
            ("provisions", str(len({p.provision_iri for p in a.provisions}))),
            ("findings", str(len(a.findings))),
            ("recommendations", str(len(a.recommendations))),
        ]
        if latest is not None:
            fields.append(
                ("latest recommendation", cite_document(m, latest.document, latest.locator))
            )
        if a.as_of:
            fields.append(("as of", a.as_of))
        if a.standard:
            fields.append(("standard", a.standard))
        for c in a.caveats:
            fields.append(("caveat", plain(m, c.text)))
        reasons = [TipItem(f"[{status_words(r.status)}] {plain(m, r.text)}") for r in a.reasons]
        m.add_node(
            MapNode(
                id=node_id,
                kind="offence",
                label=title,
                tip=Tip(a.question, fields, reasons),
                ref=a.id,
                status=a.status,
                concepts=list(a.offences),
            )
        )
        for p in a.provisions:
            kind = "creates-offence" if p.effect == "creates-offence" else "provides"
            fields = [
                ("penalty", p.penalty["text"]),
                ("ages", p.age["text"]),
                ("victims", words(SEX_WORDS, p.sex)),
            ]
            if p.missing:
                fields.append(("leaves out", missing_words(p)))
            cite = cite_document(m, p.source.document, p.source.locator)
            m.link(
                kind,
                p.provision_iri,
                node_id,
                f"{p.provision} → {title}",
                TipItem(
                    f"{cite}: {p.provision} {EFFECT_WORDS.get(p.effect, p.effect)}",
                    fields,
                    [Quote(p.source.quote, "")],
                ),
            )
        for f in a.findings:
            kind = "criticises" if f.verdict in GAP_VERDICTS else "finds-criminalised"
            scope = " (a finding about a broader offence)" if f.scope == "broader" else ""
            fields = [("considered", "; ".join(f.considered))] if f.considered else []
            cite = cite_document(m, f.source.document, f.source.locator)
            m.link(
                kind,
                docs.get(f.source.document, f"document {f.source.document}"),
                node_id,
                f"{cite_document(m, f.source.document)} on {title}",
                TipItem(
                    f"{cite} finds it {words(VERDICT_WORDS, f.verdict)}{scope}",
                    fields,
                    [Quote(f.source.quote, "")],
                ),
            )
        for rec in a.recommendations:
            body = m.bodies.get(rec.body, rec.body)
            year = (rec.date or "undated")[:4]
            scope = " (a broader offence)" if rec.scope == "broader" else ""
            m.link(
                "targets",
                rec.recommendation,
                node_id,
                f"{cite_document(m, rec.document, rec.locator)} presses on {title}",
                TipItem(f"{body}, {year}: on {offence_words(m, rec.offences)}{scope}"),
            )


def conflict_about(m: GapMap, about: str) -> str:
    """What a conflict is about, its offence notation ('child-rape') as its label."""
    head, _, notation = about.rpartition(": ")
    label = m.concept_labels.get(notation, notation)
    return f"{head}: {label}" if head else label


def _conflict_item(m: GapMap, row: dict[str, Any]) -> TipItem:
    def cite(s: dict[str, Any]) -> str:
        return cite_document(m, s["document"], s["locator"])

    def where(side: list[dict[str, Any]]) -> str:
        return "; ".join(cite(s) for s in side)

    return TipItem(
        f"{words(CONFLICT_WORDS, row['kind'])}: {conflict_about(m, row['about'])}",
        [
            ("one side", f"{where(row['a'])}: {plain(m, row['a_claim'])}"),
            ("the other", f"{where(row['b'])}: {plain(m, row['b_claim'])}"),
        ],
        [Quote(str(s["quote"]), cite(s)) for s in row["a"] + row["b"]],
    )


def add_conflicts(
    m: GapMap,
    rows: list[dict[str, Any]],
    statements: list[dict[str, Any]],
    docs: dict[str, str],
) -> None:
    """Conflicts edges from `lexgap conflicts` (`rows`: queries.conflicts for the map's
    jurisdiction; penalties and findings against provisions, not the superseded findings,
    which are no conflict): each statement side is drawn at its provision, a finding at its
    document (one country's map: that country's documents only)."""
    by_iri = {s["statement"]: s for s in statements}

    def node(source: dict[str, Any]) -> str:
        st = source.get("statement")
        if st in by_iri:
            return str(by_iri[st]["provisionIri"])
        return f"statement {source['document']} ¶{source['locator']}"

    for row in rows:
        if row["status"] != "conflict" or row["kind"] not in ("penalty", "finding-vs-provision"):
            continue
        item = _conflict_item(m, row)
        if row["kind"] == "penalty":
            ends_a = {node(s) for s in row["a"]}
        else:
            ends_a = {docs.get(s["document"], f"document {s['document']}") for s in row["a"]}
        for a in sorted(ends_a):
            for b in sorted({node(s) for s in row["b"]}):
                m.link("conflicts", a, b, "sources disagree", item)
