"""How the gap map names a source: the CLI's citations (`loaders/citation_form.py`), so that the
map, `lexgap show` and the brief cite a passage alike: "CRC/C/OPSC/LAO/CO/1, para. 29(c) (5 June
2015)".

The map reads its documents from the graph (`gapmap-documents.rq`), not from a manifest, so each
document's `DocumentRef` is made from its row (UN symbol, English title, issuer, date or the
year of its latest facts). Internal identifiers (`a-hrc-40-51-add-1 ¶29`) never reach a reader.

Two lengths: `citation` is the CLI's own (side panel, popover, CSV); `short_citation` names a
document without a UN symbol by a short name instead of its full title, for the labels on the
canvas and the lines of a card, where a 12-word study title would fill the box. A UN document's
short citation is its citation.

Also here: what kind of issuer a body is ("UN body", "study"), read from its documents: a body
whose documents carry a UN document symbol is a UN body (the UN numbers what its organs
issue); one whose document's title calls it a study is a study.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from lexgap.loaders.citation_form import DocumentRef, locator_phrase, plain_citation
from lexgap.loaders.citation_form import citation as passage_citation

# Short names, for labels and cards, of documents without a UN symbol, by issuing body; any
# other is named by its title.
UNSYMBOLED = {
    "child-frontiers-study": "Child Frontiers study",
    "state-party": "State party follow-up report",
}


def document_ref(row: Mapping[str, Any]) -> DocumentRef:
    """A `gapmap-documents` row as the citation form's document."""
    facts = row.get("factsUpTo")
    return DocumentRef(
        id=str(row["docId"]),
        title=" ".join(str(row.get("title") or row["docId"]).split()),
        symbol=row.get("symbol") or None,
        date=str(row["date"]) if row.get("date") else None,
        facts_up_to=str(facts) if facts else None,
        language=str(row.get("language") or "en"),
        issued_by=" ".join(str(row.get("creator") or row["body"]).split()),
        body=str(row["body"]),
    )


def citation(doc: DocumentRef | None, doc_id: str, locator: str | None = None) -> str:
    """The CLI's citation of a passage ('A/HRC/40/51/Add.1, para. 66(b) (21 January 2019)'), or
    of a whole document ('CRC/C/OPSC/LAO/CO/1 (5 June 2015)'); a document the map does not
    know is named by its id."""
    if doc is None:
        return plain_citation(doc_id, locator) if locator else doc_id
    if locator:
        return passage_citation(doc, locator)
    return f"{doc.name} ({doc.when})"


def short_name(doc: DocumentRef) -> str:
    return doc.symbol or UNSYMBOLED.get(doc.body) or doc.title


def short_citation(doc: DocumentRef | None, doc_id: str, locator: str | None = None) -> str:
    """The citation with the document named short: 'Child Frontiers study, section
    “Services”, para. 6 (February 2011)'; a UN document's is its citation."""
    if doc is None or doc.symbol:
        return citation(doc, doc_id, locator)
    where = f", {locator_phrase(locator)}" if locator else ""
    return f"{short_name(doc)}{where} ({doc.when})"


def year(doc: DocumentRef | None, date: str | None = None) -> str:
    """The year a reader gives a document: its date's, else 'c. ' the year of its latest facts."""
    if date:
        return date[:4]
    if doc is not None and doc.date:
        return doc.date[:4]
    if doc is not None and doc.facts_up_to:
        return f"c. {doc.facts_up_to[:4]}"
    return "undated"


_STUDY = re.compile(r"\bstud(?:y|ies)\b", re.IGNORECASE)


def body_kind(docs: Iterable[DocumentRef]) -> str:
    """What kind of issuer a body is, from its documents: 'UN body' when they carry a UN
    document symbol, 'study' when a title calls the document a study, else 'other source'."""
    mine = list(docs)
    if any(d.symbol for d in mine):
        return "UN body"
    if any(_STUDY.search(d.title) for d in mine):
        return "study"
    return "other source"


# Internal references as the answers' reasons and caveats are written ('crc-c-opsc-lao-co-1
# ¶29(d) (2015-06-05)', 'lao-opsc-followup-report ¶69 (undated, facts up to 2017)').
def readable(text: str, docs: Mapping[str, DocumentRef]) -> str:
    """A reason's or caveat's text with its internal references as citations, and bare
    document ids as the documents' short names (as the brief does)."""
    ids = sorted(docs, key=len, reverse=True)
    if not ids:
        return text
    alternatives = "|".join(re.escape(i) for i in ids)
    text = re.sub(
        rf"(?P<doc>{alternatives}) ¶(?P<loc>.+?) \((?:\d{{4}}(?:-\d\d){{0,2}}|undated[^)]*)\)",
        lambda m: short_citation(docs[m["doc"]], m["doc"], m["loc"]),
        text,
    )
    text = re.sub(  # a reference without a date: a paragraph number, a footnote
        rf"(?P<doc>{alternatives}) ¶(?P<loc>[^\s,;)]+(?:\([a-z]+\))*)",
        lambda m: short_citation(docs[m["doc"]], m["doc"], m["loc"]),
        text,
    )
    return re.sub(rf"\b(?:{alternatives})\b(?![-\w])", lambda m: short_name(docs[m[0]]), text)
