"""Where queries run: the embedded Oxigraph store, an rdflib graph, or a remote SPARQL 1.1 endpoint.

Every command asks its questions through an `Engine`, so the same `.rq` file gives the same
rows whichever store holds the graph (tested). Rows are dicts of plain Python values, converted
one way for every engine (`python_value`): IRIs as strings, integers as ints, years (xsd:gYear)
as ints, dates as ISO strings, booleans as bools, unbound as None.

User input reaches a query only as a bound value. Oxigraph's own substitution mechanism requires
the variable to be projected, and a remote endpoint has none, so every engine binds the same
standard way: a SPARQL 1.1 `VALUES` block, built from RDF terms serialised by pyoxigraph (which
escapes quotes, braces and newlines), placed at the start of the query's outermost group pattern
where its FILTERs see it. A parameter such as `"} ; DROP ALL` is therefore one string literal.

This module imports neither rdflib nor pydantic: `lexgap ask` on the embedded store starts fast.
"""

from __future__ import annotations

import itertools
import json
import math
import re
from collections.abc import Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import pyoxigraph as ox

from lexgap.core.errors import QueryError, RemoteStoreError, StoreError, UsageError
from lexgap.core.options import check_timeout
from lexgap.core.output import Rows
from lexgap.core.record import record

if TYPE_CHECKING:
    from rdflib import Graph

XSD = "http://www.w3.org/2001/XMLSchema#"
_INTEGER_TYPES = {
    XSD + t
    for t in (
        "integer",
        "int",
        "long",
        "short",
        "byte",
        "nonNegativeInteger",
        "positiveInteger",
        "nonPositiveInteger",
        "negativeInteger",
        "unsignedInt",
        "unsignedLong",
        "unsignedShort",
        "unsignedByte",
    )
}


@record(frozen=True)
class IRI:
    """An IRI given as a parameter value (as opposed to a string literal)."""

    value: str


Value = IRI | str | int | bool
# A list or tuple binds one variable to several values (one VALUES row each).
Bindings = Mapping[str, Value | Sequence[Value]]


def python_value(lexical: str, datatype: str | None, is_iri: bool = False) -> Any:
    """One RDF term -> a JSON-ready Python value, the same for every engine."""
    if is_iri:
        return lexical
    if datatype in _INTEGER_TYPES or datatype == XSD + "gYear":
        try:
            return int(lexical)
        except ValueError:
            return lexical
    if datatype in (XSD + "decimal", XSD + "double", XSD + "float"):
        # An ill-typed or non-finite literal (`"abc"^^xsd:decimal`, `"NaN"^^xsd:double`) stays
        # its text: JSON has no NaN or Infinity, and a bad literal is data, not a crash.
        try:
            number = float(lexical)
        except ValueError:
            return lexical
        if not math.isfinite(number):
            return lexical
        if datatype == XSD + "decimal" and number.is_integer():
            return int(number)
        return number
    if datatype == XSD + "boolean":
        return lexical.strip() in ("true", "1")
    return lexical


def term(value: Value) -> ox.NamedNode | ox.Literal:
    """A parameter value as a pyoxigraph term; a malformed IRI is a usage error."""
    if isinstance(value, IRI):
        try:
            return ox.NamedNode(value.value)
        except ValueError as exc:
            raise UsageError(f"not a valid IRI: {value.value!r} ({exc})") from None
    if isinstance(value, bool):
        return ox.Literal("true" if value else "false", datatype=ox.NamedNode(XSD + "boolean"))
    if isinstance(value, int):
        return ox.Literal(str(value), datatype=ox.NamedNode(XSD + "integer"))
    return ox.Literal(value)


def _outer_group_start(text: str) -> int:
    """Index just after the `{` that opens the query's outermost group pattern, skipping
    comments, strings and IRIs (which may contain braces). Only for SELECT and ASK queries."""
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c == "#":
            nl = text.find("\n", i)
            i = n if nl < 0 else nl + 1
            continue
        if c in "\"'":
            triple = text[i : i + 3] in ('"""', "'''")
            quote = text[i : i + 3] if triple else c
            j = i + len(quote)
            while j < n and text[j : j + len(quote)] != quote:
                j += 2 if text[j] == "\\" else 1
            i = j + len(quote)
            continue
        if c == "<":
            close = text.find(">", i)
            # `<` as an IRI opener is followed by no whitespace up to its `>`
            if close > i and not any(ch.isspace() for ch in text[i:close]):
                i = close + 1
                continue
        if c == "{":
            return i + 1
        i += 1
    raise QueryError("query has no group pattern to bind parameters in")


