"""Builds the rdflib graph from a loaded corpus.

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

from rdflib import RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS

from lexgap.core import options
from lexgap.core.errors import SourceError
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


def _date_literal(value: str) -> Literal:
    if len(value) == 10:
        return Literal(value, datatype=XSD.date)
    if len(value) == 7:
        return Literal(value, datatype=XSD.gYearMonth)
    return Literal(value, datatype=XSD.gYear)


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
    """Adds a corpus to a graph; keeps counts of what it minted."""

    def __init__(self, iris: IRIs, graph: Graph | None = None) -> None:
        self.iris = iris
        self.g = graph if graph is not None else new_graph()
        self.instruments = load_instruments()
        self.counts = BuildCounts()
        self._seen: set[URIRef] = set()
        # document id -> the jurisdiction its manifest entry names (only where it names one)
        self.jurisdiction_of: dict[str, str] = {}

    def add_corpus(self, corpus: Corpus) -> Graph:
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
        for doc in corpus.documents:
            base_id = doc.source.meta.edition_of
            for passage in doc.own_passages:
                self._add_passage(doc.id, passage)
            if base_id is not None:
                edition = self.iris.document(doc.id)
                for passage in doc.passages:
                    if passage.kind != "front":
                        self.g.add(
                            (
                                self.iris.passage(base_id, passage.locator),
                                LEX.alsoInEdition,
                                edition,
                            )
                        )
            for citation in doc.citations:
                self._add_citation(citation)
        self.counts.triples = len(self.g)
        return self.g

    def _add_document(self, doc: LoadedDocument) -> None:
        meta = doc.source.meta
        node = self.iris.document(meta.id)
        g = self.g
        g.add((node, RDF.type, LEX.SourceDocument))
        g.add((node, DCTERMS.identifier, Literal(meta.id)))
        g.add((node, DCTERMS.title, Literal(" ".join(meta.title.split()), lang=meta.language)))
        # Dublin Core expects resources here: the creator is an agent, the language a
        # linguistic system; the body's name labels its agent node.
        creator = self.iris.agent(meta.issued_by)
        g.add((node, DCTERMS.creator, creator))
        if self._mint(creator):
            g.add((creator, RDF.type, DCTERMS.Agent))
            g.add((creator, RDFS.label, Literal(meta.issued_by, lang="en")))
        g.add((node, LEX.issuingBody, Literal(meta.body)))
        g.add((node, DCTERMS.language, URIRef(LANGUAGE_BASE + meta.language)))
        # A local file name is no resource a reader can follow (dcterms:source): our own term.
        g.add((node, LEX.sourceFile, Literal(meta.original_file or meta.file)))
        g.add((node, LEX.sha256, Literal(meta.sha256)))
        # Which country's law the document discusses, stated on every document (the manifest's,
        # else HOME): sources only contest each other within one (gap answers, conflicts), a
        # view can be narrowed to one (`--jurisdiction`), and queries join documents on it
        # instead of comparing every pair of documents.
        g.add((node, LEX.jurisdiction, Literal(meta.jurisdiction or HOME)))
        if meta.date:
            g.add((node, DCTERMS.date, _date_literal(meta.date)))
        if meta.date_note:
            g.add((node, LEX.dateNote, Literal(meta.date_note)))
        if meta.facts_up_to:
            g.add((node, LEX.factsUpTo, _date_literal(meta.facts_up_to)))
        if meta.symbol:
            g.add((node, DCTERMS.bibliographicCitation, Literal(meta.symbol)))
        if meta.edition_of:
            base = self.iris.document(meta.edition_of)
            g.add((node, LEX.editionOf, base))
            g.add((node, DCTERMS.isVersionOf, base))
            # The edition's own title and summary label the report in its language.
            for passage in doc.own_passages:
                if passage.locator == "title":
                    g.add((base, RDFS.label, Literal(passage.text, lang=meta.language)))
                elif passage.locator == "summary":
                    g.add((base, DCTERMS.abstract, Literal(passage.text, lang=meta.language)))
        else:
            for passage in doc.own_passages:
                if passage.locator == "title":
                    g.add((node, RDFS.label, Literal(passage.text, lang=meta.language)))
                elif passage.locator == "summary":
                    g.add((node, DCTERMS.abstract, Literal(passage.text, lang=meta.language)))
        self.counts.documents += 1

    def _add_passage(self, doc_id: str, passage: Passage) -> None:
        g = self.g
        node = self.iris.passage(doc_id, passage.locator)
        g.add((node, RDF.type, LEX.Passage))
        g.add((node, DCTERMS.isPartOf, self.iris.document(doc_id)))
        g.add((node, LEX.locator, Literal(passage.locator)))
        g.add((node, LEX.passageKind, Literal(passage.kind)))
        g.add((node, LEX.text, Literal(passage.text)))
        g.add((node, LEX.ordinal, Literal(passage.ordinal)))
        g.add((node, LEX.lineStart, Literal(passage.line_start)))
        g.add((node, LEX.lineEnd, Literal(passage.line_end)))
        if passage.context:
            g.add((node, LEX.sectionContext, Literal(" > ".join(passage.context))))
        if passage.parent is not None:
            g.add((node, LEX.subItemOf, self.iris.passage(doc_id, passage.parent)))
        self.counts.passages += 1

    def _mint(self, node: URIRef) -> bool:
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
    ) -> URIRef:
        """The instrument, stated version or provision a citation points at (minting as needed).

        A national instrument belongs to the jurisdiction of the `document` that names it when
        that document's manifest entry gives one, else to the instrument table's; an
        international instrument is always shared."""
        inst = self.instruments[instrument_id]
        g = self.g
        national = inst.jurisdiction != INTERNATIONAL
        where: str = inst.jurisdiction
        if national and document is not None:
            where = self.jurisdiction_of.get(document, where)
        name = inst.label if where == inst.jurisdiction else f"{inst.label} [{where}]"
        inst_node = self.iris.instrument(where, inst.id)
        if self._mint(inst_node):
            g.add((inst_node, RDF.type, LEX.Instrument))
            g.add((inst_node, RDF.type, ELI.LegalResource))
            g.add((inst_node, RDFS.label, Literal(name, lang="en")))
            # Our slug is no identifier of an official reference system (eli:id_local).
            g.add((inst_node, LEX.instrumentId, Literal(inst.id)))
            g.add((inst_node, LEX.jurisdiction, Literal(where)))
            if national and where in ELI_JURISDICTIONS:
                country = URIRef(COUNTRY_AUTHORITY + ELI_JURISDICTIONS[where])
                g.add((inst_node, ELI.jurisdiction, country))
            g.add((inst_node, LEX.instrumentKind, Literal(inst.kind)))
            self.counts.instruments += 1
        parent = inst_node
        if national:
            version = self.iris.version(where, inst.id, year)
            if self._mint(version):
                g.add((version, RDF.type, LEX.StatedVersion))
                g.add((version, RDF.type, ELI.LegalResource))
                g.add((version, DCTERMS.isVersionOf, inst_node))
                g.add((inst_node, DCTERMS.hasVersion, version))
                label = f"{name} ({year})" if year else f"{name} (year not stated)"
                g.add((version, RDFS.label, Literal(label, lang="en")))
                if year is not None:
                    g.add((version, LEX.statedYear, Literal(str(year), datatype=XSD.gYear)))
                    if year in inst.distinct_versions:
                        g.add((version, LEX.distinctEnactment, Literal(True)))
                else:
                    g.add((version, LEX.yearNotStated, Literal(True)))
                self.counts.versions += 1
            parent = version
        if article is None:
            return parent
        prov_node = self.iris.provision(where, inst.id, year, article)
        if self._mint(prov_node):
            g.add((prov_node, RDF.type, LEX.Provision))
            g.add((prov_node, RDF.type, ELI.LegalResourceSubdivision))
            g.add((prov_node, ELI.is_part_of, parent))
            g.add((prov_node, ELI.number, Literal(article)))
            year_part = f" ({year})" if year and national else ""
            g.add(
                (
                    prov_node,
                    RDFS.label,
                    Literal(f"{name}{year_part}, art. {article}", lang="en"),
                )
            )
            self.counts.provisions += 1
        return prov_node

    def _add_citation(self, c: Citation) -> None:
        """A citation as Web Annotation models one: an oa:Annotation identifying the cited law
        (lex:citedResource, a sub-property of oa:hasBody), whose target is the mention, an
        oa:SpecificResource of the passage picked out by a quote and a position selector.
        lex:citedIn repeats the passage for the queries that need no selector."""
        g = self.g
        passage = self.iris.passage(c.doc_id, c.locator)
        cited = self.resource_for(c.instrument, c.year, c.article, document=c.doc_id)
        node = self.iris.citation(c.doc_id, c.locator, c.span[0])
        g.add((passage, LEX.cites, cited))
        g.add((node, RDF.type, LEX.Citation))
        g.add((node, RDF.type, OA.Annotation))
        g.add((node, OA.motivatedBy, OA.identifying))
        g.add((node, LEX.citedIn, passage))
        g.add((node, LEX.citedResource, cited))
        g.add((node, LEX.yearSource, Literal(c.year_source)))
        target = URIRef(f"{node}/target")
        g.add((node, OA.hasTarget, target))
        g.add((target, RDF.type, OA.SpecificResource))
        g.add((target, OA.hasSource, passage))
        quote = URIRef(f"{node}/quote")
        g.add((target, OA.hasSelector, quote))
        g.add((quote, RDF.type, OA.TextQuoteSelector))
        g.add((quote, OA.exact, Literal(c.matched)))
        position = URIRef(f"{node}/position")
        g.add((target, OA.hasSelector, position))
        g.add((position, RDF.type, OA.TextPositionSelector))
        g.add((position, OA.start, Literal(c.span[0])))
        g.add((position, OA.end, Literal(c.span[1])))
        g.add((node, PROV.wasDerivedFrom, passage))
        self.counts.citations += 1


def add_quote(
    builder: GraphBuilder,
    node: URIRef,
    prop: URIRef,
    passage: URIRef,
    quote: str,
    span: tuple[int, int],
) -> None:
    """Attach a verbatim quote to `node`: a Web Annotation specific resource on the passage
    with an exact-text selector and a character-position selector."""
    g = builder.g
    target = URIRef(f"{node}/quote")
    selector = URIRef(f"{node}/quote/exact")
    position = URIRef(f"{node}/quote/position")
    g.add((node, prop, target))
    g.add((target, RDF.type, OA.SpecificResource))
    g.add((target, OA.hasSource, passage))
    g.add((target, OA.hasSelector, selector))
    g.add((target, OA.hasSelector, position))
    g.add((selector, RDF.type, OA.TextQuoteSelector))
    g.add((selector, OA.exact, Literal(" ".join(quote.split()))))
    g.add((position, RDF.type, OA.TextPositionSelector))
    g.add((position, OA.start, Literal(span[0])))
    g.add((position, OA.end, Literal(span[1])))
