"""`lexgap documents` (the sources: symbol, title, issuer, date, language) and `lexgap show DOC
LOCATOR` (one passage in full, its citation, and what the graph draws from it).

Both name documents as a lawyer does: by UN symbol (`A/HRC/40/51/Add.1`), by id or by the
corpus number (`000`). Text is wrapped at the terminal's width, never cut: the words of a law or
a finding are the point of both commands.
"""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING, Any

from lexgap.cli.common import (
    add_engine,
    add_format,
    add_sources,
    command,
    source_group,
    source_options,
)
from lexgap.core.output import render

if TYPE_CHECKING:
    from lexgap.queries.passages import Claim, PassageView

DOCUMENT_COLUMNS = [
    "id",
    "number",
    "symbol",
    "cited_as",
    "title",
    "issued_by",
    "body",
    "date",
    "when",
    "facts_up_to",
    "language",
    "edition_of",
]
CLAIM_COLUMNS = [
    "document",
    "locator",
    "citation",
    "kind",
    "id",
    "detail",
    "offences",
    "provisions",
    "penalty",
    "ages",
    "sex",
    "answers",
    "quote",
    "text",
]
MAX_WIDTH = 100


def _width() -> int:
    """The terminal's width (COLUMNS, else 80 when piped), at most MAX_WIDTH for reading."""
    import shutil  # here: importing this module (every command does) must not cost it

    return max(40, min(shutil.get_terminal_size((80, 24)).columns, MAX_WIDTH))


def _wrap(text: str, indent: str = "", first: str | None = None) -> str:
    import textwrap

    return textwrap.fill(
        " ".join(text.split()),
        width=_width(),
        initial_indent=indent if first is None else first,
        subsequent_indent=indent,
        break_long_words=False,
        break_on_hyphens=False,
    )


def cmd_documents(args: argparse.Namespace) -> int:
    from lexgap import api

    rows = api.documents(**source_options(args))
    if args.format != "table":
        print(render(rows, args.format, DOCUMENT_COLUMNS))
        return 0
    for i, d in enumerate(rows):
        if i:
            print()
        print(_wrap(f"{d['number'] or '—'}  {d['id']}  cited as: {d['cited_as']}", "     ", ""))
        print(_wrap(d["title"], "     "))
        print(_wrap(f"issued by {d['issued_by']} ({d['body']})", "     "))
        edition = f"; an edition of {d['edition_of']}" if d["edition_of"] else ""
        print(_wrap(f"{d['when']}; language {d['language']}{edition}", "     "))
    print(f"\n{len(rows)} document(s)")
    return 0


def _claim_lines(c: Claim) -> list[str]:
    lines: list[str] = []
    what = ", ".join(c.provisions) or "—"
    if c.kind == "statement":
        lines.append(
            _wrap(f"{what} — {c.detail.replace('-', ' ')}: {' '.join(c.offences)}", "    ", "  ")
        )
        lines.append(_wrap(f"penalty: {c.penalty}", "      ", "    "))
        lines.append(_wrap(f"ages: {c.ages}; victims: {c.sex}", "      ", "    "))
    elif c.kind == "finding":
        lines.append(_wrap(f"{c.detail}: {' '.join(c.offences)}", "    ", "  "))
        if c.provisions:
            lines.append(_wrap(f"considered: {'; '.join(c.provisions)}", "      ", "    "))
    elif c.kind == "recommendation":
        lines.append(_wrap(f"{c.id} ({c.detail}): {' '.join(c.offences) or '—'}", "    ", "  "))
        if c.provisions:
            lines.append(_wrap(f"targets: {'; '.join(c.provisions)}", "      ", "    "))
        lines.append(_wrap(c.text or "", "    "))
    else:
        lines.append(_wrap(f"{c.detail}: answers {'; '.join(c.answers) or '—'}", "    ", "  "))
        if c.provisions:
            lines.append(_wrap(f"cites: {'; '.join(c.provisions)}", "      ", "    "))
    if c.quote:
        lines.append(_wrap(f"“{c.quote}”", "    "))
    return lines


def _show_text(v: PassageView) -> str:
    out = [_wrap(v.citation)]
    if v.section:
        out.append(_wrap(f"section: {v.section}", "  ", ""))
    held = "" if v.held_by == v.document else f"; held under {v.held_by}, of which it is an edition"
    out.append(f"[{v.kind or 'passage'} {v.locator} of {v.document}{held}]")
    out += ["", _wrap(v.text), ""]
    for title, claims in (
        ("statements", v.statements),
        ("findings", v.findings),
        ("recommendations", v.recommendations),
        ("State responses", v.responses),
    ):
        out.append(f"{title} drawn from it ({len(claims)}):")
        for c in claims:
            out += _claim_lines(c)
    return "\n".join(out)


def _claim_rows(v: PassageView) -> list[dict[str, Any]]:
    rows = []
    for c in [*v.statements, *v.findings, *v.recommendations, *v.responses]:
        rows.append(
            {
                "document": v.document,
                "locator": v.locator,
                "citation": v.citation,
                "kind": c.kind,
                "id": c.id,
                "detail": c.detail,
                "offences": " ".join(c.offences),
                "provisions": "; ".join(c.provisions),
                "penalty": c.penalty,
                "ages": c.ages,
                "sex": c.sex,
                "answers": "; ".join(c.answers),
                "quote": c.quote,
                "text": c.text,
            }
        )
    return rows


def cmd_show(args: argparse.Namespace) -> int:
    from lexgap import api

    view = api.show(args.doc, args.locator, **source_options(args))
    if args.format == "json":
        print(json.dumps(view.to_json(), indent=2, ensure_ascii=False))
    elif args.format == "csv":
        print(render(_claim_rows(view), "csv", CLAIM_COLUMNS))
    else:
        print(_show_text(view))
    return 0


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = command(
        sub,
        "documents",
        "the source documents: UN symbol, title, issuer, date, language",
        [
            "lexgap documents                  # every source, as a citation names it",
            "lexgap documents --format csv     # id, number, symbol, title, body, date, ...",
        ],
        description="List the source documents with what a citation needs: the UN symbol (or\n"
        "title), issuer, date (or, for an undated document, the year of its latest facts) and\n"
        "language. Any of id, number and symbol names a document in --doc and `lexgap show`.",
    )
    add_sources(source_group(p), readings=False)
    add_format(p)
    p.set_defaults(func=cmd_documents)

    p = command(
        sub,
        "show",
        "one source passage in full, its citation, and what is drawn from it",
        [
            "lexgap show CRC/C/OPSC/LAO/CO/1 29(d)   # by UN symbol and paragraph",
            "lexgap show 004 77                      # by document number",
            "lexgap show 001 summary                 # the Spanish edition's summary",
        ],
        description="Print a passage in full with its ready-to-cite reference, and the\n"
        "statements (penalty, ages, sex), findings, recommendations and State responses the\n"
        "graph draws from it. CSV: one row per thing drawn from it.",
    )
    p.add_argument("doc", metavar="DOC", help="document id, number (000) or UN symbol")
    p.add_argument(
        "locator",
        metavar="LOCATOR",
        help="paragraph as lexgap prints it (29(d), fn 4, summary, or the 2011 study's "
        "'Section > Subsection #3'), or as a citation writes it (para. 29(d))",
    )
    add_engine(p)
    add_format(p)
    p.set_defaults(func=cmd_show)
