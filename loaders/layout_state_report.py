"""Paragraph loader for the 'state-report' layout: the State party's follow-up report (004).

The text is a plain export with no tabs in the prose. What a line is shows in its shape:

    " I."  then  "Introduction"          a roman section heading split over two lines
    "A."   then  "Comprehensive Policy"  a lettered sub-section heading, split the same way
    "Possession of child pornography"    an unnumbered topic heading (only under V.A)
    "77. The Penal Code imposes ..."     a numbered paragraph               -> locator "77"
    "Statistics of persons ... 2015-2017"  then lines "\\tNo", "\\tResidential", ...
                                         a table: caption, then one cell per tab line,
                                         a blank line after each row    -> "table 1", ...

Decisions a reader of the graph should know:

- A marker line ("I.", "A.") and the next non-blank line make ONE heading, "I. Introduction".
  The one-line form "I. Introduction" is read the same way. A single letter that is also a
  roman numeral is a roman heading only when it is the next numeral in sequence ("V." after
  "IV."); otherwise it is a sub-section letter (so "C." and "D." stay letters). Letters restart
  under each roman heading, which is why "D." occurs twice (III.D "Training", IV.D "Child Sex
  Tourism") and each lands in its own section. Topic headings reset under a new letter or roman.
- `context` is (roman heading, letter heading, topic heading), outermost first, missing levels
  left out.
- A table is every tab line from its first to its last, with the blank lines between; its
  caption is the plain line just above it (when that line looks like a heading). Its text is
  `caption: row / row / ...` with the cells of a row joined by " | " (TABLE_CELL_SEP and
  TABLE_ROW_SEP). A row is what the source puts between blank lines, which is not always a
  visual row (the Sengsavang table's second header row is split in two by a blank line).
  Empty cells are kept, so columns can be counted: "| | total" is two empty cells then
  "total". Tables are numbered in document order: "table 1", "table 2", ...
- A plain (unnumbered, untabbed) line continues the paragraph above it when that paragraph
  does not yet end a sentence, when the line starts in lower case, or when the line is prose
  (ends a sentence, or is long); otherwise it is a topic heading. Blank lines between the two
  pieces do not matter (page breaks). Prose with no paragraph above it is an error.
- A paragraph number given twice is an error naming both lines; gaps in numbering are kept as
  the source has them (004 has none: 1-110).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lexgap.core.errors import SourceError
from lexgap.loaders.clean import clean
from lexgap.loaders.locators import UniqueLocators
from lexgap.loaders.models import Passage, PassageKind
from lexgap.loaders.roman import roman_value
from lexgap.loaders.sources import SourceDocument

TABLE_CELL_SEP = " | "
TABLE_ROW_SEP = " / "

# "77. The Penal Code ..." / "98.  Before ..." - a numbered paragraph (ASCII digits only).
PARAGRAPH = re.compile(r"^ *([0-9]+)\.\s+(\S.*)$")
# " I." / "A." alone on a line - a heading marker whose title is on the next non-blank line.
MARKER = re.compile(r"^ *([IVXLCDM]+|[A-Z])\.\s*$")
# "I. Introduction" - the same heading on one line.
MARKER_INLINE = re.compile(r"^ *([IVXLCDM]+|[A-Z])\.[ \t]+(\S.*)$")
# The end of a sentence: . ; : ! ? possibly followed by closing quotes or brackets, or a closing
# bracket alone: ¶79 ends on a citation, "... shall also be punished. (Article 248)".
SENTENCE_END = re.compile(r"([.;:!?][\"'”’)\]]*|\))$")

# Topic headings are short; a longer plain line is prose even without a final full stop.
MAX_HEADING_WORDS = 20


def _roman_section(token: str, current_roman: int, current_letter: str | None) -> int | None:
    """The numeral's value if a heading marker is a roman section, None if it is a sub-section
    letter; see module doc. Only well-formed numerals are sections ("IIII", "DD" are not)."""
    value = roman_value(token)
    if value is None:
        return None
    if len(token) > 1 or value == current_roman + 1:
        return value
    if current_letter is not None and ord(token) == ord(current_letter) + 1:
        return None
    # A skipped numeral ("V." straight after "III.") is still a section; "C"/"D"/... are letters.
    return value if token != "A" and token in "IVX" and value > current_roman else None


def _heading_like(line: str) -> bool:
    """A short line that does not end a sentence: the shape of a topic heading or caption."""
    text = clean(line)
    return not SENTENCE_END.search(text) and len(text.split()) <= MAX_HEADING_WORDS


@dataclass
class _Draft:
    locator: str
    kind: PassageKind
    context: tuple[str, ...]
    line_start: int
    line_end: int
    text: str


@dataclass
class _Outline:
    """The headings in force: roman section, lettered sub-section, topic."""

    roman: str | None = None
    roman_value: int = 0
    letter: str | None = None
    letter_token: str | None = None
    topic: str | None = None
    open_paragraph: _Draft | None = None

    def context(self) -> tuple[str, ...]:
        return tuple(h for h in (self.roman, self.letter, self.topic) if h)

    def heading(self, token: str, title: str | None) -> None:
        heading = clean(f"{token}. {title}") if title else f"{token}."
        section = _roman_section(token, self.roman_value, self.letter_token)
        if section is not None:
            self.roman, self.roman_value = heading, section
            self.letter = self.letter_token = None
        else:
            self.letter, self.letter_token = heading, token
        self.topic = None
        self.open_paragraph = None


def _is_plain(line: str) -> bool:
    """Neither blank, a table cell, a numbered paragraph nor a heading marker."""
    return bool(
        line.strip()
        and not line.startswith("\t")
        and not PARAGRAPH.match(line)
        and _marker(line) is None
    )


def _marker(line: str) -> tuple[str, str | None] | None:
    """(token, inline title or None) of a heading marker line; None if the line is not one.

    A token of several letters must be a well-formed roman numeral ("IIII." is prose).
    """
    m = MARKER.match(line) or MARKER_INLINE.match(line)
    if m is None or (len(m.group(1)) > 1 and roman_value(m.group(1)) is None):
        return None
    return m.group(1), (m.group(2) if m.re is MARKER_INLINE else None)


def _next_content(lines: list[str], index: int) -> int | None:
    """Index of the first non-blank line after `index` (a lone tab is a cell, not blank)."""
    for j in range(index + 1, len(lines)):
        if lines[j].startswith("\t") or lines[j].strip():
            return j
    return None


def _table_text(caption: str | None, rows: list[list[str]]) -> str:
    body = TABLE_ROW_SEP.join(TABLE_CELL_SEP.join(clean(c) for c in row) for row in rows)
    return clean(f"{clean(caption)}: {body}" if caption else body)


def parse(doc: SourceDocument) -> list[Passage]:
    """All passages of a state-report document in reading order: paragraphs and tables."""
    lines = [line.rstrip("\r") for line in doc.text.split("\n")]
    drafts: list[_Draft] = []
    outline = _Outline()
    tables = 0
    i = 0
    while i < len(lines):
        line, line_no = lines[i], i + 1
        following = _next_content(lines, i)
        starts_table = line.startswith("\t") or (
            _is_plain(line)
            and _heading_like(line)
            and following is not None
            and lines[following].startswith("\t")
        )
        if starts_table:
            caption = None if line.startswith("\t") else line
            first = following if caption is not None and following is not None else i
            rows, last, j = _read_table(lines, first)
            tables += 1
            text = _table_text(caption, rows)
            if not any(cell.strip() for row in rows for cell in row) and caption is None:
                raise SourceError("table has no content", file=doc.path, line=line_no)
            drafts.append(
                _Draft(f"table {tables}", "table", outline.context(), line_no, last + 1, text)
            )
            outline.open_paragraph = None
            i = j
            continue
        if not line.strip():
            pass
        elif m := PARAGRAPH.match(line):
            outline.open_paragraph = _Draft(
                m.group(1), "paragraph", outline.context(), line_no, line_no, clean(m.group(2))
            )
            drafts.append(outline.open_paragraph)
        elif (marker := _marker(line)) is not None:
            token, title = marker
            if title is None and following is not None and _is_plain(lines[following]):
                title, i = lines[following], following
            outline.heading(token, title)
        elif (para := outline.open_paragraph) is not None and (
            not SENTENCE_END.search(para.text)
            or line.lstrip()[0].islower()
            or not _heading_like(line)
        ):
            para.text = clean(f"{para.text} {line}")
            para.line_end = line_no
        elif _heading_like(line):
            outline.topic = clean(line)
            outline.open_paragraph = None
        else:
            raise SourceError(
                "unnumbered prose outside any paragraph",
                file=doc.path,
                line=line_no,
                hint="a plain line continues the numbered paragraph above it or is a heading",
            )
        i += 1
    return _finish(drafts, doc)


def _read_table(lines: list[str], first: int) -> tuple[list[list[str]], int, int]:
    """Rows of the table whose first cell is at `first`: (rows, index of last cell, next index).

    The table runs over tab lines and blank lines and stops at the first other line; a blank
    line ends a row.
    """
    rows: list[list[str]] = [[]]
    last = first
    j = first
    while j < len(lines) and (lines[j].startswith("\t") or not lines[j].strip()):
        if lines[j].startswith("\t"):
            rows[-1].append(lines[j])
            last = j
        elif rows[-1]:
            rows.append([])
        j += 1
    return [row for row in rows if row], last, last + 1


def _finish(drafts: list[_Draft], doc: SourceDocument) -> list[Passage]:
    """Validated passages with ordinals; empty texts and repeated locators are source errors."""
    passages: list[Passage] = []
    locators = UniqueLocators(file=doc.path)
    for draft in drafts:
        if not draft.text:
            raise SourceError(
                "passage has no text", file=doc.path, line=draft.line_start, locator=draft.locator
            )
        locators.add(draft.locator, draft.line_start)
        passages.append(
            Passage(
                doc_id=doc.meta.id,
                locator=draft.locator,
                kind=draft.kind,
                text=draft.text,
                context=draft.context,
                line_start=draft.line_start,
                line_end=draft.line_end,
                ordinal=len(passages),
            )
        )
    return passages
