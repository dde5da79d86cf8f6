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
    Parser,
    add_engine,
    add_format,
    add_out,
    add_sources,
    command,
    fitted,
    show,
    source_group,
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
        keep=False,
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
    rec_rows = [
        {
            "document": t.document,
            "recommendations": t.recommendations,
            "repeated_in_source": t.repeated_in_source,
            "with_targets": t.with_targets,
            "responses": t.responses,
        }
        for t in built.tallies
    ]
    print(render(rec_rows, "table"))
    print(f"\nwrote {target} and the store {out / 'store'} in {elapsed:.1f}s")
    return 0


def statement_rows(args: argparse.Namespace, rows: list[dict[str, Any]]) -> str:
    """Statements as a table of words (penalty and ages as phrases), or every field."""
    if args.format == "table":
        from lexgap.queries.present import SUMMARY_COLUMNS, statement_summary

        return show(args, [statement_summary(r) for r in rows], SUMMARY_COLUMNS, max_width=70)
    return show(args, rows)


def cmd_statements(args: argparse.Namespace) -> int:
    from lexgap import api

    rows = api.statements(
        doc=args.doc, instrument=args.instrument, article=args.article, **source_options(args)
    )
    print(statement_rows(args, rows))
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
    print(show(args, rows, max_width=90 if args.unanswered else 80))
    return 0


def cmd_timeline(args: argparse.Namespace) -> int:
    from lexgap import api

    rows = api.timeline(args.offence, **source_options(args))
    if args.format == "table":
        lines: list[str] = []
        for r in rows:
            when = r["date"] or f"undated (facts up to {r['facts_up_to']})"
            lines.append(f"{when}  {r['event']:<22} {r['doc_id']} ¶{r['locator']}  {r['detail']}")
            lines.append(f'    "{r["text"]}"')
            if r.get("repeats"):
                lines.append(f"    repeats: {r['repeats']}")
        lines.append(f"{len(rows)} event(s)")
        print(fitted(args, lines))
    else:
        print(show(args, rows))
    return 0


def _nested(args: argparse.Namespace, rows: list[dict[str, Any]], module: Any) -> str:
    """Rows with both sides nested (conflicts, concordance): the module's own text fitted to
    the width, the rows as they are in JSON, flattened to its COLUMNS in CSV."""
    if args.format == "table":
        return fitted(args, module.table_lines(rows))
    if args.format == "json":
        return json.dumps(rows, indent=2, ensure_ascii=False)
    return show(args, module.flat(rows), columns=module.COLUMNS)


def cmd_conflicts(args: argparse.Namespace) -> int:
    from lexgap import api
    from lexgap.queries import conflicts

    print(_nested(args, api.conflicts(**source_options(args)), conflicts))
    return 0


def cmd_concordance(args: argparse.Namespace) -> int:
    from lexgap import api
    from lexgap.queries import concordance

    rows = api.concordance(args.instrument, **source_options(args))
    print(_nested(args, rows, concordance))
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
    print(show(args, rows, columns=None if args.summary else CITATION_COLUMNS))
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


def cmd_list(args: argparse.Namespace) -> int:
    from lexgap import api

    rows = api.listing(args.what, sources=getattr(args, "sources", None))
    if args.what == "offences" and args.format == "table":
        # The SKOS tree: each concept under its broader one, with its label.
        notation = max(len("  " * r["depth"] + r["notation"]) for r in rows)
        lines = [f"{'  ' * r['depth'] + r['notation']:<{notation}}  {r['label']}" for r in rows]
        print(fitted(args, lines))
    else:
        print(show(args, rows, max_width=80))
    return 0


class _Version(argparse.Action):
    """--version: the installed version, read only when asked for (metadata costs time)."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: Any) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, **kwargs)

    def __call__(self, parser: argparse.ArgumentParser, *_: Any) -> None:
        from lexgap.core.options import version

        print(f"lexgap {version()}")
        parser.exit()


EXAMPLES = """examples:
  lexgap gaps                                   the gap matrix: every question's status
  lexgap ask csam-possession                    one answer with its reasons and sources
  lexgap statements --instrument "Penal Code" --article 248
  lexgap recommendations --provision labour-law/101
  lexgap list offences                          what --offence accepts (also effects, bodies, ...)
  lexgap gapmap                                 the interactive gap map, one offline HTML page

Run `lexgap COMMAND --help` for a command's options and examples."""


