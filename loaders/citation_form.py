"""A source reference as a lawyer writes it: "CRC/C/OPSC/LAO/CO/1, para. 29(c) (5 June 2015)".

Everything lexgap prints points into a document by its internal id and locator
(`crc-c-opsc-lao-co-1 ¶29(c)`), which nobody outside the project can look up. This module turns
a document's manifest entry and a locator into the citation a reader can find the words by:

- a UN document by its symbol: `A/HRC/40/51/Add.1, para. 27 (21 January 2019)`;
- a second edition as that edition of the symbol: `Spanish edition of A/HRC/40/51/Add.1,
  summary (21 January 2019)`;
- a document without a symbol by its title; the 2011 study has no paragraph numbers, so its
  locator is the section path and the paragraph's place in it (never a page, which depends on
  the print): `Research Study on ..., section "V. Legal & Policy Framework › Penal Code",
  para. 3 (February 2011)`;
- an undated document by what the manifest says instead of a date: `(undated; facts up to
  2017)`, never a guessed year.

It sits in `loaders/` beside the manifest it reads so that every layer above (the gap answers,
the gap map, the brief, the CLI) can cite the same way. `resolve` finds a document by what a
user may type for it: its id, its number (`000`) or its UN symbol.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from lexgap.core.errors import UsageError
from lexgap.loaders.models import DocumentMeta

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
LANGUAGES = {"en": "English", "es": "Spanish", "fr": "French"}
# The study's locators: a section path, then "#N" (the Nth paragraph or bullet point of that
# section, counted together) or "table N".
SECTION_SEP = " > "
_ORDINAL = re.compile(r"^(?P<section>.+?) #(?P<n>\d+)$")
_TABLE = re.compile(r"^(?:(?P<section>.+?) )?table (?P<n>\d+)$")
_PARAGRAPH = re.compile(r"^\d+[A-Za-z]?(?:\([a-z]+\))*$")
_FOOTNOTE = re.compile(r"^fn (?P<n>\S+)$")
_NAMED = {"title": "title", "summary": "summary", "date": "date line"}


@dataclass(frozen=True)
class DocumentRef:
    """What a citation needs of a document, from its manifest entry (or, for a graph whose
    corpus is not at hand, from the graph's document node)."""

    id: str
    title: str
    symbol: str | None
    date: str | None
    facts_up_to: str | None
    language: str
    number: str | None = None
    issued_by: str = ""
    body: str = ""
    date_note: str | None = None
    edition_of: str | None = None

    @classmethod
    def of(cls, meta: DocumentMeta) -> DocumentRef:
        return cls(
            id=meta.id,
            title=" ".join(meta.title.split()),
            symbol=meta.symbol,
            date=meta.date,
            facts_up_to=meta.facts_up_to,
            language=meta.language,
            number=meta.number,
            issued_by=" ".join(meta.issued_by.split()),
            body=meta.body,
            date_note=meta.date_note,
            edition_of=meta.edition_of,
        )

    @property
    def name(self) -> str:
        """How the document is cited: its UN symbol, else its title; an edition as that
        language's edition of it."""
        own = self.symbol or self.title
        if self.edition_of is None:
            return own
        language = LANGUAGES.get(self.language, self.language)
        return f"{language} edition of {own}"

    @property
    def when(self) -> str:
        """The date as the document gives it, or what the manifest says in its place."""
        if self.date:
            return format_date(self.date)
        if self.facts_up_to:
            return f"undated; facts up to {self.facts_up_to}"
        return "undated"


def format_date(iso: str) -> str:
    """'2015-06-05' -> '5 June 2015', '2011-02' -> 'February 2011', '2017' -> '2017': the
    precision the source gives, no more."""
    parts = iso.split("-")
    if len(parts) == 3:
        return f"{int(parts[2])} {MONTHS[int(parts[1]) - 1]} {parts[0]}"
    if len(parts) == 2:
        return f"{MONTHS[int(parts[1]) - 1]} {parts[0]}"
    return iso


def _section(path: str) -> str:
    return "section “" + " › ".join(path.split(SECTION_SEP)) + "”"


def locator_phrase(locator: str) -> str:
    """A locator as a citation writes it: '29(c)' -> 'para. 29(c)', 'fn 4' -> 'footnote 4',
    the study's 'V. Legal > Penal Code #3' -> 'section “V. Legal › Penal Code”, para. 3'."""
    if _PARAGRAPH.match(locator):
        return f"para. {locator}"
    if locator in _NAMED:
        return _NAMED[locator]
    m = _FOOTNOTE.match(locator)
    if m:
        return f"footnote {m['n']}"
    m = _ORDINAL.match(locator)
    if m:
        return f"{_section(m['section'])}, para. {m['n']}"
    m = _TABLE.match(locator)
    if m:
        table = f"table {m['n']}"
        return f"{_section(m['section'])}, {table}" if m["section"] else table
    return locator


def citation(doc: DocumentRef, locator: str) -> str:
    """The ready-to-cite reference of one passage: 'CRC/C/OPSC/LAO/CO/1, para. 29(c) (5 June
    2015)'."""
    return f"{doc.name}, {locator_phrase(locator)} ({doc.when})"


def plain_citation(doc_id: str, locator: str, date: str | None = None) -> str:
    """The fallback for a document no manifest describes (a graph from elsewhere): its id,
    the locator as a citation writes it, and the date the graph gives."""
    when = f" ({format_date(date)})" if date else ""
    return f"{doc_id}, {locator_phrase(locator)}{when}"


def locator_of(text: str) -> str:
    """What a user typed for a locator, as the graph stores it: 'para. 29 (c)', '¶29(c)' ->
    '29(c)'; 'footnote 4' -> 'fn 4'; a citation's 'section “A › B”, para. 3' -> 'A > B #3'."""
    t = " ".join(text.split())
    named = {phrase: locator for locator, phrase in _NAMED.items()}
    if t.lower() in named:
        return named[t.lower()]
    m = re.fullmatch(r"section [“\"](?P<s>.+?)[”\"], (?:para\. (?P<n>\d+)|table (?P<t>\d+))", t)
    if m:
        section = SECTION_SEP.join(m["s"].split(" › "))
        return f"{section} #{m['n']}" if m["n"] else f"{section} table {m['t']}"
    t = re.sub(r"^(?:¶|§|paras?\.|paragraph)\s*", "", t, flags=re.IGNORECASE)
    t = re.sub(r"^(?:footnote|fn\.?)\s*", "fn ", t, flags=re.IGNORECASE)
    if re.fullmatch(r"\d+[A-Za-z]?(?:\s*\([a-z]+\))*", t):
        t = t.replace(" ", "")
    return t.replace(" › ", SECTION_SEP)


def resolve(docs: Sequence[DocumentRef], key: str) -> DocumentRef:
    """The document a user names by id, number ('000') or UN symbol (any case). A symbol
    names the original, not its other-language edition (which has its own id and number)."""
    wanted = key.strip()
    for doc in docs:
        if wanted in (doc.id, doc.number):
            return doc
    for doc in docs:
        if doc.symbol and doc.symbol.casefold() == wanted.casefold() and doc.edition_of is None:
            return doc
    known = ", ".join(_names(docs))
    names = [n for d in docs for n in (d.id, d.number, d.symbol) if n]
    close = difflib.get_close_matches(wanted, names, n=1, cutoff=0.6)
    guess = f"did you mean {close[0]}? " if close else ""
    raise UsageError(f"unknown document {key!r}", hint=f"{guess}known: {known}")


def _names(docs: Iterable[DocumentRef]) -> list[str]:
    out: list[str] = []
    for d in docs:
        also = [x for x in (d.number, d.symbol if d.edition_of is None else None) if x]
        out.append(d.id + (f" ({', '.join(also)})" if also else ""))
    return out
