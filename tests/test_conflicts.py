"""`lexgap conflicts`: every disagreement named in the issue is listed, both sides quoted."""

from __future__ import annotations

import json
from typing import Any

import pytest

from lexgap.queries.cli import main

SR, CRC, STUDY, ST = (
    "a-hrc-40-51-add-1",
    "crc-c-opsc-lao-co-1",
    "csec-study-2011",
    "lao-opsc-followup-report",
)


@pytest.fixture(scope="module")
def conflicts() -> list[dict[str, Any]]:
    import contextlib
    import io

    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        assert main(["conflicts", "--format", "json"]) == 0
    rows: list[dict[str, Any]] = json.loads(buf.getvalue())
    return rows


def _find(
    rows: list[dict[str, Any]], kind: str, about: str, a: tuple[str, str], b: tuple[str, str]
) -> dict[str, Any]:
    """The row of that kind about that subject with these (document, value) sides, either way."""
    for r in rows:
        if r["kind"] != kind or about not in r["about"]:
            continue
        sides = {(r["a_doc"], r["a_value"]), (r["b_doc"], r["b_value"])}
        if any(x[0] == a[0] and a[1] in x[1] for x in sides) and any(
            x[0] == b[0] and b[1] in x[1] for x in sides
        ):
            assert r["a_quote"] and r["b_quote"]
            return r
    raise AssertionError(f"no {kind} conflict about {about} between {a} and {b}")


def test_years_children_law(conflicts: list[dict[str, Any]]) -> None:
    r = _find(conflicts, "year", "Rights and Interests of Children", (STUDY, "2006"), (SR, "2007"))
    assert "(2007)" in r["b_quote"] or "(2007)" in r["a_quote"]


def test_years_labour_law(conflicts: list[dict[str, Any]]) -> None:
    _find(conflicts, "year", "Labour Law", (ST, "2013"), (SR, "2014"))


def test_years_juvenile_criminal_procedure(conflicts: list[dict[str, Any]]) -> None:
    _find(conflicts, "year", "Juvenile Criminal Procedure", (ST, "2013"), (SR, "2014"))


def test_penal_code_versions_are_not_a_year_conflict(conflicts: list[dict[str, Any]]) -> None:
    assert not [r for r in conflicts if r["kind"] == "year" and r["about"] == "Penal Code"]


def test_penalties_children_law_89(conflicts: list[dict[str, Any]]) -> None:
    r = _find(
        conflicts,
        "penalty",
        "Rights and Interests of Children, art. 89",
        (SR, "prison 3..60 months"),
        (STUDY, "prison 12..60 months"),
    )
    assert "three months to five years" in r["a_quote"] + r["b_quote"]


def test_article_numbers_across_code_versions(conflicts: list[dict[str, Any]]) -> None:
    _find(
        conflicts,
        "article-number",
        "child-rape in Penal Code",
        (SR, "2005 art. 128"),
        (ST, "2017 art. 248"),
    )
    _find(
        conflicts,
        "article-number",
        "child-prostitution-forcing in Penal Code",
        (SR, "2005 art. 133"),
        (ST, "2017 art. 253"),
    )


def test_promulgated_or_not(conflicts: list[dict[str, Any]]) -> None:
    r = _find(
        conflicts, "status", "Penal Code (2017)", (SR, "promulgated"), (ST, "not-yet-promulgated")
    )
    assert "has not yet been promulgated" in r["b_quote"]


def test_possession_finding_against_article_257(conflicts: list[dict[str, Any]]) -> None:
    r = _find(
        conflicts,
        "finding-vs-provision",
        "csam-possession",
        (SR, "not-criminalised (2019-01-21)"),
        (ST, "art. 257 creates offence (undated)"),
    )
    assert r["a_locator"] == "29" and r["b_locator"] == "77"
    assert "mere possession" in r["a_quote"]
    assert "possesses the above mentioned materials" in r["b_quote"]
    # The Committee's 2015 finding is paired with the same provision.
    _find(
        conflicts,
        "finding-vs-provision",
        "csam-possession",
        (CRC, "not-criminalised (2015-06-05)"),
        (ST, "art. 257"),
    )


def test_table_output_shows_both_quotes(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["conflicts"]) == 0
    out = capsys.readouterr().out
    assert "[status] Penal Code (2017)" in out
    assert out.strip().endswith("conflict(s)")
