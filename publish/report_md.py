"""The brief as Markdown: headings, a pipe table for the matrix, and footnotes (`[^3]`), the form
GitHub, Pandoc and most wikis render, for an advocate who pastes the brief into their own
document. Every text from the sources is backslash-escaped, so markup in a quote (`*`, `[`,
`<script>`) stays text when rendered.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from lexgap.publish.brief import INTRO, Brief, Item, Line, Section

# CommonMark's backslash-escapable punctuation that could start markup inline.
_SPECIAL = re.compile(r"([\\`*_\[\]<>|#&!~])")


def escape(text: str) -> str:
    """Text as inline Markdown that renders as itself (one line: newlines become spaces)."""
    return _SPECIAL.sub(r"\\\1", " ".join(str(text).split()))


def _refs(notes: Iterable[int]) -> str:
    return "".join(f"[^{n}]" for n in notes)


def _line(line: Line) -> str:
    return escape(line.text) + _refs(line.notes)


def _list(lines: Iterable[Line]) -> list[str]:
    out = [f"- {_line(x)}" for x in lines]
    return out or ["_none_"]


def _items(items: Iterable[Item]) -> list[str]:
    out: list[str] = []
    for item in items:
        out.append(f"- {_line(item.head)}")
        out.extend(f"  - {_line(x)}" for x in item.lines)
    return out or ["_none_"]


def _section(s: Section) -> list[str]:
    out = [f"## {escape(s.question)}", ""]
    out += [
        f"**Status: {escape(s.status.replace('_', ' '))}** ({escape(s.id)}, {s.kind} question)",
        "",
    ]
    if s.standard:
        out += [f"Standard: {escape(s.standard)}", ""]
    if s.caveats:
        out += ["### Caveats", "", *_list(s.caveats), ""]
    if s.ages:
        out += ["### Ages the sources give", "", *_list(s.ages), ""]
    out += ["### Reasons", "", *_list(s.reasons), ""]
    out += [f"### Provisions ({len(s.provisions)})", "", *_items(s.provisions), ""]
    out += [f"### Findings ({len(s.findings)})", "", *_items(s.findings), ""]
    out += [f"### Recommendations ({len(s.recommendations)})", "", *_items(s.recommendations), ""]
    if s.conflicts:
        out += [
            "### Conflicts between sources",
            "",
            "See " + ", ".join(f"conflict {n}" for n in s.conflicts) + " below.",
            "",
        ]
    return out


def markdown(b: Brief) -> str:
    """The whole brief as Markdown text."""
    scope = []
    if b.as_of:
        scope.append(f"as the sources stood on {b.as_of}")
    if b.jurisdiction:
        scope.append(f"jurisdiction {b.jurisdiction}")
    out = [f"# {escape(b.title)}", ""]
    out += [f"A brief made by lexgap{': ' + escape(', '.join(scope)) if scope else ''}.", ""]
    out += [f"> {escape(INTRO)}", ""]
    out += ["## Sources", "", "| Cited as | Title | Issued by | Date | Language |"]
    out += ["|---|---|---|---|---|"]
    out += [
        f"| {escape(d.name)} | {escape(d.title)} | {escape(d.issued_by)} | {escape(d.when)} "
        f"| {d.language} |"
        for d in b.documents
    ]
    out += ["", "## Gap matrix", ""]
    out += ["| Question | Status | Key provisions | Findings | Recommendations | Latest ask |"]
    out += ["|---|---|---|---|---|---|"]
    out += [
        f"| {escape(r.question)} | {escape(r.status.replace('_', ' '))} "
        f"| {escape(r.key_provisions) or '—'} | {r.findings} | {r.recommendations} "
        f"| {_line(r.latest) or '—'} |"
        for r in b.matrix
    ]
    out.append("")
    for s in b.sections:
        out += _section(s)
    out += ["## Conflicts between sources", ""]
    for c in b.conflicts:
        out.append(f"{c.number}. **{escape(c.about)}** ({c.status}: {c.kind})")
        out.append(f"    - {_line(c.a)}")
        out.append(f"    - {_line(c.b)}")
        out.append(f"    - Why: {escape(c.why)}")
        out.extend(f"    - {escape(n)}" for n in c.notes)
    if not b.conflicts:
        out.append("_none_")
    out += ["", "## Sources cited", ""]
    for n in b.notes:
        quotes = " … ".join(f"“{escape(q)}”" for q in n.quotes)
        out.append(f"[^{n.number}]: {escape(n.citation)}: {quotes}")
    return "\n".join(out) + "\n"
