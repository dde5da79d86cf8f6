"""The corpus's part of the gap map: a node for each source document, provision and
recommendation, and the links the records themselves state between them.

They come from the `gapmap-*`, `statements` and `recommendations` queries: what a
recommendation `targets`, the document it is `stated-in`, the document that `describes` a
provision (a statement), and the State report's responses that `answers` a recommendation.
Tooltips quote the sources verbatim with the document and paragraph.

Separate from `evidence` because nothing here is a judgement: these are the records as the
sources give them, turned from query rows into nodes and edges; `build` runs the queries and
decides the order (documents first, since the other nodes link to them).
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from lexgap.gapmap.cite import citation
from lexgap.gapmap.model import GapMap, MapNode, Quote, Tip, TipItem
from lexgap.gapmap.style import BODY_SHORT, EFFECT_WORDS
from lexgap.queries.present import age_text, penalty_words


def _year(date: str | None) -> str:
    return date[:4] if date else "undated"


def _when(date: str | None, facts_up_to: int | None) -> str:
    if date:
        return date
    return f"undated, facts up to {facts_up_to}" if facts_up_to else "undated"


def _short_locator(locator: str, limit: int = 26) -> str:
    """'Recommendations > Legal & Policy Framework #3' -> 'Legal & Policy Framework #3'."""
    tail = locator.rsplit(">", 1)[-1].strip()
    return tail if len(tail) <= limit else tail[: limit - 1] + "…"


def _penalty(row: dict[str, Any]) -> str:
    return penalty_words(row)


def cite_document(m: GapMap, doc_id: str, locator: str | None = None) -> str:
    """A document (and paragraph) of the map as a reader cites it (see `gapmap.cite`)."""
    d = m.documents.get(doc_id)
    if d is None:
        return f"{doc_id}, para. {locator}" if locator else doc_id
    return citation(d["symbol"], d["body"], doc_id, d["date"], d["factsUpTo"], locator)


def add_documents(m: GapMap, rows: list[dict[str, Any]]) -> dict[str, str]:
    """Document nodes; returns document id -> node id."""
    by_doc: dict[str, str] = {}
    for r in rows:
        if r["document"] in m.nodes:
            continue
        m.bodies.setdefault(r["body"], r.get("creator") or r["body"])
        when = _when(r.get("date"), r.get("factsUpTo"))
        fields = [
            ("identifier", r["docId"]),
            ("UN symbol", r.get("symbol") or "none"),
            ("issued by", r.get("creator") or r["body"]),
            ("date", when),
            ("language", r.get("language") or "not stated"),
        ]
        if r.get("editionId"):
            fields.append(("other edition", r["editionId"]))
        m.documents[r["docId"]] = {
            "symbol": r.get("symbol"),
            "body": r["body"],
            "date": r.get("date"),
            "factsUpTo": r.get("factsUpTo"),
        }
        m.add_node(
            MapNode(
                id=r["document"],
                kind="document",
                label=cite_document(m, r["docId"]),
                tip=Tip(r.get("title") or r["docId"], fields),
                ref=r["docId"],
                body=r["body"],
                document=r["docId"],
                date=r.get("date"),
                cite=cite_document(m, r["docId"]),
            )
        )
        by_doc[r["docId"]] = r["document"]
    return by_doc


def _statement_item(row: dict[str, Any]) -> TipItem:
    where = f"{row['docId']} ¶{row['locator']}"
    return TipItem(
        head=f"{where} ({_when(row.get('date'), row.get('factsUpTo'))})",
        fields=[
            ("effect", EFFECT_WORDS.get(row["effect"], row["effect"])),
            ("offences", row["offences"]),
            ("penalty", _penalty(row)),
            ("ages", age_text(row)),
            ("victims", row["sex"]),
            ("year the source gives", str(row["year"]) if row.get("year") else "not stated"),
        ],
        quotes=[Quote(row["quote"], where)],
    )


def add_provisions(m: GapMap, rows: list[dict[str, Any]], statements: list[dict[str, Any]]) -> None:
    by_provision: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for s in statements:
        by_provision[s["provisionIri"]].append(s)
    for r in rows:
        if r["provision"] in m.nodes:  # a second label or version row: the first one wins
            continue
        where = f" ({r['jurisdiction']})" if r.get("jurisdiction") else ""
        m.instruments.setdefault(r["instrument"], r["instrumentLabel"] + where)
        has_version = r.get("version") is not None
        year = r.get("year")
        fields = [
            ("instrument", r["instrumentLabel"]),
            ("version", r.get("versionLabel") or "the law as a whole"),
            (
                "year",
                str(year) if year else ("not stated by the source" if has_version else "—"),
            ),
            ("article", r.get("article") or "the law as a whole"),
        ]
        if r.get("jurisdiction"):
            fields.append(("jurisdiction", r["jurisdiction"]))
        described = by_provision.get(r["provision"], [])
        if not described:
            fields.append(("described by", "no source describes what it provides"))
        m.add_node(
            MapNode(
                id=r["provision"],
                kind="provision",
                label=r["label"],
                tip=Tip(r["label"], fields, [_statement_item(s) for s in described]),
                ref=r["label"],
                instrument=r["instrumentId"],
                group=r["instrument"],
                version=r.get("versionLabel"),
            )
        )


def add_descriptions(m: GapMap, statements: list[dict[str, Any]], docs: dict[str, str]) -> None:
    """`describes` edges: a document to each provision it says something about. They anchor the
    provisions no gap question selects next to the source that describes them."""
    for s in statements:
        m.link(
            "describes",
            docs.get(s["docId"], f"document {s['docId']}"),
            s["provisionIri"],
            f"{s['docId']} describes {s['provision']}",
            _statement_item(s),
        )


def add_recommendations(m: GapMap, rows: list[dict[str, Any]]) -> None:
    for r in rows:
        name = m.bodies.get(r["body"], r["body"])
        where = f"{r['docId']} ¶{r['locator']}"
        fields = [
            ("body", name),
            ("document", r["docId"]),
            ("date", r.get("date") or "undated"),
            ("kind", r["kind"]),
            ("actions", r.get("actions") or "—"),
            ("offences", r.get("offences") or "—"),
            ("provisions", r.get("provisions") or "—"),
        ]
        if r.get("noLaw"):
            fields.append(("asks for", "no law: training, budget or other non-legislative action"))
        short = BODY_SHORT.get(r["body"], r["body"])
        m.add_node(
            MapNode(
                id=r["rec"],
                kind="recommendation",
                label=f"{short} ¶{_short_locator(r['locator'])} {_year(r.get('date'))}",
                tip=Tip(
                    f"{name}: {where}", fields, [TipItem("text", [], [Quote(r["text"], where)])]
                ),
                ref=where,
                body=r["body"],
                document=r["docId"],
                date=r.get("date"),
                no_law=bool(r.get("noLaw")),
                cite=cite_document(m, r["docId"], r["locator"]),
            )
        )


def add_links(m: GapMap, rows: list[dict[str, Any]]) -> None:
    for r in rows:
        source, target = r["source"], r["target"]
        a = m.nodes.get(source)
        b = m.nodes.get(target)
        names = (a.label if a else source, b.label if b else target)
        if r["kind"] == "answers":
            doc = a.document if a and a.document else source
            where = f"{doc} ¶{r['locator']}"
            m.link(
                "answers",
                source,
                target,
                f"State response to {names[1]}",
                TipItem(f"{where}: {r['detail']}", quotes=[Quote(r["quote"], where)]),
            )
        elif r["kind"] == "targets":
            m.link("targets", source, target, f"{names[0]} targets {names[1]}")
        else:
            m.link("stated-in", source, target, f"{names[0]} is stated in {names[1]}")
