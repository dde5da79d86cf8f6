"""The status rules of queries/gaps.py on small hand-made evidence, and the age-coverage
arithmetic as a property: the rules the README writes down, one case each."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from lexgap.queries.gaps import Finding, Provision, Source, covers_under, decide


def _source(doc: str, date: str | None = "2019-01-21", jurisdiction: str | None = None) -> Source:
    return Source(doc, "body", date, 2017 if date is None else None, "1", "quote", jurisdiction)


def _provision(
    doc: str = "state",
    missing: list[str] | None = None,
    offences: list[str] | None = None,
    age: dict[str, Any] | None = None,
    year: int | None = 2017,
    jurisdiction: str | None = None,
) -> Provision:
    band = {"min": None, "min_inclusive": None, "max": None, "max_inclusive": None, "text": ""}
    band.update(age or {})
    return Provision(
        statement=f"s-{doc}",
        statement_id=f"s-{doc}",
        provision="Penal Code (2017), art. 1",
        provision_iri="https://x/pc/2017/art/1",
        instrument="penal-code",
        year=year,
        article="1",
        effect="creates-offence",
        offences=offences or ["x"],
        sex="unspecified",
        penalty={"text": "no penalty stated"},
        age=band,
        missing=missing or [],
        source=_source(doc, None, jurisdiction),
    )


def _finding(
    verdict: str,
    doc: str = "sr",
    date: str = "2019-01-21",
    scope: str = "same-or-narrower",
    considered: list[str] | None = None,
    jurisdiction: str | None = None,
) -> Finding:
    return Finding(
        assessment=f"a-{doc}",
        assessment_id=f"a-{doc}",
        verdict=verdict,
        scope=scope,
        offences=["x"],
        considered=[],
        considered_iris=considered or [],
        source=_source(doc, date, jurisdiction),
    )


def test_no_evidence_is_no_information() -> None:
    assert decide([], [], [], None)[0] == "no_information"


def test_a_full_provision_alone_is_criminalised() -> None:
    assert decide([_provision()], [], [], None)[0] == "criminalised"


def test_a_partial_provision_makes_it_partial() -> None:
    status, reasons = decide([_provision(), _provision("sr", ["girls-only"])], [], [], None)
    assert status == "partial"
    assert any("protects girls only" in r.text for r in reasons)


def test_only_gap_findings_is_not_criminalised() -> None:
    assert decide([], [_finding("no-law")], [], None)[0] == "not_criminalised"


def test_positive_evidence_against_a_gap_finding_is_contested_and_dated() -> None:
    status, reasons = decide(
        [_provision()], [_finding("not-criminalised", date="2015-06-05")], [], None
    )
    assert status == "contested"
    (contested,) = [r for r in reasons if r.status == "contested"]
    assert "the finding (2015) predates Penal Code (2017), art. 1 (2017)" in contested.text
    later = decide([_provision()], [_finding("not-criminalised")], [], None)[1]
    assert any(
        "is later than Penal Code (2017), art. 1 and does not cite it" in r.text for r in later
    )
    considered = decide(
        [_provision()],
        [_finding("not-criminalised", considered=["https://x/pc/2017/art/1"])],
        [],
        None,
    )[1]
    assert any(
        "considered Penal Code (2017), art. 1 and still found a gap" in r.text for r in considered
    )


def test_the_same_document_does_not_contest_itself() -> None:
    status, _ = decide([_provision("sr")], [_finding("no-law", doc="sr")], [], None)
    assert status == "partial"


def test_sources_about_different_jurisdictions_do_not_contest_each_other() -> None:
    status, _ = decide(
        [_provision(jurisdiction="x001")], [_finding("no-law", jurisdiction="x002")], [], None
    )
    assert status == "partial"


def test_a_broader_positive_finding_is_not_evidence_but_a_broader_gap_is() -> None:
    assert decide([], [_finding("criminalised", scope="broader")], [], None)[0] == "no_information"
    status, _ = decide([_provision()], [_finding("no-law", scope="broader")], [], None)
    assert status == "contested"


def test_an_act_without_any_provision_is_a_reason_and_keeps_it_partial() -> None:
    status, reasons = decide([_provision(offences=["a"])], [], ["a", "b"], None)
    assert status == "partial"
    assert any(r.text == "No source describes a provision on b." for r in reasons)


def test_age_bands_of_one_document_must_cover_every_child_under_18() -> None:
    under_12 = _provision("sr", offences=["x"], age={"max": 12, "max_inclusive": False})
    twelve_to_18 = _provision(
        "sr",
        offences=["x"],
        age={"min": 12, "min_inclusive": True, "max": 18, "max_inclusive": True},
    )
    assert decide([under_12, twelve_to_18], [], [], 18)[0] == "criminalised"
    only_12_to_18 = _provision(
        "state", age={"min": 12, "min_inclusive": True, "max": 18, "max_inclusive": False}
    )
    status, _ = decide([only_12_to_18], [], [], 18)
    assert status == "partial" and only_12_to_18.missing == ["age-band"]
    no_band = _provision("study")
    assert decide([no_band], [], [], 18)[0] == "criminalised"  # nothing is guessed


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.lists(st.tuples(st.integers(0, 25), st.integers(0, 25)), max_size=6), st.integers(1, 25))
def test_covers_under_agrees_with_counting_every_whole_age(
    raw: list[tuple[int, int]], limit: int
) -> None:
    bands = [(float(min(a, b)), float(max(a, b))) for a, b in raw]
    every_age = all(any(lo <= age < hi for lo, hi in bands) for age in range(limit))
    assert covers_under(bands, limit) == every_age
