"""`engine.code_only` (one regular-expression scan since issue 22) blanks exactly what the
character loop it replaced blanked: comments, strings (long and short, closed or not, with
backslash escapes) and IRIs, keeping the length. The loop is kept here as the reference."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lexgap.queries import runner
from lexgap.queries.engine import check_query, code_only

pytestmark = pytest.mark.unit

_IRIREF = re.compile(r'<[^<>"{}|^`\\\x00-\x20]*>')


def loop_code_only(text: str) -> str:
    """The character loop `code_only` was until issue 22, verbatim."""
    out: list[str] = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c == "#":
            nl = text.find("\n", i)
            j = n if nl < 0 else nl
        elif c in "\"'":
            triple = text[i : i + 3] in ('"""', "'''")
            quote = text[i : i + 3] if triple else c
            j = i + len(quote)
            while j < n and text[j : j + len(quote)] != quote:
                j += 2 if text[j] == "\\" else 1
            j = min(n, j + len(quote))
        elif c == "<" and (m := _IRIREF.match(text, i)):
            j = m.end()
        else:
            out.append(c)
            i += 1
            continue
        out.append(" " * (j - i))
        i = j
    return "".join(out)


# Texts made of the characters that matter to the scan, so that every case meets the others.
_PIECES = st.sampled_from(
    ['"', "'", '"""', "'''", "\\", "#", "\n", "<", ">", "<a:b>", " ", "x", "{", "}", "SERVICE"]
)


@given(st.lists(_PIECES, max_size=40).map("".join))
@settings(max_examples=3000, deadline=None)
def test_the_scan_blanks_what_the_loop_blanked(text: str) -> None:
    assert code_only(text) == loop_code_only(text)


@given(st.text(max_size=200))
@settings(max_examples=1000, deadline=None)
def test_any_text_too(text: str) -> None:
    assert code_only(text) == loop_code_only(text)


def test_every_shipped_query() -> None:
    for q in runner.catalogue().values():
        assert code_only(q.text) == loop_code_only(q.text), q.id
        check_query(q.text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('SELECT "a # b" # c\n{', "SELECT " + " " * 7 + " " + " " * 3 + "\n{"),
        ("'''x ''' y", "         y"),
        ('"unclosed { {', "             "),
        ('"a\\"b" {', "       {"),
        # `{` and spaces cannot be in an IRI: neither is one, both are kept
        ("<http://x/{> { <not an iri> }", "<http://x/{> { <not an iri> }"),
        ("?s <http://x/a> ?o", "?s " + " " * 12 + " ?o"),
    ],
)
def test_examples(text: str, expected: str) -> None:
    assert code_only(text) == expected
