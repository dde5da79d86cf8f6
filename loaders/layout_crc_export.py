"""Paragraph loader for the 'crc-export' layout: a word-processor export (002).

The CRC Committee's concluding observations come as a Word document saved as text. Each
paragraph, lettered sub-item and heading sits on ONE line, and what it is shows in the tabs the
export put in front of it:

    " Committee on the Rights of the Child"          front matter (the title, up to the
    "\t\tConcluding observations ...[2: \t*\t...]"   first paragraph or section heading)
    "29.\tThe Committee notes ..."                   numbered paragraph      -> "29"
    "(a)\tNot all forms of the sale ..."             lettered item           -> "29(a)"
    "\tVI.\tProhibition of the sale ..."             section heading         -> context level 1
    "\t\tExtradition"                                unnumbered sub-heading  -> context level 2

Word's anchors (`[footnoteRef:2]`, `[bookmark: _GoBack]`) are removed before a line is
classified, because a bookmark can sit in front of a paragraph number
("[bookmark: _GoBack]3.\tThe Committee ..." is paragraph 3). A footnote's text is exported
inline where it is anchored, as a block "[2: \t*\tAdopted by ...]"; it becomes its own passage
"fn 2" (kind "footnote"), placed right after the passage it was taken out of, and the
passage keeps the text on both sides of the block joined by one space.

Decisions a reader of the graph should know:
- the title passage (kind "front", locator "title") is every line before the first paragraph
  or section heading, joined: "Committee on the Rights of the Child Concluding observations ...
  child pornography*" (the "*" is the footnote's visible mark in the original, kept so the
  text stays a faithful copy);
- a footnote's text drops the block syntax ("[2:", "]") and its own mark ("\t*\t") and keeps
  the rest: "Adopted by the Committee at its sixty-ninth session (18 May–5 June 2015).";
- a lead-in paragraph holds only its own line; each item is its own passage with `parent` set
  to the paragraph number and the paragraph's context;
- any other non-blank line continues the paragraph or item above it (joined with one space);
  with nothing open above it (right after a heading) it is an error, not a guess;
- a repeated locator (a paragraph number or an item letter given twice) is an error that names
  both lines: locators must be unique, and we do not renumber what the source numbers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lexgap.core.errors import SourceError
from lexgap.loaders.clean import clean, strip_artefacts
from lexgap.loaders.locators import UniqueLocators
from lexgap.loaders.models import Passage, PassageKind
from lexgap.loaders.sources import SourceDocument

# "[2:" - the opening of an inline footnote block of the Word export ("[2: \t*\tAdopted ...]").
# Distinct from the anchor "[footnoteRef:2]", which has letters before the colon.
FOOTNOTE_OPEN = re.compile(r"\[([0-9]+):")
# The footnote's own mark between tabs at the start of its text: " \t*\t" or " \t2\t".
FOOTNOTE_MARK = re.compile(r"^ ?\t([*†‡]+|[0-9]+)\t")
# "29.\tThe Committee ..." - a numbered paragraph (number, then a tab).
PARAGRAPH = re.compile(r"^ *([0-9]+)\.\t+(.*)$")
# "(a)\tNot all forms ..." - a lettered sub-item ("(aa)" allowed for long lists).
ITEM = re.compile(r"^ *\(([a-z]{1,2})\)\t+(.*)$")
# "\tVI.\tProhibition of ..." - a section heading: one tab, a roman numeral, a tab.
SECTION = re.compile(r"^\t([IVXLCDM]+)\.\t+(.*)$")
# "\t\tExtradition" - an unnumbered sub-heading behind two (or more) tabs.
SUBSECTION = re.compile(r"^\t\t\s*(\S.*)$")


@dataclass
class _Draft:
    """A passage being collected: its lines' text pieces, and the footnotes cut out of them."""

    locator: str
    kind: PassageKind
    line_start: int
    context: tuple[str, ...] = ()
    parent: str | None = None
    pieces: list[str] = field(default_factory=list)
    line_end: int = 0
    notes: list[_Draft] = field(default_factory=list)

    def add(self, text: str, line_no: int) -> None:
        self.pieces.append(text)
        self.line_end = line_no


