"""`lexgap conflicts` against the golden list of the corpus's real disagreements (issue 16).

tests/golden/conflicts.yaml was written by reading the five sources; `lexgap conflicts` must
match it exactly: every golden row found, no row that is not golden, none printed twice. The
comparison rules themselves (age bands, omissions, time) are tested on small cases below.
"""

from __future__ import annotations

import contextlib
import io
import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from lexgap.cli.main import main
from lexgap.queries.conflicts import (
    Stmt,
    _distinct_from,
    _minimum_ages,
    _penalties,
    base_article,
)

pytestmark = pytest.mark.integration

GOLDEN = Path(__file__).parent / "golden" / "conflicts.yaml"
README = Path(__file__).parent.parent / "README.md"
ORDERED_KINDS = {"finding-vs-provision"}  # side a is the finding


def _run(*argv: str) -> str:
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        assert main(list(argv)) == 0
    return buf.getvalue()


@pytest.fixture(scope="module")
def rows() -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = json.loads(_run("conflicts", "--format", "json"))
    return out


@pytest.fixture(scope="module")
def golden() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(GOLDEN.read_text(encoding="utf-8"))
    return data


def _expected(golden: dict[str, Any]) -> list[dict[str, Any]]:
    out = []
    for g in golden["conflicts"]:
        out.append({**g, "status": "conflict"})
    for g in golden["caveats"]:
        out.append({**g, "status": "caveat"})
    for g in golden["superseded"]:
        out.append(
            {
                **g,
                "kind": "finding-vs-provision",
                "status": "superseded",
                "a": g["finding"],
                "b": g["provision"],
            }
        )
    return out


def _docs(side: list[dict[str, Any]], key: str = "document") -> frozenset[str]:
    return frozenset(s[key] for s in side)


def _locator_matches(golden: str, actual: str) -> bool:
    """A golden locator names the passage or its section; lexgap's may add " #n" or a table."""
    return actual == golden or actual.startswith(golden + " ")


def _sides_match(g: dict[str, Any], r: dict[str, Any]) -> bool:
    ga, gb = _docs(g["a"], "doc"), _docs(g["b"], "doc")
    ra, rb = _docs(r["a"]), _docs(r["b"])
    if (ga, gb) == (ra, rb):
        return True
    return g["kind"] not in ORDERED_KINDS and (ga, gb) == (rb, ra)


def _match(g: dict[str, Any], rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        r
        for r in rows
        if (r["kind"], r["status"], r["about"]) == (g["kind"], g["status"], g["key"])
        and _sides_match(g, r)
    ]


def _locators_present(g: dict[str, Any], r: dict[str, Any]) -> list[str]:
    """Golden locators missing from the row's matching side (empty when all are there)."""
    missing = []
    pairs = [(g["a"], r["a"]), (g["b"], r["b"])]
    if _docs(g["a"], "doc") != _docs(r["a"]) or _docs(g["b"], "doc") != _docs(r["b"]):
        pairs = [(g["a"], r["b"]), (g["b"], r["a"])]
    if _docs(g["a"], "doc") == _docs(g["b"], "doc"):  # same document: try both ways
        straight = _missing(g["a"], r["a"]) + _missing(g["b"], r["b"])
        crossed = _missing(g["a"], r["b"]) + _missing(g["b"], r["a"])
        return straight if len(straight) <= len(crossed) else crossed
    for gside, rside in pairs:
        missing += _missing(gside, rside)
    return missing


def _missing(gside: list[dict[str, Any]], rside: list[dict[str, Any]]) -> list[str]:
    missing = []
    for entry in gside:
        actual = [s["locator"] for s in rside if s["document"] == entry["doc"]]
        for loc in entry["locators"]:
            if not any(_locator_matches(loc, a) for a in actual):
                missing.append(f"{entry['doc']} {loc}")
    return missing


