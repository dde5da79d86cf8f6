"""One set of output options for every command that prints results: table, json or csv.

Rows are plain dicts with the same keys in the same order; `table` is for people, `json` and
`csv` are for scripts and keep every field. Values that a spreadsheet would run as a formula
(leading =, +, -, @) are prefixed with a quote in CSV.

Tables respect the reader (issue 18): they fit the output width and *wrap* long cells instead
of cutting them, so a penalty, a quote or a recommendation is always shown in full. The width
is `--width N` when given, else $COLUMNS, else the terminal's width, else (output piped or
written to a file) `PIPE_WIDTH` = 100 columns, plain text without any terminal codes. Free
text (an answer, a conflict, a timeline) wraps to --width or the terminal; piped without
--width its lines stay whole (`wrap_lines`). A table
whose columns would be squeezed narrower than `MIN_COLUMN` is shown as records instead (one
"column: value" line per field). Only `brief=True` (`--brief`) shortens cells, and it says so.

An empty result is "no rows" as a table, `[]` as JSON and the header row alone as CSV (the
columns come from `columns`, or from a `Rows` list that carries its query's columns).
"""

from __future__ import annotations

import io
import json
import re
import sys
from collections.abc import Iterable, Sequence
from typing import Any, Literal

Format = Literal["table", "json", "csv"]

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

# Columns when standard output is not a terminal and neither --width nor $COLUMNS says: wide
# enough for a table of short columns, narrow enough to read in a pager or an e-mail.
PIPE_WIDTH = 100
# The narrowest a wrapped column of long text may get; narrower, the rows are shown as records
# (a quote wrapped at 12 characters is unreadable).
MIN_COLUMN = 20
# Short cells (ids, dates, a provision's label) are not wrapped below this width, so an id
# stays on one line whenever the table can afford it.
SHORT = 24
# The narrowest output width --width accepts.
MIN_WIDTH = 40
GAP = "  "
NO_ROWS = "no rows"


class Rows(list[dict[str, Any]]):
    """Result rows that also know their columns, so an empty result still has a CSV header.

    A plain list everywhere else (equality, JSON, indexing)."""

    def __init__(self, rows: Iterable[dict[str, Any]] = (), columns: Sequence[str] = ()) -> None:
        super().__init__(rows)
        self.columns = list(columns)


_CAMEL = re.compile(r"(?<=[a-z0-9])([A-Z])")


def snake(key: str) -> str:
    """'docId' -> 'doc_id', 'factsUpTo' -> 'facts_up_to'; snake_case keys are left as they are.
    The one key style of lexgap's JSON, CSV and API rows (the SPARQL files name their
    variables in camelCase, the SPARQL custom)."""
    return _CAMEL.sub(r"_\1", key).lower()


def snake_rows(rows: Sequence[dict[str, Any]]) -> Rows:
    """Rows with every key in snake_case, their columns too (see `snake`)."""
    columns = [snake(c) for c in columns_of(rows, None)]
    return Rows(({snake(k): v for k, v in r.items()} for r in rows), columns)


