"""The `lexgap` command: a thin layer over the library.

Library errors (`LexgapError`) become one line on stderr and a documented exit code:
0 success, 1 invalid input (sources, data files), 2 usage (unknown document, offence, query),
3 remote store failure. `--debug` shows the traceback instead.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from lexgap.cli import documents as cli_documents
from lexgap.cli import export as cli_export
from lexgap.cli import gapmap as cli_gapmap
from lexgap.cli import gaps as cli_gaps
from lexgap.cli import report as cli_report
from lexgap.cli.common import (
    DEFAULT_OUT,
    add_engine,
    add_format,
    add_sources,
    default_out,
    source_options,
)
from lexgap.core.errors import LexgapError
from lexgap.core.output import render


def _ref(ref: Any) -> str:
    year = ref.year if ref.year is not None else "year not stated"
    return f"{ref.instrument} ({year}) art. {ref.article}"


def cmd_build(args: argparse.Namespace) -> int:
    from lexgap import api
    from lexgap.graph.persist import GRAPH_FILE

    started = time.perf_counter()
    out: Path = args.out
    built = api.build(
        out=out,
        sources=args.sources,
        readings=args.readings,
        recommendations=args.recommendations,
        base=args.base,
    )
    counts = built.counts
    target = out / GRAPH_FILE
    elapsed = time.perf_counter() - started
    for name in (
        "documents",
        "passages",
        "citations",
        "instruments",
        "versions",
        "provisions",
        "statements",
        "assessments",
        "recommendations",
        "responses",
        "triples",
    ):
        print(f"{name:<16} {getattr(counts, name)}")
    print()
    print("provisions of national law cited, and described by a statement from the same source:")
    rows = [
        {
            "document": c.document,
            "cited": len(c.cited),
            "with_statement": len(c.with_statement),
            "without": len(c.without),
        }
        for c in built.coverage
    ]
    print(render(rows, "table"))
    for cov in built.coverage:
        for ref, reason in cov.without.items():
            why = reason or "NO STATEMENT AND NO REASON RECORDED"
            print(f"  {cov.document}: {_ref(ref)}: {why}")
    print()
    print("recommendations found, with curated targets, and State responses:")
    rec_rows = []
    for doc in built.corpus.documents:
        recs = [r for r in built.recommendations if r.doc_id == doc.id]
        targeted = {t.entry.locator for t in built.targets.targets if t.document == doc.id}
        rec_rows.append(
            {
                "document": doc.id,
                "recommendations": len(recs),
                "repeated_in_source": sum(len(r.also_at) for r in recs),
                "with_targets": len(targeted),
                "responses": sum(1 for r in built.targets.responses if r.document == doc.id),
            }
        )
    print(render(rec_rows, "table"))
    print(f"\nwrote {target} and the store {out / 'store'} in {elapsed:.1f}s")
    return 0


def _statement_rows(rows: list[dict[str, Any]], fmt: str) -> str:
    """Statements as a table of words (penalty and ages as phrases), or every field."""
    if fmt == "table":
        from lexgap.queries.present import SUMMARY_COLUMNS, statement_summary

        return render([statement_summary(r) for r in rows], "table", SUMMARY_COLUMNS, max_width=70)
    return render(rows, fmt)


def cmd_statements(args: argparse.Namespace) -> int:
    from lexgap import api

    rows = api.statements(
        doc=args.doc, instrument=args.instrument, article=args.article, **source_options(args)
    )
    print(_statement_rows(rows, args.format))
    return 0


def cmd_recommendations(args: argparse.Namespace) -> int:
    from lexgap import api

    rows = api.recommendations(
        offence=args.offence,
        provision=args.provision,
        body=args.body,
        unanswered=args.unanswered,
        **source_options(args),
    )
    print(render(rows, args.format, max_width=90 if args.unanswered else 80))
    return 0


def cmd_timeline(args: argparse.Namespace) -> int:
    from lexgap import api

    rows = api.timeline(args.offence, **source_options(args))
    if args.format == "table":
        for r in rows:
            when = r["date"] or f"undated (facts up to {r['factsUpTo']})"
            print(f"{when}  {r['event']:<22} {r['docId']} ¶{r['locator']}  {r['detail']}")
            print(f'    "{r["text"]}"')
            if r.get("repeats"):
                print(f"    repeats: {r['repeats']}")
        print(f"{len(rows)} event(s)")
    else:
        print(render(rows, args.format))
    return 0


def _nested(rows: list[dict[str, Any]], fmt: str, module: Any) -> str:
    """Rows with both sides nested (conflicts, concordance): the module's own table, the rows
    as they are in JSON, flattened to its COLUMNS in CSV."""
    if fmt == "table":
        return "\n".join(module.table_lines(rows))
    if fmt == "json":
        return json.dumps(rows, indent=2, ensure_ascii=False)
    return render(module.flat(rows), fmt, columns=module.COLUMNS)


def cmd_conflicts(args: argparse.Namespace) -> int:
    from lexgap import api
    from lexgap.queries import conflicts

    print(_nested(api.conflicts(**source_options(args)), args.format, conflicts))
    return 0


def cmd_concordance(args: argparse.Namespace) -> int:
    from lexgap import api
    from lexgap.queries import concordance

    rows = api.concordance(args.instrument, **source_options(args))
    print(_nested(rows, args.format, concordance))
    return 0


CITATION_COLUMNS = [
    "document",
    "locator",
    "instrument",
    "article",
    "year",
    "year_source",
    "start",
    "end",
    "matched",
]


def cmd_citations(args: argparse.Namespace) -> int:
    from lexgap import api

    rows = api.citations(doc=args.doc, summary=args.summary, sources=args.sources)
    print(render(rows, args.format, columns=None if args.summary else CITATION_COLUMNS))
    return 0


class _OnlyOne:
    """Subparsers that register only `command`: a cold `lexgap ask` builds one subparser, not
    all of them (their construction was a tenth of its time). Every other command's
    `add_parser` returns a stand-in that takes its options and keeps nothing."""

    def __init__(self, sub: Any, command: str) -> None:
        self.sub, self.command, self.matched = sub, command, False

    def add_parser(self, name: str, **kwargs: Any) -> Any:
        if name == self.command:
            self.matched = True
            return self.sub.add_parser(name, **kwargs)
        return _Ignored()


class _Ignored:
    """Accepts any parser call (add_argument, set_defaults, groups) and does nothing."""

    def __getattr__(self, name: str) -> Any:
        return lambda *args, **kwargs: self


def _command(argv: Sequence[str]) -> str | None:
    """The command word: the first argument that is not an option (`--debug` takes none)."""
    return next((a for a in argv if not a.startswith("-")), None)


def make_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The whole parser, or (`command`) one with only that command's subparser (None when
    no command has that name, so that the caller builds the whole one to say so)."""
    parser = argparse.ArgumentParser(
        prog="lexgap",
        description="Knowledge graph of the statute provisions cited in UN documents on the sale "
        "and sexual exploitation of children in the Lao PDR.",
    )
    parser.add_argument("--debug", action="store_true", help="show tracebacks on errors")
    sub: Any = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    if command is not None:
        sub = _OnlyOne(sub, command)

    p = sub.add_parser("build", help="build the graph from the sources and write it as Turtle")
    add_sources(p)
    p.add_argument(
        "--out",
        type=Path,
        default=default_out(),
        help=f"output folder (default: $LEXGAP_OUT or ./{DEFAULT_OUT})",
    )
    p.add_argument(
        "--base",
        default=None,
        help="base IRI for minted nodes (default: $LEXGAP_BASE or the lexgap default)",
    )
    p.set_defaults(func=cmd_build)

    p = sub.add_parser("citations", help="list every statute/article citation found")
    add_sources(p, readings=False)
    p.add_argument("--doc", help="only this document (id, or its number such as 000)")
    p.add_argument(
        "--summary",
        action="store_true",
        help="counts per document: citations, distinct provisions, instruments",
    )
    add_format(p)
    p.set_defaults(func=cmd_citations)

    p = sub.add_parser(
        "statements", help="what each source states each provision does (penalty, ages, sex)"
    )
    add_engine(p)
    p.add_argument("--doc", help="only statements of this document (id or number)")
    p.add_argument("--instrument", help="only this instrument (id or a name such as 'Penal Code')")
    p.add_argument("--article", help="only this article number, e.g. 257")
    add_format(p)
    p.set_defaults(func=cmd_statements)

    p = sub.add_parser(
        "recommendations", help="UN recommendations, by offence, provision or body; or unanswered"
    )
    add_engine(p)
    p.add_argument("--offence", help="offence notation, e.g. csam-possession (narrower ones too)")
    p.add_argument("--provision", help="instrument[/article], e.g. labour-law/101")
    p.add_argument("--body", help="issuing body: special-rapporteur, crc-committee, ...")
    p.add_argument(
        "--unanswered",
        action="store_true",
        help="the Committee's recommendations the State report does not answer",
    )
    add_format(p)
    p.set_defaults(func=cmd_recommendations)

    p = sub.add_parser(
        "timeline", help="findings, recommendations, provisions and responses on an offence"
    )
    add_engine(p)
    p.add_argument("offence", help="offence notation, e.g. csam-possession")
    add_format(p)
    p.set_defaults(func=cmd_timeline)

    p = sub.add_parser(
        "conflicts", help="real disagreements between and inside sources, both sides quoted"
    )
    add_engine(p)
    add_format(p)
    p.set_defaults(func=cmd_conflicts)

    p = sub.add_parser(
        "concordance", help="the article numbers each code version gives an offence, per source"
    )
    add_engine(p)
    p.add_argument("--instrument", help="instrument id or name, e.g. penal-code")
    add_format(p)
    p.set_defaults(func=cmd_concordance)

    # Command groups in their own modules register themselves here (one line each).
    cli_gaps.register(sub)
    cli_gapmap.register(sub)
    cli_export.register(sub)
    cli_documents.register(sub)
    cli_report.register(sub)
    if isinstance(sub, _OnlyOne):
        parser._lexgap_matched = sub.matched  # type: ignore[attr-defined]
    return parser


