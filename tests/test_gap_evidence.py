"""The one-round-trip evidence of a gap answer (queries/answers/evidence.py and
`sparql/bound/gap-evidence.rq`) gives exactly the rows of the three queries it replaces
(`statements`, `gap-statement-extras`, `gap-version-status`), on both engines, for every
question, with every source and about one country: the gap answers rest on those rows."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from mini_graph import fixture_engines  # beside this file: tests/mini_graph.py
from rdflib import Graph

from lexgap.queries import runner
from lexgap.queries.answers import evidence, gaps
from lexgap.queries.engine import IRI, Engine, OxigraphEngine, RdflibEngine

T = "https://t.example/id/"


def _three_queries(engine: Engine, statements: list[IRI], jurisdiction: str | None) -> Any:
    """What gaps.collect ran before: the rows `evidence.collect` must reproduce."""
    only: dict[str, Any] = {} if jurisdiction is None else {"jurisdiction": jurisdiction}
    rows = runner.run(engine, runner.get("statements"), {"statement": statements, **only})
    kept = {r["statement"] for r in rows}
    extras = runner.run(engine, runner.get("gap-statement-extras"), {"statement": statements})
    versions: dict[str, list[dict[str, Any]]] = {}
    provisions = [IRI(i) for i in sorted({r["provisionIri"] for r in rows})]
    if provisions:  # rdflib fails on a VALUES block without rows
        for r in runner.run(engine, runner.get("gap-version-status"), {"provision": provisions}):
            versions.setdefault(r["provision"], []).append(r)
    return rows, [e for e in extras if e["statement"] in kept], versions


def _same(engine: Engine, statements: list[IRI], jurisdiction: str | None = None) -> None:
    rows, extras, versions = _three_queries(engine, statements, jurisdiction)
    found = evidence.collect(engine, statements, jurisdiction)
    assert found.statements == rows  # same rows, same order
    assert sorted(map(repr, found.extras)) == sorted(map(repr, extras))
    assert found.versions == versions


@pytest.mark.unit
@pytest.mark.parametrize("engine_index", [0, 1])
def test_evidence_on_the_fixture_is_the_three_queries_rows(engine_index: int) -> None:
    engine = fixture_engines()[engine_index]
    everything = [IRI(T + f"s{i}") for i in range(1, 11)]
    _same(engine, everything)
    _same(engine, everything, "la")
    _same(engine, everything, "nowhere")
    _same(engine, [IRI(T + "s5"), IRI(T + "s10")])


@pytest.mark.integration
def test_evidence_for_every_question_is_the_three_queries_rows(
    store_engine: OxigraphEngine, built_out: Path
) -> None:
    turtle = RdflibEngine(Graph().parse(built_out / "lexgap.ttl", format="turtle"))
    for engine in (store_engine, turtle):
        for qid in gaps.catalogue():
            selected = runner.run(engine, gaps.question(qid))
            statements = [IRI(s) for s in sorted({r["statement"] for r in selected})]
            if statements:
                _same(engine, statements)
                _same(engine, statements, "la")


# Changes to the fixture for what the evidence joins in Python rather than in one query: an
# instrument without its id (its statements have no `statements` row, so no extras or versions
# either), a provision part of a cycle of resources (one distinct enactment) and with two
# article numbers. (Two values of a column `statements` does not order by, such as two dates
# of one document, leave the order of its rows to the engine: not comparable row by row.)
AWKWARD = """
@prefix lex: <https://lexgap.example.org/ns#> .
@prefix eli: <http://data.europa.eu/eli/ontology#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix t: <https://t.example/id/> .
t:cycle-a eli:is_part_of t:cycle-b . t:cycle-b eli:is_part_of t:cycle-a ;
    lex:distinctEnactment true .
"""


def _awkward_engines() -> list[Engine]:
    import pyoxigraph as ox
    from mini_graph import FIXTURE

    graph = Graph().parse(FIXTURE, format="turtle").parse(data=AWKWARD, format="turtle")
    lex = "https://lexgap.example.org/ns#"
    from rdflib import Literal, URIRef

    graph.remove((URIRef(T + "decree"), URIRef(lex + "instrumentId"), None))
    for s in list(graph.subjects(URIRef(lex + "aboutProvision"), None))[:1]:
        for p in graph.objects(s, URIRef(lex + "aboutProvision")):
            graph.add(
                (p, URIRef("http://data.europa.eu/eli/ontology#is_part_of"), URIRef(T + "cycle-a"))
            )
            graph.add((p, URIRef("http://data.europa.eu/eli/ontology#number"), Literal("999")))
    store = ox.Store()
    store.load(graph.serialize(format="nt").encode(), format=ox.RdfFormat.N_TRIPLES)
    return [OxigraphEngine(store), RdflibEngine(graph)]


@pytest.mark.unit
@pytest.mark.parametrize("engine_index", [0, 1])
def test_evidence_joined_in_python_is_the_three_queries_rows(engine_index: int) -> None:
    engine = _awkward_engines()[engine_index]
    everything = [IRI(T + f"s{i}") for i in range(1, 11)]
    for jurisdiction in (None, "la"):
        rows, extras, versions = _three_queries(engine, everything, jurisdiction)
        found = evidence.collect(engine, everything, jurisdiction)
        assert found.statements == rows
        # `gap-statement-extras` repeats a row for each distinct-enactment flag on the way up
        # (two here); the answers read the rows as flags
        assert set(map(repr, found.extras)) == set(map(repr, extras))
        assert found.versions == versions
        assert len(found.statements) == 10
