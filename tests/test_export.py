"""Exports: round trips through two independent parsers, named graphs, CSV tables, determinism
across processes, atomic replacement (also under SIGKILL), and `lexgap validate`."""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Dataset, Graph, URIRef
from rdflib.compare import isomorphic

from lexgap.cli.main import main
from lexgap.core.errors import ExportError
from lexgap.graph.build import ontology_graph
from lexgap.graph.namespaces import DEFAULT_BASE, LEX, PREFIXES
from lexgap.loaders.taxonomy import taxonomy_text
from lexgap.publish import export as ex
from lexgap.queries.engine import OxigraphEngine

pytestmark = pytest.mark.integration

DOCS_WITH_CLAIMS = (
    "a-hrc-40-51-add-1",
    "crc-c-opsc-lao-co-1",
    "csec-study-2011",
    "lao-opsc-followup-report",
)
OX_FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "trig": ox.RdfFormat.TRIG,
    "nquads": ox.RdfFormat.N_QUADS,
    "jsonld": ox.RdfFormat.JSON_LD,
}
RDFLIB_FORMATS = {"turtle": "turtle", "trig": "trig", "nquads": "nquads", "jsonld": "json-ld"}


def _tree(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` (hidden ones too) by relative path."""
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def _visible(tree: dict[str, bytes]) -> dict[str, bytes]:
    return {k: v for k, v in tree.items() if not any(s.startswith(".") for s in Path(k).parts)}


@pytest.fixture(scope="module")
def built_graph(built_out: Path) -> Graph:
    """The build's own Turtle, parsed: what every export must be isomorphic to."""
    g = Graph()
    g.parse(built_out / "lexgap.ttl", format="turtle")
    return g


@pytest.fixture(scope="module")
def exported(store_engine: OxigraphEngine, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every export, written once in this process."""
    folder = tmp_path_factory.mktemp("export")
    written = ex.export_store(store_engine.store, "all", folder)
    assert [w.path.name for w in written] == [
        "lexgap.ttl",
        "lexgap.trig",
        "lexgap.nq",
        "lexgap.jsonld",
        "csv",
    ]
    return folder


# --- RDF round trips -------------------------------------------------------------------------


def test_graph_has_no_blank_nodes(built_graph: Graph) -> None:
    # The precondition for comparing pyoxigraph parses as sets of triples, and for determinism.
    assert len(built_graph) > 18000
    assert not any(t.__class__.__name__ == "BNode" for triple in built_graph for t in triple)


def test_turtle_export_is_the_build_file(exported: Path, built_out: Path) -> None:
    assert (exported / "lexgap.ttl").read_bytes() == (built_out / "lexgap.ttl").read_bytes()


@pytest.mark.parametrize("fmt", ["turtle", "trig", "nquads", "jsonld"])
def test_round_trip_with_rdflib(fmt: str, exported: Path, built_graph: Graph) -> None:
    path = exported / ex.default_name(fmt)
    if fmt in ("trig", "nquads"):
        ds = Dataset()
        ds.parse(path, format=RDFLIB_FORMATS[fmt])
        parsed = Graph()
        for s, p, o, _g in ds.quads((None, None, None, None)):
            parsed.add((s, p, o))
    else:
        parsed = Graph()
        parsed.parse(path, format=RDFLIB_FORMATS[fmt])
    assert len(parsed) == len(built_graph)
    assert isomorphic(parsed, built_graph)


@pytest.mark.parametrize("fmt", ["turtle", "trig", "nquads", "jsonld"])
def test_round_trip_with_pyoxigraph(
    fmt: str, exported: Path, store_engine: OxigraphEngine, built_out: Path
) -> None:
    expected = {
        ox.Triple(q.subject, q.predicate, q.object)
        for q in ox.parse(path=str(built_out / "lexgap.ttl"), format=ox.RdfFormat.TURTLE)
    }
    quads = list(ox.parse(path=str(exported / ex.default_name(fmt)), format=OX_FORMATS[fmt]))
    triples = {ox.Triple(q.subject, q.predicate, q.object) for q in quads}
    assert len(quads) == len(triples) == len(expected)  # nothing in two graphs
    assert triples == expected
    named = {q.graph_name for q in quads}
    if fmt in ("trig", "nquads"):
        assert ox.DefaultGraph() not in named
    else:
        assert named == {ox.DefaultGraph()}
    # ... and the embedded store holds the same triples as the build's file
    in_store = {
        ox.Triple(q.subject, q.predicate, q.object)
        for q in store_engine.store.quads_for_pattern(None, None, None, ox.DefaultGraph())
    }
    assert in_store == expected


def _named_graphs(path: Path) -> dict[str, set[ox.Triple]]:
    out: dict[str, set[ox.Triple]] = {}
    for q in ox.parse(path=str(path), format=ox.RdfFormat.TRIG):
        assert isinstance(q.graph_name, ox.NamedNode)
        out.setdefault(q.graph_name.value, set()).add(ox.Triple(q.subject, q.predicate, q.object))
    return out


def test_named_graphs_say_according_to_whom(exported: Path) -> None:
    graphs = _named_graphs(exported / "lexgap.trig")
    base = DEFAULT_BASE + "graph/"
    assert sorted(graphs) == sorted(
        [base + d for d in DOCS_WITH_CLAIMS] + [base + "core", base + "ontology"]
    )
    stated_in = ox.NamedNode(str(LEX.statedIn))
    for doc in DOCS_WITH_CLAIMS:
        triples = graphs[base + doc]
        claims = {str(t.subject)[1:-1] for t in triples if t.predicate == stated_in}
        assert claims, doc
        # every claim in this graph is this document's, and no other graph holds a claim of it
        assert {str(t.object) for t in triples if t.predicate == stated_in} == {
            f"<{DEFAULT_BASE}doc/{doc}>"
        }
        # quotes, penalties and age bands of a claim travel with it
        below = {str(t.subject)[1:-1] for t in triples} - claims
        assert below
        assert all(any(s.startswith(c + "/") for c in claims) for s in below)
    assert not any(t.predicate == stated_in for t in graphs[base + "core"])
    assert not any(t.predicate == stated_in for t in graphs[base + "ontology"])
    # the N-Quads export has the same named graphs, triple for triple
    quads: dict[str, set[ox.Triple]] = {}
    for q in ox.parse(path=str(exported / "lexgap.nq"), format=ox.RdfFormat.N_QUADS):
        assert isinstance(q.graph_name, ox.NamedNode)
        quads.setdefault(q.graph_name.value, set()).add(ox.Triple(q.subject, q.predicate, q.object))
    assert quads == graphs


def test_ontology_graph_is_exactly_ontology_and_taxonomy(exported: Path) -> None:
    expected = ontology_graph()
    expected.parse(data=taxonomy_text(), format="turtle", publicID=DEFAULT_BASE)
    found = _named_graphs(exported / "lexgap.trig")[DEFAULT_BASE + "graph/ontology"]
    data = expected.serialize(format="nt", encoding="utf-8")
    assert found == {
        ox.Triple(q.subject, q.predicate, q.object)
        for q in ox.parse(data, format=ox.RdfFormat.N_TRIPLES)
    }


def test_partition_follows_the_graph_base(built_graph: Graph) -> None:
    """Graph names are minted under the graph's own base, whatever it is."""
    other = "https://laws.example.net/lao/"
    moved = Graph()
    for triple in built_graph:
        moved.add(
            tuple(  # type: ignore[arg-type]
                URIRef(other + str(t)[len(DEFAULT_BASE) :])
                if isinstance(t, URIRef) and str(t).startswith(DEFAULT_BASE)
                else t
                for t in triple
            )
        )
    assert ex.infer_base(moved) == other
    parts = ex.partition(moved)
    assert sorted(parts) == sorted(
        URIRef(other + "graph/" + n) for n in [*DOCS_WITH_CLAIMS, "core", "ontology"]
    )
    assert sum(len(g) for g in parts.values()) == len(built_graph)


def test_jsonld_ships_its_context(exported: Path) -> None:
    data = json.loads((exported / "lexgap.jsonld").read_text("utf-8"))
    from importlib import resources

    shipped = json.loads((resources.files("lexgap.ontology") / "context.jsonld").read_text("utf-8"))
    assert data["@context"] == shipped["@context"] == ex.context()
    for prefix, ns in PREFIXES.items():
        assert data["@context"][prefix] == str(ns)
    # short keys from the context (tests/test_jsonld.py checks them), and the context inline:
    # parsing fetches nothing
    assert data["@context"]["statedIn"] == {"@id": "lex:statedIn", "@type": "@id"}
    assert any("statedIn" in node for node in data["@graph"])
    assert not any(key.startswith("lex:") for node in data["@graph"] for key in node)


# --- determinism and atomicity ---------------------------------------------------------------


def _lexgap(*args: str, seed: str = "0") -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    return subprocess.Popen(
        [sys.executable, "-m", "lexgap.cli.main", *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def test_export_is_byte_identical_across_processes(
    exported: Path, built_out: Path, tmp_path: Path
) -> None:
    """A second export, by the CLI in another process with another hash seed, gives the same
    bytes for every format and every table."""
    proc = _lexgap(
        "export", "--format", "all", "--build-dir", str(built_out), "--out", str(tmp_path), seed="7"
    )
    out, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err.decode()
    assert "wrote" in out.decode()
    mine, theirs = _visible(_tree(exported)), _visible(_tree(tmp_path))
    assert sorted(mine) == sorted(theirs)
    assert len(mine) == 9  # 4 RDF files + 5 tables
    for name in mine:
        assert mine[name] == theirs[name], name


def test_kill_during_csv_export_leaves_previous_folder(
    exported: Path, built_out: Path, tmp_path: Path
) -> None:
    target = tmp_path / "tables"
    previous = {**_tree(exported / "csv"), "previous-marker.csv": b"old export\r\n"}
    target.mkdir()
    for name, data in previous.items():
        (target / name).write_bytes(data)
    proc = _lexgap("export", "--format", "csv", "--build-dir", str(built_out), "--out", str(target))
    try:
        deadline = time.monotonic() + 120
        while not any(p.name.startswith(".tables.tmp-") for p in tmp_path.iterdir()):
            assert proc.poll() is None, "export finished before it could be killed"
            assert time.monotonic() < deadline
            time.sleep(0.002)
        proc.send_signal(signal.SIGKILL)  # midway: the new folder is being written
    finally:
        proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    assert _tree(target) == previous
    # the next export clears the dead export's leftovers and replaces the folder whole
    ex.write_csv(OxigraphEngine(ox.Store.read_only(str(_store_folder(built_out)))), target)
    assert _tree(target) == _tree(exported / "csv")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["tables"]  # and no lock file


def _store_folder(out: Path) -> Path:
    from lexgap.graph.store import current

    found = current(out)
    assert found is not None
    return found[0]


def test_kill_during_file_export_leaves_old_or_new_file(
    exported: Path, built_out: Path, tmp_path: Path
) -> None:
    """Killed at any moment (here: at 60% and 95% of an export's running time), the target is
    the previous file or the complete new one, never a part of it."""
    target = tmp_path / "out.trig"
    old = b"previous export\n"
    new = (exported / "lexgap.trig").read_bytes()
    args = ("export", "--format", "trig", "--build-dir", str(built_out), "--out", str(target))
    target.write_bytes(old)
    started = time.monotonic()
    proc = _lexgap(*args)
    _, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err.decode()
    whole = time.monotonic() - started
    assert target.read_bytes() == new
    for fraction in (0.6, 0.95):
        target.write_bytes(old)
        proc = _lexgap(*args)
        time.sleep(whole * fraction)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        assert target.read_bytes() in (old, new), fraction


def test_failed_csv_export_keeps_previous_folder(exported: Path, tmp_path: Path) -> None:
    target = tmp_path / "csv"

    def old(tmp: Path) -> None:
        (tmp / "columns.csv").write_bytes(b"old\r\n")

    ex.replace_folder(target, old)

    def fail(tmp: Path) -> None:
        (tmp / "columns.csv").write_bytes(b"half")
        raise ExportError("query failed")

    with pytest.raises(ExportError):
        ex.replace_folder(target, fail)
    assert _tree(target) == {"columns.csv": b"old\r\n"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["csv"]  # and no lock file


def test_swap_killed_between_renames_is_finished_by_next_export(tmp_path: Path) -> None:
    target = tmp_path / "csv"
    aside = tmp_path / ".csv.previous"
    aside.mkdir()
    (aside / "columns.csv").write_bytes(b"old\r\n")  # killed after moving the old folder aside

    def fail(tmp: Path) -> None:
        raise ExportError("query failed")

    with pytest.raises(ExportError):
        ex.replace_folder(target, fail)
    assert _tree(target) == {"columns.csv": b"old\r\n"}


def test_csv_export_refuses_to_replace_a_folder_it_did_not_write(tmp_path: Path) -> None:
    mine = tmp_path / "Documents"
    mine.mkdir()
    (mine / "thesis.docx").write_bytes(b"years of work")
    with pytest.raises(ExportError, match="not a lexgap CSV export"):
        ex.replace_folder(mine, lambda tmp: None)
    assert _tree(mine) == {"thesis.docx": b"years of work"}


# --- CSV tables ------------------------------------------------------------------------------


def _table(folder: Path, name: str) -> list[dict[str, str]]:
    data = (folder / "csv" / f"{name}.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM: spreadsheets read accents
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_csv_tables_have_stable_columns_and_every_row(
    exported: Path, store_engine: OxigraphEngine
) -> None:
    from lexgap.queries import runner
    from lexgap.queries.answers import gaps

    def in_graph(pattern: str) -> int:
        (row,) = runner.run(store_engine, f"SELECT (COUNT(*) AS ?n) WHERE {{ {pattern} }}")
        return int(row["n"])

    lex = "<https://lexgap.example.org/ns#"
    expected_rows = {
        "provisions": in_graph(f"?p a {lex}Provision>"),
        "statements": in_graph(f"?s a {lex}Statement>"),
        "recommendations": 126,
        "gap_matrix": len(gaps.catalogue()),
    }
    for name, count in expected_rows.items():
        rows = _table(exported, name)
        header = next(
            csv.reader(io.StringIO((exported / "csv" / f"{name}.csv").read_text("utf-8-sig")))
        )
        assert header == [c for c, _ in ex.COLUMNS[name]], name
        assert len(rows) == count, name
        for column in header:  # a renamed query variable would leave a column empty
            assert any(r[column] for r in rows), f"{name}.{column} is empty in every row"
    dictionary = _table(exported, "columns")
    assert {(r["table"], r["column"]) for r in dictionary} == {
        (f"{t}.csv", c) for t, cols in ex.COLUMNS.items() for c, _ in cols
    }
    assert all(r["description"] for r in dictionary)


def test_csv_statement_row_has_numbers_and_words(exported: Path) -> None:
    rows = [
        r
        for r in _table(exported, "statements")
        if r["instrument_id"] == "penal-code"
        and r["article"] == "257"
        and r["document"] == "lao-opsc-followup-report"
    ]
    assert rows
    row = rows[0]
    assert (row["prison_min_months"], row["prison_max_months"], row["fine_max_kip"]) == (
        "3",
        "12",
        "3000000",
    )
    assert row["year"] == "2017"
    assert row["death_penalty"] == "false"
    assert row["penalty"] == "3 months to 1 year of imprisonment; fine up to 3,000,000 kip"
    assert "Article 257" in row["quote"]
    provisions = {r["label"]: r for r in _table(exported, "provisions")}
    p257 = provisions["Penal Code (2017), art. 257"]
    assert "lao-opsc-followup-report" in p257["cited_in"].split()
    assert int(p257["statements"]) >= 1


def test_csv_cells_cannot_run_as_formulas() -> None:
    data = ex.csv_bytes(["a", "b", "c"], [{"a": '=HYPERLINK("http://x")', "b": True, "c": None}])
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows == [["a", "b", "c"], ['\'=HYPERLINK("http://x")', "true", ""]]


# --- lexgap validate -------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["lexgap.trig", "lexgap.jsonld"])
def test_validate_accepts_exports(
    name: str, exported: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["validate", str(exported / name)]) == 0
    turtle = (exported / "lexgap.ttl") if (exported / "lexgap.ttl").exists() else None
    out = capsys.readouterr().out
    assert "conforms to the SHACL shapes (" in out
    if turtle is not None:
        assert main(["validate", str(turtle)]) == 0
        assert capsys.readouterr().out.split("(")[-1] == out.split("(")[-1]  # same triples


def test_validate_defaults_to_the_build_file(
    built_out: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["validate", "--out", str(built_out)]) == 0
    assert str(built_out / "lexgap.ttl") in capsys.readouterr().out


def test_validate_lists_violations_and_exits_1(
    built_graph: Graph, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = Graph()
    broken += built_graph
    statement = URIRef(DEFAULT_BASE + "statement/sr-27-law-on-children-89-buying-under-12")
    assert (statement, LEX.quote, None) in broken
    broken.remove((statement, LEX.quote, None))
    path = tmp_path / "theirs.nt"
    broken.serialize(path, format="nt", encoding="utf-8")
    assert main(["validate", str(path)]) == 1
    captured = capsys.readouterr()
    assert str(statement) in captured.out
    assert "verbatim quote" in captured.out
    assert captured.err.startswith(f"lexgap: error: {path}: does not conform")
    assert captured.err.count("\n") == 1


def test_validate_reports_syntax_errors_with_file_and_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "bad.ttl"
    path.write_text("<http://a> <http://b> <http://c> .\n<http://a> <http://b> .\n")
    assert main(["validate", str(path)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"lexgap: error: {path}:2: not valid turtle")
    assert err.count("\n") == 1


def test_validate_never_fetches_a_remote_jsonld_context(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "remote.jsonld"
    path.write_text(json.dumps({"@context": "http://127.0.0.1:9/ctx", "@id": "http://x/a"}))
    assert main(["validate", str(path)]) == 1
    assert "remote contexts" in capsys.readouterr().err


def test_validate_unknown_extension_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "graph.txt"
    path.write_text("")
    assert main(["validate", str(path)]) == 2
    assert "--input-format" in capsys.readouterr().err


def test_export_shows_its_steps_on_a_terminal_only(
    store_engine: OxigraphEngine,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Long exports show a bar naming each step (issue 9) on a terminal; with the same export
    to a pipe nothing is drawn. The 2-second delay is set to 0 so the bundled corpus shows it."""
    from lexgap.core import progress

    monkeypatch.setattr(progress, "DELAY", 0.0)
    monkeypatch.setenv("LEXGAP_PROGRESS", "1")  # stderr here is captured, not a terminal
    ex.export_store(store_engine.store, "all", tmp_path / "shown")
    drawn = capsys.readouterr().err
    for step in ("reading the store", "writing turtle", "writing jsonld", "writing csv tables"):
        assert step in drawn
    assert "lexgap export [" in drawn and "5/6 writing csv tables" in drawn
    assert drawn.endswith("\r\033[2K")  # cleared, so the command's report starts clean
    monkeypatch.delenv("LEXGAP_PROGRESS")
    ex.export_store(store_engine.store, "turtle", tmp_path / "quiet.ttl")
    assert capsys.readouterr().err == ""
