"""The status rules of queries/answers/rules.py and queries/answers/ages.py on small hand-made
evidence, and the age-coverage arithmetic as a property: the rules the README writes down ("How
a status is decided"), one case each, each case the shape of the corpus example the README
gives."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from lexgap.queries.answers.ages import decide_ages, parse_standard
from lexgap.queries.answers.model import Finding, Provision, Source
from lexgap.queries.answers.rules import covers_under, decide


def _source(doc: str, date: str | None = "2019-01-21", jurisdiction: str | None = None) -> Source:
    return Source(doc, "body", date, 2017 if date is None else None, "1", "quote", jurisdiction)


def _provision(
    doc: str = "state",
    missing: list[str] | None = None,
    offences: list[str] | None = None,
    age: dict[str, Any] | None = None,
    year: int | None = 2017,
    jurisdiction: str | None = None,
    *,
    article: str = "1",
    instrument: str = "penal-code",
    sex: str = "girls-and-boys",
    effect: str = "creates-offence",
    stance: str = "asserted",
    date: str | None = None,
    distinct: bool = True,
    prison_max: int | None = None,
) -> Provision:
    band = {"min": None, "min_inclusive": None, "max": None, "max_inclusive": None, "text": ""}
    band.update(age or {})
    year_part = str(year) if year is not None else "year-not-stated"
    return Provision(
        statement=f"s-{doc}-{instrument}-{year_part}-{article}-{sex}-{band['min']}",
        statement_id=f"s-{doc}-{article}",
        provision=f"{instrument} ({year_part}), art. {article}",
        provision_iri=f"https://x/id/la/{instrument}/{year_part}/art/{article}",
        instrument=instrument,
        year=year,
        article=article,
        effect=effect,
        offences=offences or ["x"],
        sex=sex,
        penalty={"text": "no penalty stated", "prison_max_months": prison_max},
        age=band,
        missing=missing or [],
        source=_source(doc, date, jurisdiction),
        stance=stance,
        distinct_enactment=distinct,
    )


def _finding(
    verdict: str,
    doc: str = "sr",
    date: str = "2019-01-21",
    scope: str = "same-or-narrower",
    considered: list[str] | None = None,
    jurisdiction: str | None = None,
) -> Finding:
    iris = considered or []
    return Finding(
        assessment=f"a-{doc}-{verdict}",
        assessment_id=f"a-{doc}-{verdict}",
        verdict=verdict,
        scope=scope,
        offences=["x"],
        considered=[],
        considered_iris=iris,
        source=_source(doc, date, jurisdiction),
        considered_instruments=sorted({i.split("/")[5] for i in iris}),
    )


def test_no_evidence_is_no_information() -> None:
    assert decide([], []).status == "no_information"


def test_a_full_provision_alone_is_criminalised_and_a_procedure_is_provided() -> None:
    assert decide([_provision()], []).status == "criminalised"
    assert decide([_provision()], [], kind="procedure").status == "provided"


def test_a_partial_provision_alone_makes_it_partial() -> None:
    d = decide([_provision(missing=["girls-only"])], [])
    assert d.status == "partial"
    assert d.provisions[0].role == "partial-provision"


def test_a_non_criminal_prohibition_beside_an_offence_does_not_reduce_it() -> None:
    # child-sex-tourism: Law on Tourism arts. 83-84 (no criminal penalty) beside art. 262.
    tourism = _provision(missing=["no-criminal-penalty"], instrument="tourism", article="83")
    assert decide([_provision(), tourism], []).status == "criminalised"


def test_only_gap_findings_is_not_criminalised_and_only_partial_findings_partial() -> None:
    assert decide([], [_finding("no-law")]).status == "not_criminalised"
    assert decide([], [_finding("partially-criminalised")]).status == "partial"


def test_a_finding_before_the_law_is_superseded_not_a_contest() -> None:
    # CRC 2015 ¶27(a) against Penal Code (2017) art. 262.
    d = decide([_provision()], [_finding("no-law", doc="crc", date="2015-06-05")])
    assert d.status == "criminalised"
    assert d.findings[0].role == "superseded-finding"
    assert any(r.status == "superseded" and "predates" in r.text for r in d.reasons)


def test_a_later_finding_that_does_not_consider_the_law_contests_it() -> None:
    # Possession: SR 2019 ¶29 against art. 257 (2017), which it does not cite.
    d = decide([_provision()], [_finding("not-criminalised")])
    assert d.status == "contested"
    assert d.findings[0].role == "contesting-finding"
    (contest,) = [r for r in d.reasons if r.status == "contested"]
    assert "does not consider" in contest.text
    assert {s["document"] for s in contest.sources} == {"sr", "state"}


def test_a_finding_that_considered_the_provision_stands_as_a_gap() -> None:
    # Sale: SR 2019 ¶30 considered the Anti-Trafficking Law art. 2 and still finds a gap.
    p = _provision(instrument="atip", year=2016, article="2")
    d = decide([p], [_finding("not-criminalised", considered=[p.provision_iri])])
    assert d.status == "not_criminalised"
    assert d.findings[0].role == "gap-finding"
    assert d.provisions[0].found_wanting_by == [d.findings[0].assessment_id]
    # the evidence given is not changed: the decision holds copies
    assert p.found_wanting_by == [] and p.role == ""


def test_a_finding_that_names_one_law_says_nothing_of_another() -> None:
    # "The Penal Law criminalizes only the rape of girls" says nothing of the Children's Law.
    children = _provision(instrument="law-on-children", year=2007, article="89")
    finding = _finding(
        "not-criminalised", considered=["https://x/id/la/penal-code/year-not-stated"]
    )
    d = decide([children], [finding])
    assert d.status == "partial"  # the finding stands, but does not contest another law
    assert not [r for r in d.reasons if r.status == "contested"]


def test_a_partial_finding_agrees_with_a_partial_provision() -> None:
    # 002 ¶29(d) "criminalizes only the rape of girls" against a girls-only provision.
    girls = _provision(missing=["girls-only"], year=None, date="2011-02")
    d = decide([girls], [_finding("partially-criminalised", date="2015-06-05")])
    assert d.status == "partial"
    assert not [r for r in d.reasons if r.status == "contested"]


def test_a_gap_finding_does_not_contest_a_partial_provision() -> None:
    partial = _provision(missing=["no-criminal-penalty"], year=2013)
    d = decide([partial], [_finding("no-law", date="2015-06-05")])
    assert d.status == "partial"


def test_a_document_does_not_contest_its_own_table() -> None:
    own = _provision(doc="study", year=None, date="2011-02", instrument="law-on-children")
    other = _provision(doc="sr", year=2007, instrument="law-on-children")
    d = decide([own, other], [_finding("not-criminalised", doc="study", date="2011-02")])
    assert d.status != "contested"
    assert any("contradicted by its own document" in rel for rel in d.findings[0].relations)


def test_sources_about_different_jurisdictions_do_not_contest_each_other() -> None:
    d = decide([_provision(jurisdiction="la")], [_finding("no-law", jurisdiction="x001")])
    assert d.status != "contested"


def test_a_contest_that_cannot_make_the_answer_whole_does_not_decide_it() -> None:
    # Extradition: the 2015 "no specific law" against the 2012 Law on Extradition is a real
    # disagreement, but the retained reservation (a gap provision) leaves a gap either way.
    law = _provision(instrument="extradition-law", year=2012, effect="sets-procedure")
    reservation = _provision(doc="state", instrument="opsc", article="5(2)", effect="limits")
    finding = _finding("no-law", doc="crc", date="2015-06-05")
    d = decide([law, reservation], [finding], kind="procedure")
    assert d.status == "partial"
    assert any(r.status == "disagreement" for r in d.reasons)
    assert {p.role for p in d.provisions} == {"provision", "gap-provision"}


def test_gap_provisions_alone_are_not_provided_unless_a_source_finds_it_partial() -> None:
    mediation = _provision(effect="sets-procedure", missing=["permits-mediation"])
    assert decide([mediation], [], kind="procedure").status == "not_provided"
    partly = _finding("partially-criminalised")
    assert decide([mediation], [partly], kind="procedure").status == "partial"


def test_a_reported_view_is_no_evidence() -> None:
    reported = _provision(doc="sr", stance="reported")
    d = decide([reported], [])
    assert d.status == "no_information"
    assert d.provisions[0].role == "reported-view"
    assert decide([reported], [_finding("not-criminalised")]).status == "not_criminalised"


def test_an_older_distinct_version_is_superseded_but_two_years_of_one_law_are_not() -> None:
    old = _provision(doc="sr", year=2005, missing=["sex-unstated"])
    new = _provision(doc="state", year=2017)
    d = decide([old, new], [])
    assert d.status == "criminalised"
    assert {p.year: p.role for p in d.provisions} == {
        2005: "superseded-provision",
        2017: "provision",
    }
    # the Children's Law dated 2006 by one source and 2007 by another is one law
    y2006 = _provision(doc="study", year=2006, instrument="children", distinct=False)
    y2007 = _provision(doc="sr", year=2007, instrument="children", distinct=False)
    assert {p.role for p in decide([y2006, y2007], []).provisions} == {"provision"}


def test_unequal_protection_of_girls_and_boys_is_partial() -> None:
    # 2017 Code per 004: girls under 18 by rape (art. 248), boys 12-17 only by art. 251.
    girls = _provision(article="248", sex="girls", missing=["girls-only"], age={"max": 18})
    everyone_under_12 = _provision(article="250", age={"max": 12})
    children_12_to_18 = _provision(article="251", age={"min": 12, "min_inclusive": True, "max": 18})
    d = decide([girls, everyone_under_12, children_12_to_18], [], equality=True)
    assert d.status == "partial"
    (unequal,) = [r for r in d.reasons if "Unequal protection" in r.text]
    assert "aged 0 to 11" in unequal.text and "aged 12 to 17" in unequal.text
    same = decide([everyone_under_12, children_12_to_18], [], equality=True)
    assert same.status == "criminalised"


def test_an_act_without_any_provision_is_a_reason_and_keeps_it_partial() -> None:
    d = decide([_provision(offences=["a"])], [], acts=["a", "b"])
    assert d.status == "partial"
    assert any("on b" in r.text for r in d.reasons)


def test_age_bands_of_one_document_must_cover_every_child_under_18() -> None:
    under_12 = _provision(age={"max": 12, "max_inclusive": False}, article="1")
    twelve_to_18 = _provision(
        age={"min": 12, "min_inclusive": True, "max": 18, "max_inclusive": False}, article="2"
    )
    assert decide([under_12, twelve_to_18], [], age_limit=18).status == "criminalised"
    only_12_to_18 = _provision(age={"min": 12, "min_inclusive": True, "max": 18}, article="2")
    assert decide([only_12_to_18], [], age_limit=18).status == "partial"
    assert decide([_provision()], [], age_limit=18).status == "criminalised"  # none guessed


def _age_provision(
    doc: str, value: int, *, effect: str = "sets-minimum-age", year: int | None = 2014, **kw: Any
) -> Provision:
    age = (
        {"min": value, "min_inclusive": True}
        if effect == "sets-minimum-age"
        else {"max": value, "max_inclusive": False}
    )
    return _provision(doc=doc, age=age, effect=effect, year=year, **kw)


def test_minimum_ages_meet_the_standard_or_its_exception() -> None:
    std = parse_standard("minimum-age-employment=15/14 light-work-minimum-age=13/12")
    work = _age_provision("sr", 14, offences=["minimum-age-employment"], article="1")
    light = _age_provision("sr", 12, offences=["light-work-minimum-age"], article="101")
    status, reasons, ages = decide_ages([work, light], [], std)
    assert status == "meets_standard"
    assert {a.act: a.age for a in ages} == {
        "minimum-age-employment": 14,
        "light-work-minimum-age": 12,
    }
    assert all("exception" in r.text for r in reasons)
    below = _age_provision("sr", 11, offences=["light-work-minimum-age"], article="101")
    assert decide_ages([work, below], [], std)[0] == "below_standard"


def test_an_exception_one_source_gives_lowers_the_age_and_old_versions_are_superseded() -> None:
    # child-marriage: 18 under the Family Law (000 ¶31), but "over 15" with consent (003):
    # both can be true, so the law as described lets children marry from 15.
    std = parse_standard("child-marriage=18")
    general = _age_provision("sr", 18, offences=["child-marriage"], article="9")
    exception = _age_provision(
        "study", 15, offences=["child-marriage"], instrument="contract-law", article="7"
    )
    status, reasons, _ = decide_ages([general, exception], [], std)
    assert status == "below_standard"
    assert "sets 15" in reasons[0].text
    # sexual consent: the 2005 Code's 15 is history beside the 2017 Code's 12
    std = parse_standard("sexual-intercourse-with-child=15")
    new = _age_provision("state", 12, effect="creates-offence", year=2017, article="250")
    old = _age_provision("sr2005", 15, effect="creates-offence", year=2005, article="129")
    status, _, ages = decide_ages([new, old], [], std)
    assert status == "below_standard"
    assert {a.source.document: a.verdict for a in ages} == {
        "state": "below_standard",
        "sr2005": "superseded",
    }
    assert decide_ages([], [], std)[0] == "no_information"


def test_a_summary_whose_article_another_source_details_sets_no_age_of_consent() -> None:
    # 000 ¶28 "penalties for sexual intercourse with persons aged below 18" against 004's terms
    # of art. 250 (paid intercourse 12-18; any intercourse under 12): 12, not 18.
    std = parse_standard("sexual-intercourse-with-child=15")
    summary = _age_provision(
        "sr", 18, effect="creates-offence", year=2017, article="250", missing=["terms-elsewhere"]
    )
    terms = _age_provision("state", 12, effect="creates-offence", year=2017, article="250")
    status, reasons, ages = decide_ages([summary, terms], [], std)
    assert status == "below_standard"
    assert [a.source.document for a in ages] == ["state"]
    assert any(r.status == "disagreement" and "not an age below" in r.text for r in reasons)
    assert summary.role == "partial-provision"


def test_two_sources_giving_one_provision_ages_on_both_sides_are_contested() -> None:
    std = parse_standard("child-marriage=18")
    one = _age_provision("sr", 18, offences=["child-marriage"], article="9")
    other = _age_provision("study", 16, offences=["child-marriage"], article="9")
    assert decide_ages([one, other], [], std)[0] == "contested"


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.lists(st.tuples(st.integers(0, 25), st.integers(0, 25)), max_size=6), st.integers(1, 25))
def test_covers_under_agrees_with_counting_every_whole_age(
    raw: list[tuple[int, int]], limit: int
) -> None:
    bands = [(float(min(a, b)), float(max(a, b))) for a, b in raw]
    every_age = all(any(lo <= age < hi for lo, hi in bands) for age in range(limit))
    assert covers_under(bands, limit) == every_age


def test_decide_is_a_pure_function_of_its_evidence() -> None:
    """The rules return a decision holding their own copies: the evidence passed in (which the
    caller may judge again as of another date) is never changed, and the same evidence gives
    the same decision twice."""
    import copy

    provisions = [
        _provision("state", offences=["x"], age={"min": 12, "max": 18, "max_inclusive": False}),
        _provision("state", effect="limits", article="2"),
        _provision("old", year=2005, article="3"),
        _provision("sr", stance="reported", article="4"),
    ]
    findings = [
        _finding("not-criminalised", "sr", "2019-01-21"),
        _finding("criminalised", "crc", "2015-06-05"),
    ]
    before = copy.deepcopy((provisions, findings))
    first = decide(provisions, findings, age_limit=18, equality=True, concepts=["x"])
    assert (provisions, findings) == before
    second = decide(provisions, findings, age_limit=18, equality=True, concepts=["x"])
    assert (first.status, first.reasons) == (second.status, second.reasons)
    assert [p.role for p in first.provisions] == [p.role for p in second.provisions]
    assert any(p.role for p in first.provisions)  # roles are set, on the decision's copies
    assert all(p.role == "" for p in provisions)


# Bands as the corpus gives them: whole years, inclusive or not, open at either end.
_bands = st.fixed_dictionaries(
    {
        "min": st.none() | st.integers(0, 20),
        "min_inclusive": st.none() | st.booleans(),
        "max": st.none() | st.integers(0, 20),
        "max_inclusive": st.none() | st.booleans(),
        "text": st.just(""),
    }
)


@given(st.lists(_bands, max_size=6))
@settings(max_examples=300, deadline=None, derandomize=True)
def test_protection_by_age_is_read_once_per_stretch_as_age_by_age(bands: list[Any]) -> None:
    """rules._by_age, the per-stretch reading of which provisions protect each age, against the
    age-by-age reading it replaced (`_at` for each of 0-17)."""
    from lexgap.queries.answers.rules import _at, _by_age, cover_interval

    items = [_provision(article=str(i), age=b) for i, b in enumerate(bands)]
    banded = [(p, cover_interval(p.age)) for p in items]
    assert _by_age(banded) == [_at(banded, age) for age in range(18)]


def test_copied_is_replace() -> None:
    """model.copied, the rules' copy of each piece of evidence, gives what replace gives."""
    from lexgap.core.record import replace
    from lexgap.queries.answers.model import copied

    p = _provision(missing=["girls-only"])
    f = _finding("no-law", considered=[p.provision_iri])
    for item, changes in (
        (p, {"missing": ["x"], "found_wanting_by": []}),
        (p, {}),
        (f, {"relations": [], "narrower": True}),
    ):
        made = copied(item, **changes)
        expected = replace(item, **changes)
        assert made == expected and made is not item and type(made) is type(item)
        assert vars(made) == vars(expected)