def _undecodable(argv: Sequence[str]) -> str | None:
    """The first argument that is not UTF-8 text (bytes the shell passed through as lone
    surrogates), shown escaped; None when every argument is text."""
    for arg in argv:
        try:
            arg.encode("utf-8")
        except UnicodeEncodeError:
            return ascii(arg)[:80]
    return None


def main(argv: Sequence[str] | None = None) -> int:
    from lexgap.cli.terminal import safe_stdout
    from lexgap.core.errors import EXIT_USAGE

    bad = _undecodable(sys.argv[1:] if argv is None else argv)
    if bad is not None:
        print(f"lexgap: error: an argument is not UTF-8 text: {bad}", file=sys.stderr)
        return EXIT_USAGE
    words = sys.argv[1:] if argv is None else list(argv)
    command = _command(words)
    parser = make_parser(command) if command is not None else make_parser()
    if command is not None and not getattr(parser, "_lexgap_matched", True):
        parser = make_parser()  # an unknown command: the whole parser names the known ones
    args = parser.parse_args(argv)
    try:
        with safe_stdout():  # data's control characters shown escaped on a terminal
            code: int = args.func(args)
        return code
    except LexgapError as exc:
        if args.debug:
            raise
        print(f"lexgap: error: {exc.render()}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt as exc:
        # A build says what it left (graph.store.BuildInterrupted); nothing else is claimed.
        print(f"lexgap: {getattr(exc, 'message', 'interrupted')}", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


def run() -> None:
    """The `lexgap` console command: `main`, then leave without tearing the heap down.

    Why: after a 100-jurisdiction build the interpreter spends half a minute or more freeing
    millions of graph objects one by one at exit, after every output is written and closed. The
    streams are flushed and the process ends with the command's exit code; no lexgap code
    relies on exit-time clean-up (stores are flushed and closed when written)."""
    code = main()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except BrokenPipeError:  # the reader went away; nothing more to say
        pass
    os._exit(code)


if __name__ == "__main__":  # pragma: no cover
    run()
