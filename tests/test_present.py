"""Penalty and age phrases shown to people say exactly what the numbers say."""

from __future__ import annotations

from typing import Any

import pytest

from lexgap.queries.present import age_text, penalty_text

PENALTIES: list[tuple[dict[str, Any], str]] = [
    (
        {"prisonMinMonths": 3, "prisonMaxMonths": 12, "fineMaxKip": 3_000_000},
        "3 months to 1 year of imprisonment; fine up to 3,000,000 kip",
    ),
    (
        {
            "prisonMinMonths": 120,
            "prisonMaxMonths": 240,
            "fineMaxKip": 70_000_000,
            "deathPenalty": True,
        },
        "10 years to 20 years of imprisonment; fine up to 70,000,000 kip; or the death penalty",
    ),
    (
        {
            "prisonMinMonths": 3,
            "prisonMaxMonths": 12,
            "fineMinKip": 1_000_000,
            "fineMaxKip": 2_000_000,
            "reEducation": True,
        },
        "3 months to 1 year of imprisonment; fine 1,000,000 kip to 2,000,000 kip; "
        "re-education without deprivation of liberty",
    ),
    (
        {
            "fineMaxKip": 500_000_000,
            "prisonMinMonths": 180,
            "prisonMaxMonths": 240,
            "confiscation": True,
        },
        "15 years to 20 years of imprisonment; fine up to 500,000,000 kip; confiscation",
    ),
    ({}, "no penalty stated"),
]

AGES: list[tuple[dict[str, Any], str]] = [
    (
        {"ageMin": 15, "ageMinInclusive": True, "ageMax": 18, "ageMaxInclusive": False},
        "15 to under 18",
    ),
    (
        {"ageMin": 12, "ageMinInclusive": True, "ageMax": 18, "ageMaxInclusive": True},
        "12 to 18 inclusive",
    ),
    ({"ageMax": 12, "ageMaxInclusive": False}, "under 12"),
    ({"ageMin": 18, "ageMinInclusive": False}, "over 18"),
    ({"ageMin": 12, "ageMinInclusive": True}, "12 and over"),
    ({"ageMax": 15, "ageMaxInclusive": None}, "up to 15 (inclusion not stated)"),
    ({}, "no age band stated"),
]


@pytest.mark.parametrize(("row", "expected"), PENALTIES)
def test_penalty_text(row: dict[str, Any], expected: str) -> None:
    assert penalty_text(row) == expected


@pytest.mark.parametrize(("row", "expected"), AGES)
def test_age_text(row: dict[str, Any], expected: str) -> None:
    assert age_text(row) == expected