def test_answer_json_is_asdict() -> None:
    """GapAnswer.to_json (model._plain over the records' fields) is what `dataclasses.asdict`
    gave when the model was dataclasses: every record as a dict of its attributes in field
    order, recursively (the oracle walks `vars()`, not the records' field lists)."""
    from copy import deepcopy

    from lexgap.queries.answers.model import AgeFinding, Caveat, GapAnswer

    def asdict(value: Any) -> Any:
        if hasattr(value, "__dict__") and not isinstance(value, type):
            return {k: asdict(v) for k, v in vars(value).items()}
        if isinstance(value, list | tuple):
            return type(value)(asdict(v) for v in value)
        if isinstance(value, dict):
            return {asdict(k): asdict(v) for k, v in value.items()}
        return deepcopy(value)

    d = decide([_provision(missing=["girls-only"]), _provision(doc="b")], [_finding("no-law")])
    a = GapAnswer(
        id="q",
        question="?",
        kind="criminalisation",
        offences=["x"],
        status=d.status,
        reasons=d.reasons,
        provisions=d.provisions,
        findings=d.findings,
        recommendations=[],
        caveats=[Caveat("in-force", "v", "text", [{"document": "d"}])],
        ages=[AgeFinding("act", 15, "p", "s", _source("d"), "meets_standard", "t")],
    )
    expected = asdict(a)
    expected["latest_recommendation"] = None
    assert a.to_json() == expected