def test_golden_list_is_well_formed(golden: dict[str, Any]) -> None:
    parts = ("conflicts", "caveats", "superseded", "not_conflicts")
    ids = [g["id"] for part in parts for g in golden[part]]
    assert len(ids) == len(set(ids))
    assert len(golden["conflicts"]) == 12 and len(golden["superseded"]) == 8
    assert len(golden["caveats"]) == 1
    kinds = ("year", "status", "penalty", "minimum-age", "finding-vs-provision")
    for g in golden["conflicts"] + golden["caveats"]:
        assert g["rationale"] and g["kind"] in kinds
        assert g["a"] and g["b"]
    for g in golden["not_conflicts"]:
        assert g["what"] and g["why"]
    # Same-document rows: contradictions of the 2011 study; the State report's own caveat on
    # the Code it describes (review C6: it says the Code is adopted, not yet promulgated).
    same = {(g["a"][0]["doc"]) for g in golden["conflicts"] if g["same_document"]}
    assert "csec-study-2011" in same
    assert [g["a"][0]["doc"] for g in golden["caveats"] if g["same_document"]] == [
        "lao-opsc-followup-report"
    ]


def test_every_golden_row_is_listed(rows: list[dict[str, Any]], golden: dict[str, Any]) -> None:
    problems = []
    for g in _expected(golden):
        found = _match(g, rows)
        if len(found) != 1:
            problems.append(f"{g['id']}: {len(found)} matching row(s)")
            continue
        (r,) = found
        if g.get("same_document") is not None and r["same_document"] != g["same_document"]:
            problems.append(f"{g['id']}: same_document is {r['same_document']}")
        missing = _locators_present(g, r)
        if missing:
            problems.append(f"{g['id']}: locators missing {missing}")
    assert not problems, "\n".join(problems)


def test_no_row_outside_the_golden_list(rows: list[dict[str, Any]], golden: dict[str, Any]) -> None:
    expected = _expected(golden)
    extra = [
        f"[{r['kind']}|{r['status']}] {r['about']}: {sorted(_docs(r['a']))} "
        f"/ {sorted(_docs(r['b']))}"
        for r in rows
        if not any(r in _match(g, rows) for g in expected)
    ]
    assert not extra, "\n".join(extra)
    assert len(rows) == len(expected)


def test_no_row_printed_twice(rows: list[dict[str, Any]]) -> None:
    keys = [
        (r["kind"], r["status"], r["about"], _docs(r["a"]), _docs(r["b"]), r["a_claim"])
        for r in rows
    ]
    assert len(keys) == len(set(keys))
    for r in rows:  # and no source twice on one side
        for side in (r["a"], r["b"]):
            quoted = [(s["document"], s["locator"], s["quote"]) for s in side]
            assert len(quoted) == len(set(quoted))


def test_each_row_explains_itself(rows: list[dict[str, Any]]) -> None:
    for r in rows:
        assert r["a_claim"] and r["b_claim"] and r["why"]
        for s in r["a"] + r["b"]:
            assert s["document"] and s["locator"] and s["quote"] and s["date"]


def test_rejected_candidates_are_not_conflicts(rows: list[dict[str, Any]]) -> None:
    about = {(r["kind"], r["about"]) for r in rows}
    # Adopted 2006, promulgated 2007 (003 says both): two events, not two dates of one law.
    assert ("year", "Law on the Protection of the Rights and Interests of Children") not in about
    assert ("year", "Family Law") not in about  # 1990 and 2008 (amended): two versions
    assert ("year", "Penal Code") not in about
    # art. 89: 12-18 against 12-15 and 15-18, whose union agrees; fines omitted by 000.
    assert not [r for r in rows if r["kind"] == "penalty" and "art. 89" in r["about"]]
    assert not [r for r in rows if "grooming" in r["about"]]
    assert not [r for r in rows if r["kind"] == "article-number"]  # see lexgap concordance
    # 002 ¶29(a): sale, for organs too, is no offence distinct from trafficking; a trafficking
    # offence (Anti-Trafficking Law art. 89, also filed under sale for organs) confirms it.
    assert not [r for r in rows if r["about"] in ("sale-organs", "surrogacy-sale")]
    for r in rows:
        if r["about"] == "sale-of-children":
            assert all("art. 216" in s["detail"] for s in r["b"]), r["b"]


def test_sale_forms_stand_apart_from_trafficking() -> None:
    narrower = {"sale-of-children": {"sale-of-children", "sale-organs", "surrogacy-sale"}}
    assert _distinct_from("sale-organs", narrower) == {"trafficking-in-children"}
    assert _distinct_from("sale-of-children", narrower) == {"trafficking-in-children"}
    assert _distinct_from("csam", narrower) == set()


