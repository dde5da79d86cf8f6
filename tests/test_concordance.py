"""`lexgap concordance`: the article numbers each Penal Code version gives an offence, per source,
with quotes (issue 16: renumbering is a concordance, not a conflict)."""

from __future__ import annotations

import contextlib
import csv
import io
import json
from typing import Any

import pytest

from lexgap.cli.main import main

pytestmark = pytest.mark.integration

SR, ST, STUDY = "a-hrc-40-51-add-1", "lao-opsc-followup-report", "csec-study-2011"


def _run(*argv: str) -> str:
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        assert main(list(argv)) == 0
    return buf.getvalue()


@pytest.fixture(scope="module")
def rows() -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = json.loads(
        _run("concordance", "--instrument", "penal-code", "--format", "json")
    )
    return out


def _cell(rows: list[dict[str, Any]], offence: str, version: str, doc: str) -> dict[str, Any]:
    (row,) = [
        r for r in rows if (r["offence"], r["version"], r["document"]) == (offence, version, doc)
    ]
    return row


def test_2005_art_129_and_2017_arts_250_251_per_the_special_rapporteur(
    rows: list[dict[str, Any]],
) -> None:
    # 000 ¶28: "article 129 criminalizes sexual intercourse with a child under the age of 15
    # ... articles 250 and 251 of the Penal Code (2017) provide for penalties for sexual
    # intercourse with persons aged below 18."
    old = _cell(rows, "sexual-intercourse-with-child", "2005", SR)
    new = _cell(rows, "sexual-intercourse-with-child", "2017", SR)
    assert old["articles"] == ["129"] and new["articles"] == ["250", "251"]
    assert old["locators"] == new["locators"] == ["28"]
    assert "article 129 criminalizes sexual intercourse" in old["quotes"][0]["quote"]
    # The State report puts the same offence under the 2017 numbering, the 2011 study under
    # two numberings without a year.
    assert "250" in _cell(rows, "sexual-intercourse-with-child", "2017", ST)["articles"]
    assert _cell(rows, "sexual-intercourse-with-child", "year not stated", STUDY)["articles"] == [
        "120",
        "129",
    ]


def test_child_rape_and_forced_prostitution(rows: list[dict[str, Any]]) -> None:
    assert _cell(rows, "child-rape", "2005", SR)["articles"] == ["128"]
    assert "248" in _cell(rows, "child-rape", "2017", ST)["articles"]
    assert _cell(rows, "child-prostitution-forcing", "2005", SR)["articles"] == ["133"]
    assert _cell(rows, "child-prostitution-forcing", "2017", ST)["articles"] == ["253"]


def test_a_pair_needs_counterparts_not_only_a_shared_concept(rows: list[dict[str, Any]]) -> None:
    """000 ¶28 gives art. 128 (2005, rape, and the rape of children) and art. 252 (2017,
    marital rape): both rape, but no counterparts (the sources' counterpart of art. 128 is art.
    248, 004 ¶79). Art. 129 and arts. 250/251 carry the same offence in that paragraph."""
    from lexgap.queries.concordance import _covers, pairs

    old = _cell(rows, "rape-general", "2005", SR)
    assert old["other_offences"] == ["128: child-rape"]
    assert _cell(rows, "rape-general", "2017", SR)["other_offences"] == []
    found = pairs(rows)
    assert not [p for p in found if p.startswith("rape-general")]
    assert [p for p in found if p.startswith("sexual-intercourse-with-child")]
    assert "248" in _cell(rows, "child-rape", "2017", ST)["articles"]
    later = {"offence": "rape-general", "other_offences": ["248: child-rape"]}
    assert _covers(old, later) and not _covers(old, {**later, "other_offences": []})


def test_every_cell_is_quoted_and_only_renumbered_concepts_appear(
    rows: list[dict[str, Any]],
) -> None:
    assert {r["instrument"] for r in rows} == {"Penal Code"}
    # Offences only: art. 131/260 punishing people in prostitution is filed as a limit
    # (child-victims-not-offenders), which would repeat prostitution-general.
    assert "child-victims-not-offenders" not in {r["offence"] for r in rows}
    assert _cell(rows, "prostitution-general", "2005", SR)["articles"] == ["131"]
    by_concept: dict[str, list[dict[str, Any]]] = {}
    for r in rows:
        assert r["quotes"] and all(q["quote"] and q["locator"] for q in r["quotes"])
        assert {a for q in r["quotes"] for a in q["articles"]} == set(r["articles"])
        by_concept.setdefault(r["offence"], []).append(r)
    for concept, cells in by_concept.items():
        assert len({c["version"] for c in cells}) >= 2, concept
        assert len({a for c in cells for a in c["articles"]}) >= 2, concept


def test_table_and_csv() -> None:
    out = _run("concordance", "--instrument", "penal-code")
    assert "[sexual-intercourse-with-child] Penal Code" in out
    assert (
        "sexual-intercourse-with-child, Penal Code: 2005 art. 129 <-> 2017 arts. 250, 251 "
        "per a-hrc-40-51-add-1 ¶28" in out
    )
    assert "rape-general, Penal Code: 2005 art. 128 <-> 2017 art. 252" not in out
    table = list(csv.DictReader(io.StringIO(_run("concordance", "--format", "csv"))))
    assert table and table[0]["quotes"].startswith("¶")


def test_api(built_out: Any) -> None:
    import lexgap

    api = lexgap.concordance("penal-code", out=built_out)
    assert api and api == lexgap.concordance("Penal Code", out=built_out)
    assert "concordance" in lexgap.__all__


def test_readme_example_is_true() -> None:
    """Every line of the README's `lexgap concordance` example is in the command's output."""
    from pathlib import Path

    text = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    block = text.split("$ lexgap concordance --instrument penal-code\n", 1)[1].split("```", 1)[0]
    out = _run("concordance", "--instrument", "penal-code").splitlines()
    for line in block.splitlines():
        if line.strip() and line.strip() != "...":
            assert line in out, line
