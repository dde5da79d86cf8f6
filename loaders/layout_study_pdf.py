"""Paragraph loader for the 'study-pdf' layout: the 2011 Child Frontiers study (document 003).

The study is a PDF converted to text. It has no paragraph numbers, so a passage is located by
its section path plus an ordinal within the innermost section, e.g.
"V. Legal & Policy Framework > Child Prostitution > Penal Code table 6". The ordinal counts
passages of that path in reading order, so it is stable across runs and unchanged by edits to
*other* sections. The layout rules below were read off the whole file by hand; each names what
it matches and why.

Regions
  1. Front region: every line before the first top-level heading (rule H1). In it:
     - "CONTENTS" and the entries after it that end in a page number (after a tab or dot
       leaders) are the table of contents: skipped, it is not prose;
     - the first bold block ("**Research Study ... Lao PDR**", two lines) is the study's own
       title: front passage "title"; the month-year line after it ("February 2011"): "date";
     - everything else is cover furniture and dropped: the ResearchGate block ("See
       discussions ...", "CITATIONS", "READS", author names, "SEE PROFILE"), its own title and
       "Technical Report · February 2011" line, the running header "[REPORT ON ...]" and the
       slogan "Together we protect".
  2. Body: everything from the first top-level heading on.

Heading rules (a heading is a whole line, `**` / `<p>` removed, equal to a known heading that is
allowed where it stands; anything else is text):
  H1 top level, anywhere in the body: the contents entries Acknowledgements, Abbreviations and
     Acronyms, Definitions, Executive Summary, Introduction, I. Child Prostitution, II. Child
     Pornography, III. Child Sex Tourism, IV. Child Trafficking for Sexual Purposes, V. Legal &
     Policy Framework, Recommendations, Annex I: Key Technical Informants; and two that the
     contents omit: Research Findings (the part title printed above chapter I), Key References.
  H2 second level, only under their own H1 (see OUTLINE): the indented contents entries
     (Background, Internal Migration, Protection Measures & Initiatives, ...); in chapter V the
     four bands of its legal table (Child Prostitution, Child Pornography, Child Sex Tourism,
     Child Trafficking for Sexual Purposes); in Recommendations the groups of its table of
     short-term recommendations (Legal & Policy Framework, Institutions and Collaboration,
     Services); in Annex I the two informant groups (National Level, Provincial / District
     Level ...).
  H3 third level: the boxed "National Strategy and Action Plan on HIV / AIDS / STI" under
     I > Protection Measures & Initiatives; in chapter V the law headers of the legal table
     ("Penal Code", "Child Law", "ASEAN Tourism Agreement", "International Instruments", and any
     "(The) Law on ..." line that names no article).
  H4 case-study boxes: a line "CASE STUDY[ I|II]: ..." opens a box nested under the current
     path. A box interrupts the main text: it holds ONE paragraph (two for CASE STUDY I and II,
     which print an introductory sentence before the case), then the main text resumes in the
     enclosing section and a paragraph the box cut in two is joined again (lines 548 + 554).

Passages inside a section
  - paragraph: a block of consecutive non-blank lines (a `<p>...</p>` cell is a block on its
    own). A block continues the previous paragraph of the same section (a page break, footnote
    block, table or box fell inside it) when that paragraph does not end in . ! ? : ; (after
    closing quotes, brackets and footnote marks) and the block starts in lower case, or the
    paragraph ends on a function word ("of", "the", ...), or something interrupted them.
    Locator "<path> #<n>".
  - bullet: a line starting "- ", "❑ " or "- ❑ " (marker removed from the text); each bullet is
    its own passage, numbered with the paragraphs: "<path> #<n>". A bullet continues over a page
    break by the paragraph rule (line 947 "... awareness of" + 949 "CST and ..."). In Key
    References every entry is a bullet: 19 keep their "- ", 20 (lines 978-1016) lost it.
  - footnote: a line starting with superscript digits and a space ("⁴³ Article 29."): kind
    "footnote", locator "fn 43", text without the number, context the section it sits in.
    A footnote line never ends or starts a paragraph; it only marks an interruption.
  - table: a run of lines holding tabs (blank lines inside allowed when the next line is a row
    again: the abbreviations list crosses a page), with its caption when the caption is a known
    one ("Key Technical Informants (Provincial / District Level)" above its table, "Lao PDR
    Demographic Indicators" below) and its notes below ("Source: ...", "* ..."). One passage per
    table, locator "<path> table <n>". In Annex I each `<p>` cell is one table passage.
  - chapter V legal table: one table passage PER ROW, so that "Article 129 ..." can be quoted
    from one passage. A row head is "Article N[ Paragraph M]" at the start of a line or cell, a
    law line ending in "(Article N)", or, under "International Instruments", a status label
    ("Ratified:", "Acceded to:", "Signed:"). A head alone on its line takes the lines that follow
    (the article's text, title and numbered duties) up to the next head, header, band, heading or
    bullet; a head with text on the same line is a row by itself. A law line with "(Article N)"
    is its own row directly under the band (it ends the current law header). Under a law
    header, lines before the first article row are rows without an article ("Offence to engage
    ..."); a plain paragraph after an article row ends the header (line 822 is about bilateral
    treaties, not the ASEAN Tourism Agreement). Prose cells of a band outside any law header are
    paragraphs. "Child Law**Article 36**" is split at the bold marker into header and row head.

Text is `clean()`ed: artefacts (`<p>`, `**`) removed, whitespace folded, pieces joined with one
space; nothing else changes, so quotes stay exact substrings of the passage.

`analyse()` also returns what became of every line (or `<p>` cell): which passage it went into,
or that it is a heading, a contents line, cover furniture or blank. Tests use it to prove that
no text is lost or counted twice.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from lexgap.core.errors import SourceError
from lexgap.loaders.clean import SUPERSCRIPT_DIGITS, clean, superscript_to_int
from lexgap.loaders.locators import UniqueLocators
from lexgap.loaders.models import Passage, PassageKind
from lexgap.loaders.sources import SourceDocument

Role = Literal["passage", "heading", "toc", "cover", "blank"]

V_CHAPTER = "V. Legal & Policy Framework"

# Top-level headings and the second-level headings allowed under each (rules H1, H2).
OUTLINE: dict[str, tuple[str, ...]] = {
    "Acknowledgements": (),
    "Abbreviations and Acronyms": (),
    "Definitions": (),
    "Executive Summary": (),
    "Introduction": ("Background", "Country Context", "Research Methodology"),
    "Research Findings": (),
    "I. Child Prostitution": (
        "Internal Migration",
        "Push / Pull Factors",
        "Mobile Prostitution",
        "Demand",
        "Protection Measures & Initiatives",
    ),
    "II. Child Pornography": (
        "Mobile Phones & Online Safety",
        "Pornography & Child Sex Tourism",
        "Monitoring & Enforcement",
        "Protection Measures & Initiatives",
    ),
    "III. Child Sex Tourism": (
        "Child Sex Tourism in Thailand",
        "Special Economic Zones",
        "International Coordination",
        "Protection Measures & Initiatives",
    ),
    "IV. Child Trafficking for Sexual Purposes": (
        "Voluntary and Legal Movement",
        "Trafficking into Lao PDR",
        "Profile of Exploiters",
        "Protection Measures & Initiatives",
    ),
    V_CHAPTER: (
        "Child Prostitution",
        "Child Pornography",
        "Child Sex Tourism",
        "Child Trafficking for Sexual Purposes",
    ),
    "Recommendations": (
        "Systems to Protect Children from Sexual Exploitation",
        "Challenges",
        "Legal & Policy Framework",
        "Institutions and Collaboration",
        "Services",
    ),
    "Key References": (),
    "Annex I: Key Technical Informants": (
        "National Level",
        "Provincial / District Level (5 provinces / 2 districts per province)",
    ),
}

# Third-level headings outside chapter V, keyed by their (H1, H2) parent (rule H3).
LEVEL3: dict[tuple[str, str], tuple[str, ...]] = {
    ("I. Child Prostitution", "Protection Measures & Initiatives"): (
        "National Strategy and Action Plan on HIV / AIDS / STI",
    ),
}

# Chapter V law headers printed as a table column (rule H3), besides "(The) Law on ..." lines.
V_LAW_HEADERS = ("Penal Code", "Child Law", "ASEAN Tourism Agreement", "International Instruments")

# Case-study boxes whose box holds more than one paragraph, by roman numeral (rule H4).
BOX_PARAGRAPHS = {"I": 2, "II": 2}

# Sections whose blocks are not prose: in Annex I each `<p>` cell is a table (the informants of
# one level); in Key References each entry is a list item (19 keep their "- ", 20 lost it).
TABLE_SECTIONS = frozenset({"Annex I: Key Technical Informants"})
LIST_SECTIONS = frozenset({"Key References"})

# Table captions that stand apart from their table's rows (read by hand).
CAPTIONS_BEFORE = frozenset({"Key Technical Informants (Provincial / District Level)"})
CAPTIONS_AFTER = frozenset({"Lao PDR Demographic Indicators"})

# Words a sentence does not end on: a paragraph ending on one continues after a page break.
FUNCTION_WORDS = frozenset(
    {
        *("a", "an", "the", "of", "to", "in", "on", "at", "by", "for", "from", "with", "into"),
        *("and", "or", "but", "nor", "as", "that", "which", "who", "whose", "if", "than", "such"),
        *("is", "are", "was", "were", "be", "been", "its", "their", "this", "these", "those"),
        *("not", "no", "onto"),
    }
)

MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"

# "CONTENTS" (or "Table of contents"): the heading of the table of contents.
CONTENTS_RE = re.compile(r"^(?:table of )?contents$", re.IGNORECASE)
# A contents entry: title, dot leaders and/or a tab, page number ("Demand.....\t21").
TOC_ENTRY_RE = re.compile(r"^\S.*?(?:\.{2,}\s*|\t+)\d{1,4}$")
# The study's date line on its title page: "February 2011".
DATE_RE = re.compile(rf"^(?:{MONTHS})\s+\d{{4}}$")
# Page furniture anywhere: the running header "[REPORT ON THE ... LAO PDR]" (no lower case
# inside brackets) and the ResearchGate "SEE PROFILE" link.
FURNITURE_RES = (
    re.compile(r"^\[[^\]a-z]+\]$"),
    re.compile(r"^SEE PROFILE$"),
)
# A footnote line: superscript number, whitespace, text ("⁴³ Article 29.").
FOOTNOTE_RE = re.compile(rf"^(?P<num>[{SUPERSCRIPT_DIGITS}]+)\s+(?P<text>\S.*)$", re.DOTALL)
# A bullet marker at line start: "- ", "❑ ", "• " or a run of them ("- ❑ ").
BULLET_RE = re.compile(r"^\s*(?:[-•❑]\s+)+")
# `<p>` / `</p>` tags: a line holding them is a row of table cells, one block per cell.
P_TAG_RE = re.compile(r"</?p>")
# A case-study box title: "CASE STUDY: Savannakhet", "CASE STUDY II: Lao Women's Union ...".
CASE_STUDY_RE = re.compile(r"^CASE STUDY(?:\s+(?P<num>[IVX]+))?\s*:.{0,150}$")
# Chapter V: a law header named "Law on ..." / "The Law on ..." that names no article.
V_LAW_HEADER_RE = re.compile(r"^(?:The\s+)?Law on\b[^.]{0,160}$")
# Chapter V: an article row head: "Article 129", "Article 128 Paragraph 2", "Article 5 Commits ...".
V_ARTICLE_RE = re.compile(r"^Article\s+\d+(?:\s+Paragraph\s+\d+)?(?=\s|$)")
# Chapter V: a law line that is a row head: "Law on the ... Children 2006 (Article 89)".
V_LAW_ARTICLE_RE = re.compile(r"^(?:The\s+)?Law on\b.{0,160}\(Articles?\s+\d+\)$")
# Chapter V, under "International Instruments": a status label ("Ratified:", "Acceded to:").
V_STATUS_RE = re.compile(r"^[A-Z][a-z]+(?:\s[a-z]+)?:$")
# Chapter V: a law header run into a bold row head ("Child Law**Article 36**").
V_BOLD_SPLIT_RE = re.compile(r"^(?P<header>[^*]+?)\s*\*\*(?P<head>Article\s+\d+[^*]*)\*\*\s*$")
# What a paragraph's end is stripped of before looking for its final punctuation.
TRAILING_RE = re.compile(rf"[\s{SUPERSCRIPT_DIGITS}\"'”’)\]*]+$")
# The last word of a paragraph.
LAST_WORD_RE = re.compile(r"([A-Za-z]+)\W*$")


@dataclass(frozen=True)
class Piece:
    """One line of the source, or one `<p>` cell of it, and what became of it.

    `role` is "passage" (then `locator` names the passage its text went into), "heading",
    "toc", "cover" (furniture dropped) or "blank" (nothing left after cleaning).
    """

    line: int
    text: str
    role: Role
    locator: str | None = None


@dataclass(frozen=True)
class StudyLayout:
    """The passages of the study, and the fate of every piece of its text."""

    passages: list[Passage]
    pieces: list[Piece]


@dataclass
class _Draft:
    """A passage being assembled; its text is the cleaned pieces joined by single spaces."""

    kind: PassageKind
    locator: str
    context: tuple[str, ...]
    line_start: int
    line_end: int
    parts: list[str] = field(default_factory=list)

    def add(self, line: int, text: str) -> None:
        self.parts.append(text)
        self.line_end = max(self.line_end, line)

    @property
    def text(self) -> str:
        return " ".join(self.parts)


@dataclass
class _Box:
    """An open case-study box: how many paragraphs it still holds and what it interrupted."""

    saved_path: tuple[str, ...]
    saved_pending: _Draft | None
    remaining: int


def ends_sentence(text: str) -> bool:
    """True when `text` ends in sentence-final punctuation (quotes, brackets, marks ignored)."""
    stripped = TRAILING_RE.sub("", text)
    return stripped.endswith((".", "!", "?", ":", ";"))


def continues(previous: str, following: str, interrupted: bool) -> bool:
    """Whether the block `following` is the rest of the paragraph `previous` (rule above)."""
    if not previous or not following or ends_sentence(previous):
        return False
    if following[0].islower() or interrupted:
        return True
    last = LAST_WORD_RE.search(previous)
    return last is not None and last.group(1).lower() in FUNCTION_WORDS


class _Parser:
    """One pass over the document's lines; state is the section path and the open drafts."""

    def __init__(self, doc_id: str, file: str) -> None:
        self.doc_id = doc_id
        self.file = file
        self.drafts: list[_Draft] = []
        self.pieces: list[Piece] = []
        self.footnotes: dict[int, int] = {}
        self.path: tuple[str, ...] = ()
        self.counters: dict[tuple[tuple[str, ...], str], int] = {}
        # Prose state.
        self.block: _Draft | None = None  # the draft that a contiguous next line extends
        self.pending: _Draft | None = None  # the draft a later block may continue
        self.interrupted = False
        self.box: _Box | None = None
        # Table state.
        self.table: _Draft | None = None  # open table (rows still coming)
        self.last_table: _Draft | None = None  # table that notes may still attach to
        # Chapter V state.
        self.v_band: str | None = None
        self.v_header: str | None = None
        self.v_mode: Literal["open", "plain", "article"] = "open"
        self.v_row: _Draft | None = None  # a head-only row absorbing the lines after it

    # ---- bookkeeping -------------------------------------------------------------------
    def piece(self, line: int, text: str, role: Role, locator: str | None = None) -> None:
        self.pieces.append(Piece(line=line, text=text, role=role, locator=locator))

    def new_draft(self, kind: PassageKind, locator: str, line: int, raw: str, text: str) -> _Draft:
        draft = _Draft(kind, locator, self.path, line, line)
        draft.add(line, text)
        self.drafts.append(draft)
        self.piece(line, raw, "passage", locator)
        return draft

    def extend(self, draft: _Draft, line: int, raw: str, text: str) -> None:
        draft.add(line, text)
        self.piece(line, raw, "passage", draft.locator)

    def next_locator(self, kind: Literal["#", "table"]) -> str:
        key = (self.path, kind)
        self.counters[key] = self.counters.get(key, 0) + 1
        sep = " #" if kind == "#" else " table "
        return f"{' > '.join(self.path)}{sep}{self.counters[key]}"

    def reset_flow(self) -> None:
        """A heading: nothing before it continues after it."""
        self.block = None
        self.pending = None
        self.interrupted = False
        self.box = None
        self.table = None
        self.last_table = None
        self.v_row = None

    def leave_table(self) -> None:
        self.table = None
        self.last_table = None

    @property
    def in_v(self) -> bool:
        return bool(self.path) and self.path[0] == V_CHAPTER

    def v_base(self) -> tuple[str, ...]:
        return (V_CHAPTER, self.v_band) if self.v_band else (V_CHAPTER,)

    # ---- front region ------------------------------------------------------------------
    def front(self, lines: list[str]) -> None:
        in_toc = False
        title: _Draft | None = None
        title_open = False
        date_done = False
        for number, raw in enumerate(lines, start=1):
            text = clean(raw)
            if not text:
                self.piece(number, raw, "blank")
                continue
            stripped = raw.strip()
            if title is not None and title_open:
                self.extend(title, number, raw, text)
                title_open = not stripped.endswith("**") and title.line_end - title.line_start < 3
            elif CONTENTS_RE.match(text):
                in_toc = True
                self.piece(number, raw, "toc")
            elif in_toc and TOC_ENTRY_RE.match(stripped):
                self.piece(number, raw, "toc")
            elif title is None and stripped.startswith("**"):
                in_toc = False
                title = self.new_draft("front", "title", number, raw, text)
                title_open = not (len(stripped) > 2 and stripped.endswith("**"))
            elif title is not None and not date_done and DATE_RE.match(text):
                in_toc = False
                date_done = True
                self.new_draft("front", "date", number, raw, text)
            else:
                in_toc = False
                self.piece(number, raw, "cover")

    # ---- body --------------------------------------------------------------------------
    def body(self, lines: list[str], first: int) -> None:
        for offset, raw in enumerate(lines):
            number = first + offset
            if not clean(raw):
                self.piece(number, raw, "blank")
                self.block = None
                continue
            cells = [c for c in P_TAG_RE.split(raw) if clean(c)] if P_TAG_RE.search(raw) else []
            if not cells and self.in_v:
                split = V_BOLD_SPLIT_RE.match(raw.strip())
                if split:
                    cells = [split.group("header"), split.group("head")]
            if cells:
                for cell in cells:
                    self.segment(number, cell)
                    self.block = None
            else:
                self.segment(number, raw)

    def segment(self, line: int, raw: str) -> None:
        text = clean(raw)
        stripped = raw.strip()
        if any(r.match(text) for r in FURNITURE_RES):
            self.piece(line, raw, "cover")
            self.interrupted = True
            self.block = None
            return
        footnote = FOOTNOTE_RE.match(stripped)
        if footnote:
            self.footnote(line, raw, footnote.group("num"), clean(footnote.group("text")))
            return
        heading = self.heading_path(text)
        if heading is not None:
            self.heading(line, raw, heading)
            return
        case = CASE_STUDY_RE.match(text)
        if case:
            self.open_box(line, raw, text, case.group("num"))
            return
        if "\t" in raw:
            self.table_row(line, raw, text)
            return
        if text in CAPTIONS_BEFORE:
            self.leave_table()
            self.block = None
            self.table = self.new_draft("table", self.next_locator("table"), line, raw, text)
            self.interrupted = True
            return
        notes_target = self.table if self.table is not None else self.last_table
        if notes_target is not None and (
            text in CAPTIONS_AFTER or text.startswith(("Source:", "* "))
        ):
            self.extend(notes_target, line, raw, text)
            self.table = None
            self.last_table = notes_target
            return
        self.leave_table()
        bullet = BULLET_RE.match(raw)
        if bullet:
            self.v_row = None
            self.bullet(line, raw, clean(raw[bullet.end() :]))
            return
        if self.in_v and self.v_segment(line, raw, text):
            return
        section = self.path[0] if self.path else ""
        if section in TABLE_SECTIONS:
            if self.block is not None:
                self.extend(self.block, line, raw, text)
            else:
                self.block = self.row(line, raw, text)
        elif section in LIST_SECTIONS and self.block is None:
            self.bullet(line, raw, text)
        else:
            self.prose(line, raw, text)

    def footnote(self, line: int, raw: str, num: str, text: str) -> None:
        number = superscript_to_int(num)
        if number in self.footnotes:
            raise SourceError(
                f"footnote {number} printed twice",
                file=self.file,
                line=line,
                hint=f"first at line {self.footnotes[number]}",
            )
        self.footnotes[number] = line
        self.new_draft("footnote", f"fn {number}", line, raw, text)
        self.interrupted = True
        self.block = None

    def heading_path(self, text: str) -> tuple[str, ...] | None:
        """The new section path if `text` is a heading allowed here (rules H1-H3), else None."""
        if text in OUTLINE:
            return (text,)
        if not self.path:
            return None
        top = self.path[0]
        if text in OUTLINE[top]:
            return (top, text)
        if len(self.path) >= 2 and text in LEVEL3.get((top, self.path[1]), ()):
            return (top, self.path[1], text)
        return None

    def heading(self, line: int, raw: str, path: tuple[str, ...]) -> None:
        self.reset_flow()
        self.path = path
        self.v_band = path[1] if path[0] == V_CHAPTER and len(path) > 1 else None
        self.v_header = None
        self.v_mode = "open"
        self.piece(line, raw, "heading")

    def open_box(self, line: int, raw: str, text: str, numeral: str | None) -> None:
        if self.box is not None:  # a box right after a box: the first one is over
            self.close_box()
        self.box = _Box(self.path, self.pending, BOX_PARAGRAPHS.get(numeral or "", 1))
        self.path = (*self.path, text)
        self.block = None
        self.pending = None
        self.leave_table()
        self.v_row = None
        self.piece(line, raw, "heading")

    def close_box(self) -> None:
        assert self.box is not None
        self.path = self.box.saved_path
        self.pending = self.box.saved_pending
        self.interrupted = True
        self.box = None

    def start_block(self) -> None:
        """A new block of text starts: count it against an open box, or close the box."""
        if self.box is not None:
            if self.box.remaining == 0:
                self.close_box()
            else:
                self.box.remaining -= 1

    def table_row(self, line: int, raw: str, text: str) -> None:
        self.v_row = None
        if self.table is not None:
            self.extend(self.table, line, raw, text)
        else:
            self.last_table = None
            self.table = self.new_draft("table", self.next_locator("table"), line, raw, text)
            self.interrupted = True
        self.block = None

    def bullet(self, line: int, raw: str, text: str) -> None:
        if not text:
            self.piece(line, raw, "blank")
            return
        self.start_block()
        draft = self.new_draft("bullet", self.next_locator("#"), line, raw, text)
        self.block = draft
        self.pending = draft
        self.interrupted = False

    def prose(self, line: int, raw: str, text: str) -> None:
        if self.block is not None:
            self.extend(self.block, line, raw, text)
            return
        self.start_block()
        pending = self.pending
        if (
            pending is not None
            and pending.context == self.path
            and continues(pending.text, text, self.interrupted)
        ):
            self.extend(pending, line, raw, text)
            draft = pending
        else:
            draft = self.new_draft("paragraph", self.next_locator("#"), line, raw, text)
        self.block = draft
        self.pending = draft
        self.interrupted = False

    def v_segment(self, line: int, raw: str, text: str) -> bool:
        """Chapter V's legal table; True if the segment was taken as a header or row."""
        if V_LAW_ARTICLE_RE.match(text):
            # A law named with its article is a row of the band itself, not of a header.
            self.v_header = None
            self.path = self.v_base()
            self.v_row = self.row(line, raw, text)
            self.v_mode = "article"
            return True
        if text in V_LAW_HEADERS or V_LAW_HEADER_RE.match(text):
            self.reset_flow()
            self.v_header = text
            self.path = (*self.v_base(), text)
            self.v_mode = "open"
            self.piece(line, raw, "heading")
            return True
        head = V_ARTICLE_RE.match(text)
        status = self.v_header is not None and V_STATUS_RE.match(text)
        if head or status:
            draft = self.row(line, raw, text)
            head_only = bool(status) or (head is not None and head.end() == len(text))
            self.v_row = draft if head_only else None
            self.v_mode = "article"
            return True
        if self.v_row is not None:
            self.extend(self.v_row, line, raw, text)
            return True
        if self.v_header is not None:
            if self.v_mode == "article":
                # Prose after an article row: the law header's rows are over.
                self.v_header = None
                self.path = self.v_base()
                self.v_mode = "open"
                return False
            if self.block is not None:
                self.extend(self.block, line, raw, text)
            else:
                self.block = self.row(line, raw, text)
            self.v_mode = "plain"
            return True
        return False

    def row(self, line: int, raw: str, text: str) -> _Draft:
        self.block = None
        self.pending = None
        self.interrupted = False
        return self.new_draft("table", self.next_locator("table"), line, raw, text)

    # ---- result ------------------------------------------------------------------------
    def result(self) -> StudyLayout:
        passages: list[Passage] = []
        locators = UniqueLocators(file=self.file)
        for ordinal, draft in enumerate(self.drafts):
            # Cannot fail by construction (paths and ordinals); guards the invariant.
            locators.add(draft.locator, draft.line_start)
            passages.append(
                Passage(
                    doc_id=self.doc_id,
                    locator=draft.locator,
                    kind=draft.kind,
                    text=draft.text,
                    context=draft.context,
                    line_start=draft.line_start,
                    line_end=draft.line_end,
                    ordinal=ordinal,
                )
            )
        return StudyLayout(passages=passages, pieces=self.pieces)


def analyse(doc: SourceDocument) -> StudyLayout:
    """Passages of the study plus the fate of every line (for coverage checks and debugging)."""
    lines = doc.text.split("\n")
    parser = _Parser(doc.meta.id, str(doc.path))
    body_start = next((i for i, raw in enumerate(lines) if clean(raw) in OUTLINE), len(lines))
    parser.front(lines[:body_start])
    parser.body(lines[body_start:], body_start + 1)
    return parser.result()


def parse(doc: SourceDocument) -> list[Passage]:
    """All passages of the study in reading order (see the module docstring for the rules)."""
    return analyse(doc).passages