def test_marriage_age_conflict(rows: list[dict[str, Any]]) -> None:
    (r,) = [r for r in rows if r["kind"] == "minimum-age"]
    assert (r["about"], r["status"], r["same_document"]) == ("child-marriage", "conflict", False)
    assert "from the age of 15" in r["a_claim"] and "from the age of 18" in r["b_claim"]
    assert "Family Law (2008), art. 9" in r["b_claim"]
    assert r["notes"] == [
        "csec-study-2011 ¶Definitions #3 does not state the year of the Contract Law"
    ]


def _age(doc: str, minimum: int, year: int | None, sex: str = "girls-and-boys") -> Stmt:
    st = _st(doc, "9", year=year, sex=sex, ageMin=minimum, ageMinInclusive=True)
    st.row["effect"] = "sets-minimum-age"
    st.concepts = {"child-marriage"}
    return st


def test_minimum_ages_compare_laws_in_force_at_both_dates() -> None:
    (row,) = _minimum_ages([_age("doc-a", 15, None), _age("doc-b", 18, 2008)])
    assert row["kind"] == "minimum-age" and "15 and 18" in row["why"]
    # A law later than the other document may have changed the age: no disagreement.
    assert _minimum_ages([_age("doc-a", 15, None), _age("doc-b", 18, 2020)]) == []
    # The same age, or persons neither covers both, or one document: none.
    assert _minimum_ages([_age("doc-a", 18, None), _age("doc-b", 18, 2008)]) == []
    girls, boys = _age("doc-a", 15, None, "girls"), _age("doc-b", 18, 2008, "boys")
    assert _minimum_ages([girls, boys]) == []
    assert _minimum_ages([_age("doc-a", 15, None), _age("doc-a", 18, 2008)]) == []


def test_state_report_caveat_is_no_conflict(rows: list[dict[str, Any]]) -> None:
    (r,) = [r for r in rows if r["status"] == "caveat"]
    assert (r["kind"], r["about"], r["same_document"]) == ("status", "Penal Code (2017)", True)
    assert [s["detail"] for s in r["a"]] == ["adopted", "not-yet-promulgated"]
    assert "Not a contradiction" in r["why"]
    # The disagreement with the Special Rapporteur on the Code's status is a conflict.
    assert [x for x in rows if x["kind"] == "status" and x["status"] == "conflict"]


def test_superseded_finding_also_in_conflict_says_so(rows: list[dict[str, Any]]) -> None:
    note = "the same finding is also listed as a conflict"
    flagged = {
        (r["about"], s["document"])
        for r in rows
        if r["status"] == "superseded" and any(n.startswith(note) for n in r["notes"])
        for s in r["a"]
    }
    # The 2011 study's two findings (review S1, S5), not the Committee's 002 ¶29(b).
    assert flagged == {("child-prostitution", "csec-study-2011"), ("csam", "csec-study-2011")}


def test_penalty_row_says_year_not_stated(rows: list[dict[str, Any]]) -> None:
    (r,) = [r for r in rows if r["kind"] == "penalty"]
    assert "csec-study-2011 does not state the year of the Penal Code" in r["notes"]
    assert "csec-study-2011 gives art. 128(2), a part of art. 128" in r["notes"]
    assert "5 to 15 years" in r["a"][0]["quote"] or "5 to 15 years" in r["b"][0]["quote"]


def test_possession_conflict_and_superseded(rows: list[dict[str, Any]]) -> None:
    by = {(r["about"], r["status"]): r for r in rows if r["kind"] == "finding-vs-provision"}
    real = by[("csam-possession", "conflict")]
    assert [(s["document"], s["locator"]) for s in real["a"]] == [("a-hrc-40-51-add-1", "29")]
    assert [(s["document"], s["locator"]) for s in real["b"]] == [
        ("lao-opsc-followup-report", "77")
    ]
    assert real["a"][0]["date"] == "2019-01-21"
    assert real["b"][0]["date"] == "undated, facts up to 2017"
    old = by[("csam-possession", "superseded")]
    assert [(s["document"], s["locator"]) for s in old["a"]] == [("crc-c-opsc-lao-co-1", "29(c)")]