def _cut_footnotes(line: str, line_no: int, doc: SourceDocument) -> tuple[str, list[_Draft]]:
    """Take every "[N: ...]" block out of a line, returning the rest and one draft per note.

    Brackets inside a note are counted so a "[sic]" in its text does not end it early. The
    block is replaced by a space so the words on either side stay apart.
    """
    notes: list[_Draft] = []
    while (match := FOOTNOTE_OPEN.search(line)) is not None:
        depth, end = 1, match.end()
        while end < len(line) and depth:
            depth += {"[": 1, "]": -1}.get(line[end], 0)
            end += 1
        if depth:
            raise SourceError(
                f"footnote block [{match.group(1)}: is not closed on its line",
                file=doc.path,
                line=line_no,
                hint="the Word export puts a whole footnote on one line, ending in ']'",
            )
        body = FOOTNOTE_MARK.sub("", line[match.end() : end - 1])
        note = _Draft(locator=f"fn {match.group(1)}", kind="footnote", line_start=line_no)
        note.add(body, line_no)
        notes.append(note)
        line = line[: match.start()] + " " + line[end:]
    return line, notes


def parse(doc: SourceDocument) -> list[Passage]:
    """All passages of a crc-export document, in reading order (footnotes after their host)."""
    drafts: list[_Draft] = []
    section: str | None = None
    subsection: str | None = None
    front: _Draft | None = None
    paragraph: _Draft | None = None  # the last numbered paragraph, parent of the next items
    open_: _Draft | None = None  # what a plain line would continue (None right after a heading)
    in_front = True

    # The headings above the current line; rebuilt only when a heading changes, not for every
    # paragraph (a long document has one heading to hundreds of paragraphs).
    context: tuple[str, ...] = ()

    for line_no, raw in enumerate(doc.text.split("\n"), start=1):
        line, notes = _cut_footnotes(raw, line_no, doc)
        line = strip_artefacts(line)
        host: _Draft | None = None  # the passage this line's text (and footnotes) belong to
        if in_front and (PARAGRAPH.match(line) or SECTION.match(line)):
            in_front = False
        if not line.strip():
            host = front if in_front else open_
        elif in_front:
            if front is None:
                front = _Draft(locator="title", kind="front", line_start=line_no)
                drafts.append(front)
            front.add(line, line_no)
            host = front
        elif m := PARAGRAPH.match(line):
            paragraph = open_ = host = _Draft(
                locator=m.group(1), kind="paragraph", line_start=line_no, context=context
            )
            paragraph.add(m.group(2), line_no)
            drafts.append(paragraph)
        elif m := SECTION.match(line):
            section, subsection, open_ = clean(f"{m.group(1)}. {m.group(2)}"), None, None
            context = tuple(h for h in (section, subsection) if h)
        elif m := SUBSECTION.match(line):
            subsection, open_ = clean(m.group(1)), None
            context = tuple(h for h in (section, subsection) if h)
        elif m := ITEM.match(line):
            if paragraph is None or open_ is None:
                raise SourceError(
                    f"lettered item ({m.group(1)}) is not under a numbered paragraph",
                    file=doc.path,
                    line=line_no,
                    hint="an item follows its lead-in paragraph or a sibling item",
                )
            open_ = host = _Draft(
                locator=f"{paragraph.locator}({m.group(1)})",
                kind="item",
                line_start=line_no,
                context=paragraph.context,
                parent=paragraph.locator,
            )
            open_.add(m.group(2), line_no)
            drafts.append(open_)
        elif open_ is not None:
            open_.add(line, line_no)
            host = open_
        else:
            raise SourceError(
                "line is neither a numbered paragraph, a lettered item nor a heading",
                file=doc.path,
                line=line_no,
                hint="a plain line can only continue the paragraph or item above it",
            )
        for note in notes:
            note.context = host.context if host is not None else context
        # A note goes right after the passage it interrupts; one anchored in a heading (no
        # passage) stands where it occurs.
        (host.notes if host is not None else drafts).extend(notes)
    return _finish(drafts, doc)


def _finish(drafts: list[_Draft], doc: SourceDocument) -> list[Passage]:
    """Validated passages with ordinals; empty texts and repeated locators are source errors."""
    passages: list[Passage] = []
    locators = UniqueLocators(file=doc.path)
    for draft in (d for host in drafts for d in (host, *host.notes)):
        text = clean(" ".join(draft.pieces))
        if not text:
            raise SourceError(
                "passage has no text", file=doc.path, line=draft.line_start, locator=draft.locator
            )
        locators.add(draft.locator, draft.line_start)
        passages.append(
            Passage(
                doc_id=doc.meta.id,
                locator=draft.locator,
                kind=draft.kind,
                text=text,
                context=draft.context,
                parent=draft.parent,
                line_start=draft.line_start,
                line_end=draft.line_end,
                ordinal=len(passages),
            )
        )
    return passages
