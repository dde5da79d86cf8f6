"""Which article each version of a code gives an offence, according to each source.

The Penal Code was renumbered in 2017 (and the 2011 study cites articles with no year, in two
numberings): the same offence under art. 129 of the 2005 Code and arts. 250/251 of the 2017
Code is not a disagreement but a concordance, which a lawyer reading the 2019 report beside the
2011 study needs. One row per offence concept, instrument, version (the year the source gives,
or "year not stated") and document, with the articles, locators and quotes; only offence
concepts that the sources place under more than one article number of that instrument.
Only codes the sources present as distinct enactments (instruments.yaml `distinct_versions`)
are listed. Statements come from the conflicts-statements query; reported views are left out.
Each row also gives the other offence concepts the source gives its articles (`other_offences`):
a source's pair across versions is drawn only when the later articles carry every offence the
source gives the earlier ones (000 ¶28's art. 128, rape and the rape of children, and art. 252,
marital rape, share the concept "rape" but are no counterparts).
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from typing import Any

from lexgap.queries.conflicts import Stmt, base_article, doc_when, statement_facts
from lexgap.queries.engine import Engine

COLUMNS = [
    "offence",
    "instrument",
    "version",
    "articles",
    "document",
    "date",
    "locators",
    "quotes",
    "other_offences",
]
NO_YEAR = "year not stated"
OFFENCE_EFFECTS = ("creates-offence", "prohibits")


def _article_key(article: str) -> tuple[int, str]:
    head = base_article(article) or ""
    return (int(head), article) if head.isdigit() else (10**6, article)


def _arts(articles: list[str]) -> str:
    return f"{'art.' if len(articles) == 1 else 'arts.'} {', '.join(articles)}"


def _version(s: Stmt) -> str:
    return NO_YEAR if s.year is None else str(s.year)


def concordance(
    engine: Engine, instrument: str | None = None, jurisdiction: str | None = None
) -> list[dict[str, Any]]:
    """Rows for every offence concept placed under two or more article numbers of one
    instrument (`instrument`: its id, e.g. penal-code, or its label). Each row: offence,
    instrument (label), version, articles, document, date, locators, quotes (list of
    {locator, articles, quote})."""
    stmts = [
        s
        for s in statement_facts(engine)
        if s.asserted and s.national and s.row.get("article") is not None
        # What an article makes an offence or forbids: not a limit on another offence (art. 131
        # punishing those who engage in prostitution, filed under child-victims-not-offenders,
        # is art. 131 again, and no offence of its own).
        if s.row.get("effect") in OFFENCE_EFFECTS
        if instrument is None or instrument in (s.row["instrumentId"], s.row["instrument"])
        if jurisdiction is None or s.row["jurisdiction"] == jurisdiction
    ]
    # Only codes the sources present in distinct enactments (Penal Code 2005 and 2017): in a law
    # with one enactment, two articles on one concept are two provisions, not a renumbering.
    renumbered = {s.row["instrumentId"] for s in stmts if s.row.get("distinct")}
    # Every offence concept each source gives each article of each version (for `pairs`).
    offences: dict[tuple[str, str, str, str], set[str]] = defaultdict(set)
    for s in stmts:
        offences[(s.row["docId"], s.row["instrumentId"], _version(s), str(s.row["article"]))] |= (
            s.concepts
        )
    groups: dict[tuple[str, str], list[Stmt]] = defaultdict(list)
    for s in (s for s in stmts if s.row["instrumentId"] in renumbered):
        for concept in s.concepts:
            groups[(str(s.row["instrument"]), concept)].append(s)
    rows: list[dict[str, Any]] = []
    for (label, concept), members in sorted(groups.items(), key=lambda kv: (kv[0][1], kv[0][0])):
        # Renumbering: the concept under two versions (a year not stated counts as one) and
        # two article numbers; several articles of one version are no concordance.
        if len({s.article for s in members}) < 2 or len({_version(s) for s in members}) < 2:
            continue
        cells: dict[tuple[str, str], list[Stmt]] = defaultdict(list)
        for s in members:
            cells[(_version(s), s.row["docId"])].append(s)
        for (version, doc), ss in sorted(cells.items(), key=lambda kv: (kv[0][0], kv[0][1])):
            articles = sorted({str(s.row["article"]) for s in ss}, key=_article_key)
            # One quote per passage and text, with every article it gives ("articles 250 and
            # 251 of the Penal Code (2017) ...").
            by_quote: dict[tuple[str, str], list[str]] = defaultdict(list)
            for s in ss:
                arts = by_quote[(str(s.row["locator"]), str(s.row["quote"]))]
                if str(s.row["article"]) not in arts:
                    arts.append(str(s.row["article"]))
            quotes = [
                {"locator": loc, "articles": sorted(arts, key=_article_key), "quote": quote}
                for (loc, quote), arts in sorted(
                    by_quote.items(), key=lambda kv: (kv[0][0], _article_key(kv[1][0]))
                )
            ]
            rows.append(
                {
                    "offence": concept,
                    "instrument": label,
                    "version": version,
                    "articles": articles,
                    "document": doc,
                    "date": doc_when(ss[0].row),
                    "locators": sorted({q["locator"] for q in quotes}),
                    "quotes": quotes,
                    "other_offences": sorted(
                        f"{art}: {c}"
                        for art in articles
                        for c in offences[(doc, ss[0].row["instrumentId"], version, art)]
                        if c != concept
                    ),
                }
            )
    return rows


def _covers(earlier: dict[str, Any], later: dict[str, Any]) -> bool:
    """Whether the later version's articles carry every offence the same source gives the
    earlier one's: a counterpart does, and two articles that only share a broad concept (art.
    128 of 2005, rape and the rape of children, and art. 252 of 2017, marital rape, 000 ¶28)
    do not."""

    def concepts(r: dict[str, Any]) -> set[str]:
        return {r["offence"]} | {o.split(": ", 1)[1] for o in r["other_offences"]}

    return concepts(earlier) <= concepts(later)


def pairs(rows: list[dict[str, Any]]) -> list[str]:
    """Lines for each source that gives one offence concept under two versions: 'sexual-
    intercourse-with-child, Penal Code: 2005 art. 129 <-> 2017 arts. 250, 251 per
    a-hrc-40-51-add-1 ¶28'. Only where the later articles carry every offence the source gives
    the earlier (see _covers): the concept is the taxonomy's, and two articles that share only
    it (rape, marital rape) are no counterparts."""
    by_doc: dict[tuple[str, str, str], dict[str, dict[str, Any]]] = defaultdict(dict)
    for r in rows:
        by_doc[(r["offence"], r["instrument"], r["document"])][r["version"]] = r
    out = []
    for (concept, label, doc), versions in sorted(by_doc.items()):
        ordered = [versions[v] for v in sorted(versions)]
        if len(versions) < 2 or not all(_covers(a, b) for a, b in itertools.pairwise(ordered)):
            continue
        parts = []
        locs: list[str] = []
        for version, r in sorted(versions.items()):
            arts = r["articles"]
            parts.append(f"{version} {'art.' if len(arts) == 1 else 'arts.'} {', '.join(arts)}")
            locs += [loc for loc in r["locators"] if loc not in locs]
        where = ", ".join(f"¶{loc}" for loc in locs)
        out.append(f"{concept}, {label}: {' <-> '.join(parts)} per {doc} {where}")
    return out


def flat(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows for CSV: lists joined."""
    return [
        {
            **r,
            "articles": ", ".join(r["articles"]),
            "locators": "; ".join(r["locators"]),
            "other_offences": "; ".join(r["other_offences"]),
            "quotes": " | ".join(
                f"¶{q['locator']} {_arts(q['articles'])}: {q['quote']}" for q in r["quotes"]
            ),
        }
        for r in rows
    ]


def table_lines(rows: list[dict[str, Any]]) -> list[str]:
    """Per offence and instrument: each version's articles per source with quotes, then the
    correspondences a single source gives across versions."""
    lines: list[str] = []
    current: tuple[str, str] | None = None
    for r in rows:
        if (r["offence"], r["instrument"]) != current:
            current = (r["offence"], r["instrument"])
            lines.append(f"[{r['offence']}] {r['instrument']}")
        arts = r["articles"]
        which = f"{'art.' if len(arts) == 1 else 'arts.'} {', '.join(arts)}"
        lines.append(f"  {r['version']:<15} {which:<16} {r['document']} ({r['date']})")
        for q in r["quotes"]:
            lines.append(f'      ¶{q["locator"]} {_arts(q["articles"])}: "{q["quote"]}"')
    found = pairs(rows)
    if found:
        lines += ["", "one source, the same offence concept in two versions:"]
        lines += [f"  {p}" for p in found]
    groups = len({(r["offence"], r["instrument"]) for r in rows})
    lines.append(f"{groups} offence concept(s) under more than one numbering")
    return lines
