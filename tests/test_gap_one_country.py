"""An answer about one country selects that country's statements in the question's own query
(queries/answers/gaps.py `_selected`): exactly the question's rows whose statement is stated in
a document about the country, the statements `evidence.collect` keeps, on both engines."""

from __future__ import annotations

import pytest
from mini_graph import fixture_engines  # beside this file: tests/mini_graph.py

from lexgap.queries import runner
from lexgap.queries.answers import gaps

COUNTRY_OF = """PREFIX lex: <https://lexgap.example.org/ns#>
SELECT DISTINCT ?statement ?jurisdiction
WHERE { ?statement lex:statedIn/lex:jurisdiction ?jurisdiction }"""


@pytest.mark.unit
@pytest.mark.parametrize("engine_index", [0, 1])
def test_one_country_rows_are_the_question_rows_of_its_documents(engine_index: int) -> None:
    engine = fixture_engines()[engine_index]
    countries: dict[str, set[str]] = {}
    for r in runner.run(engine, COUNTRY_OF):
        countries.setdefault(r["statement"], set()).add(r["jurisdiction"])
    seen = 0
    for qid in gaps.catalogue():
        q = gaps.question(qid)
        every = runner.run(engine, q)
        for country in ("la", "nowhere"):
            expected = [r for r in every if country in countries.get(r["statement"], set())]
            assert gaps._selected(engine, q, country) == expected, (qid, country)
            seen += len(expected)
        assert gaps._selected(engine, q, None) == every
    assert seen  # the fixture has statements about "la"
