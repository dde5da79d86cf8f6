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

from lexgap.gapmap.model import GapMap, MapNode, Quote, Tip, TipItem
from lexgap.gapmap.style import EFFECT_WORDS, STATUS_STYLE, gap_title, status_words
from lexgap.queries.answers.gaps import GAP_VERDICTS, GapAnswer


def _gap_node_id(answer: GapAnswer) -> str:
    return f"gap:{answer.id}"


def add_gaps(
    m: GapMap, answers: list[GapAnswer], labels: dict[str, str], docs: dict[str, str]
) -> None:
    """A node per gap question and the edges its answer rests on."""
    for a in answers:
        node_id = _gap_node_id(a)
        status_label = STATUS_STYLE[a.status][1]
        concepts = "; ".join(f"{labels.get(c, c)} ({c})" for c in a.offences)
        latest = a.latest_recommendation
        fields = [
            ("status", status_label),
            ("offence concepts", concepts),
            ("provisions", str(len({p.provision_iri for p in a.provisions}))),
            ("findings", str(len(a.findings))),
            ("recommendations", str(len(a.recommendations))),
        ]
        if latest is not None:
            fields.append(
                ("latest recommendation", f"{latest.document} ¶{latest.locator} ({latest.date})")
            )
        if a.as_of:
            fields.append(("as of", a.as_of))
        if a.standard:
            fields.append(("standard", a.standard))
        for c in a.caveats:
            fields.append(("caveat", c.text))
        reasons = [TipItem(f"[{status_words(r.status)}] {r.text}") for r in a.reasons]
        m.add_node(
            MapNode(
                id=node_id,
                kind="offence",
                label=gap_title(a.id),
                tip=Tip(a.question, fields, reasons),
                ref=a.id,
                status=a.status,
                concepts=list(a.offences),
            )
        )
        for p in a.provisions:
            kind = "creates-offence" if p.effect == "creates-offence" else "provides"
            fields = [("penalty", p.penalty["text"]), ("ages", p.age["text"]), ("victims", p.sex)]
            if p.missing:
                fields.append(("leaves out", ", ".join(p.missing)))
            where = f"{p.source.document} ¶{p.source.locator}"
            m.link(
                kind,
                p.provision_iri,
                node_id,
                f"{p.provision} → {a.id}",
                TipItem(
                    f"{p.source.cite()}: {p.provision} {EFFECT_WORDS.get(p.effect, p.effect)}",
                    fields,
                    [Quote(p.source.quote, where)],
                ),
            )
        for f in a.findings:
            kind = "criticises" if f.verdict in GAP_VERDICTS else "finds-criminalised"
            scope = " (a finding about a broader offence)" if f.scope == "broader" else ""
            fields = [("considered", "; ".join(f.considered))] if f.considered else []
            where = f"{f.source.document} ¶{f.source.locator}"
            m.link(
                kind,
                docs.get(f.source.document, f"document {f.source.document}"),
                node_id,
                f"{f.source.document} on {a.id}",
                TipItem(
                    f"{f.source.cite()} finds it {f.verdict}{scope}",
                    fields,
                    [Quote(f.source.quote, where)],
                ),
            )
        for rec in a.recommendations:
            m.link(
                "targets",
                rec.recommendation,
                node_id,
                f"{rec.document} ¶{rec.locator} presses on {a.id}",
                TipItem(
                    f"{rec.body}, {rec.date or 'undated'}: on {', '.join(rec.offences) or a.id}"
                ),
            )


def _conflict_item(row: dict[str, Any]) -> TipItem:
    def where(side: list[dict[str, Any]]) -> str:
        return "; ".join(f"{s['document']} ¶{s['locator']}" for s in side)

    return TipItem(
        f"{row['kind']}: {row['about']}",
        [
            ("A", f"{where(row['a'])}: {row['a_claim']}"),
            ("B", f"{where(row['b'])}: {row['b_claim']}"),
        ],
        [Quote(str(s["quote"]), f"{s['document']} ¶{s['locator']}") for s in row["a"] + row["b"]],
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
        item = _conflict_item(row)
        if row["kind"] == "penalty":
            ends_a = {node(s) for s in row["a"]}
        else:
            ends_a = {docs.get(s["document"], f"document {s['document']}") for s in row["a"]}
        for a in sorted(ends_a):
            for b in sorted({node(s) for s in row["b"]}):
                m.link("conflicts", a, b, "sources disagree", item)
