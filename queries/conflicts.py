"""Every disagreement between sources, from the conflicts-*.rq queries, in one shape.

Each conflict has a kind, what it is about, and two sides, each with its document, locator,
the value that source gives and its verbatim quote. Nothing is resolved or averaged: lexgap
shows both sides and lets the reader weigh them.
"""

from __future__ import annotations

from typing import Any

from lexgap.queries import runner
from lexgap.queries.engine import Engine

COLUMNS = [
    "kind",
    "about",
    "a_doc",
    "a_locator",
    "a_value",
    "a_quote",
    "b_doc",
    "b_locator",
    "b_value",
    "b_quote",
]


def _years(row: dict[str, Any]) -> dict[str, Any]:
    # One row per pair of years and documents: all locators, one example quote each.
    _, quote_a = str(row["exampleA"]).split(" || ", 1)
    _, quote_b = str(row["exampleB"]).split(" || ", 1)
    return {
        "kind": "year",
        "about": row["label"],
        "a_doc": row["docA"],
        "a_locator": row["locatorsA"],
        "a_value": str(row["yearA"]),
        "a_quote": quote_a,
        "b_doc": row["docB"],
        "b_locator": row["locatorsB"],
        "b_value": str(row["yearB"]),
        "b_quote": quote_b,
    }


def _penalties(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "kind": "penalty",
        "about": f"{row['instrument']}, art. {row['article']}",
        "a_doc": row["docA"],
        "a_locator": row["locatorA"],
        "a_value": f"{row['penaltyA']}; ages {row['ageA']}",
        "a_quote": row["quoteA"],
        "b_doc": row["docB"],
        "b_locator": row["locatorB"],
        "b_value": f"{row['penaltyB']}; ages {row['ageB']}",
        "b_quote": row["quoteB"],
    }


def _articles(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "kind": "article-number",
        "about": f"{row['offence']} in {row['instrument']}",
        "a_doc": row["docA"],
        "a_locator": row["locatorA"],
        "a_value": f"{row['yearA']} art. {row['articleA']}",
        "a_quote": row["quoteA"],
        "b_doc": row["docB"],
        "b_locator": row["locatorB"],
        "b_value": f"{row['yearB']} art. {row['articleB']}",
        "b_quote": row["quoteB"],
    }


def _status(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "kind": "status",
        "about": row["label"],
        "a_doc": row["docA"],
        "a_locator": row["locatorA"],
        "a_value": row["stageA"],
        "a_quote": row["quoteA"],
        "b_doc": row["docB"],
        "b_locator": row["locatorB"],
        "b_value": row["stageB"],
        "b_quote": row["quoteB"],
    }


def _findings(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "kind": "finding-vs-provision",
        "about": row["offence"],
        "a_doc": row["docA"],
        "a_locator": row["locatorA"],
        "a_value": f"{row['verdict']} ({row['dateA'] or 'undated'})",
        "a_quote": row["quoteA"],
        "b_doc": row["docB"],
        "b_locator": row["locatorB"],
        "b_value": f"{row['provision']} creates offence ({row['dateB'] or 'undated'})",
        "b_quote": row["quoteB"],
    }


SHAPERS = {
    "conflicts-years": _years,
    "conflicts-penalties": _penalties,
    "conflicts-article-numbers": _articles,
    "conflicts-status": _status,
    "conflicts-findings": _findings,
}


def conflicts(engine: Engine) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for query_id, shape in SHAPERS.items():
        rows.extend(shape(r) for r in runner.run(engine, runner.get(query_id)))
    return rows
