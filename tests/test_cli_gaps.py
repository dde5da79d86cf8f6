"""End-to-end: `lexgap ask`, `gaps`, `provisions`, `offences` and `sparql`, every output format,
the Python API, and the errors a user can cause (unknown question or offence, a query that does
not parse, an update, a query that runs too long)."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

import lexgap
from lexgap.cli.main import main

pytestmark = pytest.mark.integration

Capsys = pytest.CaptureFixture[str]


def _run(capsys: Capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_ask_list_shows_the_catalogue(built_out: Path, capsys: Capsys) -> None:
    code, out, _ = _run(capsys, "ask", "--list", "--format", "json")
    assert code == 0
    rows = json.loads(out)
    assert len(rows) == 19
    assert {"id": "rape-of-boys", "question": "Are boys protected by the rape provisions?"} in rows


def test_ask_prints_status_reasons_provisions_findings_and_recommendations(
    built_out: Path, capsys: Capsys
) -> None:
    code, out, _ = _run(capsys, "ask", "csam-possession", "--out", str(built_out))
    assert code == 0
    assert "status: contested" in out
    assert "Penal Code (2017), art. 257  — lao-opsc-followup-report ¶77" in out
    assert "penalty: 3 months to 1 year of imprisonment; fine up to 3,000,000 kip" in out
    assert "prison_min_months=3, prison_max_months=12, fine_max_kip=3000000" in out
    assert '"None of these laws criminalize the mere possession' in out
    assert "2019-01-21  special-rapporteur  a-hrc-40-51-add-1 ¶66(b)" in out


def test_ask_json_is_the_documented_structure(built_out: Path, capsys: Capsys) -> None:
    code, out, _ = _run(capsys, "ask", "rape-of-boys", "--format", "json", "--out", str(built_out))
    assert code == 0
    data = json.loads(out)
    assert set(data) == {
        "id",
        "question",
        "kind",
        "offences",
        "status",
        "as_of",
        "standard",
        "caveats",
        "ages",
        "reasons",
        "provisions",
        "findings",
        "recommendations",
        "latest_recommendation",
    }
    assert data["kind"] == "criminalisation" and data["as_of"] is None
    p = data["provisions"][0]
    assert set(p["penalty"]) == {
        "prison_min_months",
        "prison_max_months",
        "fine_min_kip",
        "fine_max_kip",
        "death_penalty",
        "re_education",
        "confiscation",
        "text",
    }
    assert set(p["age"]) == {"min", "min_inclusive", "max", "max_inclusive", "text"}
    assert set(p["source"]) == {
        "document",
        "body",
        "date",
        "facts_up_to",
        "locator",
        "quote",
        "jurisdiction",
    }
    assert set(data["reasons"][0]) == {"status", "text", "sources"}
    assert set(data["recommendations"][0]) >= {"body", "document", "locator", "date", "text"}


def test_ask_csv_has_one_row_per_piece_of_evidence(built_out: Path, capsys: Capsys) -> None:
    code, out, _ = _run(
        capsys, "ask", "csam-possession", "--format", "csv", "--out", str(built_out)
    )
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    kinds = [r["kind"] for r in rows]
    assert kinds.count("provision") == 1
    # 002 ¶30(c) and 000 ¶66(b) ask for possession itself; the others press on a broader offence
    # (child pornography, every Optional Protocol offence), and say so.
    own = [(r["document"], r["locator"]) for r in rows if r["role"] == "same-or-narrower"]
    assert own == [("crc-c-opsc-lao-co-1", "30(c)"), ("a-hrc-40-51-add-1", "66(b)")]
    assert {r["role"] for r in rows if r["kind"] == "recommendation"} == {
        "same-or-narrower",
        "broader",
    }
    prov = rows[kinds.index("provision")]
    assert (prov["prison_min_months"], prov["prison_max_months"], prov["fine_max_kip"]) == (
        "3",
        "12",
        "3000000",
    )


def test_gaps_matrix_has_every_question(built_out: Path, capsys: Capsys) -> None:
    code, out, _ = _run(capsys, "gaps", "--format", "csv", "--out", str(built_out))
    assert code == 0
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(out))}
    assert len(rows) == 19
    assert rows["csam-possession"]["status"] == "contested"
    assert rows["csam-possession"]["key_provisions"] == "Penal Code (2017), art. 257"
    assert rows["trafficking-in-children"]["status"] == "criminalised"
    assert rows["grooming"]["status"] == "not_criminalised"
    assert (
        "a-hrc-40-51-add-1 ¶66(b) (2019-01-21)" in rows["csam-possession"]["latest_recommendation"]
    )
    code, out, _ = _run(capsys, "gaps", "--format", "json", "--out", str(built_out))
    data = json.loads(out)
    assert [d["id"] for d in data] == list(rows)
    assert all(d["matrix"]["status"] == d["status"] for d in data)


def test_provisions_by_offence_for_lawyers(built_out: Path, capsys: Capsys) -> None:
    code, out, _ = _run(
        capsys,
        "provisions",
        "--offence",
        "csam-possession",
        "--format",
        "json",
        "--out",
        str(built_out),
    )
    assert code == 0
    (row,) = json.loads(out)
    assert (row["provision"], row["doc_id"], row["locator"]) == (
        "Penal Code (2017), art. 257",
        "lao-opsc-followup-report",
        "77",
    )
    code, out, _ = _run(capsys, "provisions", "--offence", "child-rape", "--out", str(built_out))
    assert "Penal Code (2005), art. 128" in out and "Penal Code (2017), art. 248" in out


def test_offences_by_provision(built_out: Path, capsys: Capsys) -> None:
    code, out, _ = _run(
        capsys,
        "offences",
        "--provision",
        "Penal Code/257",
        "--format",
        "json",
        "--out",
        str(built_out),
    )
    assert code == 0
    rows = json.loads(out)
    assert [(r["provision"], r["offence"]) for r in rows] == [
        ("Penal Code (2017), art. 257", "csam-possession")
    ]
    assert rows[0]["sources"] == "lao-opsc-followup-report ¶77"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["ask", "no-such-question"], "unknown question 'no-such-question'"),
        (["ask"], "name a question, or use --list"),
        (["provisions", "--offence", "possession"], "unknown offence 'possession'"),
        (["sparql", "SELECT ?x WHERE { ?x"], "query does not parse"),
        (["sparql", "DROP ALL"], "updates are not allowed"),
        (
            ["sparql", "PREFIX x: <http://x/>\nINSERT DATA { x:a x:b x:c }"],
            "updates are not allowed",
        ),
        (["sparql", "CONSTRUCT WHERE { ?s ?p ?o }"], "CONSTRUCT and DESCRIBE queries are not"),
    ],
)
def test_user_errors_are_one_line_with_exit_code_2(
    built_out: Path, capsys: Capsys, argv: list[str], message: str
) -> None:
    code, out, err = (
        _run(capsys, *argv, "--out", str(built_out)) if argv != ["ask"] else _run(capsys, *argv)
    )
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1 and err.startswith("lexgap: error: ") and message in err


def test_a_query_that_runs_too_long_is_stopped(built_out: Path, capsys: Capsys) -> None:
    code, _, err = _run(
        capsys,
        "sparql",
        "--timeout",
        "1",
        "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }",
        "--out",
        str(built_out),
    )
    assert code == 2
    assert "ran longer than 1 s and was stopped" in err


def test_sparql_from_a_file_and_as_ask(built_out: Path, tmp_path: Path, capsys: Capsys) -> None:
    query = tmp_path / "q.rq"
    query.write_text(
        "PREFIX lex: <https://lexgap.example.org/ns#>\n"
        "SELECT (COUNT(?s) AS ?n) WHERE { ?s a lex:Statement }\n",
        "utf-8",
    )
    code, out, _ = _run(
        capsys, "sparql", "--file", str(query), "--format", "json", "--out", str(built_out)
    )
    # one lex:Statement per curated statement entry of data/readings
    entries = sum(
        len(yaml.safe_load(f.read_text("utf-8")).get("statements") or [])
        for f in sorted((Path(__file__).parents[1] / "data" / "readings").glob("*.yaml"))
    )
    assert entries > 100
    assert code == 0 and json.loads(out) == [{"n": entries}]
    code, out, _ = _run(
        capsys, "sparql", "ASK { ?s ?p ?o }", "--format", "json", "--out", str(built_out)
    )
    assert json.loads(out) == [{"answer": True}]


def test_python_api_matches_the_cli(built_out: Path, capsys: Capsys) -> None:
    answer = lexgap.ask("csam-possession", out=built_out)
    _, out, _ = _run(capsys, "ask", "csam-possession", "--format", "json", "--out", str(built_out))
    assert answer.to_json() == json.loads(out)
    assert [a.id for a in lexgap.gaps(out=built_out)] == list(lexgap.questions())
    assert lexgap.sparql("ASK { ?s ?p ?o }", out=built_out) == [{"answer": True}]
    assert lexgap.offences("penal-code/257", out=built_out)[0]["offence"] == "csam-possession"
    assert lexgap.provisions("csam-possession", out=built_out)[0]["article"] == "257"


def test_answers_from_a_turtle_file_equal_the_store(built_out: Path) -> None:
    from_store = lexgap.ask("buying-sex-from-child", out=built_out).to_json()
    from_file = lexgap.ask("buying-sex-from-child", graph=built_out / "lexgap.ttl").to_json()
    assert from_file == from_store


def test_ask_in_a_fresh_folder_builds_the_store_first(tmp_path: Path) -> None:
    exe = Path(sys.executable).with_name("lexgap")
    out = tmp_path / "fresh"
    first = subprocess.run(
        [str(exe), "ask", "grooming", "--out", str(out), "--format", "json"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert first.returncode == 0, first.stderr
    assert "building it" in first.stderr
    assert json.loads(first.stdout)["status"] == "not_criminalised"
    # Inputs unchanged: the second run opens the store and builds nothing.
    second = subprocess.run(
        [str(exe), "ask", "grooming", "--out", str(out), "--format", "json"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert second.returncode == 0 and second.stderr == ""
    assert second.stdout == first.stdout
