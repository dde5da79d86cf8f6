"""Adds recommendations, what they target, and the State party's responses to the graph.

A recommendation node stands beside the passage it comes from (and the passages that repeat it,
for the study's twice-printed list). Its targets (offence concepts, provisions, kinds of action)
come from curated data, each with the quote that justifies the link; responses link a passage
of the State report to the Committee recommendations it answers. Whether a recommendation went
unanswered is computed by a query, never stored.
"""

from __future__ import annotations

from collections.abc import Sequence

from lexgap.graph import ntriples as nt
from lexgap.graph.build import DC, TYPE, GraphBuilder, L, P, add_quote
from lexgap.loaders.recommendations import Recommendation
from lexgap.loaders.targets import Targets


def add_recommendations(
    builder: GraphBuilder, recommendations: Sequence[Recommendation], targets: Targets
) -> None:
    add = builder.out.add
    iris = builder.iris

    def recommendation(doc_id: str, locator: str) -> str:
        return nt.iri(iris.recommendation(doc_id, locator))

    for rec in recommendations:
        node = recommendation(rec.doc_id, rec.locator)
        add(node, TYPE, L.Recommendation)
        add(node, DC.identifier, nt.text(f"{rec.doc_id} {rec.locator}"))
        add(node, L.statedIn, builder.document(rec.doc_id))
        add(node, L.issuingBody, nt.text(rec.body))
        add(node, L.locator, nt.text(rec.locator))
        add(node, L.recommendationKind, nt.text(rec.kind))
        add(node, L.text, nt.text(rec.text))
        add(node, P.wasDerivedFrom, builder.passage(rec.doc_id, rec.locator))
        for other in rec.also_at:
            add(node, P.wasDerivedFrom, builder.passage(rec.doc_id, other))
            add(node, L.alsoAt, nt.text(other))
        if rec.verb:
            add(node, L.verb, nt.text(rec.verb))
        if rec.group:
            add(node, L.group, nt.text(rec.group))
        if rec.parent:
            add(node, L.subRecommendationOf, recommendation(rec.doc_id, rec.parent))
        if rec.concern:
            add(node, L.answersConcern, builder.passage(rec.doc_id, rec.concern))
        builder.counts.recommendations += 1
    for item in targets.targets:
        t = item.entry
        node = recommendation(item.document, t.locator)
        for action in t.actions:
            add(node, L.action, nt.text(action))
        for notation in t.offences:
            add(node, L.concerns, nt.iri(iris.offence(notation)))
        for ref in t.provisions:
            provision = builder.resource_for(
                ref.instrument, ref.year, ref.article, document=item.document
            )
            add(node, L.targetsProvision, provision)
        if t.no_law:
            add(node, L.noLawTarget, nt.TRUE)
        if t.note:
            add(node, DC.description, nt.text(t.note))
        add_quote(
            builder,
            node,
            L.targetQuote,
            builder.passage(item.document, t.locator),
            t.quote,
            item.quote_span,
        )
    for resp in targets.responses:
        r = resp.entry
        node = nt.iri(iris.response(resp.document, r.locator))
        passage = builder.passage(resp.document, r.locator)
        add(node, TYPE, L.Response)
        add(node, L.statedIn, builder.document(resp.document))
        add(node, L.responseKind, nt.text(r.kind))
        add(node, P.wasDerivedFrom, passage)
        for answered in r.answers:
            add(node, L.answers, recommendation(resp.answers_document, answered))
        for ref in r.provisions:
            provision = builder.resource_for(
                ref.instrument, ref.year, ref.article, document=resp.document
            )
            add(node, L.citesInReply, provision)
        if r.note:
            add(node, DC.description, nt.text(r.note))
        add_quote(builder, node, L.quote, passage, r.quote, resp.quote_span)
        builder.counts.responses += 1
