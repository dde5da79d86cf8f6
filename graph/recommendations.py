"""Adds recommendations, what they target, and the State party's responses to the graph.

A recommendation node stands beside the passage it comes from (and the passages that repeat it,
for the study's twice-printed list). Its targets (offence concepts, provisions, kinds of action)
come from curated data, each with the quote that justifies the link; responses link a passage
of the State report to the Committee recommendations it answers. Whether a recommendation went
unanswered is computed by a query, never stored.
"""

from __future__ import annotations

from collections.abc import Sequence

from rdflib import RDF, Literal
from rdflib.namespace import DCTERMS

from lexgap.graph.build import GraphBuilder, add_quote
from lexgap.graph.namespaces import LEX, PROV
from lexgap.loaders.recommendations import Recommendation
from lexgap.loaders.targets import Targets


def add_recommendations(
    builder: GraphBuilder, recommendations: Sequence[Recommendation], targets: Targets
) -> None:
    g = builder.g
    iris = builder.iris
    for rec in recommendations:
        node = iris.recommendation(rec.doc_id, rec.locator)
        g.add((node, RDF.type, LEX.Recommendation))
        g.add((node, DCTERMS.identifier, Literal(f"{rec.doc_id} {rec.locator}")))
        g.add((node, LEX.statedIn, iris.document(rec.doc_id)))
        g.add((node, LEX.issuingBody, Literal(rec.body)))
        g.add((node, LEX.locator, Literal(rec.locator)))
        g.add((node, LEX.recommendationKind, Literal(rec.kind)))
        g.add((node, LEX.text, Literal(rec.text)))
        g.add((node, PROV.wasDerivedFrom, iris.passage(rec.doc_id, rec.locator)))
        for other in rec.also_at:
            g.add((node, PROV.wasDerivedFrom, iris.passage(rec.doc_id, other)))
            g.add((node, LEX.alsoAt, Literal(other)))
        if rec.verb:
            g.add((node, LEX.verb, Literal(rec.verb)))
        if rec.group:
            g.add((node, LEX.group, Literal(rec.group)))
        if rec.parent:
            g.add((node, LEX.subRecommendationOf, iris.recommendation(rec.doc_id, rec.parent)))
        if rec.concern:
            g.add((node, LEX.answersConcern, iris.passage(rec.doc_id, rec.concern)))
        builder.counts.recommendations += 1
    for item in targets.targets:
        t = item.entry
        node = iris.recommendation(item.document, t.locator)
        for action in t.actions:
            g.add((node, LEX.action, Literal(action)))
        for notation in t.offences:
            g.add((node, LEX.concerns, iris.offence(notation)))
        for ref in t.provisions:
            g.add(
                (
                    node,
                    LEX.targetsProvision,
                    builder.resource_for(
                        ref.instrument, ref.year, ref.article, document=item.document
                    ),
                )
            )
        if t.no_law:
            g.add((node, LEX.noLawTarget, Literal(True)))
        if t.note:
            g.add((node, DCTERMS.description, Literal(t.note)))
        add_quote(
            builder,
            node,
            LEX.targetQuote,
            iris.passage(item.document, t.locator),
            t.quote,
            item.quote_span,
        )
    for resp in targets.responses:
        r = resp.entry
        node = iris.response(resp.document, r.locator)
        passage = iris.passage(resp.document, r.locator)
        g.add((node, RDF.type, LEX.Response))
        g.add((node, LEX.statedIn, iris.document(resp.document)))
        g.add((node, LEX.responseKind, Literal(r.kind)))
        g.add((node, PROV.wasDerivedFrom, passage))
        for answered in r.answers:
            g.add((node, LEX.answers, iris.recommendation(resp.answers_document, answered)))
        for ref in r.provisions:
            g.add(
                (
                    node,
                    LEX.citesInReply,
                    builder.resource_for(
                        ref.instrument, ref.year, ref.article, document=resp.document
                    ),
                )
            )
        if r.note:
            g.add((node, DCTERMS.description, Literal(r.note)))
        add_quote(builder, node, LEX.quote, passage, r.quote, resp.quote_span)
        builder.counts.responses += 1
