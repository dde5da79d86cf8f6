"""Each SHACL shape has one small data file that must pass and one that must fail."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph

from lexgap.graph.validate import violations

SHAPES_DIR = Path(__file__).parent / "shapes"
SHAPES = ["statement", "penalty", "ageband", "assessment", "passage"]


def _load(name: str) -> Graph:
    g = Graph()
    g.parse(SHAPES_DIR / "_common.ttl")
    g.parse(SHAPES_DIR / name)
    return g


def test_every_shape_has_a_pass_and_a_fail_example() -> None:
    files = sorted(p.name for p in SHAPES_DIR.glob("*-*.ttl"))
    assert files == sorted(f"{s}-{kind}.ttl" for s in SHAPES for kind in ("pass", "fail"))
    assert len(files) == 10


@pytest.mark.parametrize("shape", SHAPES)
def test_pass_example_conforms(shape: str) -> None:
    assert violations(_load(f"{shape}-pass.ttl")) == []


@pytest.mark.parametrize("shape", SHAPES)
def test_fail_example_is_refused(shape: str) -> None:
    found = violations(_load(f"{shape}-fail.ttl"))
    assert found, f"{shape}-fail.ttl should violate a shape"
    assert all(v.focus.startswith("https://example.org/") for v in found)


def test_fail_examples_fail_for_the_stated_reasons() -> None:
    penalty = {v.message for v in violations(_load("penalty-fail.ttl"))}
    assert any("0-600" in m for m in penalty)
    statement = {v.message for v in violations(_load("statement-fail.ttl"))}
    assert any("quote" in m for m in statement)
    assert any("offence concept" in m for m in statement)


def test_build_check_reports_violations_readably() -> None:
    from lexgap.core.errors import ValidationFailed
    from lexgap.graph.validate import check

    with pytest.raises(ValidationFailed) as info:
        check(_load("penalty-fail.ttl"))
    message = info.value.render()
    assert message.startswith("graph violates the SHACL shapes (")
    assert "https://example.org/pen" in message and "0-600" in message


@pytest.mark.integration
def test_real_graph_conforms_and_an_unquoted_statement_does_not() -> None:
    """The built graph passes; one statement added without its quote makes it fail."""
    from rdflib import RDF, Literal, URIRef

    from lexgap.core.errors import ValidationFailed
    from lexgap.graph.assemble import assemble
    from lexgap.graph.namespaces import LEX
    from lexgap.graph.validate import check

    graph = assemble(shacl=False).graph
    check(graph)
    bad = URIRef("https://lexgap.example.org/id/statement/unquoted")
    graph.add((bad, RDF.type, LEX.Statement))
    graph.add((bad, LEX.effect, Literal("creates-offence")))
    with pytest.raises(ValidationFailed) as info:
        check(graph)
    assert "statement/unquoted" in info.value.render()
