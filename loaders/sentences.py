"""Sentence spans of a passage's text: the one splitter the loaders use.

Citation finding asks which sentence a law's name is in (a year "in 2016" dates the law only when
its sentence says the law was adopted then), and the recommendation extractor keeps only the
sentences that ask for something. Both must agree on where a sentence ends, and on which words
end in a full stop without ending a sentence, so there is one rule and one list, here.

Each span is an exact slice of the text (start, end): a sentence is `text[start:end]`, so a
recommendation's text stays a verbatim quote of its passage.
"""

from __future__ import annotations

import re

# A sentence ends at ".", "!" or "?" (with any closing quotes or brackets), then whitespace,
# then a capital, an opening quote or bracket, or a digit ("... years of age. 70 per cent ...").
SENTENCE_BOUNDARY = re.compile(r"[.!?][\"”’)\]]*\s+(?=[\"“‘(\[]?[A-Z0-9])")

# Words the sources end with a full stop that do not end a sentence, compared in lower case
# without the final stop: "para. 46", "No. 138", "art. 14", "arts. 3", "p. 43", "e.g.", "i.e.",
# "cf.", "vol.", titles, "U.S. Immigration", "Publishing, Inc.". A single capital (an initial:
# "V. Crispin") does not end one either.
ABBREVIATIONS = frozenset(
    {"no", "nos", "para", "paras", "art", "arts", "p", "pp", "e.g", "i.e", "cf", "vol", "mr"}
    | {"mrs", "ms", "dr", "st", "op", "cit", "ibid", "fig", "approx", "incl", "vs"}
    | {"inc", "co", "etc", "u.s"}
)
_INITIAL = re.compile(r"[A-Z]")
_CLOSERS = '"”’)]'


def word_before(text: str, end: int) -> str:
    r"""The run of word characters and full stops that ends at `end` (what the regex `[\w.]+$`
    finds in `text[:end]`), found by stepping back from `end`. Why not that regex: searched
    from the start of the text at every boundary, it made a passage's sentences cost the
    square of its length."""
    start = end
    while start > 0 and (text[start - 1].isalnum() or text[start - 1] in "_."):
        start -= 1
    return text[start:end]


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Start and end of each sentence of `text`, in order; whitespace between sentences belongs
    to none, and a text of only whitespace has no sentence."""
    spans: list[tuple[int, int]] = []
    start = 0
    for boundary in SENTENCE_BOUNDARY.finditer(text):
        word = word_before(text, boundary.start())
        if word.lower().rstrip(".") in ABBREVIATIONS or _INITIAL.fullmatch(word):
            continue
        end = boundary.start() + 1
        while end < len(text) and text[end] in _CLOSERS:
            end += 1
        spans.append((start, end))
        start = boundary.end()
    if start < len(text):
        spans.append((start, len(text)))
    return [(s, e) for s, e in spans if text[s:e].strip()]
