"""`lexgap export`, `lexgap push` and `lexgap validate`: the graph leaving the laptop.

export and push take the graph from the embedded store of the build folder, which is built or
rebuilt first when missing or older than its inputs (as every query command does), so what
leaves is always what `lexgap ask` answers from. validate checks any graph file, ours or
someone else's, against the same SHACL shapes the build runs.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lexgap.queries.cli_common import add_out, add_sources, default_out

if TYPE_CHECKING:
    from lexgap.queries.engine import OxigraphEngine

EXPORT_FORMATS = ("turtle", "trig", "nquads", "jsonld", "csv", "all")
EXPORT_FOLDER = "export"


def _store_engine(out: Path, args: argparse.Namespace) -> OxigraphEngine:
    from lexgap.graph.store import Inputs, open_engine

    inputs = Inputs(sources=args.sources, readings=args.readings, targets=args.recommendations)
    return open_engine(out, inputs)


def cmd_export(args: argparse.Namespace) -> int:
    from lexgap.graph.export import default_name, export_store

    fmt: str = args.format
    build_dir: Path = args.build_dir
    target: Path = args.out or (
        build_dir / EXPORT_FOLDER if fmt == "all" else build_dir / EXPORT_FOLDER / default_name(fmt)
    )
    engine = _store_engine(build_dir, args)
    for written in export_store(engine.store, fmt, target):
        print(f"wrote {written.path} ({written.detail})")
    return 0


def cmd_push(args: argparse.Namespace) -> int:
    from lexgap.graph.export import graph_from_store, partition
    from lexgap.graph.remote import check_endpoint, check_graph_iri, push
    from lexgap.queries.engine import check_timeout
    from lexgap.queries.output import render

    endpoint = check_endpoint(args.endpoint)
    query_endpoint = check_endpoint(args.query_endpoint) if args.query_endpoint else None
    check_timeout(args.timeout)
    single = check_graph_iri(args.graph) if args.graph else None
    engine = _store_engine(args.out, args)
    graph = graph_from_store(engine.store)
    parts = {single: graph} if single is not None else partition(graph)
    result = push(
        parts,
        endpoint,
        protocol=args.protocol,
        timeout=args.timeout,
        query_endpoint=query_endpoint,
    )
    how = (
        "one SPARQL Update request"
        if result.protocol == "update"
        else f"{result.requests} Graph Store PUT request(s)"
    )
    print(
        f"replaced {len(result.graphs)} named graph(s) on {endpoint} with {result.triples} "
        f"triples ({how}, {result.payload_bytes / 1e6:.1f} MB, {result.seconds:.1f}s)"
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
    print(render(rows, "table", max_width=100))
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    from lexgap.graph.export import load_file
    from lexgap.graph.persist import GRAPH_FILE
    from lexgap.graph.validate import ValidationFailed, quiet_literals, violations
    from lexgap.loaders.errors import UsageError
    from lexgap.queries.output import render

    path: Path = args.file or args.out / GRAPH_FILE
    if args.file is None and not path.is_file():
        raise UsageError(
            "no built graph here", file=path, hint="run `lexgap build` first, or name a FILE"
        )
    with quiet_literals():
        graph = load_file(path, args.input_format)
        found = violations(graph, args.inference)
    if found:
        rows = [{"focus": v.focus, "path": v.path, "message": v.message} for v in found]
        print(render(rows, "table", max_width=90))
        raise ValidationFailed(
            f"does not conform to the SHACL shapes: {len(found)} violation(s), listed above",
            file=path,
        )
    print(f"{path}: conforms to the SHACL shapes ({len(graph)} triples)")
    return 0


def register(sub: Any) -> None:
    """Add export, push and validate to the `lexgap` command's subparsers."""
    from lexgap.queries.choices import DEFAULT_TIMEOUT, INPUT_FORMATS, PROTOCOLS

    p = sub.add_parser(
        "export", help="write the graph as Turtle, TriG, N-Quads, JSON-LD or CSV tables"
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
        "--build-dir",
        type=Path,
        default=default_out(),
        help="build folder holding the store, rebuilt first if stale (default: $LEXGAP_OUT or "
        "./lexgap-out)",
    )
    add_sources(p)
    p.set_defaults(func=cmd_export)

    p = sub.add_parser(
        "push", help="replace lexgap's named graphs on a SPARQL 1.1 store (Fuseki, GraphDB, ...)"
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
    add_sources(p)
    add_out(p)
    p.set_defaults(func=cmd_push)

    p = sub.add_parser("validate", help="check a graph file against lexgap's SHACL shapes")
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
    add_out(p)
    p.set_defaults(func=cmd_validate)
