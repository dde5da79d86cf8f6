"""Builds the graph of a loaded corpus, as N-Triples lines (graph/ntriples.py: no rdflib term
per triple, the bulk of a build's time and memory when it made them).

The graph holds documents (Dublin Core), passages with their text, instruments and the versions
each source names (ELI), provisions as parts of a version, and one Citation node per mention
with its span and matched text (Web Annotation selectors), plus a direct `lex:cites` link from
passage to provision for simple queries. No blank nodes: every node has a minted IRI, so the
serialised output is deterministic.

Jurisdictions: the instrument table is written for one country (la). A document whose manifest
entry names another jurisdiction gets that country's own instrument, version and provision
nodes for the national laws it names (`{base}x007/penal-code/2017/art/257`, labelled "Penal Code
[x007]"), so statements about two countries' Penal Codes never meet on one node; treaties stay
shared. Without the field nothing changes: the bundled corpus builds as before.
"""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import Graph
from rdflib.namespace import DCTERMS, RDF, RDFS, XSD

from lexgap.core import options
from lexgap.core.errors import SourceError
from lexgap.graph import ntriples as nt
from lexgap.graph.namespaces import (
    COUNTRY_AUTHORITY,
    ELI,
    ELI_JURISDICTIONS,
    HOME,
    INTERNATIONAL,
    LANGUAGE_BASE,
    LEX,
    OA,
    PREFIXES,
    PROV,
    IRIs,
)
from lexgap.loaders.citations import load_instruments
from lexgap.loaders.corpus import Corpus, LoadedDocument
from lexgap.loaders.models import Citation, Passage

# Predicates and classes as N-Triples terms.
L = nt.Terms(LEX)
E = nt.Terms(ELI)
A = nt.Terms(OA)
P = nt.Terms(PROV)
DC = nt.Terms(str(DCTERMS))
R = nt.Terms(str(RDFS))
TYPE = nt.iri(str(RDF.type))


def ontology_graph() -> Graph:
    """The lexgap ontology (our own terms), as shipped in lexgap.ontology."""
    g = Graph()
    for name in ("lexgap.ttl",):
        g.parse(data=(options.ONTOLOGY / name).read_text("utf-8"), format="turtle")
    return g


def new_graph() -> Graph:
    """An empty graph with lexgap's prefixes bound (beside rdflib's defaults)."""
    g = Graph()
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns)
    return g


def _date_literal(value: str) -> str:
    if len(value) == 10:
        return nt.typed(value, str(XSD.date))
    if len(value) == 7:
        return nt.typed(value, str(XSD.gYearMonth))
    return nt.typed(value, str(XSD.gYear))


@dataclass
class BuildCounts:
    documents: int = 0
    passages: int = 0
    citations: int = 0
    instruments: int = 0
    versions: int = 0
    provisions: int = 0
    statements: int = 0
    assessments: int = 0
    recommendations: int = 0
    responses: int = 0
    triples: int = 0