def bind(text: str, bindings: Bindings | None) -> str:
    """The query with a VALUES block for `bindings` at the start of its outermost group.
    A variable bound to a list gets one row per value (rows are the product of the lists);
    an empty list matches nothing, as a VALUES block with no rows does."""
    if not bindings:
        return text
    names = sorted(bindings)
    for name in names:
        if not name.isidentifier():
            raise UsageError(f"not a valid parameter name: {name!r}")
    columns: list[list[str]] = []
    for n in names:
        value = bindings[n]
        items: list[Value] = list(value) if isinstance(value, list | tuple) else [value]  # type: ignore[list-item]
        columns.append([str(term(v)) for v in items])
    rows = " ".join(f"({' '.join(row)})" for row in itertools.product(*columns))
    block = f" VALUES ({' '.join('?' + n for n in names)}) {{ {rows} }} "
    at = _outer_group_start(text)
    return text[:at] + block + text[at:]


def within_outer_group(text: str, pattern: str) -> str:
    """The query with `pattern` (SPARQL text) at the start of its outermost group pattern,
    where it joins with everything the query's WHERE clause matches."""
    at = _outer_group_start(text)
    return text[:at] + "\n  " + pattern + "\n" + text[at:]


MAX_DEPTH = 256
_SERVICE = re.compile(r"(?<![\w:?$])SERVICE(?![\w])", re.IGNORECASE)


# What `code_only` blanks, found in one scan: a comment to the end of its line; a long (three
# quotes) or short string to its closing quote, a backslash escaping the character after it, or
# to the end of the text when it is not closed; an IRI. The alternatives begin with different
# characters, so at each position at most one of them applies.
_BLANKED = re.compile(
    r"""
      \#[^\n]*
    | "{3} (?: [^"\\] | \\[\s\S]? | "(?!"") )* (?: "{3} | \Z )
    | '{3} (?: [^'\\] | \\[\s\S]? | '(?!'') )* (?: '{3} | \Z )
    | " (?: [^"\\] | \\[\s\S]? )* "?
    | ' (?: [^'\\] | \\[\s\S]? )* '?
    | <[^<>"{}|^`\\\x00-\x20]*>
    """,
    re.VERBOSE,
)


def code_only(text: str) -> str:
    """The query with its strings, IRIs and comments blanked (same length), so that keywords
    and brackets can be found in what is left. One regular-expression scan: a loop over every
    character in Python was a measurable part of a cold `lexgap ask`, which checks each query
    it runs (issue 22); tests/test_code_only.py holds it to that loop's results."""
    return _BLANKED.sub(lambda m: " " * (m.end() - m.start()), text)


def check_query(text: str, *, allow_service: bool = False) -> None:
    """Refuse, before any engine sees it, a query nested deeper than MAX_DEPTH brackets (deep
    nesting overflows the parser's stack and kills the process) and, unless allowed, one with
    SERVICE (which makes the engine itself fetch a URL: a query reaching the network)."""
    _check_query(text, allow_service)


def check_bound(text: str, bindings: Bindings | None, *, allow_service: bool) -> str:
    """`text` checked (check_query), then bound. Why this order: the VALUES block `bind` adds
    holds only terms pyoxigraph serialised (no SERVICE outside an IRI or a string) and nests
    three brackets deep at the query's outermost group, so checking the unbound text decides
    the same; and the unbound text is a shipped file's, checked once per process (the
    character scan of a bound query with hundreds of statement IRIs was a cold ask's cost)."""
    _check_query(text, allow_service)
    return bind(text, bindings)


@lru_cache(maxsize=256)
def _check_query(text: str, allow_service: bool) -> None:
    code = code_only(text)
    depth = deepest = 0
    for c in code:
        if c in "{([":
            depth += 1
            deepest = max(deepest, depth)
        elif c in "})]":
            depth -= 1
    if deepest > MAX_DEPTH:
        raise QueryError(
            f"the query nests {deepest} brackets deep; at most {MAX_DEPTH} are allowed",
            hint="flatten it",
        )
    if not allow_service and _SERVICE.search(code):
        raise QueryError(
            "SERVICE is refused: a query on the local graph does not reach the network",
            hint="pass --allow-service (lexgap.sparql(..., allow_service=True)) if you mean it",
        )


