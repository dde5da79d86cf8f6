"""The content of the brief to share (`lexgap report`), as plain data before any format.

What a colleague needs without lexgap: the gap matrix, then each question's answer with its
reasons, the provisions it rests on (penalties, ages, sex), the findings, the recommendations
and the conflicts that touch it; and for every claim where it comes from, as a footnote with a
ready-to-cite reference (loaders/citation_form.py) and the source's own words.

Three rules shape this module:

- Quotes are verbatim. A footnote quotes the passage exactly; a recommendation's text (its
  recommending sentences, joined) is split back into the runs of words that stand so in the
  passage, shown with an ellipsis between them, so every quoted run is found in the source.
- Nothing in the sources runs as markup. Every text is escaped (HTML: `html.escape`; Markdown:
  backslash escapes), so a `<script>` in a quote shows as text.
- The HTML needs nothing from outside: inline CSS, no script, no font or image, and a Content
  Security Policy that forbids loading anything; a print stylesheet makes it read as a paper.

The brief is built here as plain data (`Brief`) and rendered by publish/report_html.py and
publish/report_md.py (chosen in publish/report.py), so the two formats say the same thing and
tests can check the data as well as the page.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from lexgap.loaders.citation_form import DocumentRef, citation, plain_citation
from lexgap.loaders.sentences import sentence_spans
from lexgap.queries.answers.model import GapAnswer, Provision, Source

TITLE = "Sale and sexual exploitation of children in the Lao PDR: gaps in the law"


@dataclass(frozen=True)
class Note:
    """A footnote: where a claim comes from (`citation`) and the source's exact words, as one
    or more runs of text that each stand verbatim in the passage."""

    number: int
    document: str
    locator: str
    citation: str
    quotes: tuple[str, ...]


@dataclass(frozen=True)
class Line:
    """A sentence of the brief and the footnotes that source it."""

    text: str
    notes: tuple[int, ...] = ()


@dataclass(frozen=True)
class Item:
    """A provision, finding or recommendation: a heading line and its detail lines."""

    head: Line
    lines: tuple[Line, ...] = ()


@dataclass(frozen=True)
class MatrixRow:
    id: str
    question: str
    status: str
    key_provisions: str
    findings: int
    recommendations: int
    latest: Line


@dataclass(frozen=True)
class Section:
    """One question's answer."""

    id: str
    question: str
    kind: str
    status: str
    standard: str | None
    caveats: tuple[Line, ...]
    ages: tuple[Line, ...]
    reasons: tuple[Line, ...]
    provisions: tuple[Item, ...]
    findings: tuple[Item, ...]
    recommendations: tuple[Item, ...]
    conflicts: tuple[int, ...]  # numbers of the conflicts (Brief.conflicts) that touch it


@dataclass(frozen=True)
class Conflict:
    number: int
    status: str
    kind: str
    about: str
    a: Line
    b: Line
    why: str
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Brief:
    title: str
    as_of: str | None
    jurisdiction: str | None
    documents: tuple[DocumentRef, ...]
    matrix: tuple[MatrixRow, ...]
    sections: tuple[Section, ...]
    conflicts: tuple[Conflict, ...]
    notes: tuple[Note, ...]


# --------------------------------------------------------------------------------------------
# Building the brief


def verbatim_runs(quote: str, passage: str | None) -> tuple[str, ...]:
    """`quote` as runs of text each found verbatim in `passage`: the whole quote when it is, else
    its sentences, adjacent ones joined again where the passage has them together (a
    recommendation's text is its recommending sentences, joined with one space)."""
    if passage is None or quote in passage:
        return (quote,)
    runs: list[str] = []
    for start, end in sentence_spans(quote):
        sentence = quote[start:end].strip()
        if runs and f"{runs[-1]} {sentence}" in passage:
            runs[-1] = f"{runs[-1]} {sentence}"
        else:
            runs.append(sentence)
    return tuple(runs) or (quote,)


class _Notes:
    """Numbers footnotes in order of first use; the same words of the same passage are one."""

    def __init__(self, refs: Mapping[str, DocumentRef], passages: Mapping[tuple[str, str], str]):
        self.refs = refs
        self.passages = passages
        self.notes: list[Note] = []
        self._seen: dict[tuple[str, str, str], int] = {}

    def cite(self, document: str, locator: str, date: str | None = None) -> str:
        ref = self.refs.get(document)
        return citation(ref, locator) if ref else plain_citation(document, locator, date)

    def add(self, document: str, locator: str, quote: str, date: str | None = None) -> int:
        key = (document, locator, quote)
        if key not in self._seen:
            number = len(self.notes) + 1
            runs = verbatim_runs(quote, self._passage(document, locator))
            self.notes.append(
                Note(number, document, locator, self.cite(document, locator, date), runs)
            )
            self._seen[key] = number
        return self._seen[key]

    def _passage(self, document: str, locator: str) -> str | None:
        found = self.passages.get((document, locator))
        ref = self.refs.get(document)
        if found is None and ref is not None and ref.edition_of:
            found = self.passages.get((ref.edition_of, locator))
        return found

    def source(self, s: Source) -> int:
        return self.add(s.document, s.locator, s.quote, s.date)

    def sources(self, found: Iterable[Mapping[str, Any]]) -> tuple[int, ...]:
        numbers = [self.add(s["document"], s["locator"], s["quote"], s.get("date")) for s in found]
        return tuple(dict.fromkeys(numbers))