class GraphBuilder:
    """Adds a corpus to a graph, as N-Triples lines (`out`); keeps counts of what it minted.

    Nodes are N-Triples terms (`<iri>`), made from `iris` by the `node` helpers below."""

    def __init__(self, iris: IRIs, out: nt.Triples | None = None) -> None:
        self.iris = iris
        self.out = out if out is not None else nt.Triples()
        self.instruments = load_instruments()
        self.counts = BuildCounts()
        self._seen: set[str] = set()
        self._documents: dict[str, str] = {}
        # document id -> the jurisdiction its manifest entry names (only where it names one)
        self.jurisdiction_of: dict[str, str] = {}

    def graph(self) -> Graph:
        """What was built so far as an rdflib graph (tests and small corpora only: the build
        itself never makes one)."""
        g = new_graph()
        data = b"\n".join(self.out.everything()) + b"\n"
        g.parse(data=data, format="nt")
        return g

    def document(self, doc_id: str) -> str:
        """The document's node (each made once: every passage names it)."""
        node = self._documents.get(doc_id)
        if node is None:
            node = self._documents[doc_id] = nt.iri(self.iris.document(doc_id))
        return node

    def passage(self, doc_id: str, locator: str) -> str:
        return nt.iri(self.iris.passage(doc_id, locator))

    def add_corpus(self, corpus: Corpus) -> None:
        for doc in corpus.documents:
            where = doc.source.meta.jurisdiction
            if where == INTERNATIONAL:
                raise SourceError(
                    f"{doc.id}: jurisdiction {INTERNATIONAL!r} is for international instruments",
                    file=doc.source.path,
                    hint="name the country whose law the document discusses",
                )
            if where is not None:
                self.jurisdiction_of[doc.id] = where
        for doc in corpus.documents:
            self._add_document(doc)
        add = self.out.add
        for doc in corpus.documents:
            base_id = doc.source.meta.edition_of
            for passage in doc.own_passages:
                self._add_passage(doc.id, passage)
            if base_id is not None:
                edition = self.document(doc.id)
                for passage in doc.passages:
                    if passage.kind != "front":
                        add(self.passage(base_id, passage.locator), L.alsoInEdition, edition)
            for citation in doc.citations:
                self._add_citation(citation)

    def _add_document(self, doc: LoadedDocument) -> None:
        meta = doc.source.meta
        node = self.document(meta.id)
        add = self.out.add
        add(node, TYPE, L.SourceDocument)
        add(node, DC.identifier, nt.text(meta.id))
        add(node, DC.title, nt.lang_text(" ".join(meta.title.split()), meta.language))
        # Dublin Core expects resources here: the creator is an agent, the language a
        # linguistic system; the body's name labels its agent node.
        creator = nt.iri(self.iris.agent(meta.issued_by))
        add(node, DC.creator, creator)
        if self._mint(creator):
            add(creator, TYPE, DC.Agent)
            add(creator, R.label, nt.lang_text(meta.issued_by, "en"))
        add(node, L.issuingBody, nt.text(meta.body))
        add(node, DC.language, nt.iri(LANGUAGE_BASE + meta.language))
        # A local file name is no resource a reader can follow (dcterms:source): our own term.
        add(node, L.sourceFile, nt.text(meta.original_file or meta.file))
        add(node, L.sha256, nt.text(meta.sha256))
        # Which country's law the document discusses, stated on every document (the manifest's,
        # else HOME): sources only contest each other within one (gap answers, conflicts), a
        # view can be narrowed to one (`--jurisdiction`), and queries join documents on it
        # instead of comparing every pair of documents.
        add(node, L.jurisdiction, nt.text(meta.jurisdiction or HOME))
        if meta.date:
            add(node, DC.date, _date_literal(meta.date))
        if meta.date_note:
            add(node, L.dateNote, nt.text(meta.date_note))
        if meta.facts_up_to:
            add(node, L.factsUpTo, _date_literal(meta.facts_up_to))
        if meta.symbol:
            add(node, DC.bibliographicCitation, nt.text(meta.symbol))
        labelled = node
        if meta.edition_of:
            # The edition's own title and summary label the report in its language.
            labelled = self.document(meta.edition_of)
            add(node, L.editionOf, labelled)
            add(node, DC.isVersionOf, labelled)
        for passage in doc.own_passages:
            if passage.locator == "title":
                add(labelled, R.label, nt.lang_text(passage.text, meta.language))
            elif passage.locator == "summary":
                add(labelled, DC.abstract, nt.lang_text(passage.text, meta.language))
        self.counts.documents += 1

    def _add_passage(self, doc_id: str, passage: Passage) -> None:
        add = self.out.add
        node = self.passage(doc_id, passage.locator)
        add(node, TYPE, L.Passage)
        add(node, DC.isPartOf, self.document(doc_id))
        add(node, L.locator, nt.text(passage.locator))
        add(node, L.passageKind, nt.text(passage.kind))
        add(node, L.text, nt.text(passage.text))
        add(node, L.ordinal, nt.integer(passage.ordinal))
        add(node, L.lineStart, nt.integer(passage.line_start))
        add(node, L.lineEnd, nt.integer(passage.line_end))
        if passage.context:
            add(node, L.sectionContext, nt.text(" > ".join(passage.context)))
        if passage.parent is not None:
            add(node, L.subItemOf, self.passage(doc_id, passage.parent))
        self.counts.passages += 1

    def _mint(self, node: str) -> bool:
        """True the first time a node is seen (so it is typed and counted once)."""
        if node in self._seen:
            return False
        self._seen.add(node)
        return True

    def resource_for(
        self,
        instrument_id: str,
        year: int | None,
        article: str | None,
        *,
        document: str | None = None,
    ) -> str:
        """The instrument, stated version or provision a citation points at (minting as needed).

        A national instrument belongs to the jurisdiction of the `document` that names it when
        that document's manifest entry gives one, else to the instrument table's; an
        international instrument is always shared."""
        inst = self.instruments[instrument_id]
        add = self.out.add
        national = inst.jurisdiction != INTERNATIONAL
        where: str = inst.jurisdiction
        if national and document is not None:
            where = self.jurisdiction_of.get(document, where)
        name = inst.label if where == inst.jurisdiction else f"{inst.label} [{where}]"
        inst_node = nt.iri(self.iris.instrument(where, inst.id))
        if self._mint(inst_node):
            add(inst_node, TYPE, L.Instrument)
            add(inst_node, TYPE, E.LegalResource)
            add(inst_node, R.label, nt.lang_text(name, "en"))
            # Our slug is no identifier of an official reference system (eli:id_local).
            add(inst_node, L.instrumentId, nt.text(inst.id))
            add(inst_node, L.jurisdiction, nt.text(where))
            if national and where in ELI_JURISDICTIONS:
                country = nt.iri(COUNTRY_AUTHORITY + ELI_JURISDICTIONS[where])
                add(inst_node, E.jurisdiction, country)
            add(inst_node, L.instrumentKind, nt.text(inst.kind))
            self.counts.instruments += 1
        parent = inst_node
        if national:
            version = nt.iri(self.iris.version(where, inst.id, year))
            if self._mint(version):
                add(version, TYPE, L.StatedVersion)
                add(version, TYPE, E.LegalResource)
                add(version, DC.isVersionOf, inst_node)
                add(inst_node, DC.hasVersion, version)
                label = f"{name} ({year})" if year else f"{name} (year not stated)"
                add(version, R.label, nt.lang_text(label, "en"))
                if year is not None:
                    add(version, L.statedYear, nt.typed(str(year), str(XSD.gYear)))
                    if year in inst.distinct_versions:
                        add(version, L.distinctEnactment, nt.TRUE)
                else:
                    add(version, L.yearNotStated, nt.TRUE)
                self.counts.versions += 1
            parent = version
        if article is None:
            return parent
        prov_node = nt.iri(self.iris.provision(where, inst.id, year, article))
        if self._mint(prov_node):
            add(prov_node, TYPE, L.Provision)
            add(prov_node, TYPE, E.LegalResourceSubdivision)
            add(prov_node, E.is_part_of, parent)
            add(prov_node, E.number, nt.text(article))
            year_part = f" ({year})" if year and national else ""
            add(prov_node, R.label, nt.lang_text(f"{name}{year_part}, art. {article}", "en"))
            self.counts.provisions += 1
        return prov_node

    def _add_citation(self, c: Citation) -> None:
        """A citation as Web Annotation models one: an oa:Annotation identifying the cited law
        (lex:citedResource, a sub-property of oa:hasBody), whose target is the mention, an
        oa:SpecificResource of the passage picked out by a quote and a position selector.
        lex:citedIn repeats the passage for the queries that need no selector."""
        add = self.out.add
        passage = self.passage(c.doc_id, c.locator)
        cited = self.resource_for(c.instrument, c.year, c.article, document=c.doc_id)
        node = nt.iri(self.iris.citation(c.doc_id, c.locator, c.span[0]))
        add(passage, L.cites, cited)
        add(node, TYPE, L.Citation)
        add(node, TYPE, A.Annotation)
        add(node, A.motivatedBy, A.identifying)
        add(node, L.citedIn, passage)
        add(node, L.citedResource, cited)
        add(node, L.yearSource, nt.text(c.year_source))
        target = nt.child(node, "/target")
        add(node, A.hasTarget, target)
        add(target, TYPE, A.SpecificResource)
        add(target, A.hasSource, passage)
        quote = nt.child(node, "/quote")
        add(target, A.hasSelector, quote)
        add(quote, TYPE, A.TextQuoteSelector)
        add(quote, A.exact, nt.text(c.matched))
        position = nt.child(node, "/position")
        add(target, A.hasSelector, position)
        add(position, TYPE, A.TextPositionSelector)
        add(position, A.start, nt.integer(c.span[0]))
        add(position, A.end, nt.integer(c.span[1]))
        add(node, P.wasDerivedFrom, passage)
        self.counts.citations += 1


def add_quote(
    builder: GraphBuilder,
    node: str,
    prop: str,
    passage: str,
    quote: str,
    span: tuple[int, int],
) -> None:
    """Attach a verbatim quote to `node`: a Web Annotation specific resource on the passage
    with an exact-text selector and a character-position selector."""
    add = builder.out.add
    target = nt.child(node, "/quote")
    selector = nt.child(node, "/quote/exact")
    position = nt.child(node, "/quote/position")
    add(node, prop, target)
    add(target, TYPE, A.SpecificResource)
    add(target, A.hasSource, passage)
    add(target, A.hasSelector, selector)
    add(target, A.hasSelector, position)
    add(selector, TYPE, A.TextQuoteSelector)
    add(selector, A.exact, nt.text(" ".join(quote.split())))
    add(position, TYPE, A.TextPositionSelector)
    add(position, A.start, nt.integer(span[0]))
    add(position, A.end, nt.integer(span[1]))
