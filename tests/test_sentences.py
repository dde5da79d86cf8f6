"""The one sentence splitter shared by citation finding and the recommendation extractor."""

from __future__ import annotations

from itertools import pairwise

import pytest

from lexgap.loaders.sentences import sentence_spans


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
