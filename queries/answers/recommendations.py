"""Who pressed on a question's offences: exactly the rows of `gap-recommendations`, in two
steps whose cost follows the answer.

Why: `gap-recommendations.rq` reads the provisions each recommendation targets in an OPTIONAL,
which Oxigraph evaluates as a hash join over every targeted provision's label in the graph
(most of one country's time at 100 countries), and joins every offence each concerns before it
groups (three rows a recommendation, each with a dozen lookups, for one GROUP_CONCAT).
`sparql/bound/gap-recommendations-core.rq` selects the recommendations (the same rows, in the
same order, without `offences` and `provisions`), then `sparql/bound/gap-targets.rq`, bound to
those recommendations, gives the labels and the offences' notations; they are folded here into
the columns `gap-recommendations` has (its GROUP_CONCATs: distinct values, an empty string when
no label). tests/test_gap_findings_split.py checks the equality on both engines.
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
    offences: dict[str, dict[Any, None]] = {}
    recs = sorted({r["rec"] for r in rows})
    if recs:  # rdflib fails on a VALUES block without rows
        for r in runner.run(engine, runner.bound("gap-targets"), {"rec": [IRI(x) for x in recs]}):
            if r["provLabel"] is not None:
                labels.setdefault(r["rec"], {}).setdefault(r["provLabel"], None)
            if r["concerns"] is not None:
                offences.setdefault(r["rec"], {}).setdefault(r["concerns"], None)
    # gap-recommendations' column order: `offences` and `provisions` before `text`; a
    # recommendation concerning no offence with a notation has no row there (its join)
    ordered = [
        {
            **{c: v for c, v in row.items() if c != "text"},
            "offences": " ".join(str(v) for v in offences[row["rec"]]),
            "provisions": "; ".join(str(v) for v in labels.get(row["rec"], {})),
            "text": row["text"],
        }
        for row in rows
        if row["rec"] in offences
    ]
    return runner.sort_lists(ordered, runner.get("gap-recommendations"))
