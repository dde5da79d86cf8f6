"""Numbers in words a lawyer reads at a glance: penalties and age bands from statement rows.

The JSON and CSV outputs keep the numbers; tables and `ask` answers show these phrases, which
say exactly what the numbers say (inclusive/exclusive bounds included) and nothing more.
"""

from __future__ import annotations

from typing import Any

from lexgap.core.output import snake


def _field(row: dict[str, Any], key: str) -> Any:
    """A statement field by its query name (camelCase, as the queries return it) or its public
    name (snake_case, as the API returns it)."""
    return row[key] if key in row else row.get(snake(key))


def _months(n: int) -> str:
    if n % 12 == 0:
        years = n // 12
        return f"{years} year" + ("s" if years != 1 else "")
    return f"{n} month" + ("s" if n != 1 else "")


def _range(lo: Any, hi: Any, fmt: Any) -> str | None:
    if lo is None and hi is None:
        return None
    if lo is not None and hi is not None:
        return fmt(lo) if lo == hi else f"{fmt(lo)} to {fmt(hi)}"
    if hi is not None:
        return f"up to {fmt(hi)}"
    return f"at least {fmt(lo)}"


NO_PENALTY = "no penalty stated"


def penalty_stated(row: dict[str, Any]) -> bool:
    """Whether the statement states a penalty at all: the death-penalty flag is bound (true or
    false) on every stated penalty, and only there."""
    return _field(row, "deathPenalty") is not None


def penalty_words(row: dict[str, Any]) -> str:
    """The penalty in words, or NO_PENALTY when the statement states none."""
    return penalty_text(row) if penalty_stated(row) else NO_PENALTY


def penalty_text(row: dict[str, Any]) -> str:
    """'3 months to 1 year of imprisonment; fine up to 3,000,000 kip; or re-education'."""
    parts: list[str] = []
    prison = _range(_field(row, "prisonMinMonths"), _field(row, "prisonMaxMonths"), _months)
    if prison:
        parts.append(f"{prison} of imprisonment")
    fine = _range(_field(row, "fineMinKip"), _field(row, "fineMaxKip"), lambda k: f"{k:,} kip")
    if fine:
        parts.append(f"fine {fine}")
    if _field(row, "reEducation"):
        parts.append("re-education without deprivation of liberty")
    if _field(row, "deathPenalty"):
        parts.append("or the death penalty")
    if _field(row, "confiscation"):
        parts.append("confiscation")
    return "; ".join(parts) if parts else NO_PENALTY


def age_text(row: dict[str, Any]) -> str:
    """'15 (incl.) to under 18', 'under 12', '12 and over', or 'no age band stated'."""
    lo, lo_inc = _field(row, "ageMin"), _field(row, "ageMinInclusive")
    hi, hi_inc = _field(row, "ageMax"), _field(row, "ageMaxInclusive")
    if lo is None and hi is None:
        return "no age band stated"

    def upper() -> str:
        if hi_inc is None:
            return f"up to {hi} (inclusion not stated)"
        return f"{hi} and under" if hi_inc else f"under {hi}"

    def lower() -> str:
        if lo_inc is None:
            return f"from {lo} (inclusion not stated)"
        return f"{lo} and over" if lo_inc else f"over {lo}"

    if lo is None:
        return upper()
    if hi is None:
        return lower()
    left = f"{lo}" if lo_inc else f"over {lo}"
    right = {True: f"{hi} inclusive", False: f"under {hi}", None: f"{hi} (inclusion not stated)"}
    return f"{left} to {right[hi_inc]}"


SUMMARY_COLUMNS = [
    "document",
    "locator",
    "provision",
    "offences",
    "penalty",
    "ages",
    "sex",
    "quote",
]


def statement_summary(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "document": _field(row, "docId"),
        "locator": row["locator"],
        "provision": row["provision"],
        "offences": row["offences"],
        "penalty": penalty_text(row),
        "ages": age_text(row),
        "sex": row["sex"],
        "quote": row["quote"],
    }
