"""Text cleaning shared by the layout loaders.

Cleaning removes conversion artefacts and folds whitespace; it never rewrites words, because
every quote in the graph must be findable in the cleaned passage text *and* (whitespace folded)
in the original file.
"""

from __future__ import annotations

import re

# Word-processor and PDF-conversion artefacts, each removed outright.
ARTEFACTS = [
    re.compile(r"\[footnoteRef:\d+\]"),  # 002: footnote anchors of the Word export
    re.compile(r"\[bookmark: [^\]]*\]"),  # 002: "[bookmark: _GoBack]"
    re.compile(r"</?p>"),  # 003: stray HTML paragraph tags
    re.compile(r"\*\*"),  # 000/001/003: bold markers
]

# Unicode superscript digits used as footnote references in 000/001/003 ("area.¹", "²³").
SUPERSCRIPT_DIGITS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
SUPERSCRIPT_RUN = re.compile(f"[{SUPERSCRIPT_DIGITS}]+")
_SUPER_TO_INT = str.maketrans(SUPERSCRIPT_DIGITS, "0123456789")

WHITESPACE = re.compile(r"\s+")


def superscript_to_int(text: str) -> int:
    """'¹²' -> 12."""
    return int(text.translate(_SUPER_TO_INT))


def strip_artefacts(text: str) -> str:
    # Every artefact starts with "[", "<" or "*": a line without them (most lines) is returned
    # as it is without four regex passes, which were a fifth of loading a long document.
    if "[" not in text and "<" not in text and "*" not in text:
        return text
    for pattern in ARTEFACTS:
        text = pattern.sub("", text)
    return text


def fold_whitespace(text: str) -> str:
    """Collapse every run of whitespace (tabs, newlines, NBSP) to one space and trim."""
    return WHITESPACE.sub(" ", text.replace("\u00a0", " ")).strip()


def clean(text: str) -> str:
    """Artefacts out, whitespace folded: the canonical form of a passage's text."""
    return fold_whitespace(strip_artefacts(text))
