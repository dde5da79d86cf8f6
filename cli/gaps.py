"""The gap questions and the lawyers' look-ups on the command line.

`lexgap ask ID` (one question with its reasons, provisions, findings and recommendations),
`lexgap ask --list`, `lexgap gaps` (the matrix), `lexgap provisions --offence X`,
`lexgap offences --provision Y` and `lexgap sparql` (any read-only query). Every command takes
`--format table|json|csv` and answers from the embedded store, a Turtle file or an endpoint.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lexgap.cli.common import (
    add_as_of,
    add_engine,
    add_format,
    add_jurisdiction,
    command,
    fitted,
    show,
    source_options,
)
from lexgap.core.errors import UsageError
from lexgap.core.options import QUERY_TIMEOUT
from lexgap.core.output import render

if TYPE_CHECKING:
    from lexgap.queries.answers.gaps import GapAnswer


def _print_answer(args: argparse.Namespace, a: GapAnswer) -> None:
    """The answer as text, every line fitted to the width (quotes wrap, never cut)."""
    import contextlib
    import io

    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        _answer_text(a)
    print(fitted(args, buf.getvalue().splitlines()))


def _answer_text(a: GapAnswer) -> None:
    print(f"{a.id}: {a.question}")
    when = f" (as the sources stood on {a.as_of})" if a.as_of else ""
    print(f"status: {a.status}{when}   [{a.kind} question]")
    if a.standard:
        print(f"standard: {a.standard}")
    for c in a.caveats:
        print(f"caveat: {c.text}")
        for s in c.sources:
            print(f'    {s["document"]} ¶{s["locator"]}: "{s["quote"]}"')
    if a.ages:
        print("\nages the sources give:")
        for g in a.ages:
            print(f"  [{g.verdict}] {g.act}: {g.age} — {g.text}")
    print("\nreasons:")
    for r in a.reasons:
        print(f"  [{r.status}] {r.text}")
    print(f"\nprovisions ({len(a.provisions)}):")
    for p in a.provisions:
        print(f"  {p.provision}  — {p.source.cite()}  [{p.role}]")
        version = p.year if p.year is not None else "year not stated by the source"
        print(
            f"    instrument {p.instrument}, version {version}, article {p.article or '—'}; "
            f"{p.effect}: {' '.join(p.offences)}"
        )
        pen = p.penalty
        numbers = ", ".join(
            f"{k}={pen[k]}"
            for k in ("prison_min_months", "prison_max_months", "fine_min_kip", "fine_max_kip")
            if pen[k] is not None
        )
        flags = [k for k in ("death_penalty", "re_education", "confiscation") if pen[k]]
        print(f"    penalty: {pen['text']}" + (f"  [{numbers}]" if numbers else ""))
        ref = pen.get("by_reference")
        if ref:
            print(
                f"    penalty by reference to {ref['provision']} ({ref['document']} "
                f'¶{ref["locator"]}): "{ref["quote"]}"'
            )
        if flags:
            print(f"    also: {', '.join(flags)}")
        print(f"    ages: {p.age['text']}; victims: {p.sex}")
        if p.missing:
            print(f"    leaves out: {', '.join(p.missing)}")
        if p.stance == "reported":
            print("    reported by the source, not asserted")
        if p.found_wanting_by:
            print(f"    found wanting by: {', '.join(p.found_wanting_by)}")
        print(f'    "{p.source.quote}"')
    print(f"\nfindings ({len(a.findings)}):")
    for f in a.findings:
        scope = " (about a broader offence)" if f.scope == "broader" else ""
        print(f"  {f.source.cite()}: {f.verdict}{scope}  [{f.role}]")
        if f.considered:
            print(f"    considered: {'; '.join(f.considered)}")
        for rel in f.relations:
            print(f"    {rel}")
        print(f'    "{f.source.quote}"')
    print(f"\nrecommendations ({len(a.recommendations)}):")
    for rec in a.recommendations:
        scope = " (on a broader offence)" if rec.scope == "broader" else ""
        print(f"  {rec.date or 'undated'}  {rec.body}  {rec.document} ¶{rec.locator}{scope}")
        print(f"    {rec.text}")


def _evidence_rows(a: GapAnswer) -> list[dict[str, Any]]:
    """One flat row per piece of evidence, for CSV."""
    rows: list[dict[str, Any]] = []
    for p in a.provisions:
        rows.append(
            {
                "question": a.id,
                "status": a.status,
                "kind": "provision",
                "role": p.role,
                "document": p.source.document,
                "locator": p.source.locator,
                "date": p.source.date,
                "provision": p.provision,
                "verdict_or_effect": p.effect,
                "missing": " ".join(p.missing),
                "prison_min_months": p.penalty["prison_min_months"],
                "prison_max_months": p.penalty["prison_max_months"],
                "fine_min_kip": p.penalty["fine_min_kip"],
                "fine_max_kip": p.penalty["fine_max_kip"],
                "death_penalty": p.penalty["death_penalty"],
                "re_education": p.penalty["re_education"],
                "age_min": p.age["min"],
                "age_min_inclusive": p.age["min_inclusive"],
                "age_max": p.age["max"],
                "age_max_inclusive": p.age["max_inclusive"],
                "sex": p.sex,
                "text": p.source.quote,
            }
        )
    for f in a.findings:
        rows.append(
            {
                "question": a.id,
                "status": a.status,
                "kind": "finding",
                "role": f.role,
                "document": f.source.document,
                "locator": f.source.locator,
                "date": f.source.date,
                "verdict_or_effect": f.verdict,
                "text": f.source.quote,
            }
        )
    for r in a.recommendations:
        rows.append(
            {
                "question": a.id,
                "status": a.status,
                "kind": "recommendation",
                "role": r.scope,
                "document": r.document,
                "locator": r.locator,
                "date": r.date,
                "verdict_or_effect": r.body,
                "text": r.text,
            }
        )
    return rows


EVIDENCE_COLUMNS = [
    "question",
    "status",
    "kind",
    "role",
    "document",
    "locator",
    "date",
    "provision",
    "verdict_or_effect",
    "missing",
    "prison_min_months",
    "prison_max_months",
    "fine_min_kip",
    "fine_max_kip",
    "death_penalty",
    "re_education",
    "age_min",
    "age_min_inclusive",
    "age_max",
    "age_max_inclusive",
    "sex",
    "text",
]


def cmd_ask(args: argparse.Namespace) -> int:
    from lexgap import api

    if args.list or not args.question:
        if not args.list:
            raise UsageError("name a question, or use --list", hint="lexgap ask --list")
        rows = [{"id": k, "question": q} for k, q in api.questions().items()]
        print(show(args, rows, max_width=110))
        return 0
    answer = api.ask(
        args.question, jurisdiction=args.jurisdiction, as_of=args.as_of, **source_options(args)
    )
    if args.format == "json":
        print(json.dumps(answer.to_json(), indent=2, ensure_ascii=False))
    elif args.format == "csv":
        print(render(_evidence_rows(answer), "csv", EVIDENCE_COLUMNS))
    else:
        _print_answer(args, answer)
    return 0


def cmd_gaps(args: argparse.Namespace) -> int:
    from lexgap import api
    from lexgap.queries.answers.matrix import MATRIX_COLUMNS, matrix_row

    answers = api.gaps(jurisdiction=args.jurisdiction, as_of=args.as_of, **source_options(args))
    if args.format == "json":
        data = [{**a.to_json(), **{"matrix": matrix_row(a)}} for a in answers]
        print(json.dumps(data, indent=2, ensure_ascii=False))
        return 0
    rows = [matrix_row(a) for a in answers]
    print(show(args, rows, MATRIX_COLUMNS, max_width=70))
    return 0


def cmd_history(args: argparse.Namespace) -> int:
    from lexgap import api
    from lexgap.queries.answers.gaps import PREFIX, question

    steps = api.history(args.question, jurisdiction=args.jurisdiction, **source_options(args))
    if args.format == "json":
        data = {
            "id": args.question.removeprefix(PREFIX),
            "steps": [{**s.to_json(), "answer": s.answer.to_json()} for s in steps],
        }
        print(json.dumps(data, indent=2, ensure_ascii=False))
        return 0
    rows = [
        {
            "as_of": s.date,
            "source_added": s.label,
            "status": s.status,
            "what_changed": "; ".join(s.why),
        }
        for s in steps
    ]
    if args.format == "csv":
        print(render(rows, "csv"))
        return 0
    q = question(args.question)
    lines = [f"{q.id.removeprefix(PREFIX)}: {q.question}"]
    for s in steps:
        mark = "*" if s.changed else " "
        lines += ["", f"{mark} {s.label}", f"  status: {s.status}"]
        lines += [f"    {line}" for line in s.why]
    print(fitted(args, lines))
    return 0


def cmd_provisions(args: argparse.Namespace) -> int:
    from lexgap import api
    from lexgap.queries.present import SUMMARY_COLUMNS, statement_summary

    rows = api.provisions(args.offence, effect=args.effect, **source_options(args))
    if args.format == "table":
        print(show(args, [statement_summary(r) for r in rows], SUMMARY_COLUMNS, max_width=70))
    else:
        print(show(args, rows))
    return 0


def cmd_offences(args: argparse.Namespace) -> int:
    from lexgap import api

    rows = api.offences(args.provision, **source_options(args))
    print(show(args, rows, max_width=80))
    return 0


def cmd_sparql(args: argparse.Namespace) -> int:
    from lexgap import api
    from lexgap.loaders.files import read_input

    limit = 1024 * 1024  # a query file of 1 MB is far past any query's size
    if args.file is not None:
        # A regular file, read up to its limit on the open file (a FIFO or /dev/zero is refused).
        data = read_input(Path(args.file), max_bytes=limit, error=UsageError, what="query file")
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            raise UsageError("the query file is not UTF-8 text", file=args.file) from None
    elif args.query is not None:
        text = args.query if args.query != "-" else sys.stdin.read(limit + 1)
        if len(text) > limit:
            raise UsageError("the query on standard input is longer than 1 MB")
    else:
        raise UsageError("give a query, or --file FILE", hint="lexgap sparql 'SELECT ...'")
    rows = api.sparql(
        text, timeout=args.timeout, allow_service=args.allow_service, **source_options(args)
    )
    print(show(args, rows, max_width=80))
    return 0


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = command(
        sub,
        "ask",
        "answer a gap question: status, reasons, provisions, sources",
        [
            "lexgap ask --list                               # the questions",
            "lexgap ask csam-possession",
            "lexgap ask csam-possession --as-of 2015-06-05   # as the sources stood then",
            "lexgap ask rape-of-boys --format json",
        ],
    )
    p.add_argument("question", nargs="?", help="question id, e.g. csam-possession (see --list)")
    p.add_argument("--list", action="store_true", help="list the question catalogue")
    add_as_of(p)
    add_jurisdiction(p)
    add_engine(p)
    add_format(p)
    p.set_defaults(func=cmd_ask)

    p = command(
        sub,
        "gaps",
        "the gap matrix: every question with its status",
        [
            "lexgap gaps",
            "lexgap gaps --as-of 2015-06-05",
            "lexgap gaps --format csv > gaps.csv",
        ],
    )
    add_as_of(p)
    add_jurisdiction(p)
    add_engine(p)
    add_format(p)
    p.set_defaults(func=cmd_gaps)

    p = command(
        sub,
        "history",
        "a question's status after each source, in date order, and what changed it",
        ["lexgap history csam-possession", "lexgap history child-marriage --format json"],
    )
    p.add_argument("question", help="question id, e.g. csam-possession (see ask --list)")
    add_jurisdiction(p)
    add_engine(p)
    add_format(p, brief=False)
    p.set_defaults(func=cmd_history)

    p = command(
        sub,
        "provisions",
        "provisions on an offence: article, penalty, ages, source sentence",
        [
            "lexgap provisions --offence child-rape",
            "lexgap provisions --offence csam --effect prohibits   # effects: lexgap list effects",
            "lexgap provisions --offence trafficking-in-children --format csv",
        ],
    )
    p.add_argument(
        "--offence",
        required=True,
        help="offence notation, e.g. csam-possession (lexgap list offences)",
    )
    p.add_argument("--effect", help="only this effect, e.g. creates-offence (lexgap list effects)")
    add_engine(p)
    add_format(p)
    p.set_defaults(func=cmd_provisions)

    p = command(
        sub,
        "offences",
        "offences a provision creates or concerns, by source",
        ["lexgap offences --provision 'Penal Code/257'", "lexgap offences --provision labour-law"],
    )
    p.add_argument("--provision", required=True, help="instrument[/article], e.g. 'Penal Code/257'")
    add_engine(p)
    add_format(p)
    p.set_defaults(func=cmd_offences)

    p = command(
        sub,
        "sparql",
        "run a read-only SPARQL SELECT or ASK query",
        [
            "lexgap sparql 'SELECT ?s ?p ?o WHERE { ?s ?p ?o } LIMIT 10'",
            "lexgap sparql --file my-query.rq --format csv > rows.csv",
            "echo 'ASK { ?s ?p ?o }' | lexgap sparql -",
        ],
    )
    p.add_argument("query", nargs="?", help="the query text, or - to read standard input")
    p.add_argument("--file", type=Path, help="read the query from this file")
    p.add_argument(
        "--timeout",
        type=float,
        default=QUERY_TIMEOUT,
        help="stop the query after this many seconds",
    )
    p.add_argument(
        "--allow-service",
        action="store_true",
        help="let SERVICE clauses make the local engine fetch other endpoints (refused "
        "otherwise: a query does not reach the network)",
    )
    add_engine(p)
    add_format(p)
    p.set_defaults(func=cmd_sparql)
