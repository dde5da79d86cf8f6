"""`lexgap export`, `lexgap push` and `lexgap validate`: the graph leaving the laptop.

export and push take the graph from the embedded store of the build folder, which is built or
rebuilt first when missing or older than its inputs (as every query command does), so what
leaves is always what `lexgap ask` answers from. validate checks any graph file, ours or
someone else's, against the same SHACL shapes the build runs.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from lexgap.cli.common import (
    add_out,
    add_sources,
    add_width,
    command,
    default_out,
    show,
    source_group,
    source_options,
)
from lexgap.core.options import default_out_help

EXPORT_FORMATS = ("turtle", "trig", "nquads", "jsonld", "csv", "all")


def cmd_export(args: argparse.Namespace) -> int:
    from lexgap import api

    written = api.export(
        args.format, args.out, frame=args.frame, **source_options(args, out=args.build_dir)
    )
    for w in written:
        print(f"wrote {w.path} ({w.detail})")
    return 0


def _store_options(args: argparse.Namespace) -> dict[str, Any]:
    """The build folder's options: push's own --endpoint and --graph name the target store
    and its named graph, not a place to answer from."""
    return {k: v for k, v in source_options(args).items() if k not in ("endpoint", "graph")}


def cmd_push(args: argparse.Namespace) -> int:
    from lexgap import api

    result = api.push(
        args.endpoint,
        graph=args.graph,
        protocol=args.protocol,
        timeout=args.timeout,
        query_endpoint=args.query_endpoint,
        **_store_options(args),
    )
    how = (
        "one SPARQL Update request"
        if result.protocol == "update"
        else f"{result.requests} Graph Store PUT request(s)"
    )
    print(
        f"replaced {len(result.graphs)} named graph(s) on {result.endpoint} with "
        f"{result.triples} triples ({how}, {result.payload_bytes / 1e6:.1f} MB, "
        f"{result.seconds:.1f}s)"
    )
    if result.protocol == "update":
        print(f"removed in the same transaction: any other lexgap graph of {result.base}")
    elif result.stale is None:
        print(
            f"stale lexgap graphs of {result.base} were not looked for: give --query-endpoint "
            "to remove them"
        )
    else:
        print(f"removed {len(result.stale)} stale lexgap graph(s) of {result.base}")
        for name in result.stale:
            print(f"  {name}")
    rows = [{"graph": g, "triples": n} for g, n in result.graphs.items()]
    print(show(args, rows, max_width=100, fmt="table"))
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    from lexgap import api
    from lexgap.core.errors import ValidationFailed

    found = api.validate(
        args.file,
        input_format=args.input_format,
        inference=args.inference,
        **source_options(args),
    )
    if found.violations:
        rows = [{"focus": v.focus, "path": v.path, "message": v.message} for v in found.violations]
        print(show(args, rows, max_width=90, fmt="table"))
        raise ValidationFailed(
            f"does not conform to the SHACL shapes: {len(found.violations)} violation(s), "
            "listed above",
            file=found.path,
        )
    print(f"{found.path}: conforms to the SHACL shapes ({found.triples} triples)")
    return 0


def register(sub: Any) -> None:
    """Add export, push and validate to the `lexgap` command's subparsers."""
    from lexgap.core.options import (
        DEFAULT_TIMEOUT,
        EXPORT_FOLDER,
        INPUT_FORMATS,
        JSONLD_FRAMES,
        PROTOCOLS,
    )

    p = command(
        sub,
        "export",
        "write the graph as Turtle, TriG, N-Quads, JSON-LD or CSV tables",
        [
            "lexgap export --format trig                    # OUT/export/lexgap.trig",
            "lexgap export --format csv --out ./tables      # one CSV file per table",
            "lexgap export --format all",
        ],
    )
    p.add_argument(
        "--format",
        choices=EXPORT_FORMATS,
        required=True,
        help="turtle and jsonld: the whole graph; trig and nquads: one named graph per source "
        "document plus ontology and core; csv: a folder of tables; all: every one of them",
    )
    p.add_argument(
        "--out",
        type=Path,
        default=None,
        help=f"file to write (a folder for csv and all; default: "
        f"BUILD_DIR/{EXPORT_FOLDER}/lexgap.EXT, BUILD_DIR/{EXPORT_FOLDER}/csv)",
    )
    p.add_argument(
        "--frame",
        choices=JSONLD_FRAMES,
        default=None,
        help="with --format jsonld: nested objects instead of the flat graph; documents -> "
        "passages -> claims, provisions -> statements (penalty, ages, quote), offences -> "
        "statements and recommendations (default file: lexgap-FRAME.jsonld)",
    )
    src = source_group(p)
    src.add_argument(
        "--build-dir",
        type=Path,
        default=default_out(),
        help=f"build folder holding the store, rebuilt first if stale (default: "
        f"{default_out_help()})",
    )
    add_sources(src)
    p.set_defaults(func=cmd_export)

    p = command(
        sub,
        "push",
        "replace lexgap's named graphs on a SPARQL 1.1 store (Fuseki, GraphDB, ...)",
        [
            "lexgap push --endpoint http://localhost:7878/update",
            "lexgap push --endpoint http://host:3030/ds/data --protocol gsp \\",
            "            --query-endpoint http://host:3030/ds/query",
        ],
    )
    p.add_argument(
        "--endpoint",
        required=True,
        help="the store's SPARQL Update URL (e.g. http://localhost:7878/update, "
        "http://host:3030/ds/update); with --protocol gsp its Graph Store URL (.../store, "
        ".../ds/data). Credentials: LEXGAP_SPARQL_TOKEN, or LEXGAP_SPARQL_USER and "
        "LEXGAP_SPARQL_PASSWORD",
    )
    p.add_argument(
        "--graph",
        default=None,
        metavar="IRI",
        help="push every triple into this one named graph instead of one graph per document",
    )
    p.add_argument(
        "--protocol",
        choices=PROTOCOLS,
        default="update",
        help="update: one SPARQL Update request, all graphs replaced in one transaction "
        "(default); gsp: one Graph Store HTTP PUT per graph",
    )
    p.add_argument(
        "--query-endpoint",
        default=None,
        metavar="URL",
        help="with --protocol gsp: the store's SPARQL query URL, to list and delete the stale "
        "lexgap graphs of the same base (the update protocol removes them itself)",
    )
    p.add_argument(
        "--timeout",
        type=float,
        default=DEFAULT_TIMEOUT,
        help=f"seconds the whole exchange with the store may take (default: {DEFAULT_TIMEOUT:g})",
    )
    src = source_group(p)
    add_sources(src)
    add_out(src)
    add_width(p)
    p.set_defaults(func=cmd_push)

    p = command(
        sub,
        "validate",
        "check a graph file against lexgap's SHACL shapes",
        ["lexgap validate                  # OUT/lexgap.ttl", "lexgap validate their-graph.trig"],
    )
    p.add_argument(
        "file",
        nargs="?",
        type=Path,
        default=None,
        help="Turtle, TriG, N-Quads, N-Triples or JSON-LD file (default: OUT/lexgap.ttl)",
    )
    p.add_argument(
        "--input-format",
        choices=INPUT_FORMATS,
        default=None,
        help="the file's format (default: from its extension)",
    )
    p.add_argument(
        "--inference",
        choices=("none", "rdfs"),
        default="none",
        help="rdfs: validate the graph as RDFS entailment with the lexgap ontology extends it "
        "(a lexgap graph conforms either way; default: none)",
    )
    add_out(source_group(p))
    add_width(p)
    p.set_defaults(func=cmd_validate)
