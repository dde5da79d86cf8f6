"""Recommendations in the graph: golden targets, concern links, look-ups, timeline, unanswered.

Golden values were checked by hand against 000 ¶66, 002 ¶28-¶36 and the State report.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import SKOS

from lexgap.cli.main import main
from lexgap.graph.assemble import Assembled, assemble
from lexgap.graph.namespaces import LEX

pytestmark = pytest.mark.integration

SR, CRC = "a-hrc-40-51-add-1", "crc-c-opsc-lao-co-1"
ID = "https://lexgap.example.org/id/"


@pytest.fixture(scope="module")
def built() -> Assembled:
    return assemble(shacl=False)


def _targets(g: Graph, doc: str, path: str) -> tuple[set[str], set[str], set[str]]:
    rec = URIRef(f"{ID}recommendation/{doc}/{path}")
    assert (rec, None, None) in g, rec
    offences = {str(g.value(c, SKOS.notation)) for c in g.objects(rec, LEX.concerns)}
    actions = {str(a) for a in g.objects(rec, LEX.action)}
    provisions = {str(p)[len(ID) :] for p in g.objects(rec, LEX.targetsProvision)}
    return offences, actions, provisions


# (document, IRI path, offences that must be targeted, an action that must be asked for,
#  provisions that must be targeted)
GOLDEN: list[tuple[str, str, set[str], str, set[str]]] = [
    # ¶30: sale "is understood to be criminalized under article 2 of the Anti-Trafficking Law"
    (SR, "66/a", {"sale-of-children"}, "criminalise", {"la/anti-trafficking-law/2016/art/2"}),
    # ¶29: "None of these laws criminalize the mere possession ... or ... grooming"
    (
        SR,
        "66/b",
        {"csam-possession"},
        "criminalise",
        {
            "la/law-on-children/2007/art/86",
            "la/penal-code/2005/art/138",
            "la/cybercrime-law/2015/art/14",
        },
    ),
    (
        SR,
        "66/c",
        {"csam-online-access", "grooming", "csam-live-streaming"},
        "criminalise",
        {"la/cybercrime-law/2015/art/14"},
    ),
    # ¶31: Family Law (2008) art. 9; Penal Code (2017) art. 269 ("offenders over the age of 18")
    (
        SR,
        "66/d",
        {"child-marriage"},
        "prohibit",
        {"la/family-law/2008/art/9", "la/penal-code/2017/art/269"},
    ),
    (
        SR,
        "66/e",
        {"minimum-age-employment", "light-work-minimum-age"},
        "prohibit",
        {"la/labour-law/2014/art/101"},
    ),
    # ¶32: art. 57 of the 2014 decree, "a de facto prohibition of surrogacy arrangements"
    (SR, "66/f", {"surrogacy-sale"}, "prohibit", {"la/decree-on-adoption/2014/art/57"}),
    # "prosecution of travelling sex offenders in ... countries of origin"
    (
        SR,
        "66/g",
        {"child-sex-tourism-travelling", "extraterritorial-jurisdiction"},
        "amend",
        set(),
    ),
    (CRC, "30/a", {"sale-of-children", "sale-organs"}, "criminalise", set()),
    (
        CRC,
        "30/b",
        {"child-prostitution"},
        "amend",
        {"la/penal-code/year-not-stated", "la/law-on-children/year-not-stated"},
    ),
    (CRC, "30/c", {"grooming", "csam-possession"}, "criminalise", set()),
    (CRC, "30/d", {"child-rape"}, "criminalise", {"la/penal-code/year-not-stated"}),
    (CRC, "28/a", {"child-sex-tourism"}, "prohibit", set()),
    (CRC, "34", {"extradition"}, "withdraw-reservation", {"int/opsc/art/5-2"}),
    (CRC, "36/a", {"child-victims-not-offenders"}, "protect-victims", set()),
]


@pytest.mark.parametrize(
    ("doc", "path", "offences", "action", "provisions"),
    GOLDEN,
    ids=[f"{d[:5]}-{p}" for d, p, *_ in GOLDEN],
)
def test_golden_targets(
    built: Assembled, doc: str, path: str, offences: set[str], action: str, provisions: set[str]
) -> None:
    got_offences, got_actions, got_provisions = _targets(built.graph, doc, path)
    assert offences <= got_offences
    assert action in got_actions
    assert provisions <= got_provisions


def test_every_lettered_item_of_66_and_30_has_a_target(built: Assembled) -> None:
    targeted = {(t.document, t.entry.locator) for t in built.targets.targets}
    for letter in "abcdefg":
        assert (SR, f"66({letter})") in targeted
    for letter in "abcd":
        assert (CRC, f"30({letter})") in targeted


def test_concern_links_of_every_committee_recommendation_paragraph(built: Assembled) -> None:
    """The graph carries the concern of every Committee recommendation paragraph; the
    extractor's own test holds the hand-checked map (8->7 ... 38->37), spot-checked here."""
    g = built.graph
    found: dict[str, str] = {}
    for rec, concern in g.subject_objects(LEX.answersConcern):
        locator = str(g.value(rec, LEX.locator))
        if "(" not in locator:
            found[locator] = str(concern).rsplit("/", 1)[1]
    expected = {
        r.locator: r.concern
        for r in built.recommendations
        if r.doc_id == CRC and "(" not in r.locator and r.concern is not None
    }
    assert found == expected
    assert len(found) == 16
    assert (found["30"], found["34"], found["8"], found["38"]) == ("29", "33", "7", "37")


