"""How the gap map names a source: "SYMBOL, para. X (date)", the way a lawyer cites a UN document.

One small function on purpose: the CLI is getting its own citation form on another branch, and
this one should then simply point at it. Until then it is derived from what the map already
queries about each document (`gapmap-documents.rq`: UN symbol, issuing body, date, latest
facts), never from the internal identifiers (`a-hrc-40-51-add-1`), which mean nothing to a
reader.
"""

from __future__ import annotations

# What to call a document that has no UN symbol (a study, the State's own follow-up report),
# by issuing body; any other falls back to its identifier.
UNSYMBOLED = {
    "child-frontiers-study": "Child Frontiers study",
    "state-party": "State party follow-up report",
}


def citation(
    symbol: str | None,
    body: str,
    doc_id: str,
    date: str | None,
    facts_up_to: int | None,
    locator: str | None = None,
) -> str:
    """'A/HRC/40/51/Add.1, para. 66(b) (2019-01-21)'; a document without a paragraph is
    'CRC/C/OPSC/LAO/CO/1 (2015-06-05)'; an undated one 'State party follow-up report
    (c. 2017)'. A locator that is not a paragraph number (a study's section) is given after a
    comma as it stands, its last part only."""
    name = symbol or UNSYMBOLED.get(body, doc_id)
    when = date or (f"c. {facts_up_to}" if facts_up_to else "undated")
    if locator:
        where = locator.rsplit(">", 1)[-1].strip()
        name += f", para. {where}" if where[:1].isdigit() else f", {where}"
    return f"{name} ({when})"
