"""The timeline of one offence, and which later recommendations repeat an earlier ask.

Events come from the `timeline` query in date order (the undated State report placed by the
year of its latest facts, and shown as undated). Every event already concerns the offence asked
about (or a narrower one), so a recommendation repeats an earlier ask when an earlier
recommendation from another document is in the same timeline.
"""

from __future__ import annotations

from typing import Any

from lexgap.core.output import Rows, columns_of
from lexgap.queries import runner
from lexgap.queries.engine import IRI, Engine


def timeline(engine: Engine, offence: str) -> list[dict[str, Any]]:
    """Events on `offence` (an offence concept IRI) in date order."""
    rows = runner.run(engine, runner.get("timeline"), {"offenceParam": IRI(offence)})
    earlier: list[dict[str, Any]] = []
    for row in rows:
        row.pop("sortKey", None)
        row["repeats"] = None
        if row["event"] == "recommendation":
            prior = [e for e in earlier if e["docId"] != row["docId"]]
            if prior:
                row["repeats"] = ", ".join(
                    f"{e['docId']} ¶{e['locator']} ({e['date'] or 'undated'})" for e in prior
                )
            earlier.append(row)
    columns = [c for c in columns_of(rows, None) if c != "sortKey"]
    return Rows(rows, columns + ([] if "repeats" in columns else ["repeats"]))
