"""The gap matrix: one row per question with its status, the provisions it rests on and the
latest recommendation; what `lexgap gaps` prints and the CSV export's gap_matrix table holds."""

from __future__ import annotations

from typing import Any

from lexgap.queries.answers.gaps import answer_all
from lexgap.queries.answers.model import GapAnswer
from lexgap.queries.engine import Engine

MATRIX_COLUMNS = [
    "id",
    "question",
    "status",
    "key_provisions",
    "findings",
    "recommendations",
    "latest_recommendation",
]


def matrix_row(a: GapAnswer) -> dict[str, Any]:
    """One row of the gap matrix: the status, the provisions it rests on, the latest ask."""
    full = (
        [p for p in a.provisions if p.role == "provision"]
        or [p for p in a.provisions if p.role == "partial-provision"]
        or a.provisions
    )
    labels = list(dict.fromkeys(p.provision for p in full))
    latest = a.latest_recommendation
    return {
        "id": a.id,
        "question": a.question,
        "status": a.status,
        # Every provision, never "... (+2)": the CSV export and JSON are data (issue 18); the
        # table wraps the cell instead.
        "key_provisions": "; ".join(labels),
        "findings": len(a.findings),
        "recommendations": len(a.recommendations),
        "latest_recommendation": (
            f"{latest.body} {latest.document} ¶{latest.locator} ({latest.date})" if latest else ""
        ),
    }


def gap_matrix(
    engine: Engine, jurisdiction: str | None = None, as_of: str | None = None
) -> list[dict[str, Any]]:
    """The whole matrix: one row per catalogue question."""
    return [matrix_row(a) for a in answer_all(engine, jurisdiction, as_of)]
