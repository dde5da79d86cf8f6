"""Paragraph loader for the 'sr-report' layout: the Special Rapporteur's country-visit report.

Documents 000 (English) and 001 (Spanish cover and summary, English annex) share this layout:

* front matter before the "Annex"/"Anexo" line: masthead, report title (with cover-note calls
  `^{*}, ^{}**` or `* **`), a "Summary"/"Resumen" label, the summary, and two cover notes
  starting "* " and "** ";
* the annex: section headings ("I. Introduction", "A. Programme of the visit",
  "1. Child protection policies"), numbered paragraphs ("27. Article 89 ..."), lettered items
  "(a) ..." on their own lines under recommendation paragraphs, and footnotes (lines starting with
  unicode superscript digits, "¹⁰ Lao People's ...").

The converter that produced the text dropped page furniture but kept page breaks as blank lines,
and the footnotes of each page land where the page ended: *in the middle of a paragraph*. So a
blank-line-delimited chunk that starts with none of the markers above is the rest of the
paragraph (or item) that the page break or the footnote block interrupted, and is joined back to
it with one space. Footnote reference marks in the running text ("rural areas.¹") are deleted;
footnote bodies become their own passages ("fn 1"), whose `parent` is the paragraph or item
their block interrupted (the one continued right after it); a block that interrupts nothing
(000's fn 10, between ¶25 and a heading) has no parent.

Numbered sub-headings ("1. Child protection policies") look like paragraph numbers. Two signals
tell them apart: a paragraph number must be the next in sequence, and a heading is short and has
no final full stop. A chunk that fits neither and cannot be placed raises `SourceError` with its
line number rather than being dropped: every non-blank line ends up in exactly one passage or in
`ParsedReport.skipped` with the reason it carries no passage (masthead, label, annex title,
section heading).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from lexgap.core.errors import SourceError
from lexgap.loaders.clean import SUPERSCRIPT_DIGITS, SUPERSCRIPT_RUN, clean, superscript_to_int
from lexgap.loaders.locators import UniqueLocators
from lexgap.loaders.models import Passage, PassageKind
from lexgap.loaders.roman import roman_value
from lexgap.loaders.sources import SourceDocument

# --- Regular expressions (each matched against one stripped source line) -------------------

# The line that opens the annex (the report proper): "Annex" (000), "Anexo" (001), "Annexe",
# optionally numbered ("Annex I").
ANNEX_RE = re.compile(r"(?:Annex|Anexo|Annexe)(?:\s+[IVX]+)?", re.IGNORECASE)

# The label before the summary in the front matter, in the report's three editions' languages.
SUMMARY_LABEL_RE = re.compile(r"(?:Summary|Resumen|Résumé)", re.IGNORECASE)

# A bracketed editorial label under the annex line: "[Inglés únicamente]", "[English only]".
BRACKET_LABEL_RE = re.compile(r"\[[^\[\]]+\]")

# A cover note of the front matter: "* The summary ..." / "** Agreement was reached ...".
# Group 1 is the note's mark, group 2 its text. Whitespace after the mark is required so that a
# bold line ("**Promotion and ...**") is not taken for a note.
COVER_NOTE_RE = re.compile(r"(\*{1,2})\s+(\S.*)")

# One cover-note call in the superscript notation of the conversion: "^{*}", "^{**}", "^{}".
# The title of 000 ends "material^{*}, ^{}**", that of 001 "niños* **": see `_strip_cover_calls`.
COVER_CALL_RE = re.compile(r"\^\{\**\}$")
COVER_CALL_CHARS = "*, \t"

# A footnote body: "¹⁰ Lao People's ...". Group 1 is the superscript number (at most three
# digits, so a pathological run cannot overflow int()), group 2 the note's text.
FOOTNOTE_RE = re.compile(f"([{SUPERSCRIPT_DIGITS}]{{1,3}})\\s+(\\S.*)")

# A numbered paragraph or numbered sub-heading: "27. Article 89 ...", "1. Child protection
# policies". ASCII digits only; whitespace after the full stop is required, so a page-broken
# chunk starting "52.5 per cent" is not a paragraph number.
NUMBERED_RE = re.compile(r"([0-9]{1,3})\.\s+(\S.*)")

# A roman-numeral or capital-letter section heading: "III. Measures ...", "A. Legal framework".
# Group 1 is the numeral or letter; "I.", "V.", "X." can be either, which `_Body._heading_level`
# decides by sequence.
LETTERED_HEADING_RE = re.compile(r"([IVX]+|[A-Z])\.\s+(\S.*)")

# A lettered sub-item on its own line: "(a) Prohibit and criminalize ...".
ITEM_RE = re.compile(r"\(([a-z])\)\s+(\S.*)")

# The highest chapter numeral a report plausibly uses (XXXIX): above it, "L.", "C.", "D.", "M."
# are section letters, never chapters.
MAX_CHAPTER = 39

# A heading is short and does not end like a sentence, a lead-in or a list entry.
HEADING_MAX_CHARS = 120
SENTENCE_ENDINGS = (".", ":", ";", ",")

# A paragraph number at most this far ahead of the expected one is taken as a missing paragraph
# (an error); a number further off is ordinary text that a page break put first (e.g. a year).
MAX_PARAGRAPH_GAP = 10

SkipKind = Literal["masthead", "label", "annex-title", "heading"]


@dataclass(frozen=True)
class SkippedLine:
    """A non-blank source line that deliberately carries no passage, and why."""

    line: int
    kind: SkipKind
    text: str


@dataclass(frozen=True)
class ParsedReport:
    """Everything `parse` found: the passages, which source lines each was built from, and the
    lines skipped on purpose. Together they account for every non-blank line of the document."""

    passages: list[Passage]
    lines: dict[str, tuple[int, ...]]
    skipped: list[SkippedLine]


@dataclass
class _Unit:
    """A passage under construction: raw pieces (one per source line) joined at the end."""

    locator: str
    kind: PassageKind
    context: tuple[str, ...]
    parent: str | None = None
    pieces: list[str] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)

    def add(self, line: int, text: str) -> None:
        self.pieces.append(text)
        self.lines.append(line)


Line = tuple[int, str]  # (1-based line number, stripped text)
Chunk = list[Line]  # a maximal run of non-blank lines


def parse(doc: SourceDocument) -> list[Passage]:
    """All passages of an sr-report document, in reading order."""
    return parse_report(doc).passages


def parse_report(doc: SourceDocument) -> ParsedReport:
    """Parse the document and also say where every non-blank line went (for tests and errors)."""
    chunks = _chunks(doc.text)
    split = _body_start(chunks)
    skipped: list[SkippedLine] = []
    units = _parse_front(chunks[:split], doc.path, skipped)
    body = _Body(doc.path, skipped)
    body.run(chunks[split:])
    units.extend(body.units)
    if body.paragraph_count == 0:
        raise SourceError(
            "no numbered paragraphs found",
            file=doc.path,
            hint="an sr-report annex has paragraphs '1. ...', '2. ...'",
        )
    return _finish(doc, units, skipped)


# --- Splitting ----------------------------------------------------------------------------


def _chunks(text: str) -> list[Chunk]:
    """Maximal runs of non-blank lines, each line stripped and numbered as in the file.

    Lines are split on "\\n" only (not `str.splitlines`, which also breaks on form feeds and
    unicode separators) so that line numbers match what an editor shows.
    """
    chunks: list[Chunk] = []
    current: Chunk = []
    for number, raw in enumerate(text.split("\n"), start=1):
        line = raw.strip()
        if line:
            current.append((number, line))
        elif current:
            chunks.append(current)
            current = []
    if current:
        chunks.append(current)
    return chunks


def _is_heading_shaped(text: str) -> bool:
    """Short and not ending like a sentence: the shape of a section heading."""
    cleaned = clean(text)
    return 0 < len(cleaned) <= HEADING_MAX_CHARS and not cleaned.endswith(SENTENCE_ENDINGS)


def _body_start(chunks: list[Chunk]) -> int:
    """Index of the first chunk of the annex (after the "Annex" line), where the report proper
    starts. Without an annex line, the body starts at the first "I. ..." heading or "1. ..."
    paragraph, and everything before is front matter."""
    for index, chunk in enumerate(chunks):
        if len(chunk) == 1 and ANNEX_RE.fullmatch(chunk[0][1]):
            return index
    for index, chunk in enumerate(chunks):
        first = chunk[0][1]
        heading = LETTERED_HEADING_RE.fullmatch(first)
        if heading and heading.group(1) == "I" and _is_heading_shaped(first):
            return index
        numbered = NUMBERED_RE.fullmatch(first)
        if numbered and numbered.group(1) == "1":
            return index
    return len(chunks)


# --- Front matter -------------------------------------------------------------------------


def _parse_front(chunks: list[Chunk], path: Path, skipped: list[SkippedLine]) -> list[_Unit]:
    """Title, summary and cover notes; the masthead above the title is skipped.

    The title is the chunk just above the "Summary" label (the masthead's agenda item and the
    "Visit to ..." line come before it); the summary is everything between the label and the
    first cover note.
    """
    if not chunks:
        return []
    label_index = next(
        (
            i
            for i, chunk in enumerate(chunks)
            if len(chunk) == 1 and SUMMARY_LABEL_RE.fullmatch(clean(chunk[0][1]))
        ),
        None,
    )
    if label_index is None:
        raise SourceError(
            "front matter has no 'Summary' label",
            file=path,
            line=chunks[0][0][0],
            hint="expected a line 'Summary' (or 'Resumen') between the title and the summary",
        )
    if label_index == 0:
        raise SourceError(
            "front matter has no title above 'Summary'", file=path, line=chunks[0][0][0]
        )
    for chunk in chunks[: label_index - 1]:
        skipped.extend(SkippedLine(number, "masthead", text) for number, text in chunk)
    label_line, label_text = chunks[label_index][0]
    skipped.append(SkippedLine(label_line, "label", label_text))

    title = _Unit("title", "front", ())
    for number, text in chunks[label_index - 1]:
        title.add(number, text)
    title.pieces[-1] = _strip_cover_calls(title.pieces[-1])

    summary = _Unit("summary", "front", ())
    notes: list[_Unit] = []
    for chunk in chunks[label_index + 1 :]:
        note = COVER_NOTE_RE.fullmatch(chunk[0][1])
        if note:
            locator = f"fn {note.group(1)}"
            if any(n.locator == locator for n in notes):
                raise SourceError(
                    f"cover note {note.group(1)!r} appears twice", file=path, line=chunk[0][0]
                )
            unit = _Unit(locator, "front", ())
            unit.add(chunk[0][0], note.group(2))
            for number, text in chunk[1:]:
                unit.add(number, text)
            notes.append(unit)
        elif notes:
            raise SourceError(
                "text after the cover notes cannot be placed",
                file=path,
                line=chunk[0][0],
                hint="front matter ends with the '*' and '**' notes before the 'Annex' line",
            )
        else:
            for number, text in chunk:
                summary.add(number, text)
    if not summary.pieces:
        raise SourceError("front matter has no summary under 'Summary'", file=path, line=label_line)
    return [title, summary, *notes]


def _strip_cover_calls(text: str) -> str:
    """Remove the trailing cover-note calls ("^{*}, ^{}**", "* **") from the title line.

    A loop rather than one regex so that a long run of asterisks cannot make it backtrack.
    """
    while True:
        stripped = COVER_CALL_RE.sub("", text.rstrip(COVER_CALL_CHARS))
        if stripped == text:
            return text
        text = stripped


# --- The annex (report proper) ------------------------------------------------------------


def _chapter_number(mark: str) -> int | None:
    """'IV' -> 4; None for anything that is not a roman numeral I..XXXIX (MAX_CHAPTER)."""
    value = roman_value(mark)
    return value if value is not None and value <= MAX_CHAPTER else None


class _Body:
    """State machine over the annex's chunks: headings, paragraphs, items, footnotes, and the
    continuations that page breaks and footnote blocks split off."""

    def __init__(self, path: Path, skipped: list[SkippedLine]) -> None:
        self.path = path
        self.skipped = skipped
        self.units: list[_Unit] = []
        self.paragraph_count = 0
        # Section headings: [roman, letter, number]; context is the non-empty ones.
        self.headings: list[str | None] = [None, None, None]
        self.last_roman = 0
        self.last_letter = 0  # ord() of the last letter heading in this chapter, 0 if none
        self.expected_paragraph = 1
        self.paragraph: _Unit | None = None  # the open numbered paragraph
        self.target: _Unit | None = None  # what a continuation chunk joins: paragraph or item
        self.expected_item = "a"
        self.footnotes: dict[int, _Unit] = {}
        self.pending_footnotes: list[_Unit] = []  # footnotes since the target's last piece
        self.after_heading = False  # a heading came after the target: nothing may continue it
        self.seen_structure = False  # a heading or paragraph has been seen
        self.seen_annex_title = False
        self.last: _Unit | int | None = None  # the unit (or heading slot) the last line began

    @property
    def context(self) -> tuple[str, ...]:
        return tuple(h for h in self.headings if h is not None)

    def run(self, chunks: list[Chunk]) -> None:
        for index, chunk in enumerate(chunks):
            for position, (number, text) in enumerate(chunk):
                self._line(chunks, index, number, text, first=position == 0)

    def _fail(self, message: str, line: int, hint: str | None = None) -> SourceError:
        return SourceError(message, file=self.path, line=line, hint=hint)

    def _line(self, chunks: list[Chunk], index: int, number: int, text: str, first: bool) -> None:
        """Classify one line. A line with no marker continues the open paragraph or item if it
        starts a chunk (the text after a page break or footnote block), and wraps the line
        above it if it does not."""
        if (ANNEX_RE.fullmatch(text) and not self.seen_structure and index == 0) or (
            BRACKET_LABEL_RE.fullmatch(text) and not self.seen_structure
        ):
            self.skipped.append(SkippedLine(number, "label", text))
            self.last = None
            return
        if footnote := FOOTNOTE_RE.fullmatch(text):
            self._footnote(number, superscript_to_int(footnote.group(1)), footnote.group(2))
            return
        heading = LETTERED_HEADING_RE.fullmatch(text)
        level = self._heading_level(heading.group(1)) if heading else None
        if level is not None and _is_heading_shaped(text):
            self._heading(number, text, level)
            return
        if numbered := NUMBERED_RE.fullmatch(text):
            value = int(numbered.group(1))
            shaped = _is_heading_shaped(text)
            if value == self.expected_paragraph:
                if shaped and self._next_is_paragraph(chunks, index, value):
                    self._heading(number, text, 2)  # "1. Title" followed by paragraph 1
                else:
                    self._paragraph(number, value, numbered.group(2))
                return
            if shaped:
                self._heading(number, text, 2)
                return
            if 1 <= value <= self.expected_paragraph + MAX_PARAGRAPH_GAP:
                raise self._fail(
                    f"paragraph {value} out of sequence: expected {self.expected_paragraph}",
                    number,
                    hint="a paragraph is missing, repeated or misnumbered",
                )
        if item := ITEM_RE.fullmatch(text):
            self._item(number, item.group(1), item.group(2))
            return
        if first:
            self._continuation(number, text)
        else:
            self._wrapped(number, text)

    def _next_is_paragraph(self, chunks: list[Chunk], index: int, value: int) -> bool:
        """Whether the next non-footnote chunk is paragraph `value` too, which makes a short
        "N. Title" chunk expected as paragraph N a sub-heading instead."""
        for chunk in chunks[index + 1 :]:
            first = chunk[0][1]
            if FOOTNOTE_RE.fullmatch(first):
                continue
            numbered = NUMBERED_RE.fullmatch(first)
            return bool(numbered and int(numbered.group(1)) == value)
        return False

    def _heading_level(self, mark: str) -> int | None:
        """0 for a roman chapter heading, 1 for a letter section heading, None for neither.

        "I.", "V.", "X." are both letters and roman numerals: the one that is next in its
        sequence wins (roman first), then a letter after the last letter, then roman.
        """
        roman = _chapter_number(mark)
        is_letter = len(mark) == 1
        if roman is not None and roman == self.last_roman + 1:
            return 0
        if is_letter and ord(mark) == (self.last_letter or ord("A") - 1) + 1:
            return 1
        if is_letter and (roman is None or ord(mark) > self.last_letter > 0):
            return 1
        return 0 if roman is not None else None

    def _heading(self, number: int, text: str, level: int) -> None:
        mark = text.split(".", 1)[0]
        if level == 0:
            self.last_roman = _chapter_number(mark) or self.last_roman
            self.last_letter = 0
        elif level == 1:
            self.last_letter = ord(mark)
        self.headings[level] = clean(text)
        for deeper in range(level + 1, len(self.headings)):
            self.headings[deeper] = None
        self.skipped.append(SkippedLine(number, "heading", text))
        self.after_heading = True
        self.seen_structure = True
        self.last = level

    def _paragraph(self, number: int, value: int, text: str) -> None:
        unit = _Unit(str(value), "paragraph", self.context)
        unit.add(number, text)
        self.units.append(unit)
        self.paragraph = self.target = unit
        self.paragraph_count += 1
        self.expected_paragraph = value + 1
        self.expected_item = "a"
        self.pending_footnotes = []
        self.after_heading = False
        self.seen_structure = True
        self.last = unit

    def _item(self, number: int, letter: str, text: str) -> None:
        if self.paragraph is None or self.after_heading:
            raise self._fail(f"item ({letter}) is not under a numbered paragraph", number)
        if letter != self.expected_item:
            raise self._fail(
                f"item ({letter}) of paragraph {self.paragraph.locator} out of sequence: "
                f"expected ({self.expected_item})",
                number,
            )
        unit = _Unit(
            f"{self.paragraph.locator}({letter})",
            "item",
            self.paragraph.context,
            parent=self.paragraph.locator,
        )
        unit.add(number, text)
        self.units.append(unit)
        self.target = unit
        self.expected_item = chr(ord(letter) + 1)
        self.pending_footnotes = []
        self.last = unit

    def _footnote(self, number: int, value: int, text: str) -> None:
        if value in self.footnotes:
            raise self._fail(
                f"footnote {value} appears twice",
                number,
                hint=f"first at line {self.footnotes[value].lines[0]}",
            )
        unit = _Unit(f"fn {value}", "footnote", self.context)
        unit.add(number, text)
        self.footnotes[value] = unit
        self.units.append(unit)
        self.pending_footnotes.append(unit)
        self.last = unit

    def _continuation(self, number: int, text: str) -> None:
        """A chunk with no marker: the rest of the paragraph or item a page break or a footnote
        block interrupted; before the first heading, the annex's repeated report title."""
        if (
            not self.seen_structure
            and not self.seen_annex_title
            and not clean(text).endswith(SENTENCE_ENDINGS)
        ):  # a title may be long, but it is not a sentence
            self.seen_annex_title = True
            self.skipped.append(SkippedLine(number, "annex-title", text))
            self.last = None
            return
        if self.target is None or self.after_heading:
            raise self._fail(
                "text that is not a numbered paragraph, item, heading or footnote, "
                "and has no paragraph before it to continue",
                number,
                hint=f"starts {text[:40]!r}",
            )
        for footnote in self.pending_footnotes:
            footnote.parent = self.target.locator
        self.pending_footnotes = []
        self.target.add(number, text)
        self.last = self.target

    def _wrapped(self, number: int, text: str) -> None:
        """A line inside a chunk that starts nothing new: it wraps the line above it."""
        if isinstance(self.last, _Unit):
            self.last.add(number, text)
        elif isinstance(self.last, int):
            level = self.last
            self.headings[level] = clean(f"{self.headings[level]} {text}")
            self.skipped.append(SkippedLine(number, "heading", text))
        else:
            previous = self.skipped[-1] if self.skipped else None
            if previous is None:
                raise self._fail("text cannot be placed", number)
            self.skipped.append(SkippedLine(number, previous.kind, text))


# --- Assembly -----------------------------------------------------------------------------


def _finish(doc: SourceDocument, units: list[_Unit], skipped: list[SkippedLine]) -> ParsedReport:
    """Clean each unit's text and validate: non-empty text, unique locators."""
    passages: list[Passage] = []
    lines: dict[str, tuple[int, ...]] = {}
    locators = UniqueLocators(file=doc.path)
    for ordinal, unit in enumerate(units):
        raw = " ".join(unit.pieces)
        if unit.kind != "footnote":
            raw = SUPERSCRIPT_RUN.sub("", raw)  # footnote reference marks go
        text = clean(raw)
        if not text:
            raise SourceError(
                "passage has no text once cleaned",
                file=doc.path,
                line=unit.lines[0],
                locator=unit.locator,
            )
        locators.add(unit.locator, unit.lines[0])
        lines[unit.locator] = tuple(unit.lines)
        passages.append(
            Passage(
                doc_id=doc.meta.id,
                locator=unit.locator,
                kind=unit.kind,
                text=text,
                context=unit.context,
                parent=unit.parent,
                line_start=min(unit.lines),
                line_end=max(unit.lines),
                ordinal=ordinal,
            )
        )
    return ParsedReport(passages=passages, lines=lines, skipped=skipped)
