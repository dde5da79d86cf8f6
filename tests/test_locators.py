"""The one passage-locator uniqueness check that every layout and loader uses."""

from __future__ import annotations

import pytest

from lexgap.core.errors import SourceError
from lexgap.loaders.locators import UniqueLocators


def test_distinct_locators_pass() -> None:
    check = UniqueLocators(file="doc.txt")
    for line, locator in enumerate(["title", "1", "1(a)", "fn 1"], start=1):
        check.add(locator, line)


def test_a_repeat_in_a_file_names_both_lines() -> None:
    check = UniqueLocators(file="doc.txt")
    check.add("29", 4)
    with pytest.raises(SourceError) as caught:
        check.add("29", 9)
    assert str(caught.value) == "doc.txt:9: locator '29' occurs twice (first at line 4)"


def test_a_repeat_without_a_file_names_the_document_and_both_lines() -> None:
    check = UniqueLocators(doc_id="crc-2015")
    check.add("29", 4)
    with pytest.raises(SourceError) as caught:
        check.add("29", 9)
    assert str(caught.value) == (
        "paragraph 29: two passages of crc-2015 have locator '29' (lines 4 and 9)"
    )