def _readable(text: str, refs: Mapping[str, DocumentRef], notes: _Notes) -> str:
    """A reason's text with the internal references it was written with ('crc-c-opsc-lao-co-1
    ¶29(d) (2015-06-05)') as citations, and bare document ids as the documents' names."""

    def cited(m: re.Match[str]) -> str:
        return notes.cite(m["doc"], m["loc"])

    ids = sorted(refs, key=len, reverse=True)
    if not ids:
        return text
    alternatives = "|".join(re.escape(i) for i in ids)
    text = re.sub(
        rf"(?P<doc>{alternatives}) ¶(?P<loc>.+?) \((?:\d{{4}}(?:-\d\d){{0,2}}|undated[^)]*)\)",
        cited,
        text,
    )
    return re.sub(rf"\b(?:{alternatives})\b(?![-\w])", lambda m: refs[m[0]].name, text)


def _status(status: str) -> str:
    return status.replace("_", " ")


def _key_provisions(a: GapAnswer) -> list[str]:
    """The provisions the status rests on, every one of them (the matrix's own selection:
    those that cover the question, else those that cover part of it, else all)."""
    chosen = (
        [p for p in a.provisions if p.role == "provision"]
        or [p for p in a.provisions if p.role == "partial-provision"]
        or a.provisions
    )
    return list(dict.fromkeys(p.provision for p in chosen))


def _provision(p: Provision, notes: _Notes) -> Item:
    version = p.year if p.year is not None else "year not stated by the source"
    note = notes.source(p.source)
    lines = [
        Line(
            f"{p.effect.replace('-', ' ')}: {', '.join(p.offences)}; instrument {p.instrument}, "
            f"version {version}, article {p.article or '—'}"
        ),
        Line(f"Penalty: {p.penalty.get('text') or 'no penalty stated'}"),
        Line(f"Ages: {p.age.get('text') or 'not stated'}; victims: {p.sex}"),
    ]
    ref = p.penalty.get("by_reference")
    if ref:
        ref_note = notes.add(ref["document"], ref["locator"], ref["quote"])
        lines.append(Line(f"Penalty by reference to {ref['provision']}", (ref_note,)))
    if p.missing:
        lines.append(Line(f"Leaves out: {', '.join(m.replace('-', ' ') for m in p.missing)}"))
    if p.stance == "reported":
        lines.append(Line("Reported by the source, not asserted"))
    if p.found_wanting_by:
        lines.append(Line(f"Found wanting by: {', '.join(p.found_wanting_by)}"))
    role = f" [{p.role.replace('-', ' ')}]" if p.role else ""
    return Item(Line(f"{p.provision}{role}", (note,)), tuple(lines))


def _section(
    a: GapAnswer, refs: Mapping[str, DocumentRef], notes: _Notes, conflicts: Sequence[int]
) -> Section:
    caveats = tuple(
        Line(_readable(c.text, refs, notes), notes.sources(c.sources)) for c in a.caveats
    )
    ages = tuple(
        Line(f"[{_status(g.verdict)}] {g.act}: {g.age} — {_readable(g.text, refs, notes)}",
             (notes.source(g.source),))
        for g in a.ages
    )  # fmt: skip
    reasons = tuple(
        Line(f"[{_status(r.status)}] {_readable(r.text, refs, notes)}", notes.sources(r.sources))
        for r in a.reasons
    )
    provisions = tuple(_provision(p, notes) for p in a.provisions)
    findings = []
    for f in a.findings:
        scope = " (about a broader offence)" if f.scope == "broader" else ""
        role = f" [{f.role.replace('-', ' ')}]" if f.role else ""
        lines = [Line(f"Considered: {'; '.join(f.considered)}")] if f.considered else []
        lines += [Line(_readable(rel, refs, notes)) for rel in f.relations]
        head = Line(
            f"{notes.cite(f.source.document, f.source.locator, f.source.date)}: "
            f"{f.verdict.replace('-', ' ')}{scope}{role}",
            (notes.source(f.source),),
        )
        findings.append(Item(head, tuple(lines)))
    recommendations = []
    for rec in a.recommendations:
        scope = " (on a broader offence)" if rec.scope == "broader" else ""
        head = Line(
            f"{notes.cite(rec.document, rec.locator, rec.date)}, {rec.body.replace('-', ' ')}"
            f"{scope}",
            (notes.add(rec.document, rec.locator, rec.text, rec.date),),
        )
        lines = [Line(f"Targets: {'; '.join(rec.provisions)}")] if rec.provisions else []
        recommendations.append(Item(head, tuple(lines)))
    return Section(
        id=a.id,
        question=a.question,
        kind=a.kind,
        status=a.status,
        standard=a.standard,
        caveats=caveats,
        ages=ages,
        reasons=reasons,
        provisions=provisions,
        findings=tuple(findings),
        recommendations=tuple(recommendations),
        conflicts=tuple(conflicts),
    )


