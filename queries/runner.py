"""Runs the query files in queries/ on an engine, with user input bound as values.

A query file starts with a header of `# key: value` lines:

    # id: conflicts-years
    # question: Which laws do the sources give different years for?
    # params: none            (or: offence=IRI of an offence concept; ...)
    # description: one or more lines saying what it returns and why

User input never reaches a query as text: it is passed as bound values (see queries.engine),
so a parameter containing quotes, braces or SPARQL keywords is just a value.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lexgap.core.errors import QueryError, UsageError
from lexgap.core.record import record
from lexgap.queries.engine import Bindings, Engine, RdflibEngine

if TYPE_CHECKING:
    from rdflib import Graph

HEADER_LINE = re.compile(r"^#\s*([a-z][a-z-]*):\s*(.*)$")
REQUIRED = ("id", "question", "params", "description")


@record(frozen=True)
class QueryFile:
    id: str
    question: str
    params: tuple[str, ...]
    description: str
    text: str
    name: str
    # Further header keys a family of queries uses (the gap questions' `offences:`, `kind:`).
    extra: tuple[tuple[str, str], ...] = ()

    def get(self, key: str, default: str = "") -> str:
        return dict(self.extra).get(key, default)


def parse_header(name: str, text: str) -> QueryFile:
    """Read the header; every query must say what it is for and which parameters it takes."""
    fields: dict[str, str] = {}
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        m = HEADER_LINE.match(line)
        if m:
            key, value = m.groups()
            fields[key] = (fields.get(key, "") + " " + value).strip()
    missing = [k for k in REQUIRED if not fields.get(k)]
    if missing:
        raise QueryError(f"query header lacks {', '.join(missing)}", file=name, line=1)
    params = (
        ()
        if fields["params"] == "none"
        else tuple(p.split("=")[0].strip() for p in fields["params"].split(";") if p.strip())
    )
    return QueryFile(
        id=fields["id"],
        question=fields["question"],
        params=params,
        description=fields["description"],
        text=text,
        name=name,
        extra=tuple(sorted((k, v) for k, v in fields.items() if k not in REQUIRED)),
    )


SPARQL = Path(__file__).resolve().parent / "sparql"


@cache
def catalogue() -> dict[str, QueryFile]:
    """Every shipped query file, by id."""
    out: dict[str, QueryFile] = {}
    # The query files sit in sparql/ beside this module (shipped as package data).
    for entry in sorted(SPARQL.glob("*.rq")):
        q = parse_header(entry.name, entry.read_text("utf-8"))
        out[q.id] = q
    return out


@cache
def find(query_id: str) -> QueryFile | None:
    """The file `{id}.rq` read on its own, when it is what the catalogue would give for the id.
    Why: a cold `lexgap ask` runs a few queries; reading and parsing all forty files for them
    was a tenth of its time."""
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", query_id):
        return None
    path = SPARQL / f"{query_id}.rq"
    if not path.is_file():
        return None
    q = parse_header(path.name, path.read_text("utf-8"))
    return q if q.id == query_id else None


def get(query_id: str) -> QueryFile:
    found = find(query_id)
    if found is not None:
        return found
    try:
        return catalogue()[query_id]
    except KeyError:
        raise UsageError(
            f"unknown query {query_id!r}", hint="known: " + ", ".join(sorted(catalogue()))
        ) from None


@cache
def bound(query_id: str) -> QueryFile:
    """A query of `sparql/bound/`: not a question or look-up of its own (so not in the
    catalogue, `lexgap sparql --list` or the cross-engine cases of every catalogue file) but
    the second step of one, bound to the nodes its first step found (queries/answers)."""
    path = SPARQL / "bound" / f"{query_id}.rq"
    return parse_header(path.name, path.read_text("utf-8"))


def run(
    engine: Engine | Graph, query: QueryFile | str, bindings: Bindings | None = None
) -> list[dict[str, Any]]:
    """Run a query (file or text) with bound values; rows as dicts of Python values.
    An rdflib Graph is queried in memory with rdflib."""
    if not hasattr(engine, "select"):
        engine = RdflibEngine(engine)
    assert hasattr(engine, "select")
    text = query.text if isinstance(query, QueryFile) else query
    bound = dict(bindings or {})
    if isinstance(query, QueryFile):
        unknown = set(bound) - set(query.params)
        if unknown:
            raise UsageError(f"query {query.id} takes no parameter(s) {', '.join(sorted(unknown))}")
    try:
        rows = engine.select(text, bound)
    except QueryError as exc:
        if isinstance(query, QueryFile) and exc.file is None:
            raise QueryError(exc.message, file=query.name, hint=exc.hint) from None
        raise
    return sort_lists(rows, query) if isinstance(query, QueryFile) else rows


_LIST_SEPARATORS = {"lists": " ", "lists-semicolon": "; ", "lists-comma": ", "}


def sort_lists(rows: list[dict[str, Any]], query: QueryFile) -> list[dict[str, Any]]:
    """Sort the entries of GROUP_CONCAT columns the header declares (`# lists: a b`,
    `# lists-semicolon: c`, `# lists-comma: d`): SPARQL leaves their order to the engine, and
    the same query must give the same rows on every engine."""
    for key, sep in _LIST_SEPARATORS.items():
        for column in query.get(key).split():
            for row in rows:
                value = row.get(column)
                if isinstance(value, str) and value:
                    row[column] = sep.join(sorted(value.split(sep)))
    return rows


def tidy_lists(rows: list[dict[str, Any]], fields: dict[str, str]) -> list[dict[str, Any]]:
    """Drop the empty entries that COALESCE leaves in GROUP_CONCAT lists; field -> separator."""
    for row in rows:
        for name, sep in fields.items():
            value = row.get(name)
            if isinstance(value, str):
                parts = value.split(sep.strip() or " ")
                row[name] = sep.join(p.strip() for p in parts if p.strip())
    return rows