def test_counts_per_document_with_repeats_counted_once(built: Assembled) -> None:
    by_doc: dict[str, int] = {}
    for rec in built.recommendations:
        by_doc[rec.doc_id] = by_doc.get(rec.doc_id, 0) + 1
    assert by_doc == {SR: 48, CRC: 52, "csec-study-2011": 26}
    assert sum(len(r.also_at) for r in built.recommendations) == 3


def _json(args: list[str], capsys: pytest.CaptureFixture[str]) -> list[dict[str, Any]]:
    assert main([*args, "--format", "json"]) == 0
    rows: list[dict[str, Any]] = json.loads(capsys.readouterr().out)
    return rows


def test_recommendations_on_possession(capsys: pytest.CaptureFixture[str]) -> None:
    rows = _json(["recommendations", "--offence", "csam-possession"], capsys)
    got = {(r["doc_id"], r["locator"], r["date"]) for r in rows}
    assert {(CRC, "30(c)", "2015-06-05"), (SR, "66(b)", "2019-01-21")} <= got
    texts = {r["locator"]: r["text"] for r in rows}
    assert "possession of child pornography" in texts["30(c)"]
    assert "including possession and receipt of such material" in texts["66(b)"]


def test_recommendations_by_provision(capsys: pytest.CaptureFixture[str]) -> None:
    rows = _json(["recommendations", "--provision", "labour-law/101"], capsys)
    assert [(r["doc_id"], r["locator"]) for r in rows] == [(SR, "66(e)")]


def test_unknown_offence_lists_valid_notations(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["recommendations", "--offence", "possession"]) == 2
    err = capsys.readouterr().err
    assert "unknown offence 'possession'" in err and "csam-possession" in err


def test_timeline_of_possession_in_date_order(capsys: pytest.CaptureFixture[str]) -> None:
    rows = _json(["timeline", "csam-possession"], capsys)
    events = [(r["event"], r["doc_id"], r["locator"]) for r in rows]
    assert events.index(("finding", CRC, "29(c)")) < events.index(("recommendation", CRC, "30(c)"))
    state = events.index(("state-cites-provision", "lao-opsc-followup-report", "77"))
    assert events.index(("recommendation", CRC, "30(c)")) < state
    assert state < events.index(("finding", SR, "29"))
    assert state < events.index(("recommendation", SR, "66(b)"))
    cites = rows[state]
    assert cites["detail"] == "Penal Code (2017), art. 257" and cites["date"] is None
    assert cites["facts_up_to"] == 2017
    repeat = next(r for r in rows if r["locator"] == "66(b)")
    assert repeat["repeats"] == f"{CRC} ¶30(c) (2015-06-05)"


def test_unanswered_committee_recommendations(capsys: pytest.CaptureFixture[str]) -> None:
    rows = _json(["recommendations", "--unanswered"], capsys)
    assert [r["locator"] for r in rows] == [
        "16(b)",
        "16(c)",
        "20",
        "20(a)",
        "20(b)",
        "20(c)",
        "28(d)",
        "40",
    ]
    assert all(r["doc_id"] == CRC for r in rows)


def test_bad_target_entries_name_file_and_line(tmp_path: Any) -> None:
    import shutil

    from lexgap.core.errors import ErrorGroup
    from lexgap.loaders.targets import bundled_targets_dir

    folder = tmp_path / "targets"
    shutil.copytree(bundled_targets_dir(), folder)
    path = folder / f"{CRC}.yaml"
    text = path.read_text()
    line = text[: text.index('locator: "30(c)"')].count("\n") + 1
    text = text.replace('locator: "30(c)"', 'locator: "29(c)"', 1)  # a concern, not a request
    path.write_text(text)
    with pytest.raises(ErrorGroup) as info:
        assemble(targets_dir=folder, shacl=False)
    message = info.value.render()
    assert f"{path}:{line}" in message
    assert "'29(c)' is not a recommendation" in message
