"""`lexgap documents` and `lexgap show DOC LOCATOR` on the real graph, for all five documents.

`show` must find the passage however the document is named (id, number, UN symbol), print its
whole text as the source has it, cite it in the citation form, and list what the graph draws
from it; the Spanish edition's annex is the report's text, cited as the edition's.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import lexgap
from lexgap.cli.main import main
from lexgap.core.errors import UsageError
from lexgap.loaders.corpus import read_corpus

pytestmark = pytest.mark.integration

# document (as a user may name it) -> a passage, its citation, and (kind, detail) it must show
CASES = [
    (
        "A/HRC/40/51/Add.1",
        "para. 27",
        "A/HRC/40/51/Add.1, para. 27 (21 January 2019)",
        ("statement", "creates-offence"),
    ),
    (
        "001",
        "66(b)",
        "Spanish edition of A/HRC/40/51/Add.1, para. 66(b) (21 January 2019)",
        ("recommendation", "item"),
    ),
    (
        "CRC/C/OPSC/LAO/CO/1",
        "29(d)",
        "CRC/C/OPSC/LAO/CO/1, para. 29(d) (5 June 2015)",
        ("finding", "partially-criminalised"),
    ),
    (
        "csec-study-2011",
        "V. Legal & Policy Framework > Child Prostitution > Penal Code table 1",
        "Research Study on the Commercial Sexual Exploitation of Children in Lao PDR, section "
        "“V. Legal & Policy Framework › Child Prostitution › Penal Code”, table 1 (February 2011)",
        ("statement", "creates-offence"),
    ),
    (
        "004",
        "77",
        "Report of the Lao PDR to the Committee on the Rights of the Child following up the OPSC "
        "concluding observations (CRC/C/OPSC/LAO/CO/1), para. 77 (undated; facts up to 2017)",
        ("response", "reports-law"),
    ),
]


@pytest.fixture(scope="module")
def passages() -> dict[tuple[str, str], str]:
    corpus = read_corpus()
    return {(d.id, p.locator): p.text for d in corpus.documents for p in d.passages}


@pytest.mark.parametrize(("doc", "locator", "cited", "drawn"), CASES)
def test_show_every_document(
    built_out: Path,
    passages: dict[tuple[str, str], str],
    doc: str,
    locator: str,
    cited: str,
    drawn: tuple[str, str],
) -> None:
    view = lexgap.show(doc, locator, out=built_out)
    assert view.citation == cited
    assert view.text == passages[(view.held_by, view.locator)]
    claims = [*view.statements, *view.findings, *view.recommendations, *view.responses]
    assert drawn in {(c.kind, c.detail) for c in claims}
    for c in claims:
        assert c.quote is None or c.quote in view.text
    for s in view.statements:
        assert s.penalty and s.ages and s.sex


def test_the_spanish_editions_own_summary_and_its_annex(built_out: Path) -> None:
    summary = lexgap.show("001", "summary", out=built_out)
    assert summary.held_by == "a-hrc-40-51-add-1-es" and summary.text.startswith("En el presente")
    annex = lexgap.show("001", "66(b)", out=built_out)
    assert annex.document == "a-hrc-40-51-add-1-es" and annex.held_by == "a-hrc-40-51-add-1"
    # the symbol names the original, whose summary is English
    assert lexgap.show("A/HRC/40/51/Add.1", "summary", out=built_out).text.startswith("In the")


def test_an_unknown_passage_or_document_names_what_exists(built_out: Path) -> None:
    with pytest.raises(UsageError, match="no passage '66b'") as info:
        lexgap.show("000", "66b", out=built_out)
    assert "66(b)" in (info.value.hint or "")
    with pytest.raises(UsageError, match="unknown document"):
        lexgap.show("CRC/C/LAO/CO/2", "1", out=built_out)


def test_cli_show_prints_the_citation_the_whole_text_and_the_claims(
    built_out: Path, passages: dict[tuple[str, str], str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["show", "004", "77", "--out", str(built_out)]) == 0
    text = capsys.readouterr().out
    assert text.startswith("Report of the Lao PDR to the Committee")
    assert " ".join(passages[("lao-opsc-followup-report", "77")].split()) in " ".join(text.split())
    assert "statements drawn from it (2):" in text and "State responses drawn from it (1):" in text
    assert "penalty: 3 months to 1 year of imprisonment; fine up to 3,000,000 kip" in text
    assert main(["show", "002", "29(d)", "--format", "json", "--out", str(built_out)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["citation"] == "CRC/C/OPSC/LAO/CO/1, para. 29(d) (5 June 2015)"
    assert main(["show", "002", "29(d)", "--format", "csv", "--out", str(built_out)]) == 0
    rows = capsys.readouterr().out.splitlines()
    assert rows[0].startswith("document,locator,citation,kind") and len(rows) == 3


def test_documents_lists_the_five_sources(capsys: pytest.CaptureFixture[str]) -> None:
    rows = lexgap.documents()
    assert [r["number"] for r in rows] == ["000", "001", "002", "003", "004"]
    assert [r["cited_as"] for r in rows][:3] == [
        "A/HRC/40/51/Add.1",
        "Spanish edition of A/HRC/40/51/Add.1",
        "CRC/C/OPSC/LAO/CO/1",
    ]
    assert rows[4]["date"] is None and rows[4]["when"] == "undated; facts up to 2017"
    assert all(k == k.lower() and " " not in k for r in rows for k in r)
    assert main(["documents"]) == 0
    text = capsys.readouterr().out
    assert "cited as: CRC/C/OPSC/LAO/CO/1" in text and "5 June 2015; language en" in text
    assert text.rstrip().endswith("5 document(s)")
    assert main(["documents", "--format", "json"]) == 0
    assert len(json.loads(capsys.readouterr().out)) == 5


def test_doc_option_takes_the_un_symbol(
    built_out: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    by_id = lexgap.statements(doc="crc-c-opsc-lao-co-1", out=built_out)
    assert by_id and lexgap.statements(doc="CRC/C/OPSC/LAO/CO/1", out=built_out) == by_id
    assert lexgap.citations(doc="A/HRC/40/51/Add.1") == lexgap.citations(doc="000")
    assert main(["citations", "--doc", "A/HRC/40/51/Add.1", "--summary"]) == 0
    assert "a-hrc-40-51-add-1" in capsys.readouterr().out
