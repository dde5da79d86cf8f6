"""End-to-end CLI behaviour beyond `build`: citations, statements, coverage report."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from lexgap.cli.main import main

pytestmark = pytest.mark.integration


def test_citations_summary_counts_per_document(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["citations", "--summary", "--format", "json"]) == 0
    rows = {r["document"]: r for r in json.loads(capsys.readouterr().out)}
    assert set(rows) == {
        "a-hrc-40-51-add-1",
        "a-hrc-40-51-add-1-es",
        "crc-c-opsc-lao-co-1",
        "csec-study-2011",
        "lao-opsc-followup-report",
    }
    # The Spanish edition's annex is the English report's: its citations are not counted twice.
    assert rows["a-hrc-40-51-add-1-es"]["citations"] == 0
    assert rows["a-hrc-40-51-add-1"]["citations"] > 30
    assert all(r["provisions"] <= r["citations"] for r in rows.values())


def test_citations_of_one_document_as_csv(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["citations", "--doc", "000", "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert {r["document"] for r in rows} == {"a-hrc-40-51-add-1"}
    para27 = [r for r in rows if r["locator"] == "27"]
    assert para27[0]["instrument"] == "law-on-children"
    assert para27[0]["article"] == "89" and para27[0]["year"] == "2007"


def test_unknown_document_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["citations", "--doc", "999"]) == 2
    err = capsys.readouterr().err
    assert "unknown document '999'" in err and "a-hrc-40-51-add-1" in err


def test_statements_filter_by_instrument_name_and_article(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert (
        main(["statements", "--instrument", "Penal Code", "--article", "257", "--format", "json"])
        == 0
    )
    rows = json.loads(capsys.readouterr().out)
    assert len(rows) == 1
    row = rows[0]
    assert row["doc_id"] == "lao-opsc-followup-report" and row["locator"] == "77"
    penalty = (row["prison_min_months"], row["prison_max_months"], row["fine_max_kip"])
    assert penalty == (3, 12, 3_000_000)


def test_statements_parameter_with_sparql_syntax_is_a_value(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["statements", "--article", '257" } ; DROP ALL ; #', "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == []


def test_build_reports_coverage_and_reasons(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["build", "--out", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "provisions of national law cited, and described by a statement" in out
    block = out.split("provisions of national law cited")[1].split("\n\n")[0]
    table = {
        line.split()[0]: line.split()[1:]
        for line in block.splitlines()
        if line.startswith(("a-hrc", "crc-", "csec", "lao-"))
    }
    # 000 dates the Children's Law (¶27), the cybercrime law (¶46) and the juvenile procedure
    # law (¶26) once; its undated citations of them are counted as cited without a statement of
    # their own, each named with its reason.
    for doc in ("a-hrc-40-51-add-1", "csec-study-2011"):
        cited, with_statement, without = map(int, table[doc])
        assert cited == with_statement + without and without >= 1, doc
    # Every provision left without a statement is named with its reason.
    assert "csec-study-2011: law-on-children (year not stated) art. 89: Cited only in fn 1" in out
    assert "NO STATEMENT AND NO REASON RECORDED" not in out
