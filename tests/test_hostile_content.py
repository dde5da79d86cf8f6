"""Hostile content in the graph and hostile queries: nothing runs, nothing changes.

A curated quote or a label is data a lawyer typed or a document contained; it may start with a
spreadsheet formula character or hold markup. CSV exports must neutralise formulas end to end
(through the real queries and the real writer), and a user's SPARQL must never change the
embedded store, however it is dressed up.
"""

from __future__ import annotations

import csv
import hashlib
from pathlib import Path

import pyoxigraph as ox
import pytest

from lexgap.cli.main import main
from lexgap.publish.export import write_csv
from lexgap.queries.engine import OxigraphEngine

pytestmark = pytest.mark.integration

FORMULAS = ["=cmd|' /C calc'!A0", "+1+1", "-2+3", "@SUM(A1:A9)"]


def _replace(store: ox.Store, subject: ox.NamedNode, predicate: str, value: str) -> None:
    p = ox.NamedNode(predicate)
    for q in list(store.quads_for_pattern(subject, p, None)):
        store.remove(q)
    store.add(ox.Quad(subject, p, ox.Literal(value)))


def _select(store: ox.Store, query: str, var: str) -> list[ox.NamedNode]:
    result = store.query(query)
    assert isinstance(result, ox.QuerySolutions)
    return [row[var] for row in result]


def _hostile_engine(built: Path) -> OxigraphEngine:
    """The real graph with formula-like and markup quotes, a label and a recommendation."""
    store = ox.Store()
    store.load(path=str(built / "lexgap.ttl"), format=ox.RdfFormat.TURTLE)
    selectors = _select(
        store,
        "PREFIX lex: <https://lexgap.example.org/ns#> PREFIX oa: <http://www.w3.org/ns/oa#>"
        " SELECT ?sel WHERE { ?s a lex:Statement ; lex:quote/oa:hasSelector ?sel ."
        " ?sel oa:exact ?e } ORDER BY ?sel LIMIT 4",
        "sel",
    )
    for sel, formula in zip(selectors, FORMULAS, strict=True):
        _replace(store, sel, "http://www.w3.org/ns/oa#exact", formula)
    (prov,) = _select(
        store,
        "SELECT ?p WHERE { ?p <http://www.w3.org/2000/01/rdf-schema#label> "
        '"Penal Code (2017), art. 257"@en }',
        "p",
    )
    _replace(
        store,
        prov,
        "http://www.w3.org/2000/01/rdf-schema#label",
        '=HYPERLINK("http://x","<script>alert(1)</script>")',
    )
    (rec,) = _select(
        store,
        'SELECT ?r WHERE { ?r <https://lexgap.example.org/ns#locator> "66(b)" ; '
        "a <https://lexgap.example.org/ns#Recommendation> }",
        "r",
    )
    _replace(
        store, rec, "https://lexgap.example.org/ns#text", "@import <img src=x onerror=alert(1)>"
    )
    return OxigraphEngine(store)


def test_csv_export_neutralises_formulas_end_to_end(built_out: Path, tmp_path: Path) -> None:
    folder = write_csv(_hostile_engine(built_out), tmp_path / "csv")
    cells = [
        cell
        for name in ("statements.csv", "provisions.csv", "recommendations.csv")
        for row in csv.reader((folder / name).open(encoding="utf-8-sig"))
        for cell in row
    ]
    for formula in FORMULAS:
        assert f"'{formula}" in cells, formula
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@")]
    # The hostile provision label and recommendation text arrive as text, neutralised.
    assert any(c.startswith("'=HYPERLINK") and "<script>" in c for c in cells)
    assert "'@import <img src=x onerror=alert(1)>" in cells


def _store_files(out: Path) -> dict[str, str]:
    return {
        str(p.relative_to(out)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted((out / "store").rglob("*"))
        if p.is_file() and p.name != "LOCK" and not p.name.startswith("LOG")
    }


UPDATES = [
    "DELETE WHERE { ?s ?p ?o }",
    "  insert data { <http://x/a> <http://x/b> <http://x/c> }",
    "# a comment first\nPREFIX x: <http://x/>\nDROP ALL",
    "BASE <http://x/>\nCLEAR DEFAULT",
    "LOAD <http://127.0.0.1:9/nothing>",
    "WITH <http://x/g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
]


@pytest.mark.parametrize("update", UPDATES)
def test_updates_are_refused_and_the_store_is_unchanged(
    built_out: Path, update: str, capsys: pytest.CaptureFixture[str]
) -> None:
    before = _store_files(built_out)
    assert main(["sparql", update, "--out", str(built_out)]) == 2
    assert "updates are not allowed" in capsys.readouterr().err
    assert _store_files(built_out) == before


def test_the_embedded_store_is_opened_read_only(built_out: Path) -> None:
    """Even past the CLI's check, the store a query command opens cannot be written."""
    import lexgap

    engine = lexgap.engine(out=built_out)
    assert isinstance(engine, OxigraphEngine)
    with pytest.raises(RuntimeError, match="only possible on read-write"):
        engine.store.update("DELETE WHERE { ?s ?p ?o }")


@pytest.mark.parametrize(
    "value",
    ['257" } ; DROP ALL #', "<http://x/a> } UNION { ?s ?p ?o", "257' || true || '", '\\"\\n}'],
)
def test_hostile_cli_parameters_match_nothing_and_change_nothing(
    built_out: Path, value: str, capsys: pytest.CaptureFixture[str]
) -> None:
    before = _store_files(built_out)
    code = main(["statements", "--article", value, "--format", "json", "--out", str(built_out)])
    assert code == 0
    assert capsys.readouterr().out.strip() == "[]"
    assert _store_files(built_out) == before
