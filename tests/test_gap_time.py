"""Time in the gap answers, on the real corpus: `--as-of`, `lexgap history`, superseded findings
and the in-force caveat, from the CLI, the Python API and the gap map.

The dated transitions below are read from the sources: the 2011 study (003) and the 2015
concluding observations (002) find no law on possession and on child sex tourism; the State's
report (004, undated, latest facts 2017) describes Penal Code (2017) arts. 257 and 262; the
Special Rapporteur (000, 21 January 2019) finds possession still not criminalised (¶29) without
considering art. 257, and sale not criminalised as an offence distinct from trafficking (¶30).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import lexgap
from lexgap.cli.main import main
from lexgap.gapmap.build import build_map
from lexgap.queries.answers import gaps
from lexgap.queries.engine import OxigraphEngine

pytestmark = pytest.mark.integration

Capsys = pytest.CaptureFixture[str]


def _status(engine: OxigraphEngine, qid: str, as_of: str | None = None) -> str:
    return gaps.answer(engine, qid, as_of=gaps.check_as_of(as_of)).status


def test_possession_as_of_2015_is_not_criminalised_and_contested_with_every_source(
    store_engine: OxigraphEngine,
) -> None:
    assert _status(store_engine, "csam-possession", "2015-06-05") == "not_criminalised"
    # the State's report counts from the end of 2017, its latest facts' year
    assert _status(store_engine, "csam-possession", "2017-06-30") == "not_criminalised"
    assert _status(store_engine, "csam-possession", "2017") == "criminalised"
    assert _status(store_engine, "csam-possession", "2018-12-31") == "criminalised"
    assert _status(store_engine, "csam-possession", "2019-01-21") == "contested"
    assert _status(store_engine, "csam-possession") == "contested"


def test_an_as_of_answer_uses_only_documents_dated_on_or_before_it(
    store_engine: OxigraphEngine,
) -> None:
    a = gaps.answer(store_engine, "rape-of-boys", as_of="2015-06-05")
    docs = {p.source.document for p in a.provisions} | {f.source.document for f in a.findings}
    assert docs <= {"csec-study-2011", "crc-c-opsc-lao-co-1"}
    assert {r.document for r in a.recommendations} <= {"csec-study-2011", "crc-c-opsc-lao-co-1"}
    # a month-precision date counts from any day of that month
    early = gaps.answer(store_engine, "rape-of-boys", as_of="2011-02-01")
    assert {p.source.document for p in early.provisions} == {"csec-study-2011"}
    assert gaps.answer(store_engine, "rape-of-boys", as_of="2010-12-31").status == (
        "no_information"
    )


@pytest.mark.parametrize(
    ("qid", "expected"),
    [
        # 002 ¶29(c) / 003: no law; 004 ¶77 art. 257; 000 ¶29 (2019) does not consider it.
        (
            "csam-possession",
            ["not_criminalised", "not_criminalised", "criminalised", "contested"],
        ),
        # 002 ¶27(a) (2015) no specific law; 004 ¶78 art. 262 (2017 Code): superseded.
        ("child-sex-tourism", [None, "not_criminalised", "criminalised", "criminalised"]),
        # 004 ¶69: the 2017 Code incorporates the sale of children; 000 ¶30 (2019) disagrees.
        ("sale-of-children", [None, None, "criminalised", "contested"]),
    ],
)
def test_history_replays_the_sources_in_date_order(
    store_engine: OxigraphEngine, qid: str, expected: list[str | None]
) -> None:
    steps = gaps.history(store_engine, qid)
    assert [s.date for s in steps] == ["2011-02", "2015-06-05", "2017-12-31", "2019-01-21"]
    assert steps[2].label.startswith("c. 2017 lao-opsc-followup-report (undated")
    for step, want in zip(steps, expected, strict=True):
        if want is not None:
            assert step.status == want, (qid, step.date)
    changed = [s for s in steps if s.changed]
    assert changed and all(s.why for s in steps)
    # each step is the same answer `--as-of` gives on that date
    for s in steps:
        assert s.status == _status(store_engine, qid, s.date)


def test_a_finding_made_before_the_law_is_shown_as_superseded(
    store_engine: OxigraphEngine,
) -> None:
    a = gaps.answer(store_engine, "child-sex-tourism")
    assert a.status == "criminalised"
    crc = next(f for f in a.findings if f.source.locator == "27(a)")
    assert crc.role == "superseded-finding"
    assert any(r.status == "superseded" and "27(a)" in r.text for r in a.reasons)


def test_no_answer_is_contested_by_findings_that_all_predate_the_provisions(
    store_engine: OxigraphEngine,
) -> None:
    for a in gaps.answer_all(store_engine):
        if a.status != "contested" or a.kind == "minimum-age":
            continue
        contesting = [f for f in a.findings if f.role == "contesting-finding"]
        assert contesting, a.id
        positive = [p for p in a.provisions if p.role == "provision"]
        years = [p.year for p in positive if p.year is not None]
        assert any(
            f.source.year is not None and (not years or f.source.year >= min(years))
            for f in contesting
        ), a.id


def test_every_answer_resting_on_the_2017_code_carries_the_promulgation_caveat(
    store_engine: OxigraphEngine,
) -> None:
    """An answer rests on the 2017 Code when, without its provisions, the status would differ:
    possession (art. 257 alone against the 2019 finding), child sex tourism (art. 262); not
    trafficking, which the Anti-Trafficking Law art. 89 decides whatever art. 215 says."""
    answers = {a.id: a for a in gaps.answer_all(store_engine)}
    for qid in ("csam-possession", "child-sex-tourism", "sale-of-children"):
        (caveat,) = [c for c in answers[qid].caveats if c.version == "Penal Code (2017)"]
        quotes = {(s["document"], s["locator"], s["quote"]) for s in caveat.sources}
        assert (
            "lao-opsc-followup-report",
            "69",
            "The Law is currently undergoing a technical review and has not yet been promulgated.",
        ) in quotes, qid
        assert ("a-hrc-40-51-add-1", "13", "the amended Penal Code promulgated in 2017") in (
            quotes
        ), qid
        # in date order: the State's report (c. 2017) before the 2019 report
        assert caveat.sources[0]["document"] == "lao-opsc-followup-report"
    assert answers["trafficking-in-children"].caveats == []
    for a in answers.values():
        if a.caveats:
            relied = [
                p
                for p in a.provisions
                if p.role in ("provision", "partial-provision", "gap-provision")
                and p.instrument == "penal-code"
                and p.year == 2017
            ]
            assert relied, a.id  # a caveat only where the answer uses the version


def test_cli_ask_gaps_and_history_take_as_of(built_out: Path, capsys: Capsys) -> None:
    out = str(built_out)
    assert (
        main(["ask", "csam-possession", "--as-of", "2015-06-05", "--format", "json", "--out", out])
        == 0
    )
    data = json.loads(capsys.readouterr().out)
    assert (data["status"], data["as_of"]) == ("not_criminalised", "2015-06-05")
    assert main(["gaps", "--as-of", "2015-06-05", "--format", "json", "--out", out]) == 0
    rows = {r["id"]: r["status"] for r in json.loads(capsys.readouterr().out)}
    assert rows["csam-possession"] == "not_criminalised"
    assert main(["history", "csam-possession", "--format", "json", "--out", out]) == 0
    steps = json.loads(capsys.readouterr().out)["steps"]
    assert [s["status"] for s in steps][-2:] == ["criminalised", "contested"]
    assert main(["history", "csam-possession", "--out", out]) == 0
    text = capsys.readouterr().out
    assert "c. 2017 lao-opsc-followup-report (undated; latest facts 2017)" in text
    assert "status criminalised -> contested" in text


def test_cli_ask_prints_the_caveat_with_both_quotes(built_out: Path, capsys: Capsys) -> None:
    assert main(["ask", "csam-possession", "--out", str(built_out)]) == 0
    text = capsys.readouterr().out
    assert "caveat: The answer rests on Penal Code (2017), whose promulgation" in text
    assert '"The Law is currently undergoing a technical review' in text
    assert '"the amended Penal Code promulgated in 2017"' in text


@pytest.mark.parametrize("bad", ["2015-02-30", "June 2015", "2015-6-5", "x"])
def test_a_bad_as_of_is_a_usage_error(built_out: Path, capsys: Capsys, bad: str) -> None:
    assert main(["ask", "csam-possession", "--as-of", bad, "--out", str(built_out)]) == 2
    err = capsys.readouterr().err
    assert "is not a date" in err and "YYYY-MM-DD" in err


def test_the_api_takes_as_of_and_gives_history(built_out: Path) -> None:
    assert lexgap.ask("csam-possession", as_of="2015-06-05", out=built_out).status == (
        "not_criminalised"
    )
    statuses = {a.id: a.status for a in lexgap.gaps(as_of="2015-06-05", out=built_out)}
    assert statuses["child-sex-tourism"] == "not_criminalised"
    steps = lexgap.history("child-sex-tourism", out=built_out)
    assert [s.status for s in steps][-2:] == ["criminalised", "criminalised"]


def test_the_gap_map_colours_gaps_as_of_a_date(store_engine: OxigraphEngine) -> None:
    then = build_map(store_engine, as_of="2015-06-05")
    now = build_map(store_engine)
    assert then.nodes["gap:csam-possession"].status == "not_criminalised"
    assert now.nodes["gap:csam-possession"].status == "contested"
