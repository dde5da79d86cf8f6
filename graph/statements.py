"""Adds curated statements and assessments to the graph, each with its quote and passage.

A statement node carries only what its own source says; statements from two sources about the
same provision are two nodes, and the conflicts query compares them. Penalties and age bands are
their own nodes so that each number is a typed literal a query can compare.
"""

from __future__ import annotations

from rdflib import RDF, XSD, Literal, URIRef
from rdflib.namespace import DCTERMS

from lexgap.graph.build import GraphBuilder, add_quote
from lexgap.graph.namespaces import LEX, PROV
from lexgap.loaders.readings import (
    AgeFacts,
    Assessment,
    Located,
    PenaltyFacts,
    Readings,
    Statement,
    VersionStatus,
)


def _quote(builder: GraphBuilder, node: URIRef, item: Located, passage: URIRef) -> None:
    add_quote(builder, node, LEX.quote, passage, item.entry.quote, item.quote_span)
    builder.g.add((node, PROV.wasDerivedFrom, passage))
    builder.g.add((node, LEX.statedIn, builder.iris.document(item.document)))


def _penalty(builder: GraphBuilder, node: URIRef, facts: PenaltyFacts) -> None:
    g = builder.g
    pen = URIRef(f"{node}/penalty")
    g.add((node, LEX.hasPenalty, pen))
    g.add((pen, RDF.type, LEX.Penalty))
    for prop, value in (
        (LEX.prisonMinMonths, facts.prison_min_months),
        (LEX.prisonMaxMonths, facts.prison_max_months),
        (LEX.fineMinKip, facts.fine_min_kip),
        (LEX.fineMaxKip, facts.fine_max_kip),
    ):
        if value is not None:
            g.add((pen, prop, Literal(value, datatype=XSD.integer)))
    g.add((pen, LEX.deathPenalty, Literal(facts.death_penalty)))
    g.add((pen, LEX.reEducation, Literal(facts.re_education)))
    g.add((pen, LEX.confiscation, Literal(facts.confiscation)))


def _age(builder: GraphBuilder, node: URIRef, facts: AgeFacts) -> None:
    g = builder.g
    band = URIRef(f"{node}/age")
    g.add((node, LEX.hasAgeBand, band))
    g.add((band, RDF.type, LEX.AgeBand))
    if facts.min is not None:
        g.add((band, LEX.minAge, Literal(facts.min, datatype=XSD.integer)))
        if facts.min_inclusive is not None:
            g.add((band, LEX.minInclusive, Literal(facts.min_inclusive)))
    if facts.max is not None:
        g.add((band, LEX.maxAge, Literal(facts.max, datatype=XSD.integer)))
        if facts.max_inclusive is not None:
            g.add((band, LEX.maxInclusive, Literal(facts.max_inclusive)))


def add_readings(builder: GraphBuilder, readings: Readings, edition_base: dict[str, str]) -> None:
    """Add every checked statement and assessment. `edition_base` maps an edition's document id
    to the report it is an edition of (its passages live there)."""
    g = builder.g
    iris = builder.iris
    for item in readings.statements:
        st = item.entry
        assert isinstance(st, Statement)
        node = iris.statement(st.id)
        passage = iris.passage(edition_base.get(item.document, item.document), st.locator)
        ref = st.provision
        g.add((node, RDF.type, LEX.Statement))
        g.add((node, DCTERMS.identifier, Literal(st.id)))
        about = builder.resource_for(ref.instrument, ref.year, ref.article, document=item.document)
        g.add((node, LEX.aboutProvision, about))
        g.add((node, LEX.effect, Literal(st.effect)))
        for notation in st.offences:
            g.add((node, LEX.concerns, iris.offence(notation)))
        g.add((node, LEX.victimSex, Literal(st.victim_sex)))
        if ref.year is not None:
            g.add((node, LEX.statedYear, Literal(str(ref.year), datatype=XSD.gYear)))
        if st.penalty is not None:
            _penalty(builder, node, st.penalty)
        elif st.penalty_by_reference is not None:
            # The referenced statement's own penalty node: one set of numbers, two quotes.
            source = iris.statement(st.penalty_by_reference)
            g.add((node, LEX.hasPenalty, URIRef(f"{source}/penalty")))
            g.add((node, LEX.penaltyByReference, source))
        if st.stance != "asserted":
            g.add((node, LEX.stance, Literal(st.stance)))
        if st.age is not None:
            _age(builder, node, st.age)
        if st.note:
            g.add((node, DCTERMS.description, Literal(st.note)))
        _quote(builder, node, item, passage)
        builder.counts.statements += 1
    for item in readings.assessments:
        ass = item.entry
        assert isinstance(ass, Assessment)
        node = iris.assessment(ass.id)
        passage = iris.passage(edition_base.get(item.document, item.document), ass.locator)
        g.add((node, RDF.type, LEX.Assessment))
        g.add((node, DCTERMS.identifier, Literal(ass.id)))
        g.add((node, LEX.verdict, Literal(ass.verdict)))
        for notation in ass.offences:
            g.add((node, LEX.concerns, iris.offence(notation)))
        for ref in ass.considered:
            considered = builder.resource_for(
                ref.instrument, ref.year, ref.article, document=item.document
            )
            g.add((node, LEX.considered, considered))
        if ass.note:
            g.add((node, DCTERMS.description, Literal(ass.note)))
        _quote(builder, node, item, passage)
        builder.counts.assessments += 1
    for item in readings.version_status:
        vs = item.entry
        assert isinstance(vs, VersionStatus)
        node = iris.version_status(vs.id)
        passage = iris.passage(edition_base.get(item.document, item.document), vs.locator)
        g.add((node, RDF.type, LEX.VersionStatement))
        g.add((node, DCTERMS.identifier, Literal(vs.id)))
        g.add(
            (
                node,
                LEX.aboutVersion,
                builder.resource_for(
                    vs.version.instrument, vs.version.year, None, document=item.document
                ),
            )
        )
        g.add((node, LEX.legislativeStage, Literal(vs.status)))
        _quote(builder, node, item, passage)
