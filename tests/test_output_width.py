"""Tables that respect the reader (issue 18, item 1): they fit the width, wrap long cells and
never cut a word; only --brief shortens, and says so. Empty results keep their shape (item 5).

The acceptance commands (`statements --instrument "Penal Code" --article 248`,
`recommendations --provision labour-law/101`) are run at 80 and 200 columns and piped, and
every word of the penalty and of the recommendation must be in the cell that shows it.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from lexgap.cli.main import main
from lexgap.core import output
from lexgap.core.output import NO_ROWS, Rows, render, snake, table

LONG = (
    "If the victim of a rape is a girl under fifteen years of age, the offender shall be punished "
    "by ten to twenty years imprisonment and a fine not exceeding 70million Kip or shall be "
    "subject to the death penalty."
)


def cells(text: str, single: bool = False) -> list[dict[str, str]]:
    """The rows a table or record view shows, each cell's wrapped lines joined again: what a
    reader reads, so a test can check that no word is missing. `single`: the table holds one
    row (its wrapped lines have no blank line to tell rows apart)."""
    lines = [line for line in text.splitlines() if not line.startswith("(--brief")]
    if len(lines) > 1 and lines[1].strip() and set(lines[1]) <= {"-", " "}:
        starts = [m.start() for m in re.finditer(r"-+", lines[1])]
        bounds = list(zip(starts, [*starts[1:], None], strict=True))
        names = [lines[0][a:b].strip() for a, b in bounds]
        body = lines[2:]
        # rows of several lines have a blank line between them
        tall = single or any(not line.strip() for line in body)
        rows: list[dict[str, list[str]]] = []
        fresh = True
        for line in body:
            if not line.strip():
                fresh = True
                continue
            if fresh or not tall:
                rows.append({n: [] for n in names})
                fresh = False
            for n, (a, b) in zip(names, bounds, strict=True):
                part = line[a:b].strip()
                if part:
                    rows[-1][n].append(part)
        return [{n: " ".join(v) for n, v in r.items()} for r in rows]
    records: list[dict[str, str]] = []
    key = ""
    fresh = True
    for line in lines:
        if not line.strip():
            fresh = True
            continue
        m = re.match(r"^([a-z0-9_]+):\s*(.*)$", line)
        if m:
            if fresh:
                records.append({})
                fresh = False
            key = m.group(1)
            records[-1][key] = m.group(2)
        else:
            records[-1][key] += " " + line.strip()
    return records


# --- the renderer ---------------------------------------------------------------------------


@pytest.mark.parametrize("width", [40, 60, 80, 120, 200])
def test_every_word_of_a_long_cell_is_shown_and_no_line_is_wider(width: int) -> None:
    rows = [{"document": "lao-opsc-followup-report", "locator": "79", "quote": LONG}]
    text = table(rows, ["document", "locator", "quote"], width=width)
    assert max(len(line) for line in text.splitlines()) <= width
    (row,) = cells(text, single=True)
    assert row["quote"] == LONG and row["document"] == "lao-opsc-followup-report"


def test_a_table_that_fits_is_one_line_a_row_as_before() -> None:
    rows = [{"a": "x", "b": "short"}, {"a": "yy", "b": "s"}]
    assert table(rows, ["a", "b"], width=80) == "a   b\n--  -----\nx   short\nyy  s"


def test_too_many_columns_for_the_width_become_records() -> None:
    rows = [{f"column_{i}": f"value number {i} " * 3 for i in range(8)}]
    text = table(rows, list(rows[0]), width=60)
    assert text.splitlines()[0].startswith("column_0:")
    assert max(len(line) for line in text.splitlines()) <= 60
    assert cells(text)[0]["column_7"] == ("value number 7 " * 3).strip()


def test_brief_shortens_and_says_so() -> None:
    rows = [{"quote": LONG}]
    text = table(rows, ["quote"], 40, width=200, brief=True)
    assert "…" in text and "death penalty" not in text
    assert "--brief" in text.splitlines()[-1]
    assert "…" not in table(rows, ["quote"], 40, width=200)


def test_piped_width_is_100_unless_columns_says(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("COLUMNS", raising=False)
    assert output.output_width() == output.PIPE_WIDTH == 100  # pytest's stdout is no terminal
    monkeypatch.setenv("COLUMNS", "132")
    assert output.output_width() == 132
    assert output.output_width(90) == 90


def test_empty_results_keep_their_shape() -> None:
    empty = Rows(columns=["doc_id", "locator"])
    assert render(empty, "table") == NO_ROWS
    assert render(empty, "json") == "[]"
    assert render(empty, "csv") == "doc_id,locator"
    assert render([], "csv", ["a", "b"]) == "a,b"


def test_snake_case() -> None:
    assert [snake(k) for k in ("docId", "factsUpTo", "prisonMinMonths", "doc_id", "id")] == [
        "doc_id",
        "facts_up_to",
        "prison_min_months",
        "doc_id",
        "id",
    ]


# --- the acceptance commands ----------------------------------------------------------------


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    assert main(list(argv)) == 0
    return capsys.readouterr().out


def _statement_words(built_out: Path, capsys: pytest.CaptureFixture[str]) -> list[str]:
    from lexgap.queries.present import penalty_text

    rows = json.loads(
        _run(
            capsys,
            "statements",
            "--instrument",
            "Penal Code",
            "--article",
            "248",
            "--format",
            "json",
            "--out",
            str(built_out),
        )
    )
    return [penalty_text(r) for r in rows]


WIDTHS = [["--width", "80"], ["--width", "200"], []]  # [] is piped: stdout is captured


@pytest.mark.integration
@pytest.mark.parametrize("width", WIDTHS, ids=["80", "200", "piped"])
def test_statements_show_every_word_of_the_penalty(
    built_out: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    width: list[str],
) -> None:
    monkeypatch.delenv("COLUMNS", raising=False)
    penalties = _statement_words(built_out, capsys)
    assert any("or the death penalty" in p for p in penalties)
    text = _run(
        capsys,
        "statements",
        "--instrument",
        "Penal Code",
        "--article",
        "248",
        "--out",
        str(built_out),
        *width,
    )
    limit = int(width[1]) if width else 100
    assert max(len(line) for line in text.splitlines()) <= limit
    shown = cells(text)
    assert sorted(r["penalty"] for r in shown) == sorted(penalties)
    assert all("…" not in r["quote"] for r in shown)


@pytest.mark.integration
@pytest.mark.parametrize("width", WIDTHS, ids=["80", "200", "piped"])
def test_recommendation_text_is_shown_in_full(
    built_out: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    width: list[str],
) -> None:
    monkeypatch.delenv("COLUMNS", raising=False)
    base = ["recommendations", "--provision", "labour-law/101", "--out", str(built_out)]
    (full,) = json.loads(_run(capsys, *base, "--format", "json"))
    assert "without exceptions" in full["text"]
    text = _run(capsys, *base, *width)
    limit = int(width[1]) if width else 100
    assert max(len(line) for line in text.splitlines()) <= limit
    (row,) = cells(text, single=True)
    assert row["text"] == " ".join(full["text"].split())


@pytest.mark.integration
def test_empty_sparql_result_has_a_header_row_and_no_rows(
    built_out: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    query = "SELECT ?doc ?title WHERE { ?doc <urn:x:nothing> ?title }"
    base = ["sparql", query, "--out", str(built_out)]
    assert _run(capsys, *base, "--format", "csv").strip() == "doc,title"
    assert _run(capsys, *base, "--format", "json").strip() == "[]"
    assert _run(capsys, *base).strip() == NO_ROWS
    statements = ["statements", "--article", "99999", "--out", str(built_out), "--format", "csv"]
    header = _run(capsys, *statements).strip()
    assert header.startswith("statement,id,doc_id,") and "\n" not in header


def _json_rows(built_out: Path, capsys: pytest.CaptureFixture[str], *argv: str) -> Any:
    return json.loads(_run(capsys, *argv, "--format", "json", "--out", str(built_out)))


@pytest.mark.integration
def test_gap_matrix_key_provisions_are_never_shortened(
    built_out: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = _json_rows(built_out, capsys, "gaps")
    assert all("(+" not in r["matrix"]["key_provisions"] for r in rows)
    longest = max(rows, key=lambda r: len(r["matrix"]["key_provisions"].split("; ")))
    assert len(longest["matrix"]["key_provisions"].split("; ")) > 4