def make_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The whole parser, or (`only`) one with only that command's subparser (None when no
    command has that name, so that the caller builds the whole one to say so)."""
    parser = Parser(
        prog="lexgap",
        description="Knowledge graph of the statute provisions cited in UN documents on the sale "
        "and sexual exploitation of children in the Lao PDR.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action=_Version, help="show the version and exit")
    parser.add_argument("--debug", action="store_true", help="show tracebacks on errors")
    sub: Any = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    if only is not None:
        sub = _OnlyOne(sub, only)

    p = command(
        sub,
        "build",
        "build the graph from the sources and write it as Turtle",
        [
            "lexgap build                      # into $LEXGAP_OUT or the per-user data folder",
            "lexgap build --out ./my-build     # somewhere else",
            "lexgap build --sources ./corpus   # from another corpus (a folder with manifest.yaml)",
        ],
    )
    g = source_group(p)
    add_sources(g)
    add_out(g)
    g.add_argument(
        "--base",
        default=None,
        help="base IRI for minted nodes (default: $LEXGAP_BASE or the lexgap default)",
    )
    p.set_defaults(func=cmd_build)

    p = command(
        sub,
        "citations",
        "list every statute/article citation found",
        [
            "lexgap citations --doc 000",
            "lexgap citations --summary",
            "lexgap citations --format csv > citations.csv",
        ],
    )
    add_sources(source_group(p), readings=False)
    p.add_argument("--doc", help="only this document (id, or its number such as 000)")
    p.add_argument(
        "--summary",
        action="store_true",
        help="counts per document: citations, distinct provisions, instruments",
    )
    add_format(p)
    p.set_defaults(func=cmd_citations)

    p = command(
        sub,
        "statements",
        "what each source states each provision does (penalty, ages, sex)",
        [
            'lexgap statements --instrument "Penal Code" --article 248',
            "lexgap statements --doc 004",
            "lexgap statements --instrument penal-code --format json",
        ],
    )
    add_engine(p)
    p.add_argument("--doc", help="only statements of this document (id or number)")
    p.add_argument("--instrument", help="only this instrument (id or a name such as 'Penal Code')")
    p.add_argument("--article", help="only this article number, e.g. 257")
    add_format(p)
    p.set_defaults(func=cmd_statements)

    p = command(
        sub,
        "recommendations",
        "UN recommendations, by offence, provision or body; or unanswered",
        [
            "lexgap recommendations --provision labour-law/101",
            "lexgap recommendations --offence csam-possession",
            "lexgap recommendations --body crc-committee     # bodies: lexgap list bodies",
            "lexgap recommendations --unanswered",
        ],
    )
    add_engine(p)
    p.add_argument("--offence", help="offence notation, e.g. csam-possession (narrower ones too)")
    p.add_argument("--provision", help="instrument[/article], e.g. labour-law/101")
    p.add_argument(
        "--body", help="issuing body: special-rapporteur, crc-committee, ... (lexgap list bodies)"
    )
    p.add_argument(
        "--unanswered",
        action="store_true",
        help="the Committee's recommendations the State report does not answer",
    )
    add_format(p)
    p.set_defaults(func=cmd_recommendations)

    p = command(
        sub,
        "timeline",
        "findings, recommendations, provisions and responses on an offence",
        ["lexgap timeline csam-possession", "lexgap timeline child-marriage --format csv"],
    )
    add_engine(p)
    p.add_argument("offence", help="offence notation, e.g. csam-possession (lexgap list offences)")
    add_format(p, brief=False)
    p.set_defaults(func=cmd_timeline)

    p = command(
        sub,
        "conflicts",
        "real disagreements between and inside sources, both sides quoted",
        ["lexgap conflicts", "lexgap conflicts --format json > conflicts.json"],
    )
    add_engine(p)
    add_format(p, brief=False)
    p.set_defaults(func=cmd_conflicts)

    p = command(
        sub,
        "concordance",
        "the article numbers each code version gives an offence, per source",
        ["lexgap concordance", "lexgap concordance --instrument penal-code"],
    )
    add_engine(p)
    p.add_argument("--instrument", help="instrument id or name, e.g. penal-code")
    add_format(p, brief=False)
    p.set_defaults(func=cmd_concordance)

    from lexgap.api import LISTS

    p = command(
        sub,
        "list",
        "what the options accept: offences, effects, bodies, documents, questions",
        [
            "lexgap list offences       # the offence taxonomy as a tree, with labels",
            "lexgap list effects        # values of provisions --effect",
            "lexgap list bodies         # values of recommendations --body",
            "lexgap list documents      # the source documents (ids for --doc)",
            "lexgap list questions      # the gap questions (ids for ask and history)",
        ],
    )
    p.add_argument("what", choices=LISTS, metavar="WHAT", help=" | ".join(LISTS))
    add_sources(source_group(p), readings=False)
    add_format(p)
    p.set_defaults(func=cmd_list)

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
    word = _command(words)
    parser = make_parser(word) if word is not None else make_parser()
    if word is not None and not getattr(parser, "_lexgap_matched", True):
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
