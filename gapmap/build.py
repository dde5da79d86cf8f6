"""Making the gap map from the graph: which queries run, what one country's map keeps, and in
which order the parts are added; `gap_map` is the map the CLI draws, its filters checked.

The parts are made from the query rows elsewhere: the documents, provisions, recommendations
and the links between them by `corpus`, the gap questions with the evidence their answers
rest on and the conflicts between sources by `evidence`. The filters (`--offence`,
`--instrument`, `--jurisdiction`, `--max-nodes`) are checked and applied by `filter`.

Separate because this is the only module of the map that talks to the engine: the others turn
rows, answers or a built map into other data, and can be tested without a graph.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from lexgap.core.options import MAX_NODES
from lexgap.gapmap import corpus, evidence, overview
from lexgap.gapmap.filter import check_filters, check_whole_size, narrow
from lexgap.gapmap.model import GapMap
from lexgap.queries import runner
from lexgap.queries.answers.gaps import (
    GapAnswer,
    catalogue,
    collect,
    jurisdictions,
    source_dates,
)
from lexgap.queries.conflicts import conflicts
from lexgap.queries.engine import Engine


def build_map(
    engine: Engine,
    answers: list[GapAnswer] | None = None,
    jurisdiction: str | None = None,
    as_of: str | None = None,
) -> GapMap:
    """The whole map of the graph behind `engine` (see `corpus` and `evidence` for its parts),
    or (`jurisdiction`) the map of one country: its documents, what they state and recommend,
    the gap answers from its documents only, and the provisions they reach (its own laws and
    the international instruments they cite). The overview's cards are made too, at each
    date the sources give (`overview.timeline`): the evidence is collected once per question
    and judged at each date, as `lexgap history` does."""
    collected = [collect(engine, qid, jurisdiction) for qid in catalogue()]
    if answers is None:
        answers = overview.judged(collected, as_of)
    m = GapMap()
    concepts = runner.run(engine, runner.get("gapmap-concepts"))
    labels: dict[str, str] = {}
    for c in concepts:
        labels.setdefault(c["notation"], c.get("label") or c["notation"])
        m.concept_ancestors.setdefault(c["notation"], set()).add(c["ancestor"])
    m.concept_labels = labels
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
    docs = corpus.add_documents(m, documents)
    corpus.add_provisions(m, provisions, statements)
    corpus.add_descriptions(m, statements, docs)
    corpus.add_recommendations(m, recommendations)
    if jurisdiction is not None:
        # Only links between two nodes of this country's map are expected.
        links = [r for r in links if r["source"] in m.nodes and r["target"] in m.nodes]
    evidence.add_gaps(m, answers, labels, docs)
    corpus.add_links(m, links)
    evidence.add_conflicts(m, conflicts(engine, jurisdiction), statements, docs)
    m.timeline = overview.timeline(m, collected, source_dates(engine, jurisdiction), answers, as_of)
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
