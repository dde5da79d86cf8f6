"""What the sources found on a question's offences: exactly the rows of `gap-findings`, in two
steps whose cost follows the answer.

Why: `gap-findings.rq` joins every assessment with the laws it considered in an OPTIONAL (a
path from each law to its instrument), which Oxigraph evaluates as a hash join over every
assessment in the graph: a second at 100 countries, even for the three findings about one
country. `sparql/bound/gap-findings-core.rq` selects the findings (the same rows without the
three considered-law columns), then `sparql/bound/gap-considered.rq`, bound to those
assessments, gives the laws each considered; they are folded here into the columns
`gap-findings` has (its GROUP_CONCATs: distinct values, an empty string when none).
tests/test_gap_findings_split.py checks the equality on both engines.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from lexgap.queries import runner
from lexgap.queries.engine import IRI, Engine

# gap-findings' considered-law columns: (column, gap-considered's column, separator)
CONSIDERED = (
    ("consideredIris", "considered", " "),
    ("consideredLabels", "consideredLabel", "; "),
    ("consideredInstruments", "consideredInstrument", " "),
)


def collect(
    engine: Engine, notations: Sequence[str], jurisdiction: str | None = None
) -> list[dict[str, Any]]:
    """`gap-findings`' rows for these offence notations (only documents about `jurisdiction`,
    if given), in its order."""
    only: dict[str, Any] = {} if jurisdiction is None else {"jurisdiction": jurisdiction}
    rows = runner.run(
        engine, runner.bound("gap-findings-core"), {"notation": list(notations), **only}
    )
    laws: dict[str, dict[str, dict[Any, None]]] = {}
    assessments = sorted({r["assessment"] for r in rows})
    if assessments:  # rdflib fails on a VALUES block without rows
        found = runner.run(
            engine, runner.bound("gap-considered"), {"assessment": [IRI(a) for a in assessments]}
        )
        for r in found:
            per = laws.setdefault(r["assessment"], {c: {} for _, c, _ in CONSIDERED})
            for _, column, _ in CONSIDERED:
                per[column].setdefault(r[column], None)
    for row in rows:
        per = laws.get(row["assessment"], {})
        for name, column, sep in CONSIDERED:
            row[name] = sep.join(str(v) for v in per.get(column, {}))
    return runner.sort_lists(rows, runner.get("gap-findings"))
