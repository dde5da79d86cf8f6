"""Options every query command shares, and how they become the API's keywords.

A query command answers from, in order of precedence: `--endpoint URL` (a remote SPARQL 1.1
store), `--graph FILE` (a Turtle file someone produced), or the embedded store in `--out`
(default: $LEXGAP_OUT, else the per-user data folder, see `lexgap.core.options.default_out`),
which is built or rebuilt first when missing or older than its inputs (decided in one place:
`lexgap.api.open_engine`). These options sit under one heading in every command's help.

Every option with a closed set of values names the valid ones and the closest one when given
another (`Parser` does it for argparse's `choices`; the API does it for values it resolves,
such as offences, instruments and bodies).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from lexgap.core.options import FORMATS, default_out, default_out_help
from lexgap.core.output import MIN_WIDTH, render, wrap_lines

SOURCE_HEADING = "data source (where the answers come from)"
# Written in lines: the commands' help keeps descriptions as written (their examples need it).
SOURCE_DESCRIPTION = """\
the embedded store in --out (built from --sources, --readings and
--recommendations when missing or stale), or a Turtle file (--graph),
or a SPARQL endpoint (--endpoint)"""


def _terminal_columns() -> int:
    """`shutil.get_terminal_size().columns` without importing shutil: $COLUMNS when it is a
    positive number, else the terminal of standard output, else 80."""
    try:
        columns = int(os.environ.get("COLUMNS", "0"))
    except ValueError:
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns if columns > 0 else 80


class Parser(argparse.ArgumentParser):
    """argparse with a "did you mean ...?" after an invalid choice (exit 2 as before)."""

    def _get_formatter(self) -> argparse.HelpFormatter:
        """argparse's own, at the width argparse itself would choose. Why: argparse makes a
        formatter for every `add_argument` (to check its metavar), and without a width each one
        imports shutil (with bz2, lzma and zlib) to read the terminal: a measurable part of a
        cold `lexgap ask`, which never prints help (issue 22)."""
        make: Any = self.formatter_class  # typeshed's protocol names only `prog`
        formatter: argparse.HelpFormatter = make(prog=self.prog, width=_terminal_columns() - 2)
        return formatter

    def _check_value(self, action: argparse.Action, value: Any) -> None:
        if action.choices is not None and value not in action.choices:
            import difflib

            valid = [str(c) for c in action.choices]
            close = difflib.get_close_matches(str(value), valid, n=1, cutoff=0.6)
            guess = f"; did you mean {close[0]!r}?" if close else ""
            raise argparse.ArgumentError(
                action, f"invalid choice: {value!r} (choose from {', '.join(valid)}){guess}"
            )
        super()._check_value(action, value)


def command(
    sub: argparse._SubParsersAction,  # type: ignore[type-arg]
    name: str,
    help: str,
    examples: Sequence[str],
    description: str | None = None,
) -> argparse.ArgumentParser:
    """A subcommand whose help ends with worked examples (kept as written)."""
    epilog = "examples:\n" + "\n".join(f"  {e}" for e in examples)
    p: argparse.ArgumentParser = sub.add_parser(
        name,
        help=help,
        description=description,
        epilog=epilog,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    return p


def source_group(p: argparse.ArgumentParser) -> argparse._ArgumentGroup:
    """The one heading the data-source options of a command sit under."""
    return p.add_argument_group(SOURCE_HEADING, SOURCE_DESCRIPTION)


def _width(text: str) -> int:
    try:
        n = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of columns: {text!r}") from None
    if n < MIN_WIDTH:
        raise argparse.ArgumentTypeError(f"at least {MIN_WIDTH} columns, not {n}")
    return n


def add_format(p: argparse.ArgumentParser, brief: bool = True) -> None:
    """--format, and how a table fits the reader: --width N, --brief."""
    g = p.add_argument_group("output")
    g.add_argument("--format", choices=FORMATS, default="table", help="output format")
    add_width(g)
    if brief:
        g.add_argument(
            "--brief",
            action="store_true",
            help="tables: shorten long cells (and say so) instead of wrapping them",
        )


def add_width(p: argparse.ArgumentParser | argparse._ArgumentGroup) -> None:
    p.add_argument(
        "--width",
        type=_width,
        default=None,
        metavar="N",
        help="fit text to N columns (default: $COLUMNS, else the terminal's width, else 100 "
        "when the output is piped or written to a file); cells wrap, no word is cut",
    )


def show(
    args: argparse.Namespace,
    rows: Sequence[dict[str, Any]],
    columns: Sequence[str] | None = None,
    max_width: int = 60,
    fmt: str | None = None,
) -> str:
    """Rows in the command's --format, a table fitted to --width (--brief: cut at max_width)."""
    return render(
        rows,
        fmt or args.format,
        columns,
        max_width,
        width=getattr(args, "width", None),
        brief=getattr(args, "brief", False),
    )


def fitted(args: argparse.Namespace, lines: Sequence[str]) -> str:
    """Free text (answers, conflicts, timelines) wrapped to the command's width."""
    return "\n".join(wrap_lines(lines, getattr(args, "width", None)))


def add_sources(
    p: argparse.ArgumentParser | argparse._ArgumentGroup, readings: bool = True
) -> None:
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


def add_out(p: argparse.ArgumentParser | argparse._ArgumentGroup) -> None:
    p.add_argument(
        "--out",
        type=Path,
        default=default_out(),
        help=f"output folder holding lexgap.ttl and the store (default: {default_out_help()})",
    )


def add_engine(p: argparse.ArgumentParser) -> None:
    """--sources/--readings/--recommendations/--out for the embedded store, --graph FILE,
    --endpoint URL: under one heading."""
    g = source_group(p)
    add_sources(g)
    add_out(g)
    g.add_argument(
        "--graph",
        type=Path,
        default=None,
        help="query this Turtle file instead of the embedded store",
    )
    g.add_argument(
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


def page_targets(
    out: Path | None, store: Path | None, name: str, suffixes: tuple[str, ...]
) -> tuple[Path, Path]:
    """(the file to write, the store folder) for a command that writes one page (gapmap,
    report): `--out` with one of `suffixes` is the file, and the store comes from `--store` or
    the default output folder; any other `--out` is a folder to write `name` into and to read
    the store from, as `--out` is for every other command."""
    if out is None:
        folder = default_out()
        return folder / name, store or folder
    if out.suffix.lower() in suffixes:
        return out, store or default_out()
    return out / name, store or out


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
    "Parser",
    "add_as_of",
    "add_engine",
    "add_format",
    "add_jurisdiction",
    "add_out",
    "add_sources",
    "add_width",
    "command",
    "default_out",
    "fitted",
    "show",
    "source_group",
    "source_options",
]
