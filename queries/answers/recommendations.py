"""Who pressed on a question's offences: exactly the rows of `gap-recommendations`, in two
steps whose cost follows the answer.

Why: `gap-recommendations.rq` reads the provisions each recommendation targets in an OPTIONAL,
which Oxigraph evaluates as a hash join over every targeted provision's label in the graph
(most of one country's time at 100 countries). `sparql/bound/gap-recommendations-core.rq`
selects the recommendations (the same rows without `provisions`), then
`sparql/bound/gap-targets.rq`, bound to those recommendations, gives the labels; they are
folded here into the column `gap-recommendations` has (its GROUP_CONCAT: distinct labels, an
empty string when none). tests/test_gap_findings_split.py checks the equality on both engines.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from lexgap.queries import runner
from lexgap.queries.engine import IRI, Engine


def collect(
    engine: Engine, notations: Sequence[str], jurisdiction: str | None = None
) -> list[dict[str, Any]]:
    """`gap-recommendations`' rows for these offence notations (only documents about
    `jurisdiction`, if given), in its order."""
    only: dict[str, Any] = {} if jurisdiction is None else {"jurisdiction": jurisdiction}
    rows = runner.run(
        engine, runner.bound("gap-recommendations-core"), {"notation": list(notations), **only}
    )
    labels: dict[str, dict[Any, None]] = {}
    recs = sorted({r["rec"] for r in rows})
    if recs:  # rdflib fails on a VALUES block without rows
        for r in runner.run(engine, runner.bound("gap-targets"), {"rec": [IRI(x) for x in recs]}):
            labels.setdefault(r["rec"], {}).setdefault(r["provLabel"], None)
    for row in rows:
        row["provisions"] = "; ".join(str(v) for v in labels.get(row["rec"], {}))
    # gap-recommendations' column order: `provisions` before `text`
    order = [*(c for c in rows[0] if c != "text"), "text"] if rows else []
    ordered = [{c: row[c] for c in order} for row in rows]
    return runner.sort_lists(ordered, runner.get("gap-recommendations"))
