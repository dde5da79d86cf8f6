"""SPARQL result rows -> the typed evidence of a gap answer: the one place that knows the
column names of the gap queries (`gap-*.rq`, `gap-findings.rq`, `gap-recommendations.rq`).

Why a module of its own: the rules (`answers/rules.py`, `answers/ages.py`) reason over typed
`Provision`, `Finding` and `Recommendation` objects and never see a column name, so a query can
rename a column in one place, and the rules can be tested on hand-made evidence.
"""

from __future__ import annotations

from typing import Any

from lexgap.queries.answers.model import Finding, Provision, Recommendation, Source
from lexgap.queries.present import age_text, penalty_words

Row = dict[str, Any]


def split(value: Any, sep: str = " ") -> list[str]:
    """A GROUP_CONCAT column as its parts (empty for an unbound one)."""
    return [p.strip() for p in str(value or "").split(sep.strip() or " ") if p.strip()]


def source(row: Row) -> Source:
    """Who said it, when and where: every evidence row carries these columns."""
    return Source(
        document=row["docId"],
        body=row["body"],
        date=row.get("date"),
        facts_up_to=row.get("factsUpTo"),
        locator=row["locator"],
        quote=row["quote"],
        jurisdiction=row.get("jurisdiction"),
    )


def provision(row: Row, missing: list[str]) -> Provision:
    """A statement row as a Provision, with what the question's query says it leaves out."""
    penalty = {
        "prison_min_months": row.get("prisonMinMonths"),
        "prison_max_months": row.get("prisonMaxMonths"),
        "fine_min_kip": row.get("fineMinKip"),
        "fine_max_kip": row.get("fineMaxKip"),
        "death_penalty": row.get("deathPenalty"),
        "re_education": row.get("reEducation"),
        "confiscation": row.get("confiscation"),
        "text": penalty_words(row),
    }
    age = {
        "min": row.get("ageMin"),
        "min_inclusive": row.get("ageMinInclusive"),
        "max": row.get("ageMax"),
        "max_inclusive": row.get("ageMaxInclusive"),
        "text": age_text(row),
    }
    return Provision(
        statement=row["statement"],
        statement_id=row["id"],
        provision=row["provision"],
        provision_iri=row["provisionIri"],
        instrument=row["instrumentId"],
        year=row.get("year"),
        article=row.get("article"),
        effect=row["effect"],
        offences=sorted(split(row["offences"])),
        sex=row["sex"],
        penalty=penalty,
        age=age,
        missing=sorted(set(missing)),
        source=source(row),
    )


def findings(rows: list[Row]) -> list[Finding]:
    """Assessment rows as Findings, one per assessment, oldest first."""
    # An assessment reached both as same-or-narrower and as broader keeps the closer scope.
    by_node: dict[str, Finding] = {}
    for r in rows:
        f = Finding(
            assessment=r["assessment"],
            assessment_id=r["id"],
            verdict=r["verdict"],
            scope=r["scope"],
            offences=sorted(split(r["offences"])),
            considered=sorted(split(r["consideredLabels"], "; ")),
            considered_iris=sorted(split(r["consideredIris"])),
            considered_instruments=sorted(split(r.get("consideredInstruments"))),
            source=source(r),
        )
        known = by_node.get(f.assessment)
        if known is None or (known.scope == "broader" and f.scope != "broader"):
            by_node[f.assessment] = f
        elif known.scope == f.scope:
            known.offences = sorted({*known.offences, *f.offences})
    return sorted(
        by_node.values(),
        key=lambda f: (f.source.year or 9999, f.source.document, f.source.locator, f.assessment_id),
    )


def recommendations(rows: list[Row]) -> list[Recommendation]:
    """Recommendation rows as Recommendations, one per recommendation, oldest first."""
    seen: dict[str, Recommendation] = {}
    # A recommendation reached on the question's own concept and on a broader one keeps the
    # closer scope.
    rows = sorted(rows, key=lambda r: r.get("scope") != "broader")
    for r in rows:
        seen[r["rec"]] = Recommendation(
            recommendation=r["rec"],
            body=r["body"],
            document=r["docId"],
            locator=r["locator"],
            date=r.get("date"),
            kind=r["kind"],
            offences=sorted(split(r["offences"])),
            provisions=sorted(split(r["provisions"], "; ")),
            text=r["text"],
            scope=r.get("scope") or "same-or-narrower",
            effective_date=Source(
                r["docId"], "", r.get("date"), r.get("factsUpTo"), "", ""
            ).effective_date,
        )
    return sorted(seen.values(), key=lambda r: (r.date or "9999", r.document, _loc_key(r.locator)))


def _loc_key(locator: str) -> tuple[int, str]:
    head = locator.split("(")[0]
    return (int(head), locator) if head.isdigit() else (10**6, locator)
