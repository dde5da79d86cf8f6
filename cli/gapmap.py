"""`lexgap gapmap`: the interactive gap map as one offline HTML page, or its analytics.

`--out` names where the page goes. A path ending in `.html` (or `.htm`) is the file; any
other path is an output folder, as `--out` is for every other command: the page is written to
FOLDER/gapmap.html and the embedded store is read from that folder. With a file, the store is
read from `--store` (default: $LEXGAP_OUT, else the per-user data folder). `--graph FILE` and
`--endpoint URL` answer from a Turtle file or a SPARQL endpoint instead, as elsewhere.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from lexgap.cli.common import (
    add_as_of,
    add_format,
    add_jurisdiction,
    add_sources,
    command,
    page_targets,
    show,
    source_group,
    source_options,
)
from lexgap.core.errors import UsageError
from lexgap.core.options import default_out_help

PAGE_NAME = "gapmap.html"
STATS_ALL = "all"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def _print_stats(
    args: argparse.Namespace, tables: dict[str, list[dict[str, object]]], which: str, fmt: str
) -> None:
    from lexgap.core.options import STATS_COLUMNS as COLUMNS
    from lexgap.core.options import STATS_TITLES as TITLES

    names = list(COLUMNS) if which == STATS_ALL else [which]
    if fmt == "json":
        # JSON keys are snake_case like every key lexgap names (the table's --stats name with _)
        data = {
            n.replace("-", "_"): [{c: r.get(c) for c in ["id", *COLUMNS[n]]} for r in tables[n]]
            for n in names
        }
        one = data if which == STATS_ALL else data[which.replace("-", "_")]
        print(json.dumps(one, indent=2, ensure_ascii=False))
        return
    for i, name in enumerate(names):
        if fmt == "table":
            print(("\n" if i else "") + f"{TITLES[name]} ({len(tables[name])}):")
        print(show(args, tables[name], COLUMNS[name], max_width=60))


def cmd_gapmap(args: argparse.Namespace) -> int:
    from lexgap import api
    from lexgap.core.options import STATS_COLUMNS

    if args.max_nodes < 1:
        raise UsageError("--max-nodes must be at least 1")
    if args.stats == STATS_ALL and args.format == "csv":
        raise UsageError(
            "CSV holds one table: name it with --stats",
            hint="--stats " + " | --stats ".join(STATS_COLUMNS),
        )
    page, store = page_targets(args.out, args.store, PAGE_NAME, (".html", ".htm"))
    started = time.perf_counter()
    m = api.gapmap_model(
        offences=args.offence or (),
        instruments=args.instrument or (),
        max_nodes=args.max_nodes,
        jurisdiction=args.jurisdiction,
        as_of=args.as_of,
        **source_options(args, out=store),
    )
    if args.stats:
        tables = api.gapmap_stats(m)
        _print_stats(args, tables, args.stats, args.format)
        return 0
    narrowed = [*(args.offence or ()), *(args.instrument or ())]
    if args.jurisdiction:
        narrowed.insert(0, f"jurisdiction {args.jurisdiction}")
    if args.as_of:
        narrowed.insert(0, f"as of {args.as_of}")
    title = "lexgap gap map" + (f": {', '.join(narrowed)}" if narrowed else "")
    api.write_gapmap(m, page, title)
    counts = m.counts()
    parts = ", ".join(
        _plural(counts[f"node:{kind}"], word)
        for kind, word in (
            ("offence", "gap"),
            ("provision", "provision"),
            ("recommendation", "recommendation"),
            ("document", "document"),
        )
    )
    elapsed = time.perf_counter() - started
    print(
        f"wrote {page}: {_plural(counts['nodes'], 'node')} ({parts}), "
        f"{_plural(counts['edges'], 'edge')}, in {elapsed:.1f}s"
    )
    return 0


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    from lexgap.core.options import MAX_NODES
    from lexgap.core.options import STATS_COLUMNS as COLUMNS

    p = command(
        sub,
        "gapmap",
        "the interactive gap map: one offline HTML page (or --stats: its analytics)",
        [
            "lexgap gapmap                                  # OUT/gapmap.html",
            "lexgap gapmap --out gapmap.html --offence csam",
            "lexgap gapmap --instrument penal-code --as-of 2015-06-05 --out 2015.html",
            "lexgap gapmap --stats pressure --format csv > pressure.csv",
        ],
        description="Write the gap map: gap questions coloured by status, the provisions, "
        "findings and recommendations behind them, State responses and conflicts, as one "
        "self-contained HTML page that works offline. --stats prints the analytics instead.",
    )
    src = source_group(p)
    src.add_argument(
        "--out",
        type=Path,
        default=None,
        metavar="FILE|DIR",
        help=f"the page (a path ending in .html), or an output folder to write {PAGE_NAME} "
        f"into and read the store from (default: {default_out_help()})",
    )
    src.add_argument(
        "--store",
        type=Path,
        default=None,
        metavar="DIR",
        help="output folder holding the embedded store, when --out names a file "
        f"(default: {default_out_help()})",
    )
    p.add_argument(
        "--offence",
        action="append",
        metavar="X",
        help="only gap questions about this offence (notation; narrower and broader ones "
        "too); repeatable",
    )
    p.add_argument(
        "--instrument",
        action="append",
        metavar="Y",
        help="only provisions of this instrument (id or name, e.g. penal-code); repeatable",
    )
    add_as_of(p)
    add_jurisdiction(p)
    p.add_argument(
        "--max-nodes",
        type=int,
        default=MAX_NODES,
        metavar="N",
        help=f"refuse a map with more nodes than this (default {MAX_NODES}); narrow it "
        "with --jurisdiction, --offence or --instrument instead",
    )
    p.add_argument(
        "--stats",
        nargs="?",
        const=STATS_ALL,
        choices=[STATS_ALL, *COLUMNS],
        metavar="TABLE",
        help="print the analytics instead of writing the page: every table, or one of "
        + ", ".join(COLUMNS),
    )
    add_sources(src)
    src.add_argument(
        "--graph",
        type=Path,
        default=None,
        metavar="FILE",
        help="map this Turtle file instead of the embedded store",
    )
    src.add_argument(
        "--endpoint",
        default=None,
        metavar="URL",
        help="map the graph of this SPARQL 1.1 endpoint instead (credentials as for the "
        "other commands)",
    )
    add_format(p)
    p.set_defaults(func=cmd_gapmap)
