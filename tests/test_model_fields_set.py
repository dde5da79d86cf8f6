"""loaders/models.py `Model` shares one pydantic fields-set among instances given the same
fields (a 100,000-paragraph source's passages took 134 MB of those sets, one per instance).
What pydantic says about an instance must not change: which fields were given, a copy with an
update, a refused assignment, equality."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from lexgap.loaders.models import Citation, Passage

# The fields `_passage` gives.
GIVEN = {"doc_id", "locator", "kind", "text", "line_start", "line_end", "ordinal"}


def _passage(locator: str, **extra: object) -> Passage:
    return Passage.model_validate(
        {
            "doc_id": "d",
            "locator": locator,
            "kind": "paragraph",
            "text": f"text {locator}",
            "line_start": 1,
            "line_end": 2,
            "ordinal": 0,
            **extra,
        }
    )


@pytest.mark.unit
def test_instances_given_the_same_fields_share_one_set_with_the_same_names() -> None:
    a, b = _passage("1"), _passage("2")
    assert a.model_fields_set is b.model_fields_set
    assert a.model_fields_set == GIVEN
    c = _passage("3", parent="1")
    assert c.model_fields_set == a.model_fields_set | {"parent"}
    assert a.model_fields_set == GIVEN


@pytest.mark.unit
def test_copies_assignments_and_equality_keep_their_meaning() -> None:
    a, b = _passage("1"), _passage("2")
    before = set(a.model_fields_set)
    copied = a.model_copy(update={"context": ("x",)})
    assert "context" in copied.model_fields_set
    assert a.model_fields_set == before == b.model_fields_set
    with pytest.raises(ValidationError):
        a.text = "changed"  # type: ignore[misc]
    assert a.model_fields_set == before
    assert _passage("1") == a and _passage("1", parent="0") != a
    citation = Citation(
        doc_id="d",
        locator="1",
        instrument="penal-code",
        article="1",
        year=None,
        span=(0, 1),
        matched="x",
    )
    assert citation.model_fields_set == set(Citation.model_fields) - {"year_source"}