def _evidence(a: GapAnswer) -> set[tuple[str, str]]:
    """The passages an answer rests on, to find the conflicts that touch it."""
    keys = {(p.source.document, p.source.locator) for p in a.provisions}
    keys |= {(f.source.document, f.source.locator) for f in a.findings}
    keys |= {(s["document"], s["locator"]) for r in a.reasons for s in r.sources}
    return keys


def _sides(row: Mapping[str, Any]) -> set[tuple[str, str]]:
    return {(s["document"], s["locator"]) for s in [*row["a"], *row["b"]]}


def _in_view(row: Mapping[str, Any], refs: Mapping[str, DocumentRef], as_of: str | None) -> bool:
    """Whether every document of a conflict counts as of `as_of` (dated on or before it; an
    undated one from the end of its latest facts' year), as the answers count them."""
    if as_of is None:
        return True
    for s in [*row["a"], *row["b"]]:
        ref = refs.get(s["document"])
        if ref is None:
            continue
        when = ref.date or (f"{ref.facts_up_to}-12-31" if ref.facts_up_to else None)
        if when is None or when[: len(as_of)] > as_of[: len(when)]:
            return False
    return True


def brief(
    answers: Sequence[GapAnswer],
    conflict_rows: Sequence[Mapping[str, Any]],
    documents: Sequence[DocumentRef],
    passages: Mapping[tuple[str, str], str],
    *,
    as_of: str | None = None,
    jurisdiction: str | None = None,
    every_conflict: bool = False,
) -> Brief:
    """The brief's content from the API's objects: gap answers (`lexgap.api.gaps` / `ask`),
    conflict rows (`lexgap.api.conflicts`), the documents to cite and the passages' texts (to
    quote verbatim). Conflicts are kept when they touch a question of the brief (a passage of
    both), or all of them with `every_conflict` (a brief of every question); as of `as_of`,
    only those whose documents count by then."""
    refs = {d.id: d for d in documents}
    notes = _Notes(refs, passages)
    rows = [r for r in conflict_rows if _in_view(r, refs, as_of)]
    evidence = {a.id: _evidence(a) for a in answers}
    touching = {
        a.id: [i for i, r in enumerate(rows) if _sides(r) & evidence[a.id]] for a in answers
    }
    kept = (
        list(range(len(rows)))
        if every_conflict
        else sorted({i for found in touching.values() for i in found})
    )
    numbers = {i: n for n, i in enumerate(kept, start=1)}

    matrix = []
    for a in answers:
        latest = a.latest_recommendation
        matrix.append(
            MatrixRow(
                id=a.id,
                question=a.question,
                status=a.status,
                key_provisions="; ".join(_key_provisions(a)),
                findings=len(a.findings),
                recommendations=len(a.recommendations),
                latest=Line(
                    notes.cite(latest.document, latest.locator, latest.date),
                    (notes.add(latest.document, latest.locator, latest.text, latest.date),),
                )
                if latest
                else Line(""),
            )
        )
    sections = [_section(a, refs, notes, [numbers[i] for i in touching[a.id]]) for a in answers]
    conflicts = []
    for i in kept:
        r = rows[i]
        conflicts.append(
            Conflict(
                number=numbers[i],
                status=r["status"],
                kind=r["kind"],
                about=r["about"],
                a=Line(_readable(r["a_claim"], refs, notes), notes.sources(r["a"])),
                b=Line(_readable(r["b_claim"], refs, notes), notes.sources(r["b"])),
                why=_readable(r["why"], refs, notes),
                notes=tuple(_readable(n, refs, notes) for n in r.get("notes") or ()),
            )
        )
    return Brief(
        title=TITLE + (f", as the sources stood on {as_of}" if as_of else ""),
        as_of=as_of,
        jurisdiction=jurisdiction,
        documents=tuple(documents),
        matrix=tuple(matrix),
        sections=tuple(sections),
        conflicts=tuple(conflicts),
        notes=tuple(notes.notes),
    )


INTRO = (
    "Each answer below is lexgap's reading of what the sources listed below say about the "
    "law of the Lao PDR, not the law itself. Every claim is footnoted with the document, "
    "paragraph and date it comes from and the document's own words; where two sources "
    "disagree, both are given. Check the cited passage before relying on a claim."
)