def _one_line(exc: BaseException, limit: int = 240) -> str:
    """The exception's message on one line, cut where a parser lists every expected token."""
    text = " ".join(str(exc).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


class Engine(Protocol):
    """Runs SELECT/ASK query text and returns rows of Python values."""

    label: str

    def select(self, text: str, bindings: Bindings | None = None) -> list[dict[str, Any]]: ...


_XSD_STRING = XSD + "string"


_XSD_STRING_NODE = ox.NamedNode(_XSD_STRING)


def _ox_value(t: Any) -> Any:
    """One bound pyoxigraph term -> its Python value (`python_value`). Why the exact type
    checks and the plain-string shortcut first: this runs once per cell of every result (tens
    of thousands of cells for one answer on a large graph), and isinstance chains and a
    python_value call for every string were a fifth of an answer's time. The datatype is
    compared as a term: reading its IRI as text made a string per literal."""
    kind = type(t)
    if kind is ox.Literal:
        datatype = t.datatype
        return t.value if datatype == _XSD_STRING_NODE else python_value(t.value, datatype.value)
    if kind is ox.NamedNode:
        return t.value
    if kind is ox.BlankNode:
        return "_:" + t.value
    return str(t)


class OxigraphEngine:
    """The embedded store (pyoxigraph), in memory or opened from disk."""

    def __init__(self, store: ox.Store, label: str = "embedded store") -> None:
        self.store = store
        self.label = label
        self.allow_service = False

    def select(self, text: str, bindings: Bindings | None = None) -> list[dict[str, Any]]:
        query = check_bound(text, bindings, allow_service=self.allow_service)
        try:
            result = self.store.query(query)
        except SyntaxError as exc:
            raise QueryError(f"query does not parse: {_one_line(exc)}") from None
        except (OSError, RuntimeError, ValueError) as exc:
            raise QueryError(f"query failed: {_one_line(exc)}") from None
        if isinstance(result, ox.QueryBoolean):
            return Rows([{"answer": bool(result)}], ["answer"])
        if isinstance(result, ox.QueryTriples):
            raise QueryError("CONSTRUCT and DESCRIBE queries are not supported; use SELECT or ASK")
        names = [v.value for v in result.variables]
        value = _ox_value
        try:
            # A solution iterates its values in the order of `variables`: zipping them is
            # half the time of looking each up by name. Unbound cells (most of a UNION's)
            # and IRIs are read inline, without a call: a third of the conversion's time.
            return Rows(
                (
                    {
                        n: None if t is None else t.value if type(t) is ox.NamedNode else value(t)
                        for n, t in zip(names, row, strict=True)
                    }
                    for row in result
                ),
                names,
            )
        except (OSError, RuntimeError, ValueError) as exc:
            raise QueryError(f"query failed: {_one_line(exc)}") from None


class RdflibEngine:
    """An rdflib graph in memory: the reference path, and what a user without lexgap runs."""

    def __init__(self, graph: Graph, label: str = "rdflib graph") -> None:
        self.graph = graph
        self.label = label
        self.allow_service = False

    def select(self, text: str, bindings: Bindings | None = None) -> list[dict[str, Any]]:
        from rdflib import BNode, Literal, URIRef

        query = check_bound(text, bindings, allow_service=self.allow_service)
        try:
            result = self.graph.query(query)
        except Exception as exc:  # rdflib raises pyparsing and evaluation errors of many kinds
            raise QueryError(f"query failed: {_one_line(exc)}") from None
        if result.type == "ASK":
            return Rows([{"answer": bool(result.askAnswer)}], ["answer"])
        if result.type != "SELECT":
            raise QueryError("CONSTRUCT and DESCRIBE queries are not supported; use SELECT or ASK")
        names = [str(v) for v in (result.vars or [])]

        def value(t: Any) -> Any:
            if t is None:
                return None
            if isinstance(t, URIRef):
                return str(t)
            if isinstance(t, Literal):
                return python_value(str(t), str(t.datatype) if t.datatype else None)
            if isinstance(t, BNode):
                return "_:" + str(t)
            return str(t)

        return Rows(
            ({n: value(row[n]) for n in names} for row in result),  # type: ignore[call-overload,index]
            names,
        )


def _bad_results(url: str, why: str) -> RemoteStoreError:
    return RemoteStoreError(
        f"the store did not answer with SPARQL JSON results: {why}",
        file=url,
        hint="is this the store's SPARQL query URL?",
    )


def _remote_rows(url: str, payload: Any) -> list[dict[str, Any]]:
    """SPARQL 1.1 JSON results -> rows; any other shape is a one-line error, not a crash."""
    if not isinstance(payload, dict):
        raise _bad_results(url, f"a JSON {type(payload).__name__}, not an object")
    if "boolean" in payload:
        if not isinstance(payload["boolean"], bool):
            raise _bad_results(url, "'boolean' is not true or false")
        return Rows([{"answer": payload["boolean"]}], ["answer"])
    head, results = payload.get("head"), payload.get("results")
    names = head.get("vars") if isinstance(head, dict) else None
    bindings = results.get("bindings") if isinstance(results, dict) else None
    if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
        raise _bad_results(url, "no list of variables in 'head'")
    if not isinstance(bindings, list):
        raise _bad_results(url, "no list of 'results' 'bindings'")
    rows: list[dict[str, Any]] = Rows(columns=names)
    for binding in bindings:
        if not isinstance(binding, dict):
            raise _bad_results(url, "a binding is not an object")
        row: dict[str, Any] = {}
        for n in names:
            cell = binding.get(n)
            if cell is None:
                row[n] = None
                continue
            if not isinstance(cell, dict) or not isinstance(cell.get("value"), str):
                raise _bad_results(url, f"the value of ?{n} is not an RDF term")
            datatype = cell.get("datatype")
            if cell.get("type") == "uri":
                row[n] = cell["value"]
            elif cell.get("type") == "bnode":
                row[n] = "_:" + cell["value"]
            else:
                if datatype is None and "xml:lang" not in cell:
                    datatype = XSD + "string"
                row[n] = python_value(
                    cell["value"], datatype if isinstance(datatype, str) else None
                )
        rows.append(row)
    return rows


class RemoteEngine:
    """A SPARQL 1.1 endpoint over HTTP (SPARQL 1.1 Protocol, query via POST form), through
    the one HTTP client (`queries.httpclient`: same-origin redirects only, a deadline for the
    whole exchange, a size cap, credentials from the environment). Nothing is evaluated
    locally: a query the store cannot parse comes back as its HTTP 400."""

    def __init__(self, url: str, timeout: float = 30.0) -> None:
        from lexgap.core.http import check_url

        check_url(url)
        self.url = url
        self.label = url
        self.timeout = check_timeout(timeout)

    def select(self, text: str, bindings: Bindings | None = None) -> list[dict[str, Any]]:
        import urllib.parse

        from lexgap.core import http as httpclient

        query = bind(text, bindings)
        check_query(query, allow_service=True)  # SERVICE is the remote store's business
        data = urllib.parse.urlencode({"query": query}).encode("utf-8")
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "Accept": "application/sparql-results+json",
        }
        response = httpclient.request(
            self.url, method="POST", body=data, headers=headers, timeout=self.timeout
        )
        if response.status == 400:
            detail = " ".join(response.body[:400].decode("utf-8", "replace").split())[:200]
            raise QueryError(
                "the store refused the query"
                + (f": {httpclient.redact(detail)}" if detail else ""),
                file=self.url,
            )
        if not 200 <= response.status < 300:
            raise httpclient.status_error(response)
        try:
            payload = json.loads(response.body.decode("utf-8"), parse_constant=_no_constant)
        except RecursionError:  # `[[[[...` a hundred thousand deep
            raise _bad_results(self.url, "nested too deeply") from None
        except (ValueError, UnicodeDecodeError) as exc:
            raise _bad_results(self.url, _one_line(exc, 120)) from None
        return _remote_rows(self.url, payload)


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def open_store_engine(path: Path) -> OxigraphEngine:
    """Open an on-disk embedded store read-only."""
    try:
        store = ox.Store.read_only(str(path))
    except (OSError, RuntimeError) as exc:  # RocksDB reports missing files as RuntimeError
        raise StoreError(f"cannot open the store: {_one_line(exc)}", file=path) from None
    return OxigraphEngine(store, label=str(path))


def check_lexgap_graph(engine: Engine) -> None:
    """A store whose default graph holds no lexgap documents answers every question with
    nothing; say why instead (most often its default graph is not the union of its named
    graphs, where `lexgap push` puts the triples)."""
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
