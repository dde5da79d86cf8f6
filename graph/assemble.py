"""The whole build, source text to validated graph, in one function.

Order matters and each step refuses bad input before anything is written: read and verify the
sources, find passages and citations, check every curated reading against its passage, build the
graph (with the ontology and taxonomy), validate it with SHACL. Only a graph that passed every
step is returned to be written.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph
from rdflib import Graph

from lexgap.core.progress import NULL, Stages
from lexgap.graph import validate
from lexgap.graph.build import BuildCounts, GraphBuilder, ontology_graph
from lexgap.graph.namespaces import HOME, IRIs
from lexgap.graph.recommendations import add_recommendations
from lexgap.graph.serialize import ntriples_bytes
from lexgap.graph.statements import add_readings
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


@dataclass
class Assembled:
    graph: Graph
    counts: BuildCounts
    corpus: Corpus
    readings: Readings
    coverage: list[Coverage]
    recommendations: list[Recommendation]
    targets: Targets


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


def _store_of(graph: Graph) -> pyoxigraph.Store:
    store = pyoxigraph.Store()
    store.bulk_load(ntriples_bytes(graph), format=pyoxigraph.RdfFormat.N_TRIPLES)
    return store


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
    builder.g += ontology_graph()
    builder.g.parse(data=taxonomy_text(), format="turtle", publicID=builder.iris.base)
    edition_base = {
        d.id: d.source.meta.edition_of for d in corpus.documents if d.source.meta.edition_of
    }
    add_readings(builder, readings, {k: v for k, v in edition_base.items() if v})
    add_recommendations(builder, recommendations, targets)
    builder.counts.triples = len(builder.g)
    if shacl:
        progress.stage("validating (SHACL)")
        # The shapes run as SPARQL on an Oxigraph copy of the graph (seconds where pySHACL on
        # the rdflib graph took a minute at 100 jurisdictions); tests/test_shapes_sparql.py
        # holds the two to the same violations.
        validate.check_store(_store_of(builder.g))
    national = {i for i, inst in builder.instruments.items() if inst.jurisdiction == HOME}
    return Assembled(
        graph=builder.g,
        counts=builder.counts,
        corpus=corpus,
        readings=readings,
        coverage=coverage(corpus, readings, national),
        recommendations=recommendations,
        targets=targets,
    )
