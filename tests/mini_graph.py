"""The small hand-written graph (tests/fixtures/mini-graph.ttl) on both engines: the tests that
hold a two-step or bound query to the catalogue query's rows run it on each (imported as a
script, as offline_browser is)."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from lexgap.queries.engine import Engine, OxigraphEngine, RdflibEngine

FIXTURE = Path(__file__).parent / "fixtures" / "mini-graph.ttl"


def fixture_engines() -> list[Engine]:
    """The fixture in an in-memory Oxigraph store and in an rdflib graph, in that order."""
    store = ox.Store()
    store.load(path=str(FIXTURE), format=ox.RdfFormat.TURTLE)
    return [OxigraphEngine(store), RdflibEngine(Graph().parse(FIXTURE, format="turtle"))]