def test_table_output_labels_same_document_and_superseded() -> None:
    out = _run("conflicts")
    assert "[status, same document, caveat] Penal Code (2017)" in out
    assert "[status, same document] Penal Code (2017)" not in out
    assert "[finding-vs-provision, same document] child-prostitution" in out
    assert "caveats: a document's own qualification of what it states (not conflicts)" in out
    assert "superseded: findings made before the law that answers them (not conflicts)" in out
    assert re.search(r"^12 conflict\(s\)$", out, re.M)
    assert re.search(r"^1 caveat\(s\)$", out, re.M)
    assert out.strip().endswith("8 superseded finding(s)")


def test_csv_has_one_line_per_row(rows: list[dict[str, Any]]) -> None:
    import csv

    out = _run("conflicts", "--format", "csv")
    parsed = list(csv.DictReader(io.StringIO(out)))
    assert len(parsed) == len(rows)
    assert parsed[0]["kind"] == rows[0]["kind"] and "¶" in parsed[0]["a_sources"]


def test_readme_example_is_true() -> None:
    """Every line of the README's `lexgap conflicts` example is in the command's output."""
    text = README.read_text(encoding="utf-8")
    block = text.split("$ lexgap conflicts\n", 1)[1].split("```", 1)[0]
    out = _run("conflicts").splitlines()
    for line in block.splitlines():
        if line.strip() and line.strip() != "...":
            assert line in out, line


# --- the comparison rules on small cases -----------------------------------------------------


def _st(doc: str, article: str, **facts: Any) -> Stmt:
    row = {
        "statement": f"st/{doc}/{article}/{sorted(facts.items())}",
        "docId": doc,
        "jurisdiction": "la",
        "date": "2019-01-21",
        "factsUpTo": None,
        "locator": "1",
        "quote": f"{doc} quote",
        "instrumentId": "law",
        "instrument": "Law",
        "scope": "la",
        "provisionIri": f"law/{article}",
        "provision": f"Law, art. {article}",
        "year": facts.pop("year", 2007),
        "distinct": None,
        "article": article,
        "effect": "creates-offence",
        "stance": None,
        "sex": facts.pop("sex", "girls-and-boys"),
        **facts,
    }
    return Stmt(row, {"child-prostitution-buying"})


def test_bands_split_differently_whose_union_agrees_do_not_conflict() -> None:
    a = _st("doc-a", "89", ageMin=12, ageMax=18, prisonMinMonths=3, prisonMaxMonths=60)
    b1 = _st("doc-b", "89", ageMin=15, ageMax=18, prisonMinMonths=3, prisonMaxMonths=12)
    b2 = _st("doc-b", "89", ageMin=12, ageMax=15, prisonMinMonths=12, prisonMaxMonths=60)
    assert _penalties([a, b1, b2]) == []


def test_disjoint_bands_and_omissions_do_not_conflict() -> None:
    a = _st("doc-a", "89", ageMax=12, prisonMinMonths=84, prisonMaxMonths=180)
    b = _st("doc-b", "89", ageMin=12, ageMinInclusive=True, ageMax=15, prisonMinMonths=12)
    assert _penalties([a, b]) == []  # under 12 and 12-15 do not overlap
    c = _st("doc-c", "89", ageMax=12, prisonMinMonths=84, prisonMaxMonths=180, fineMaxKip=10)
    assert _penalties([a, c]) == []  # doc-a gives no fine: an omission
    girls = _st("doc-d", "89", ageMax=12, sex="girls", prisonMinMonths=1, prisonMaxMonths=2)
    boys = _st("doc-e", "89", ageMax=12, sex="boys", prisonMinMonths=5, prisonMaxMonths=9)
    assert _penalties([girls, boys]) == []  # victims do not overlap


def test_a_stated_fact_that_differs_conflicts() -> None:
    a = _st("doc-a", "128", prisonMinMonths=60, prisonMaxMonths=180)
    b = _st("doc-b", "128(2)", year=None, ageMin=15, ageMax=18, sex="girls", prisonMinMonths=12)
    (row,) = _penalties([a, b])
    assert row["kind"] == "penalty" and "minimum imprisonment" in row["why"]
    assert "doc-b does not state the year of the Law" in row["notes"]


def test_distinct_enactments_are_not_compared() -> None:
    a = _st("doc-a", "250", year=2005, distinct=True, prisonMinMonths=1)
    b = _st("doc-b", "250", year=2017, distinct=True, prisonMinMonths=9)
    assert _penalties([a, b]) == []


def test_base_article() -> None:
    assert [base_article(a) for a in ("128(2)", "12.4", "257", None)] == ["128", "12", "257", None]
