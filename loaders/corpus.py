"""The loaded corpus: documents, their passages and their citations, ready for the graph.

This is the one place that runs the loaders in order. It also reconciles editions: a document
whose manifest entry says `edition_of: X` (the Spanish edition of the Special Rapporteur's report)
must carry, in its annex, exactly the passages of X; it contributes only what is its own (the
Spanish title and summary), so the graph holds one report with two editions, not two copies.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path

from lexgap.core.errors import SourceError, UsageError
from lexgap.loaders.citations import find_citations
from lexgap.loaders.models import Citation, Passage
from lexgap.loaders.paragraphs import load_passages
from lexgap.loaders.sources import SourceDocument, load_corpus


@dataclass
class LoadedDocument:
    source: SourceDocument
    passages: list[Passage]
    # Passages that belong to this document alone; for an edition, its own front matter.
    own_passages: list[Passage]
    citations: list[Citation] = field(default_factory=list)

    @property
    def id(self) -> str:
        return self.source.meta.id


@dataclass
class Corpus:
    documents: list[LoadedDocument]

    def by_id(self, doc_id: str) -> LoadedDocument:
        for doc in self.documents:
            if doc.id == doc_id or doc.source.meta.number == doc_id:
                return doc
        for doc in self.documents:  # a UN symbol names the original, not another edition
            meta = doc.source.meta
            symbol = (meta.symbol or "").casefold()
            if symbol and symbol == doc_id.strip().casefold() and meta.edition_of is None:
                return doc
        ids = [d.id for d in self.documents]
        symbols = [d.source.meta.symbol for d in self.documents if d.source.meta.symbol]
        close = difflib.get_close_matches(doc_id, [*ids, *symbols], n=1, cutoff=0.6)
        guess = f"did you mean {close[0]}? " if close else ""
        raise UsageError(f"unknown document {doc_id!r}", hint=f"{guess}known: {', '.join(ids)}")

    @property
    def citations(self) -> list[Citation]:
        return [c for d in self.documents for c in d.citations]


def _reconcile_edition(edition: LoadedDocument, base: LoadedDocument) -> list[Passage]:
    """Check an edition's shared passages equal the base's; return the edition's own ones."""
    base_by_loc = {p.locator: p for p in base.passages}
    own: list[Passage] = []
    for passage in edition.passages:
        if passage.kind == "front":
            own.append(passage)
            continue
        twin = base_by_loc.get(passage.locator)
        if twin is None:
            raise SourceError(
                f"passage {passage.locator!r} is not in {base.id}, of which this is an edition",
                file=edition.source.path,
                line=passage.line_start,
            )
        if twin.text != passage.text:
            raise SourceError(
                f"passage {passage.locator!r} differs from the same passage of {base.id}",
                file=edition.source.path,
                line=passage.line_start,
                hint="an edition's annex must carry the same text",
            )
    missing = sorted(
        set(base_by_loc)
        - {p.locator for p in edition.passages}
        - {p.locator for p in base.passages if p.kind == "front"}
    )
    if missing:
        raise SourceError(
            f"edition lacks {len(missing)} passage(s) of {base.id}: {', '.join(missing[:5])}",
            file=edition.source.path,
        )
    return own


def read_corpus(sources_dir: Path | None = None) -> Corpus:
    """Load and verify every document, its passages and citations."""
    documents: list[LoadedDocument] = []
    for source in load_corpus(sources_dir):
        passages = load_passages(source)
        documents.append(LoadedDocument(source=source, passages=passages, own_passages=passages))
    by_id = {d.id: d for d in documents}
    for doc in documents:
        base_id = doc.source.meta.edition_of
        if base_id is None:
            continue
        if base_id not in by_id:
            raise SourceError(
                f"edition_of names unknown document {base_id!r}", file=doc.source.path
            )
        doc.own_passages = _reconcile_edition(doc, by_id[base_id])
    for doc in documents:
        doc.citations = find_citations(doc.id, doc.own_passages)
    return Corpus(documents=documents)
