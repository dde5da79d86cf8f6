"""Options every query command shares, and the one way a command gets its engine.

A query command answers from, in order of precedence: `--endpoint URL` (a remote SPARQL 1.1
store), `--graph FILE` (a Turtle file someone produced), or the embedded store in `--out`
(default ./lexgap-out), which is built or rebuilt first when missing or older than its inputs.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from lexgap.loaders.errors import UsageError
from lexgap.queries.concepts import offence_iri
from lexgap.queries.engine import Engine
from lexgap.queries.output import FORMATS

DEFAULT_OUT = Path("lexgap-out")


def default_out() -> Path:
    """The output folder when --out is not given: $LEXGAP_OUT, else ./lexgap-out."""
    return Path(os.environ.get("LEXGAP_OUT") or DEFAULT_OUT)


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
        "bundled Lao corpus is la); see `lexgap sparql --file queries/jurisdictions.rq`. "
        "Default: every document",
    )


def engine_for(args: argparse.Namespace) -> Engine:
    """The engine the options name (see the module docstring)."""
    cached: Engine | None = getattr(args, "_engine", None)
    if cached is not None:
        return cached
    engine: Engine
    if getattr(args, "endpoint", None):
        from lexgap.queries.engine import RemoteEngine

        # A command's own --timeout bounds every request, this first one included.
        timeout = getattr(args, "timeout", None)
        engine = RemoteEngine(args.endpoint, timeout=30.0 if timeout is None else timeout)
        check_lexgap_graph(engine)
    elif getattr(args, "graph", None):
        engine = turtle_engine(args.graph)
    else:
        from lexgap.graph.store import Inputs, open_engine

        inputs = Inputs(
            sources=args.sources,
            readings=getattr(args, "readings", None),
            targets=getattr(args, "recommendations", None),
        )
        engine = open_engine(args.out, inputs)
    if getattr(args, "allow_service", False):
        engine.allow_service = True  # type: ignore[attr-defined]
    args._engine = engine
    return engine


def check_lexgap_graph(engine: Engine) -> None:
    """A store whose default graph holds no lexgap documents answers every question with
    nothing; say why instead (most often its default graph is not the union of its named
    graphs, where `lexgap push` puts the triples)."""
    from lexgap.loaders.errors import RemoteStoreError

    # Virtuoso answers this ASK in SPARQL JSON ("boolean": false before a push, true after;
    # tests/test_virtuoso.py). Its default graph also holds its own system graphs, so an ASK
    # for any triple would be true on an empty store: the check asks for a lexgap document.
    rows = engine.select(
        "ASK { ?d a <https://lexgap.example.org/ns#SourceDocument> }",
    )
    if not rows or not rows[0].get("answer"):
        raise RemoteStoreError(
            "the store's default graph holds no lexgap documents",
            file=engine.label,
            hint="push the graph first, and make the default graph the union of the named "
            "graphs (oxigraph serve --union-default-graph; Fuseki unionDefaultGraph; Virtuoso "
            "is so by default)",
        )


def turtle_engine(path: Path) -> Engine:
    """An in-memory Oxigraph store loaded from a Turtle file."""
    import pyoxigraph as ox

    from lexgap.queries.engine import OxigraphEngine

    if not path.is_file():
        # A FIFO or a device would hang or never end the load: refused as not a file.
        what = "is not a regular file" if path.exists() else "not found"
        raise UsageError(f"graph file {what}", file=path)
    store = ox.Store()
    try:
        store.bulk_load(path=str(path), format=ox.RdfFormat.TURTLE)
    except (SyntaxError, ValueError, OSError) as exc:
        msg = " ".join(str(exc).split())
        raise UsageError(f"not a readable Turtle file: {msg}", file=path) from None
    return OxigraphEngine(store, label=str(path))


def add_as_of(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--as-of",
        metavar="DATE",
        help="answer as the sources stood on DATE (YYYY-MM-DD, YYYY-MM or YYYY): only the "
        "documents dated on or before it; the undated State report counts from the end of "
        "its latest facts' year",
    )


__all__ = [
    "add_as_of",
    "add_engine",
    "add_format",
    "add_out",
    "add_sources",
    "default_out",
    "engine_for",
    "offence_iri",
]
