"""Options every query command shares, and how they become the API's keywords.

A query command answers from, in order of precedence: `--endpoint URL` (a remote SPARQL 1.1
store), `--graph FILE` (a Turtle file someone produced), or the embedded store in `--out`
(default ./lexgap-out), which is built or rebuilt first when missing or older than its inputs
(decided in one place: `lexgap.api.open_engine`).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from lexgap.core.options import DEFAULT_OUT, FORMATS, default_out


def add_format(p: argparse.ArgumentParser) -> None:
    p.add_argument("--format", choices=FORMATS, default="table", help="output format")


def add_sources(p: argparse.ArgumentParser, readings: bool = True) -> None:
    p.add_argument(
        "--sources",
        type=Path,
        default=None,
        help="folder with manifest.yaml and documents (default: the bundled corpus)",
    )
    if readings:
        p.add_argument(
            "--readings",
            type=Path,
            default=None,
            help="folder of curated readings YAML files (default: the bundled ones)",
        )
        p.add_argument(
            "--recommendations",
            type=Path,
            default=None,
            help="folder of curated recommendation targets and responses (default: the "
            "bundled ones)",
        )


def add_out(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--out",
        type=Path,
        default=default_out(),
        help=f"output folder holding lexgap.ttl and the store (default: $LEXGAP_OUT or "
        f"./{DEFAULT_OUT})",
    )


def add_engine(p: argparse.ArgumentParser) -> None:
    """--sources/--readings/--out for the embedded store, --graph FILE, --endpoint URL."""
    add_sources(p)
    add_out(p)
    p.add_argument(
        "--graph",
        type=Path,
        default=None,
        help="query this Turtle file instead of the embedded store",
    )
    p.add_argument(
        "--endpoint",
        default=None,
        help="query this SPARQL 1.1 endpoint instead (credentials: LEXGAP_SPARQL_TOKEN, "
        "or LEXGAP_SPARQL_USER and LEXGAP_SPARQL_PASSWORD)",
    )


def add_jurisdiction(p: argparse.ArgumentParser) -> None:
    """--jurisdiction J: answer from the documents about one country only."""
    p.add_argument(
        "--jurisdiction",
        default=None,
        metavar="J",
        help="only the source documents about this country (the manifest's jurisdiction; the "
        "bundled Lao corpus is la); see `lexgap sparql --file queries/sparql/jurisdictions.rq`. "
        "Default: every document",
    )


def source_options(args: argparse.Namespace, **override: Any) -> dict[str, Any]:
    """The data-source keywords of the API (`lexgap.api.Options`) from a command's options:
    only those the command has, so each command passes what it offers and nothing else."""
    keys = ("out", "graph", "endpoint", "sources", "readings", "recommendations")
    found = {k: getattr(args, k) for k in keys if getattr(args, k, None) is not None}
    return {**found, **override}


def add_as_of(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--as-of",
        metavar="DATE",
        help="answer as the sources stood on DATE (YYYY-MM-DD, YYYY-MM or YYYY): only the "
        "documents dated on or before it; the undated State report counts from the end of "
        "its latest facts' year",
    )


__all__ = [
    "DEFAULT_OUT",
    "add_as_of",
    "add_engine",
    "add_format",
    "add_jurisdiction",
    "add_out",
    "add_sources",
    "default_out",
    "source_options",
]
