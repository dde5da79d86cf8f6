"""The one sentence splitter shared by citation finding and the recommendation extractor."""

from __future__ import annotations

import re
from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lexgap.loaders.sentences import sentence_spans, word_before


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        # Words from either former list do not end a sentence, in any case.
        (
            "In May 2010, U.S. Immigration acted. Then",
            ["In May 2010, U.S. Immigration acted.", "Then"],
        ),
        ("Publishing, Inc. 2000. Next", ["Publishing, Inc. 2000.", "Next"]),
        ("See No. 138 and no. 182. Next", ["See No. 138 and no. 182.", "Next"]),
        ("See op. cit. p. 43. Next", ["See op. cit. p. 43.", "Next"]),
        # A closing bracket stays with its sentence; a digit may start the next one.
        ("It ends (Article 5). 70 per cent", ["It ends (Article 5).", "70 per cent"]),
        ("   ", []),
    ],
)
def test_sentence_spans(text: str, sentences: list[str]) -> None:
    assert [text[s:e] for s, e in sentence_spans(text)] == sentences


def test_spans_are_exact_slices_in_order() -> None:
    text = "One. Two!  “Three?” Four"
    spans = sentence_spans(text)
    assert [text[s:e] for s, e in spans] == ["One.", "Two!", "“Three?”", "Four"]
    assert all(a_end <= b_start for (_, a_end), (b_start, _) in pairwise(spans))


@pytest.mark.unit
@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from('ab_.Z9é٣ \t,;-!?"“)”')), st.data())
def test_the_word_before_a_boundary_is_what_the_regex_found(text: str, data: st.DataObject) -> None:
    """`word_before` steps back from the boundary instead of searching the text from its start
    (which made long passages quadratic); it finds what `[\\w.]+$` found in `text[:end]`."""
    end = data.draw(st.integers(min_value=0, max_value=len(text)))
    found = re.compile(r"([\w.]+)$").search(text, 0, end)
    assert word_before(text, end) == (found.group(1) if found else "")
