"""`lexgap report`: the brief to share, as one offline HTML page or as Markdown.

`--out` names where it goes, as for `lexgap gapmap`: a path ending in .html/.htm/.md is the
file (its suffix also picks the format when --format is not given); `-` prints it; any other
path is an output folder, which gets report.html (or report.md) and is where the embedded store
is read from. With a file, the store is read from `--store` (default: $LEXGAP_OUT or
./lexgap-out). `--graph FILE` and `--endpoint URL` answer from a Turtle file or an endpoint.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from lexgap.cli.common import (
    add_as_of,
    add_jurisdiction,
    add_sources,
    command,
    default_out,
    page_targets,
    source_group,
    source_options,
)
from lexgap.core.options import default_out_help

SUFFIXES = {".html": "html", ".htm": "html", ".md": "md", ".markdown": "md"}
STDOUT = "-"


def _targets(out: str | None, store: Path | None, fmt: str) -> tuple[Path | None, Path]:
    """(the file to write, None for stdout; the store folder) from --out and --store."""
    if out == STDOUT:
        return None, store or default_out()
    path = Path(out) if out is not None else None
    return page_targets(path, store, f"report.{fmt}", tuple(SUFFIXES))


def cmd_report(args: argparse.Namespace) -> int:
    from lexgap import api

    fmt = args.format or (
        SUFFIXES.get(Path(args.out).suffix.lower(), "html") if args.out else "html"
    )
    target, store = _targets(args.out, args.store, fmt)
    made = api.report(
        target,
        format=fmt,
        questions=args.question or (),
        as_of=args.as_of,
        jurisdiction=args.jurisdiction,
        **source_options(args, out=store),
    )
    b = made.brief
    if target is None:
        sys.stdout.write(made.text)
        return 0
    print(
        f"wrote {target}: {len(b.sections)} question(s), {len(b.notes)} footnote(s), "
        f"{len(b.conflicts)} conflict(s)"
    )
    return 0


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = command(
        sub,
        "report",
        "the brief to share: gap matrix and answers, every claim footnoted (HTML or md)",
        [
            "lexgap report --out brief.html            # every question, printable HTML",
            "lexgap report --format md --out - --question rape-of-boys csam-possession",
            "lexgap report --as-of 2015-06-05          # as the sources stood on that date",
        ],
        description="Write a self-contained, printable brief: the gap matrix, then each answer\n"
        "with its reasons, provisions (penalties, ages, sex), findings, recommendations and\n"
        "conflicts, every claim footnoted with its citation and the source's own words. The\n"
        "HTML page works offline and prints to PDF from a browser.",
    )
    p.add_argument(
        "--format",
        choices=("html", "md"),
        default=None,
        help="html (default; or from --out's suffix) or md (Markdown with footnotes)",
    )
    p.add_argument(
        "--out",
        default=None,
        metavar="FILE|DIR|-",
        help="the brief (a path ending in .html or .md), - for standard output, or an output "
        f"folder to write report.html into and read the store from (default: {default_out_help()})",
    )
    p.add_argument(
        "--question",
        nargs="+",
        action="extend",
        metavar="ID",
        help="only these questions (see `lexgap ask --list`); default: every question",
    )
    add_as_of(p)
    add_jurisdiction(p)
    g = source_group(p)
    g.add_argument(
        "--store",
        type=Path,
        default=None,
        metavar="DIR",
        help="output folder holding the embedded store, when --out names a file "
        f"(default: {default_out_help()})",
    )
    add_sources(g)
    g.add_argument(
        "--graph",
        type=Path,
        default=None,
        metavar="FILE",
        help="report from this Turtle file instead of the embedded store",
    )
    g.add_argument(
        "--endpoint",
        default=None,
        metavar="URL",
        help="report from this SPARQL 1.1 endpoint instead (credentials as for the other commands)",
    )
    p.set_defaults(func=cmd_report)
