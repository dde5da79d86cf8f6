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

import re
from collections import defaultdict
from typing import Any

from lexgap.gapmap.cite import citation, document_ref, readable, short_citation
from lexgap.gapmap.model import GapMap, MapNode, Quote, Tip, TipItem
from lexgap.gapmap.style import (
    BODY_SHORT,
    EFFECT_WORDS,
    JURISDICTION_NAMES,
    RECOMMENDATION_KIND_WORDS,
    RESPONSE_WORDS,
    SEX_WORDS,
    VERDICT_WORDS,
    words,
)
from lexgap.loaders.citation_form import LANGUAGES, format_date
from lexgap.queries.present import age_text, penalty_words


def _year(date: str | None) -> str:
    return date[:4] if date else "undated"


def _short_locator(locator: str, limit: int = 26) -> str:
    """'Recommendations > Legal & Policy Framework #3' -> 'Legal & Policy Framework #3'."""
    tail = locator.rsplit(">", 1)[-1].strip()
    return tail if len(tail) <= limit else tail[: limit - 1] + "…"


def _penalty(row: dict[str, Any]) -> str:
    return penalty_words(row)


def cite_document(m: GapMap, doc_id: str, locator: str | None = None) -> str:
    """A document (and paragraph) of the map as the CLI cites it (see `gapmap.cite`)."""
    return citation(m.documents.get(doc_id), doc_id, locator)


def short_cite(m: GapMap, doc_id: str, locator: str | None = None) -> str:
    """The same with a document without a UN symbol named short: labels and card lines."""
    return short_citation(m.documents.get(doc_id), doc_id, locator)


def plain(m: GapMap, text: str) -> str:
    """A text written with internal references ('doc-id ¶29 (2015-06-05)'), cited, and with
    its slugs in words: a verdict ('not-criminalised'), an offence notation with a hyphen
    ('csam-possession': its taxonomy label; a one-word notation is left, it may be a word)."""
    text = readable(text, m.documents)
    slugs = {**VERDICT_WORDS, **{k: v for k, v in m.concept_labels.items() if "-" in k}}
    if not slugs:
        return text
    pattern = "|".join(re.escape(k) for k in sorted(slugs, key=len, reverse=True))
    return re.sub(rf"(?<![-\w])(?:{pattern})(?![-\w])", lambda x: slugs[x[0]], text)


def offence_words(m: GapMap, notations: str | list[str] | None) -> str:
    """Offence concepts by their taxonomy labels: 'csam csam-possession' -> 'Child sexual
    abuse material; Possessing child sexual abuse material'."""
    items = notations.split() if isinstance(notations, str) else list(notations or [])
    return "; ".join(dict.fromkeys(m.concept_labels.get(n, n) for n in items)) or "—"


def add_documents(m: GapMap, rows: list[dict[str, Any]]) -> dict[str, str]:
    """Document nodes; returns document id -> node id."""
    by_doc: dict[str, str] = {}
    for r in rows:
        if r["document"] in m.nodes:
            continue
        m.bodies.setdefault(r["body"], r.get("creator") or r["body"])
        ref = m.documents[r["docId"]] = document_ref(r)
        fields = [
            ("UN symbol", r.get("symbol") or "none"),
            ("issued by", ref.issued_by),
            ("date", ref.when),
            ("language", LANGUAGES.get(ref.language, ref.language)),
        ]
        if r.get("editionId"):
            fields.append(("other edition", "also issued in another language"))
        m.add_node(
            MapNode(
                id=r["document"],
                kind="document",
                label=short_cite(m, r["docId"]),
                tip=Tip(ref.title, fields),
                ref=r["docId"],
                body=r["body"],
                document=r["docId"],
                date=r.get("date"),
                cite=cite_document(m, r["docId"]),
                short=short_cite(m, r["docId"]),
            )
        )
        by_doc[r["docId"]] = r["document"]
    return by_doc


def _statement_item(m: GapMap, row: dict[str, Any]) -> TipItem:
    """What one source says a provision does: the source cited once (the quote's own place
    repeats it), then the facts it states."""
    return TipItem(
        head=cite_document(m, row["docId"], row["locator"]),
        fields=[
            ("effect", EFFECT_WORDS.get(row["effect"], row["effect"])),
            ("offences", offence_words(m, row["offences"])),
            ("penalty", _penalty(row)),
            ("ages", age_text(row)),
            ("victims", words(SEX_WORDS, row.get("sex"))),
            ("year the source gives", str(row["year"]) if row.get("year") else "not stated"),
        ],
        quotes=[Quote(row["quote"], "")],
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
            fields.append(("jurisdiction", words(JURISDICTION_NAMES, r["jurisdiction"])))
        described = by_provision.get(r["provision"], [])
        if not described:
            fields.append(("described by", "no source describes what it provides"))
        m.add_node(
            MapNode(
                id=r["provision"],
                kind="provision",
                label=r["label"],
                tip=Tip(r["label"], fields, [_statement_item(m, s) for s in described]),
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
            f"{cite_document(m, s['docId'])} describes {s['provision']}",
            _statement_item(m, s),
        )


def add_recommendations(m: GapMap, rows: list[dict[str, Any]]) -> None:
    for r in rows:
        name = m.bodies.get(r["body"], r["body"])
        cite = cite_document(m, r["docId"], r["locator"])
        fields = [
            ("body", name),
            ("date", format_date(r["date"]) if r.get("date") else "undated"),
            ("kind", words(RECOMMENDATION_KIND_WORDS, r["kind"])),
            ("actions", r.get("actions") or "—"),
            ("offences", offence_words(m, r.get("offences"))),
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
                tip=Tip(cite, fields, [TipItem("Its words", [], [Quote(r["text"], "")])]),
                ref=f"{r['docId']} ¶{r['locator']}",
                body=r["body"],
                document=r["docId"],
                date=r.get("date"),
                no_law=bool(r.get("noLaw")),
                cite=cite,
                short=short_cite(m, r["docId"], r["locator"]),
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
            where = cite_document(m, doc, r["locator"])
            m.link(
                "answers",
                source,
                target,
                f"State response to {b.cite if b and b.cite else names[1]}",
                TipItem(
                    f"{where}: {words(RESPONSE_WORDS, r['detail'])}",
                    quotes=[Quote(r["quote"], "")],
                ),
            )
        elif r["kind"] == "targets":
            m.link("targets", source, target, f"{names[0]} targets {names[1]}")
        else:
            m.link("stated-in", source, target, f"{names[0]} is stated in {names[1]}")
