"""The findings and recommendations of a gap answer, each in two steps
(queries/answers/findings.py with `sparql/bound/gap-findings-core.rq` and `gap-considered.rq`;
queries/answers/recommendations.py with `gap-recommendations-core.rq` and `gap-targets.rq`), are
exactly the rows of `gap-findings` and `gap-recommendations`, in their order, on both engines,
with every source and about one country: the gap answers rest on those rows."""

from __future__ import annotations

import pytest
from mini_graph import fixture_engines  # beside this file: tests/mini_graph.py

from lexgap.queries import rows as typed
from lexgap.queries import runner
from lexgap.queries.answers import findings, gaps, recommendations
from lexgap.queries.engine import Engine, OxigraphEngine

NOTATIONS = (
    ["csam-possession"],
    ["child-prostitution-buying"],
    ["child-prostitution"],
    ["child-rape", "csam-possession"],
    ["csam", "child-rape"],
    ["no-such-offence"],
)


def _same(engine: Engine, notations: list[str], jurisdiction: str | None = None) -> None:
    only = {} if jurisdiction is None else {"jurisdiction": jurisdiction}
    expected = runner.run(engine, runner.get("gap-findings"), {"notation": notations, **only})
    assert findings.collect(engine, notations, jurisdiction) == expected  # same rows and order
    expected = runner.run(
        engine, runner.get("gap-recommendations"), {"notation": notations, **only}
    )
    assert recommendations.collect(engine, notations, jurisdiction) == expected
    assert [list(r) for r in recommendations.collect(engine, notations, jurisdiction)] == [
        list(r) for r in expected
    ]  # and the same columns in the same order


@pytest.mark.unit
@pytest.mark.parametrize("engine_index", [0, 1])
def test_findings_and_recommendations_on_the_fixture_are_the_queries_rows(
    engine_index: int,
) -> None:
    engine = fixture_engines()[engine_index]
    for notations in NOTATIONS:
        for jurisdiction in (None, "la", "nowhere"):
            _same(engine, notations, jurisdiction)


@pytest.mark.integration
def test_findings_and_recommendations_for_every_question_are_the_queries_rows(
    store_engine: OxigraphEngine,
) -> None:
    # On the embedded store only: rdflib gives the same rows on the fixture (above), and
    # running every question's queries on rdflib over the whole corpus took minutes.
    for qid in gaps.catalogue():
        q = gaps.question(qid)
        for notations in (typed.split(q.get("findings")), typed.split(q.get("offences"))):
            _same(store_engine, notations)
            _same(store_engine, notations, "la")
