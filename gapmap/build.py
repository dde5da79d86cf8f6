"""The gap map: one offline HTML page showing where the law falls short and who has said so.

Why a map: the gap matrix (`lexgap gaps`) says *what* each gap's status is; advocates also have
to show *who* pressed on it and when, which provisions the State cites, and where the sources
disagree. The page itself is drawn by `gapmap.page`.

Where each part comes from; nothing here decides a status or a link:

- one node per gap question, coloured by the status `queries.gaps.answer_all` gives it. The
  question, not the concept, is the unit because the status belongs to the question: a question
  may cover several concepts (child prostitution: offering, obtaining, procuring, providing)
  and weighs them together (its acts criterion), so a node per concept would paint each concept
  with a verdict never made about it alone. No concept belongs to two questions; the tooltip
  names the question's concepts.
- the edges into a gap node are exactly the evidence its answer rests on: the provisions its
  query selected (`creates-offence`, or `provides` for other effects), the findings
  (`criticises` from the finding's document, or `finds-criminalised`) and the recommendations
  that press on its concepts (`targets`);
- provisions, documents and recommendations, and the links between them, come from the
  `gapmap-*`, `statements` and `recommendations` queries: what a recommendation `targets`, the
  document it is `stated-in`, the document that `describes` a provision (a statement), and the
  State report's responses that `answers` a recommendation. `conflicts` edges come from
  `lexgap conflicts` (queries.conflicts), matched to the map's nodes by the statements each
  side quotes, never re-derived.

`gap_map` is the map the CLI draws: the filters (`--offence`, `--instrument`, `--jurisdiction`,
`--max-nodes`) are checked and applied by `gapmap.filter`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from lexgap.core.options import MAX_NODES
from lexgap.gapmap.filter import check_filters, check_whole_size, narrow
from lexgap.gapmap.model import GapMap, MapNode, Quote, Tip, TipItem
from lexgap.gapmap.style import (
    BODY_SHORT,
    EFFECT_WORDS,
    STATUS_STYLE,
    status_words,
)
from lexgap.queries import runner
from lexgap.queries.answers.gaps import (
    GAP_VERDICTS,
    GapAnswer,
    answer_all,
    jurisdictions,
)
from lexgap.queries.conflicts import conflicts
from lexgap.queries.engine import Engine
from lexgap.queries.present import age_text, penalty_text

# --------------------------------------------------------------------------------------------
# Building the map from the graph
# --------------------------------------------------------------------------------------------


def _year(date: str | None) -> str:
    return date[:4] if date else "undated"


def _when(date: str | None, facts_up_to: int | None) -> str:
    if date:
        return date
    return f"undated, facts up to {facts_up_to}" if facts_up_to else "undated"


def _short_locator(locator: str, limit: int = 26) -> str:
    """'Recommendations > Legal & Policy Framework #3' -> 'Legal & Policy Framework #3'."""
    tail = locator.rsplit(">", 1)[-1].strip()
    return tail if len(tail) <= limit else tail[: limit - 1] + "…"


def _penalty(row: dict[str, Any]) -> str:
    return penalty_text(row) if row.get("deathPenalty") is not None else "no penalty stated"


def _add_documents(m: GapMap, rows: list[dict[str, Any]]) -> dict[str, str]:
    """Document nodes; returns document id -> node id."""
    by_doc: dict[str, str] = {}
    for r in rows:
        if r["document"] in m.nodes:
            continue
        m.bodies.setdefault(r["body"], r.get("creator") or r["body"])
        name = r.get("symbol") or r["docId"]
        when = _when(r.get("date"), r.get("factsUpTo"))
        fields = [
            ("identifier", r["docId"]),
            ("UN symbol", r.get("symbol") or "none"),
            ("issued by", r.get("creator") or r["body"]),
            ("date", when),
            ("language", r.get("language") or "not stated"),
        ]
        if r.get("editionId"):
            fields.append(("other edition", r["editionId"]))
        m.add_node(
            MapNode(
                id=r["document"],
                kind="document",
                label=f"{name} ({_year(r.get('date'))})",
                tip=Tip(r.get("title") or r["docId"], fields),
                ref=r["docId"],
                body=r["body"],
                document=r["docId"],
                date=r.get("date"),
            )
        )
        by_doc[r["docId"]] = r["document"]
    return by_doc


def _statement_item(row: dict[str, Any]) -> TipItem:
    where = f"{row['docId']} ¶{row['locator']}"
    return TipItem(
        head=f"{where} ({_when(row.get('date'), row.get('factsUpTo'))})",
        fields=[
            ("effect", EFFECT_WORDS.get(row["effect"], row["effect"])),
            ("offences", row["offences"]),
            ("penalty", _penalty(row)),
            ("ages", age_text(row)),
            ("victims", row["sex"]),
            ("year the source gives", str(row["year"]) if row.get("year") else "not stated"),
        ],
        quotes=[Quote(row["quote"], where)],
    )


def _add_provisions(
    m: GapMap, rows: list[dict[str, Any]], statements: list[dict[str, Any]]
) -> None:
    by_provision: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for s in statements:
        by_provision[s["provisionIri"]].append(s)
    for r in rows:
        if r["provision"] in m.nodes:  # a second label or version row: the first one wins
            continue
        where = f" ({r['jurisdiction']})" if r.get("jurisdiction") else ""
        m.instruments.setdefault(r["instrument"], r["instrumentLabel"] + where)
        has_version = r.get("version") is not None
        year = r.get("year")
        fields = [
            ("instrument", r["instrumentLabel"]),
            ("version", r.get("versionLabel") or "the law as a whole"),
            (
                "year",
                str(year) if year else ("not stated by the source" if has_version else "—"),
            ),
            ("article", r.get("article") or "the law as a whole"),
        ]
        if r.get("jurisdiction"):
            fields.append(("jurisdiction", r["jurisdiction"]))
        described = by_provision.get(r["provision"], [])
        if not described:
            fields.append(("described by", "no source describes what it provides"))
        m.add_node(
            MapNode(
                id=r["provision"],
                kind="provision",
                label=r["label"],
                tip=Tip(r["label"], fields, [_statement_item(s) for s in described]),
                ref=r["label"],
                instrument=r["instrumentId"],
                group=r["instrument"],
                version=r.get("versionLabel"),
            )
        )


def _add_descriptions(m: GapMap, statements: list[dict[str, Any]], docs: dict[str, str]) -> None:
    """`describes` edges: a document to each provision it says something about. They anchor the
    provisions no gap question selects next to the source that describes them."""
    for s in statements:
        m.link(
            "describes",
            docs.get(s["docId"], f"document {s['docId']}"),
            s["provisionIri"],
            f"{s['docId']} describes {s['provision']}",
            _statement_item(s),
        )


def _add_recommendations(m: GapMap, rows: list[dict[str, Any]]) -> None:
    for r in rows:
        name = m.bodies.get(r["body"], r["body"])
        where = f"{r['docId']} ¶{r['locator']}"
        fields = [
            ("body", name),
            ("document", r["docId"]),
            ("date", r.get("date") or "undated"),
            ("kind", r["kind"]),
            ("actions", r.get("actions") or "—"),
            ("offences", r.get("offences") or "—"),
            ("provisions", r.get("provisions") or "—"),
        ]
        if r.get("noLaw"):
            fields.append(("asks for", "no law: training, budget or other non-legislative action"))
        short = BODY_SHORT.get(r["body"], r["body"])
        m.add_node(
            MapNode(
                id=r["rec"],
                kind="recommendation",
                label=f"{short} ¶{_short_locator(r['locator'])} {_year(r.get('date'))}",
                tip=Tip(
                    f"{name}: {where}", fields, [TipItem("text", [], [Quote(r["text"], where)])]
                ),
                ref=where,
                body=r["body"],
                document=r["docId"],
                date=r.get("date"),
                no_law=bool(r.get("noLaw")),
            )
        )


def _gap_node_id(answer: GapAnswer) -> str:
    return f"gap:{answer.id}"


def _add_gaps(
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
                label=a.id,
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


def _add_links(m: GapMap, rows: list[dict[str, Any]]) -> None:
    for r in rows:
        source, target = r["source"], r["target"]
        a = m.nodes.get(source)
        b = m.nodes.get(target)
        names = (a.label if a else source, b.label if b else target)
        if r["kind"] == "answers":
            doc = a.document if a and a.document else source
            where = f"{doc} ¶{r['locator']}"
            m.link(
                "answers",
                source,
                target,
                f"State response to {names[1]}",
                TipItem(f"{where}: {r['detail']}", quotes=[Quote(r["quote"], where)]),
            )
        elif r["kind"] == "targets":
            m.link("targets", source, target, f"{names[0]} targets {names[1]}")
        else:
            m.link("stated-in", source, target, f"{names[0]} is stated in {names[1]}")


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


def _add_conflicts(
    m: GapMap,
    engine: Engine,
    statements: list[dict[str, Any]],
    docs: dict[str, str],
    jurisdiction: str | None = None,
) -> None:
    """Conflicts edges from `lexgap conflicts` (penalties and findings against provisions; not
    the superseded findings, which are no conflict): each statement side is drawn at its
    provision, a finding at its document (one country's map: that country's documents only)."""
    by_iri = {s["statement"]: s for s in statements}

    def node(source: dict[str, Any]) -> str:
        st = source.get("statement")
        if st in by_iri:
            return str(by_iri[st]["provisionIri"])
        return f"statement {source['document']} ¶{source['locator']}"

    for row in conflicts(engine, jurisdiction):
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


def build_map(
    engine: Engine,
    answers: list[GapAnswer] | None = None,
    jurisdiction: str | None = None,
    as_of: str | None = None,
) -> GapMap:
    """The whole map of the graph behind `engine` (see the module docstring for the sources),
    or (`jurisdiction`) the map of one country: its documents, what they state and recommend,
    the gap answers from its documents only, and the provisions they reach (its own laws and
    the international instruments they cite)."""
    if answers is None:
        answers = answer_all(engine, jurisdiction, as_of)
    m = GapMap()
    concepts = runner.run(engine, runner.get("gapmap-concepts"))
    labels: dict[str, str] = {}
    for c in concepts:
        labels.setdefault(c["notation"], c.get("label") or c["notation"])
        m.concept_ancestors.setdefault(c["notation"], set()).add(c["ancestor"])
    only: dict[str, Any] = {} if jurisdiction is None else {"jurisdiction": jurisdiction}
    statements = runner.run(engine, runner.get("statements"), only)
    recommendations = runner.tidy_lists(
        runner.run(engine, runner.get("recommendations")),
        {"actions": " ", "offences": " ", "provisions": "; "},
    )
    documents = runner.run(engine, runner.get("gapmap-documents"))
    provisions = runner.run(engine, runner.get("gapmap-provisions"))
    links = runner.run(engine, runner.get("gapmap-links"))
    if jurisdiction is not None:
        # One country's map: its documents and recommendations; its own laws' provisions, and
        # of the international ones (the CRC, the Optional Protocol: shared by every country)
        # only those its statements, answers or recommendations reach.
        own = set(jurisdictions(engine).get(jurisdiction, []))
        recommendations = [r for r in recommendations if r["docId"] in own]
        documents = [d for d in documents if d["docId"] in own]
        own_recs = {r["rec"] for r in recommendations}
        reached = (
            {s["provisionIri"] for s in statements}
            | {p.provision_iri for a in answers for p in a.provisions}
            | {r["target"] for r in links if r["kind"] == "targets" and r["source"] in own_recs}
        )
        provisions = [
            p
            for p in provisions
            if p.get("jurisdiction") == jurisdiction or p["provision"] in reached
        ]
    docs = _add_documents(m, documents)
    _add_provisions(m, provisions, statements)
    _add_descriptions(m, statements, docs)
    _add_recommendations(m, recommendations)
    if jurisdiction is not None:
        # Only links between two nodes of this country's map are expected.
        links = [r for r in links if r["source"] in m.nodes and r["target"] in m.nodes]
    _add_gaps(m, answers, labels, docs)
    _add_links(m, links)
    _add_conflicts(m, engine, statements, docs, jurisdiction)
    return m


def gap_map(
    engine: Engine,
    offences: Sequence[str] = (),
    instruments: Sequence[str] = (),
    max_nodes: int = MAX_NODES,
    jurisdiction: str | None = None,
    as_of: str | None = None,
) -> GapMap:
    """The map the CLI draws: filters validated, the size checked (see `gapmap.filter`).
    `jurisdiction` draws one country's map: the view that stays small when the graph holds
    many countries. `as_of` colours the gaps as the sources stood on that date."""
    instrument_ids = check_filters(engine, offences, instruments, jurisdiction)
    if not offences and not instruments and jurisdiction is None:
        check_whole_size(engine, max_nodes)
    whole = build_map(engine, jurisdiction=jurisdiction, as_of=as_of)
    return narrow(whole, offences, instruments, instrument_ids, jurisdiction, max_nodes)
