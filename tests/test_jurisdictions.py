"""One country at a time (`--jurisdiction`): answers, the gap map and the conflicts queries on a
graph of two countries (issue 9).

Why: with many countries in one graph, an answer or a map across all of them mixes their laws;
the usable view is one country's. The corpus is the real one plus one synthetic jurisdiction
`x001` (benchmarks/synth.py: the same documents, article numbers and penalty figures changed),
so each country's answer must have the same status as the bundled corpus's and rest only on its
own documents.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import synth  # benchmarks/synth.py, on the path by tests/conftest.py

import lexgap
from lexgap.cli.main import main
from lexgap.core.errors import UsageError
from lexgap.gapmap import build as gapmap
from lexgap.queries.answers import gaps
from lexgap.queries.engine import Engine, OxigraphEngine

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def two(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Engine]:
    """The real corpus and x001, built with `lexgap build` into a store of its own."""
    root = tmp_path_factory.mktemp("two-countries")
    corpus = synth.generate(2, 1, root / "corpus", synth.load_template())
    folders = (corpus / "sources", corpus / "readings", corpus / "recommendations")
    lexgap.build(
        out=root / "out", sources=folders[0], readings=folders[1], recommendations=folders[2]
    )
    engine = lexgap.engine(
        out=root / "out", sources=folders[0], readings=folders[1], recommendations=folders[2]
    )
    return corpus, engine


def _docs(a: gaps.GapAnswer) -> set[str]:
    return (
        {p.source.document for p in a.provisions}
        | {f.source.document for f in a.findings}
        | {r.document for r in a.recommendations}
    )


def test_every_document_states_its_jurisdiction(two: tuple[Path, Engine]) -> None:
    found = gaps.jurisdictions(two[1])
    assert list(found) == ["la", "x001"]
    assert "a-hrc-40-51-add-1" in found["la"] and len(found["la"]) == 5
    assert all(d.startswith("x001-") for d in found["x001"]) and len(found["x001"]) == 5


def test_one_countrys_answer_rests_on_its_documents_only(two: tuple[Path, Engine]) -> None:
    engine = two[1]
    for qid in gaps.catalogue():
        la = gaps.answer(engine, qid, "la")
        x = gaps.answer(engine, qid, "x001")
        both = gaps.answer(engine, qid)
        assert all(not d.startswith("x001-") for d in _docs(la)), qid
        assert all(d.startswith("x001-") for d in _docs(x)), qid
        # The synthetic country is the real one with other numbers: the same status, and the
        # same count of each kind of evidence.
        assert x.status == la.status, qid
        assert len(x.provisions) == len(la.provisions), qid
        assert len(x.findings) == len(la.findings), qid
        assert len(x.recommendations) == len(la.recommendations), qid
        assert len(both.provisions) == 2 * len(la.provisions), qid


def test_bundled_answers_are_unchanged_by_naming_their_jurisdiction(
    store_engine: OxigraphEngine,
) -> None:
    for qid in gaps.catalogue():
        assert (
            gaps.answer(store_engine, qid, "la").to_json()
            == gaps.answer(store_engine, qid).to_json()
        ), qid


def test_possession_contest_is_within_one_country(two: tuple[Path, Engine]) -> None:
    """The State party's art. 257 contests the Special Rapporteur's finding in each country, and
    never across countries: x001's report does not answer the Lao finding."""
    from lexgap.queries.conflicts import conflicts

    rows = conflicts(two[1])
    pairs = {
        (s["document"][:5] == "x001-", t["document"][:5] == "x001-")
        for r in rows
        for s in r["a"]
        for t in r["b"]
    }
    assert pairs == {(False, False), (True, True)}
    possession = {
        (t["document"], t["detail"].split(";")[0])
        for r in rows
        if r["about"] == "csam-possession" and r["status"] == "conflict"
        for t in r["b"]
    }
    la = {p for d, p in possession if not d.startswith("x001-")}
    x001 = {p for d, p in possession if d.startswith("x001-")}
    assert la == {"Penal Code (2017), art. 257"}
    # x001's article number is shifted by the generator; its Penal Code is its own.
    assert len(x001) == 1 and next(iter(x001)).startswith("Penal Code [x001] (2017), art. ")


def test_one_countrys_map_is_the_bundled_map_in_size(
    two: tuple[Path, Engine], store_engine: OxigraphEngine
) -> None:
    bundled = gapmap.gap_map(store_engine)
    la_only = gapmap.gap_map(store_engine, jurisdiction="la")
    assert set(la_only.nodes) == set(bundled.nodes) and set(la_only.edges) == set(bundled.edges)
    x = gapmap.gap_map(two[1], jurisdiction="x001")
    assert x.counts() == bundled.counts()
    assert not x.dropped
    docs = {n.document for n in x.nodes.values() if n.kind in ("document", "recommendation")}
    assert docs and all(d is not None and d.startswith("x001-") for d in docs)
    # Its national provisions are its own laws; the CRC and its Protocol are shared.
    groups = {x.instruments[n.group] for n in x.nodes.values() if n.group}
    assert any("[x001]" in g for g in groups) and not any(g == "Penal Code" for g in groups)
    assert x.filters["jurisdiction"] == ["x001"]


def test_unknown_jurisdiction_is_a_usage_error(
    two: tuple[Path, Engine], capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(UsageError, match="no source document is about jurisdiction 'x999'"):
        gaps.check_jurisdiction(two[1], "x999")
    assert main(["ask", "csam-possession", "--jurisdiction", "LA"]) == 2
    err = capsys.readouterr().err
    assert "jurisdiction 'LA'" in err and "jurisdictions in the graph: la" in err


def test_cli_answers_and_maps_one_country(
    two: tuple[Path, Engine], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus = two[0]
    where = [
        "--sources",
        str(corpus / "sources"),
        "--readings",
        str(corpus / "readings"),
        "--recommendations",
        str(corpus / "recommendations"),
        "--out",
        str(tmp_path / "out"),
    ]
    assert main(["build", *where]) == 0
    capsys.readouterr()
    assert main(["gaps", "--jurisdiction", "x001", "--format", "csv", *where]) == 0
    table = capsys.readouterr().out
    assert "Penal Code [x001]" in table and "Penal Code (2017)" not in table
    page = tmp_path / "x001.html"
    gap_args = ["gapmap", "--out", str(page), "--store", str(tmp_path / "out")]
    assert main([*gap_args, "--jurisdiction", "x001", *where[:-2]]) == 0
    # the bundled corpus's map size (19 gaps, 100 provisions, 126 recommendations, 4 documents)
    assert "249 nodes" in capsys.readouterr().out
    assert "x001-lao-opsc-followup-report" in page.read_text("utf-8")