def csv_safe(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def output_width(width: int | None = None) -> int:
    """The width tables fit: `width` (--width), else $COLUMNS, else the terminal's columns,
    else PIPE_WIDTH when standard output is a pipe or a file."""
    if width is not None:
        return max(width, MIN_WIDTH)
    import shutil  # here, not at the top: a cold `lexgap ask` never pays for it (issue 22)

    return max(shutil.get_terminal_size((PIPE_WIDTH, 24)).columns, MIN_WIDTH)


def columns_of(rows: Sequence[dict[str, Any]], columns: Sequence[str] | None) -> list[str]:
    """The columns to show: those given, else those the rows carry (`Rows`), else the first
    row's keys."""
    if columns is not None:
        return list(columns)
    carried = getattr(rows, "columns", None)
    if carried:
        return list(carried)
    return list(rows[0]) if rows else []


def render(
    rows: Sequence[dict[str, Any]],
    fmt: str,
    columns: Sequence[str] | None = None,
    max_width: int = 60,
    *,
    width: int | None = None,
    brief: bool = False,
) -> str:
    """Rows as `fmt`. `max_width` is the cell length `brief` tables cut at; full tables wrap
    instead, to `width` (see `output_width`)."""
    cols = columns_of(rows, columns)
    if fmt == "json":
        return json.dumps([{c: r.get(c) for c in cols} for r in rows], indent=2, ensure_ascii=False)
    if fmt == "csv":
        import csv

        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(cols)
        for r in rows:
            writer.writerow(["" if r.get(c) is None else csv_safe(r.get(c)) for c in cols])
        return buf.getvalue().rstrip("\n")
    return table(rows, cols, max_width, width=width, brief=brief)


def _text(value: Any) -> str:
    text = "" if value is None else str(value)
    return " ".join(text.split())


def _cut(text: str, max_width: int) -> str:
    return text if len(text) <= max_width else text[: max_width - 1] + "…"


def _wrap(text: str, width: int) -> list[str]:
    """Every word of `text` on lines of at most `width` (a word longer than that is split, never
    dropped)."""
    import textwrap

    return textwrap.wrap(text, width, break_long_words=True, break_on_hyphens=False) or [""]


def fit(natural: Sequence[int], floors: Sequence[int], room: int) -> list[int] | None:
    """Column widths summing to at most `room`: each column its natural width, the widest ones
    capped at one common width (never below its floor); None when that cap would fall under
    MIN_COLUMN (too narrow to read: show records instead)."""
    if sum(natural) <= room:
        return list(natural)

    def widths(cap: int) -> list[int]:
        return [max(f, min(n, cap)) for n, f in zip(natural, floors, strict=True)]

    low, high = 0, max(natural)
    while low < high:  # the largest cap that fits
        mid = (low + high + 1) // 2
        if sum(widths(mid)) <= room:
            low = mid
        else:
            high = mid - 1
    chosen = widths(low)
    if sum(chosen) > room or low < MIN_COLUMN:
        return None
    return chosen


def table(
    rows: Sequence[dict[str, Any]],
    cols: Sequence[str],
    max_width: int = 60,
    *,
    width: int | None = None,
    brief: bool = False,
) -> str:
    """Rows as aligned columns that fit `width`, long cells wrapped (see the module docstring)."""
    if not rows:
        return NO_ROWS
    room_total = output_width(width)
    cells = [[_text(r.get(c)) for c in cols] for r in rows]
    if brief:
        cells = [[_cut(v, max_width) for v in row] for row in cells]
    natural = [max([len(c)] + [len(row[i]) for row in cells]) for i, c in enumerate(cols)]
    # A column is never narrower than its header, a short id, or its longest word: a table
    # never splits a word (an IRI, an id); when that cannot fit, the rows become records.
    longest = [
        max(len(w) for row in cells for w in [*row[i].split(), ""]) for i in range(len(cols))
    ]
    floors = [min(n, max(len(c), SHORT, w)) for n, c, w in zip(natural, cols, longest, strict=True)]
    room = room_total - len(GAP) * (len(cols) - 1)
    widths = fit(natural, floors, room)
    if widths is None:
        lines = records(cells, cols, room_total)
    else:
        lines = [
            GAP.join(c.ljust(w) for c, w in zip(cols, widths, strict=True)).rstrip(),
            GAP.join("-" * w for w in widths),
        ]
        wrapped = [[_wrap(v, w) for v, w in zip(row, widths, strict=True)] for row in cells]
        tall = any(len(part) > 1 for row in wrapped for part in row)
        for n, row in enumerate(wrapped):
            if tall and n:
                lines.append("")  # rows of several lines are told apart by a blank line
            for k in range(max(len(part) for part in row)):
                parts = [part[k] if k < len(part) else "" for part in row]
                lines.append(
                    GAP.join(v.ljust(w) for v, w in zip(parts, widths, strict=True)).rstrip()
                )
    if brief and any(len(_text(r.get(c))) > max_width for r in rows for c in cols):
        lines.append(
            f"(--brief: cells longer than {max_width} characters are shortened with …; "
            "without --brief every word is shown)"
        )
    return "\n".join(lines)


def records(cells: Sequence[Sequence[str]], cols: Sequence[str], width: int) -> list[str]:
    """Rows too wide for columns, one field a line ("column: value", wrapped under itself),
    a blank line between rows."""
    label = max(len(c) for c in cols) + 2
    room = max(width - label, MIN_COLUMN)
    lines: list[str] = []
    for n, row in enumerate(cells):
        if n:
            lines.append("")
        for c, v in zip(cols, row, strict=True):
            parts = _wrap(v, room)
            lines.append(f"{c + ':':<{label}}{parts[0]}".rstrip())
            lines += [" " * label + p for p in parts[1:]]
    return lines


def terminal_width() -> int | None:
    """The terminal's columns when standard output is one, else None."""
    try:
        if not sys.stdout.isatty():
            return None
    except (AttributeError, ValueError):
        return None
    return output_width()


def wrap_lines(lines: Iterable[str], width: int | None = None) -> list[str]:
    """Free text (answers, conflicts, timelines) fitted to `width` (--width) or the terminal: a
    line longer than it continues on lines indented four more spaces than its own; no word is
    dropped. Piped or written to a file without --width, each line stays whole: nothing is
    cut, and `grep` finds a whole quote on its line."""
    room = width if width is not None else terminal_width()
    if room is None:
        return list(lines)
    room = max(room, MIN_WIDTH)
    import textwrap

    out: list[str] = []
    for line in lines:
        if len(line) <= room:
            out.append(line)
            continue
        indent = " " * (len(line) - len(line.lstrip(" ")))
        out += textwrap.wrap(
            line.strip(),
            room,
            initial_indent=indent,
            subsequent_indent=indent + "    ",
            break_long_words=True,
            break_on_hyphens=False,
        ) or [line]
    return out
