"""The whole build, source text to validated graph, in one function.

Order matters and each step refuses bad input before anything is written: read and verify the
sources, find passages and citations, check every curated reading against its passage, build the
graph (with the ontology and taxonomy) as sorted N-Triples, validate it. Only a graph that passed
every step is returned to be written.

The graph is returned as N-Triples bytes, not an rdflib graph: a build loads them into the
store and validates the store before it publishes anything (graph/persist.py), and never holds
rdflib terms for the whole graph. `Assembled.graph` parses them into rdflib on demand, for
callers that want one (tests, small corpora).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from lexgap.core.progress import NULL, Stages
from lexgap.graph import validate
from lexgap.graph.build import BuildCounts, GraphBuilder, new_graph, ontology_graph
from lexgap.graph.namespaces import HOME, IRIs
from lexgap.graph.ntriples import SortedTriples
from lexgap.graph.recommendations import add_recommendations
from lexgap.graph.statements import add_readings
from lexgap.graph.store import LOAD_CHUNK_BYTES
from lexgap.loaders.corpus import Corpus, read_corpus
from lexgap.loaders.models import Passage
from lexgap.loaders.readings import ProvisionRef, Readings, Statement, load_readings
from lexgap.loaders.recommendations import Recommendation, find_recommendations
from lexgap.loaders.targets import Targets, load_targets
from lexgap.loaders.taxonomy import concepts, taxonomy_text


@dataclass
class Coverage:
    """Per document: the national-law provisions it cites, and which have a statement from it."""

    document: str
    cited: list[ProvisionRef] = field(default_factory=list)
    with_statement: list[ProvisionRef] = field(default_factory=list)
    # provision -> reason (from the data file), or None when nobody recorded one
    without: dict[ProvisionRef, str | None] = field(default_factory=dict)


@dataclass(frozen=True)
class RecommendationTally:
    """Per document: how many recommendations were found (and repeated in the source), how
    many have curated targets, how many State responses answer them (`lexgap build`'s table)."""

    document: str
    recommendations: int
    repeated_in_source: int
    with_targets: int
    responses: int


def recommendation_tallies(
    corpus: Corpus, recommendations: list[Recommendation], targets: Targets
) -> list[RecommendationTally]:
    """One tally per document, in the corpus's order. Grouped by document once: looping over
    every recommendation, target and response for each document took seconds at 100
    jurisdictions (500 documents)."""
    recs_of: dict[str, list[Recommendation]] = {}
    for r in recommendations:
        recs_of.setdefault(r.doc_id, []).append(r)
    targeted_of: dict[str, set[str]] = {}
    for t in targets.targets:
        targeted_of.setdefault(t.document, set()).add(t.entry.locator)
    responses_of: dict[str, int] = {}
    for resp in targets.responses:
        responses_of[resp.document] = responses_of.get(resp.document, 0) + 1
    out = []
    for doc in corpus.documents:
        recs = recs_of.get(doc.id, [])
        out.append(
            RecommendationTally(
                document=doc.id,
                recommendations=len(recs),
                repeated_in_source=sum(len(r.also_at) for r in recs),
                with_targets=len(targeted_of.get(doc.id, ())),
                responses=responses_of.get(doc.id, 0),
            )
        )
    return out


@dataclass
class Assembled:
    # The whole graph: N-Triples lines sorted as bytes, each once (`counts.triples` of them).
    triples: SortedTriples
    counts: BuildCounts
    corpus: Corpus
    readings: Readings
    coverage: list[Coverage]
    recommendations: list[Recommendation]
    targets: Targets
    # What `lexgap build` reports of the recommendations, counted while the inputs are held.
    tallies: list[RecommendationTally] = field(default_factory=list)

    def drop_inputs(self) -> None:
        """Let go of the loaded corpus, readings, recommendations and targets (left empty),
        keeping the counts, the coverage and the tallies: what `lexgap build` reports. Why:
        they are the build's Python heap (a 100,000-paragraph source: 150 MB of passages),
        no longer needed once the graph is made, and the store load and its validation
        would otherwise take their own hundreds of megabytes on top of them."""
        self.corpus = Corpus(documents=[])
        self.readings = Readings()
        self.recommendations = []
        self.targets = Targets()

    @property
    def ntriples(self) -> bytes:
        """The whole N-Triples document, read into memory."""
        return self.triples.read()

    @cached_property
    def graph(self) -> Graph:
        """The graph as rdflib's, parsed from `ntriples` when first asked for."""
        g = new_graph()
        data = self.ntriples
        if data:
            g.parse(data=data, format="nt")
        return g


def _passage_index(corpus: Corpus) -> dict[str, dict[str, Passage]]:
    """document id -> locator -> passage; an edition sees its base report's passages too."""
    index: dict[str, dict[str, Passage]] = {
        d.id: {p.locator: p for p in d.passages} for d in corpus.documents
    }
    return index


def coverage(corpus: Corpus, readings: Readings, national: set[str]) -> list[Coverage]:
    described: dict[str, set[ProvisionRef]] = {}
    for item in readings.statements:
        assert isinstance(item.entry, Statement)
        described.setdefault(item.document, set()).add(item.entry.provision)
    out: list[Coverage] = []
    for doc in corpus.documents:
        cov = Coverage(document=doc.id)
        seen: set[ProvisionRef] = set()
        for c in doc.citations:
            if c.article is None or c.instrument not in national:
                continue
            ref = ProvisionRef(instrument=c.instrument, year=c.year, article=c.article)
            if ref in seen:
                continue
            seen.add(ref)
            cov.cited.append(ref)
            if ref in described.get(doc.id, set()):
                cov.with_statement.append(ref)
            else:
                cov.without[ref] = readings.named_only.get((doc.id, ref))
        out.append(cov)
    return out


def assemble(
    sources_dir: Path | None = None,
    readings_dir: Path | None = None,
    base: str | None = None,
    *,
    targets_dir: Path | None = None,
    shacl: bool = True,
    progress: Stages = NULL,
) -> Assembled:
    """Read, check, build and validate; `progress` hears each stage (a bar on a terminal)."""
    progress.stage("reading sources")
    corpus = read_corpus(sources_dir)
    builder = GraphBuilder(IRIs(base))
    index = _passage_index(corpus)
    progress.stage("checking readings")
    readings = load_readings(
        index,
        instruments=builder.instruments,
        offences=concepts(),
        readings_dir=readings_dir,
    )
    progress.stage("finding recommendations")
    recommendations = [
        rec
        for doc in corpus.documents
        for rec in find_recommendations(doc.id, doc.source.meta.body, doc.own_passages)
    ]
    by_doc: dict[str, set[str]] = {}
    for rec in recommendations:
        by_doc.setdefault(rec.doc_id, set()).add(rec.locator)
    targets = load_targets(index, by_doc, builder.instruments, concepts(), targets_dir)
    progress.stage("building graph")
    builder.add_corpus(corpus)
    # The curated vocabularies are small Turtle files: rdflib reads them and writes their lines.
    vocabularies = ontology_graph()
    vocabularies.parse(data=taxonomy_text(), format="turtle", publicID=builder.iris.base)
    builder.out.extend(vocabularies.serialize(format="nt", encoding="utf-8"))
    del vocabularies
    edition_base = {
        d.id: d.source.meta.edition_of for d in corpus.documents if d.source.meta.edition_of
    }
    add_readings(builder, readings, {k: v for k, v in edition_base.items() if v})
    add_recommendations(builder, recommendations, targets)
    triples = builder.out.sorted()
    builder.counts.triples = triples.count
    if shacl:
        progress.stage("validating (SHACL)")
        store = ox.Store()
        for piece in triples.pieces(LOAD_CHUNK_BYTES):
            store.bulk_load(piece, format=ox.RdfFormat.N_TRIPLES)
        validate.check_store(store, literals=triples.literals)
        del store
    national = {i for i, inst in builder.instruments.items() if inst.jurisdiction == HOME}
    return Assembled(
        triples=triples,
        counts=builder.counts,
        corpus=corpus,
        readings=readings,
        coverage=coverage(corpus, readings, national),
        recommendations=recommendations,
        targets=targets,
        tallies=recommendation_tallies(corpus, recommendations, targets),
    )
