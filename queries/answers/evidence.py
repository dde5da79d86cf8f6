"""What the graph says about the statements a gap question selected, in a few bound steps.

Why: a gap answer used to run `statements`, `gap-statement-extras` and `gap-version-status`
after the question's own query. Each was a round trip, and `statements`' eleven penalty and age
OPTIONALs were each a hash join over every penalty and age band in the graph, so an answer cost
what the whole graph holds (about a second at 100 jurisdictions). `sparql/bound/gap-evidence.rq`
starts every part from the bound statements (its cost follows the answer) and returns long rows;
then `sparql/bound/gap-node-facts.rq`, bound to the statements' provisions and then to what
they are part of, one level up at a time, gives their instruments, articles, distinct-enactment
flags and version statements (a `*` path joined in `gap-evidence` was a hash join over the whole
graph: half of a second at 100 jurisdictions), and `sparql/bound/gap-document-facts.rq`, bound
to the documents of the statements and of those version statements, their ids, bodies,
countries and dates (read once per document, not once per statement). This module joins the
rows back into exactly the rows those three queries give:

- `statements`: one row per distinct combination of its columns (the join of the required
  columns with each optional value, or none), ordered as its ORDER BY orders them;
- `gap-statement-extras`: the stance, distinct-enactment flag and penalty by reference;
- `gap-version-status`: per provision, the version statements about its law version.

tests/test_gap_evidence.py checks the equality on both engines.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from lexgap.core.record import factory, record, replace
from lexgap.queries import runner
from lexgap.queries.engine import IRI, Engine, within_outer_group

# The columns of `statements`, in its SELECT order.
STATEMENT_COLUMNS = (
    "statement",
    "id",
    "docId",
    "body",
    "jurisdiction",
    "date",
    "factsUpTo",
    "locator",
    "instrumentId",
    "provisionIri",
    "provision",
    "year",
    "article",
    "effect",
    "offences",
    "sex",
    "prisonMinMonths",
    "prisonMaxMonths",
    "fineMinKip",
    "fineMaxKip",
    "deathPenalty",
    "reEducation",
    "confiscation",
    "ageMin",
    "ageMinInclusive",
    "ageMax",
    "ageMaxInclusive",
    "quote",
)
CORE = (
    "id",
    "doc",
    "docId",
    "body",
    "jurisdiction",
    "locator",
    "quote",
    "prov",
    "provision",
    "instrumentId",
    "effect",
    "sex",
)
# The columns of `gap-evidence`'s core rows: CORE but the document's facts
# (`gap-document-facts`) and the instrument's id (`gap-node-facts`).
FOUND = ("id", "doc", "locator", "quote", "prov", "provision", "effect", "sex")
DCTERMS = "http://purl.org/dc/terms/"
DOCUMENT_KEYS = {
    DCTERMS + "identifier": "docId",
    "https://lexgap.example.org/ns#issuingBody": "body",
    "https://lexgap.example.org/ns#jurisdiction": "jurisdiction",
    DCTERMS + "date": "date",
    "https://lexgap.example.org/ns#factsUpTo": "factsUpTo",
}
# Optional values of the statement itself; of its document (`date`, `factsUpTo`: the node is
# the document) and of its provision (`article`: the node is the provision).
OWN = (
    "year",
    "prisonMinMonths",
    "prisonMaxMonths",
    "fineMinKip",
    "fineMaxKip",
    "deathPenalty",
    "reEducation",
    "confiscation",
    "ageMin",
    "ageMinInclusive",
    "ageMax",
    "ageMaxInclusive",
)
# About one country: only the statements of its documents (`?jurisdiction` bound).
ONE_COUNTRY = (
    "?statement <https://lexgap.example.org/ns#statedIn>/"
    "<https://lexgap.example.org/ns#jurisdiction> ?jurisdiction ."
)
REF = ("refId", "refProvision", "refDocId", "refLocator", "refQuote")
# A version statement as `gap-node-facts` gives it; its document's id, body, jurisdiction and
# dates come from `gap-document-facts`.
VERSION = ("version", "versionLabel", "stage", "vsDoc", "vsId", "vsLocator", "vsQuote")


@record
class StatementEvidence:
    """The rows of `statements`, `gap-statement-extras` and `gap-version-status` (by
    provision IRI) for the bound statements."""

    statements: list[dict[str, Any]]
    extras: list[dict[str, Any]]
    versions: dict[str, list[dict[str, Any]]] = factory(default_factory=dict)


def _values(values: Iterable[Any]) -> list[Any]:
    """The distinct values, in first-seen order; [None] when there are none, as an unmatched
    OPTIONAL leaves the column unbound."""
    return list(dict.fromkeys(values)) or [None]


def _order_key(row: dict[str, Any]) -> tuple[Any, ...]:
    """`statements`' ORDER BY: STR(?docId) STR(?instrumentId) ?year COALESCE(STR(?article), "")
    STR(?id); an unbound year sorts first, as SPARQL orders unbound before bound."""
    year = row["year"]
    return (
        str(row["docId"]),
        str(row["instrumentId"]),
        year is not None,
        year if year is not None else 0,
        "" if row["article"] is None else str(row["article"]),
        str(row["id"]),
    )


def collect(
    engine: Engine, statements: Sequence[IRI], jurisdiction: str | None = None
) -> StatementEvidence:
    """The evidence on `statements` (only those of documents about `jurisdiction`, if given)."""
    query = runner.bound("gap-evidence")
    bindings: dict[str, Any] = {"statement": list(statements)}
    if jurisdiction is not None:
        query = replace(
            query,
            text=within_outer_group(query.text, ONE_COUNTRY),
            params=(*query.params, "jurisdiction"),
        )
        bindings["jurisdiction"] = jurisdiction
    rows = runner.run(engine, query, bindings)
    cores: dict[str, dict[tuple[Any, ...], None]] = defaultdict(dict)
    facts: dict[str, dict[str, list[Any]]] = defaultdict(lambda: defaultdict(list))
    refs: dict[str, dict[tuple[Any, ...], None]] = defaultdict(dict)
    for r in rows:
        s = r["statement"]
        part = r["part"]
        if part == "core":
            cores[s].setdefault(tuple(r[c] for c in FOUND), None)
        elif part == "fact":
            facts[s][r["key"]].append(r["value"])
        elif part == "ref":
            refs[s].setdefault(tuple(r[c] for c in REF), None)
    about = {s: _values(facts[s].get("provision", [])) for s in cores}
    nodes = _node_facts(engine, sorted({str(p) for ps in about.values() for p in ps if p}))
    # the statements' documents and those of the version statements, in one read
    documents = _document_facts(
        engine,
        sorted(
            {str(c[1]) for cs in cores.values() for c in cs}
            | {str(v[3]) for vs in nodes.versions.values() for v in vs}
        ),
    )

    out = StatementEvidence(statements=[], extras=[])
    distinct: dict[tuple[Any, ...], None] = {}
    for s in sorted(cores):
        f = facts[s]
        offences = " ".join(sorted({str(v) for v in f.get("offence", [])}))
        if not offences:  # `statements` requires an offence; every branch here has one
            continue
        provisions = [p for p in about[s] if p is not None]
        # the resources each provision is part of (itself included): `eli:is_part_of*`
        reached = [(p, n) for p in provisions for n in nodes.part.get(str(p), [])]
        f["distinct"] = [v for _, n in reached for v in nodes.distinct.get(n, [])]
        # `statements`' required columns: the core rows joined with their document's facts
        # (of the country asked about, if any) and their provision's instruments
        full: list[dict[str, Any]] = []
        for core in cores[s]:
            c = dict(zip(FOUND, core, strict=True))
            d = documents.get(str(c["doc"]), {})
            places = [j for j in d.get("jurisdiction", []) if jurisdiction in (None, j)]
            for doc_id, body, place, instrument in itertools.product(
                d.get("docId", []),
                d.get("body", []),
                places,
                nodes.instrument.get(str(c["prov"]), []),
            ):
                full.append(
                    {
                        **c,
                        "docId": doc_id,
                        "body": body,
                        "jurisdiction": place,
                        "instrumentId": instrument,
                    }
                )
        if not full:  # `statements` has no row for it: nor do the extras and versions
            continue
        for c in full:
            d = documents[str(c["doc"])]
            choices = [
                d.get("date") or [None],
                d.get("factsUpTo") or [None],
                nodes.article.get(str(c["prov"])) or [None],
                *(_values(f.get(k, [])) for k in OWN),
            ]
            for date, facts_up_to, article, *own in itertools.product(*choices):
                row = {
                    "statement": s,
                    **{k: c[k] for k in CORE if k not in ("doc", "prov")},
                    "date": date,
                    "factsUpTo": facts_up_to,
                    "article": article,
                    "provisionIri": c["prov"],
                    "offences": offences,
                    **dict(zip(OWN, own, strict=True)),
                }
                key = tuple(row[k] for k in STATEMENT_COLUMNS)
                if key not in distinct:
                    distinct[key] = None
                    out.statements.append({k: row[k] for k in STATEMENT_COLUMNS})
        out.extras.extend(_extras(s, f, refs[s]))
        versions = {(p, *v): None for p, n in reached for v in nodes.versions.get(n, {})}
        for node, *version in versions:
            out.versions.setdefault(str(node), [])
            v = dict(zip(VERSION, version, strict=True))
            vs_doc = documents.get(str(v["vsDoc"]), {})
            # the join with the document's id, body and jurisdiction (required) and its
            # dates (optional)
            for doc_id, body, place, date, facts_up_to in itertools.product(
                vs_doc.get("docId", []),
                vs_doc.get("body", []),
                vs_doc.get("jurisdiction", []),
                vs_doc.get("date") or [None],
                vs_doc.get("factsUpTo") or [None],
            ):
                item = {
                    "provision": node,
                    "version": v["version"],
                    "versionLabel": v["versionLabel"],
                    "stage": v["stage"],
                    "id": v["vsId"],
                    "docId": doc_id,
                    "body": body,
                    "jurisdiction": place,
                    "date": date,
                    "factsUpTo": facts_up_to,
                    "locator": v["vsLocator"],
                    "quote": v["vsQuote"],
                }
                if item not in out.versions[str(node)]:
                    out.versions[str(node)].append(item)
    out.statements.sort(key=_order_key)
    for items in out.versions.values():
        # `gap-version-status`' ORDER BY ?version ?docId ?locator ?id
        items.sort(
            key=lambda r: (str(r["version"]), str(r["docId"]), str(r["locator"]), str(r["id"]))
        )
    return out


@record
class NodeFacts:
    """`gap-node-facts`' rows for the provisions and every resource above them: the resources
    each provision is part of (`eli:is_part_of*`, itself included), its instruments' ids
    (through `(eli:is_part_of|dcterms:isVersionOf)*`) and article numbers, the distinct-
    enactment flags and version statements (VERSION tuples) by resource. Values distinct, in
    first-seen order."""

    part: dict[str, list[str]] = factory(default_factory=dict)
    instrument: dict[str, list[Any]] = factory(default_factory=dict)
    article: dict[str, list[Any]] = factory(default_factory=dict)
    distinct: dict[str, list[Any]] = factory(default_factory=dict)
    versions: dict[str, dict[tuple[Any, ...], None]] = factory(default_factory=dict)


def _document_facts(engine: Engine, documents: list[str]) -> dict[str, dict[str, list[Any]]]:
    """Document IRI -> its facts (`DOCUMENT_KEYS`' names) -> the values, distinct, in
    first-seen order."""
    if not documents:  # rdflib fails on a VALUES block without rows
        return {}
    found = runner.run(
        engine, runner.bound("gap-document-facts"), {"doc": [IRI(d) for d in documents]}
    )
    seen: dict[str, dict[str, dict[Any, None]]] = {}
    for r in found:
        key = DOCUMENT_KEYS[r["key"]]
        seen.setdefault(r["doc"], {}).setdefault(key, {}).setdefault(r["value"], None)
    return {d: {k: list(v) for k, v in facts.items()} for d, facts in seen.items()}


def _reach(start: str, steps: dict[str, dict[str, None]]) -> list[str]:
    """`start` and every node reached from it by `steps` (a `*` path: cycles end)."""
    seen = {start: None}
    todo = [start]
    while todo:
        for up in steps.get(todo.pop(), {}):
            if up not in seen:
                seen[up] = None
                todo.append(up)
    return list(seen)


def _node_facts(engine: Engine, provisions: list[str]) -> NodeFacts:
    """The provisions' facts, one bound query per level up (gap-node-facts.rq says why)."""
    out = NodeFacts()
    part_of: dict[str, dict[str, None]] = {}  # eli:is_part_of
    above: dict[str, dict[str, None]] = {}  # eli:is_part_of or dcterms:isVersionOf
    seen: dict[str, dict[str, dict[Any, None]]] = {
        k: {} for k in ("article", "instrumentId", "distinct")
    }
    instruments: set[str] = set()  # the resources that are a lex:Instrument
    asked = set(provisions)
    frontier = provisions
    while frontier:  # rdflib fails on a VALUES block without rows
        found = runner.run(
            engine, runner.bound("gap-node-facts"), {"node": [IRI(n) for n in frontier]}
        )
        named: dict[str, None] = {}
        for r in found:
            key, node = r["key"], r["node"]
            if key in ("isPartOf", "isVersionOf"):
                up = r["value"]
                if key == "isPartOf":
                    part_of.setdefault(node, {})[up] = None
                above.setdefault(node, {})[up] = None
                if up not in asked:
                    named[up] = None
            elif key == "version":
                version = (node, *(r[c] for c in VERSION[1:]))
                out.versions.setdefault(node, {}).setdefault(version, None)
            elif key == "instrument":
                instruments.add(node)
            else:
                seen[key].setdefault(node, {}).setdefault(r["value"], None)
        asked.update(named)
        frontier = sorted(named)
    # an instrument id counts on an instrument only (`?node a lex:Instrument ; lex:instrumentId`)
    ids = {n: v for n, v in seen["instrumentId"].items() if n in instruments}
    for p in provisions:
        out.part[p] = _reach(p, part_of)
        out.instrument[p] = list({i: None for n in _reach(p, above) for i in ids.get(n, {})})
    out.article = {n: list(v) for n, v in seen["article"].items()}
    out.distinct = {n: list(v) for n, v in seen["distinct"].items()}
    return out


def _extras(
    statement: str, f: dict[str, list[Any]], refs: dict[tuple[Any, ...], None]
) -> list[dict[str, Any]]:
    """`gap-statement-extras`' rows for one statement: none unless it has a stance, a
    distinct-enactment flag or a penalty by reference."""
    out = []
    for stance, flag, ref in itertools.product(
        _values(f.get("stance", [])),
        _values(f.get("distinct", [])),
        list[tuple[Any, ...] | None](refs) or [None],
    ):
        if stance is None and flag is None and ref is None:
            continue
        row = {"statement": statement, "stance": stance, "distinct": flag}
        row.update(dict(zip(REF, ref or (None,) * len(REF), strict=True)))
        out.append(row)
    return out
