"""Adds curated statements and assessments to the graph, each with its quote and passage.

A statement node carries only what its own source says; statements from two sources about the
same provision are two nodes, and the conflicts query compares them. Penalties and age bands are
their own nodes so that each number is a typed literal a query can compare.
"""

from __future__ import annotations

from rdflib.namespace import XSD

from lexgap.graph import ntriples as nt
from lexgap.graph.build import DC, TYPE, GraphBuilder, L, P, add_quote
from lexgap.loaders.readings import (
    AgeFacts,
    Assessment,
    Located,
    PenaltyFacts,
    Readings,
    Statement,
    VersionStatus,
)


def _quote(builder: GraphBuilder, node: str, item: Located, passage: str) -> None:
    add_quote(builder, node, L.quote, passage, item.entry.quote, item.quote_span)
    builder.out.add(node, P.wasDerivedFrom, passage)
    builder.out.add(node, L.statedIn, builder.document(item.document))


def _penalty(builder: GraphBuilder, node: str, facts: PenaltyFacts) -> None:
    add = builder.out.add
    pen = nt.child(node, "/penalty")
    add(node, L.hasPenalty, pen)
    add(pen, TYPE, L.Penalty)
    for prop, value in (
        (L.prisonMinMonths, facts.prison_min_months),
        (L.prisonMaxMonths, facts.prison_max_months),
        (L.fineMinKip, facts.fine_min_kip),
        (L.fineMaxKip, facts.fine_max_kip),
    ):
        if value is not None:
            add(pen, prop, nt.integer(value))
    add(pen, L.deathPenalty, nt.boolean(facts.death_penalty))
    add(pen, L.reEducation, nt.boolean(facts.re_education))
    add(pen, L.confiscation, nt.boolean(facts.confiscation))


def _age(builder: GraphBuilder, node: str, facts: AgeFacts) -> None:
    add = builder.out.add
    band = nt.child(node, "/age")
    add(node, L.hasAgeBand, band)
    add(band, TYPE, L.AgeBand)
    if facts.min is not None:
        add(band, L.minAge, nt.integer(facts.min))
        if facts.min_inclusive is not None:
            add(band, L.minInclusive, nt.boolean(facts.min_inclusive))
    if facts.max is not None:
        add(band, L.maxAge, nt.integer(facts.max))
        if facts.max_inclusive is not None:
            add(band, L.maxInclusive, nt.boolean(facts.max_inclusive))


def add_readings(builder: GraphBuilder, readings: Readings, edition_base: dict[str, str]) -> None:
    """Add every checked statement and assessment. `edition_base` maps an edition's document id
    to the report it is an edition of (its passages live there)."""
    add = builder.out.add
    iris = builder.iris
    for item in readings.statements:
        st = item.entry
        assert isinstance(st, Statement)
        node = nt.iri(iris.statement(st.id))
        passage = builder.passage(edition_base.get(item.document, item.document), st.locator)
        ref = st.provision
        add(node, TYPE, L.Statement)
        add(node, DC.identifier, nt.text(st.id))
        about = builder.resource_for(ref.instrument, ref.year, ref.article, document=item.document)
        add(node, L.aboutProvision, about)
        add(node, L.effect, nt.text(st.effect))
        for notation in st.offences:
            add(node, L.concerns, nt.iri(iris.offence(notation)))
        add(node, L.victimSex, nt.text(st.victim_sex))
        if ref.year is not None:
            add(node, L.statedYear, nt.typed(str(ref.year), str(XSD.gYear)))
        if st.penalty is not None:
            _penalty(builder, node, st.penalty)
        elif st.penalty_by_reference is not None:
            # The referenced statement's own penalty node: one set of numbers, two quotes.
            source = nt.iri(iris.statement(st.penalty_by_reference))
            add(node, L.hasPenalty, nt.child(source, "/penalty"))
            add(node, L.penaltyByReference, source)
        if st.stance != "asserted":
            add(node, L.stance, nt.text(st.stance))
        if st.age is not None:
            _age(builder, node, st.age)
        if st.note:
            add(node, DC.description, nt.text(st.note))
        _quote(builder, node, item, passage)
        builder.counts.statements += 1
    for item in readings.assessments:
        ass = item.entry
        assert isinstance(ass, Assessment)
        node = nt.iri(iris.assessment(ass.id))
        passage = builder.passage(edition_base.get(item.document, item.document), ass.locator)
        add(node, TYPE, L.Assessment)
        add(node, DC.identifier, nt.text(ass.id))
        add(node, L.verdict, nt.text(ass.verdict))
        for notation in ass.offences:
            add(node, L.concerns, nt.iri(iris.offence(notation)))
        for ref in ass.considered:
            considered = builder.resource_for(
                ref.instrument, ref.year, ref.article, document=item.document
            )
            add(node, L.considered, considered)
        if ass.note:
            add(node, DC.description, nt.text(ass.note))
        _quote(builder, node, item, passage)
        builder.counts.assessments += 1
    for item in readings.version_status:
        vs = item.entry
        assert isinstance(vs, VersionStatus)
        node = nt.iri(iris.version_status(vs.id))
        passage = builder.passage(edition_base.get(item.document, item.document), vs.locator)
        add(node, TYPE, L.VersionStatement)
        add(node, DC.identifier, nt.text(vs.id))
        version = builder.resource_for(
            vs.version.instrument, vs.version.year, None, document=item.document
        )
        add(node, L.aboutVersion, version)
        add(node, L.legislativeStage, nt.text(vs.status))
        _quote(builder, node, item, passage)
