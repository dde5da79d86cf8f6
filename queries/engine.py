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

import base64
import itertools
import json
import os
import urllib.parse
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import pyoxigraph as ox

from lexgap.loaders.errors import QueryError, RemoteStoreError, UsageError

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


@dataclass(frozen=True)
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
    if datatype == XSD + "decimal":
        number = float(lexical)
        return int(number) if number.is_integer() else number
    if datatype in (XSD + "double", XSD + "float"):
        return float(lexical)
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


def _one_line(exc: BaseException, limit: int = 240) -> str:
    """The exception's message on one line, cut where a parser lists every expected token."""
    text = " ".join(str(exc).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


class Engine(Protocol):
    """Runs SELECT/ASK query text and returns rows of Python values."""

    label: str

    def select(self, text: str, bindings: Bindings | None = None) -> list[dict[str, Any]]: ...


def _ox_value(t: Any) -> Any:
    if t is None:
        return None
    if isinstance(t, ox.NamedNode):
        return python_value(t.value, None, is_iri=True)
    if isinstance(t, ox.Literal):
        return python_value(t.value, t.datatype.value)
    if isinstance(t, ox.BlankNode):
        return "_:" + t.value
    return str(t)


class OxigraphEngine:
    """The embedded store (pyoxigraph), in memory or opened from disk."""

    def __init__(self, store: ox.Store, label: str = "embedded store") -> None:
        self.store = store
        self.label = label

    def select(self, text: str, bindings: Bindings | None = None) -> list[dict[str, Any]]:
        query = bind(text, bindings)
        try:
            result = self.store.query(query)
        except SyntaxError as exc:
            raise QueryError(f"query does not parse: {_one_line(exc)}") from None
        except (OSError, RuntimeError, ValueError) as exc:
            raise QueryError(f"query failed: {_one_line(exc)}") from None
        if isinstance(result, ox.QueryBoolean):
            return [{"answer": bool(result)}]
        if isinstance(result, ox.QueryTriples):
            raise QueryError("CONSTRUCT and DESCRIBE queries are not supported; use SELECT or ASK")
        names = [v.value for v in result.variables]
        try:
            return [{n: _ox_value(row[n]) for n in names} for row in result]
        except (OSError, RuntimeError, ValueError) as exc:
            raise QueryError(f"query failed: {_one_line(exc)}") from None


class RdflibEngine:
    """An rdflib graph in memory: the reference path, and what a user without lexgap runs."""

    def __init__(self, graph: Graph, label: str = "rdflib graph") -> None:
        self.graph = graph
        self.label = label

    def select(self, text: str, bindings: Bindings | None = None) -> list[dict[str, Any]]:
        from rdflib import BNode, Literal, URIRef

        query = bind(text, bindings)
        try:
            result = self.graph.query(query)
        except Exception as exc:  # rdflib raises pyparsing and evaluation errors of many kinds
            raise QueryError(f"query failed: {_one_line(exc)}") from None
        if result.type == "ASK":
            return [{"answer": bool(result.askAnswer)}]
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

        return [{n: value(row[n]) for n in names} for row in result]  # type: ignore[call-overload,index]


def credentials_header() -> dict[str, str]:
    """HTTP auth from the environment, never from the command line:
    LEXGAP_SPARQL_TOKEN (bearer) or LEXGAP_SPARQL_USER + LEXGAP_SPARQL_PASSWORD (basic)."""
    token = os.environ.get("LEXGAP_SPARQL_TOKEN")
    if token:
        return {"Authorization": f"Bearer {token}"}
    user = os.environ.get("LEXGAP_SPARQL_USER")
    if user is not None:
        secret = f"{user}:{os.environ.get('LEXGAP_SPARQL_PASSWORD', '')}".encode()
        return {"Authorization": "Basic " + base64.b64encode(secret).decode("ascii")}
    return {}


def http_failure(url: str, exc: BaseException) -> RemoteStoreError:
    """One clear message for every way an HTTP call to a store can fail."""
    import urllib.error  # lazily: http.client and email cost a cold `lexgap ask` 60 ms

    if isinstance(exc, urllib.error.HTTPError):
        body = exc.read(400).decode("utf-8", "replace") if exc.fp else ""
        detail = " ".join(body.split())[:200]
        hint = {
            401: "set LEXGAP_SPARQL_TOKEN or LEXGAP_SPARQL_USER/LEXGAP_SPARQL_PASSWORD",
            403: "the credentials are not allowed to do this",
            404: "check the endpoint URL",
        }.get(exc.code)
        msg = f"HTTP {exc.code} {exc.reason}" + (f": {detail}" if detail else "")
        return RemoteStoreError(msg, file=url, hint=hint)
    if isinstance(exc, urllib.error.URLError):
        return RemoteStoreError(
            f"cannot reach the store: {exc.reason}", file=url, hint="is the server running?"
        )
    return RemoteStoreError(f"cannot reach the store: {_one_line(exc)}", file=url)


class RemoteEngine:
    """A SPARQL 1.1 endpoint over HTTP (SPARQL 1.1 Protocol, query via POST form)."""

    def __init__(self, url: str, timeout: float = 30.0) -> None:
        parsed = urllib.parse.urlparse(url)
        if parsed.scheme not in ("http", "https") or not parsed.netloc:
            raise UsageError(f"not an http(s) endpoint URL: {url!r}")
        self.url = url
        self.label = url
        self.timeout = timeout

    def select(self, text: str, bindings: Bindings | None = None) -> list[dict[str, Any]]:
        query = bind(text, bindings)
        try:
            ox.Store().query(query)  # parse locally first: a bad query is a usage error
        except SyntaxError as exc:
            raise QueryError(f"query does not parse: {_one_line(exc)}") from None
        import urllib.error  # lazily, as in http_failure
        import urllib.request

        data = urllib.parse.urlencode({"query": query}).encode("utf-8")
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "Accept": "application/sparql-results+json",
            **credentials_header(),
        }
        request = urllib.request.Request(self.url, data=data, headers=headers, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                payload = json.loads(response.read().decode("utf-8"))
        except (urllib.error.URLError, OSError, TimeoutError) as exc:
            raise http_failure(self.url, exc) from None
        except (ValueError, UnicodeDecodeError) as exc:
            raise RemoteStoreError(
                f"the store did not answer with SPARQL JSON results: {_one_line(exc)}",
                file=self.url,
            ) from None
        if "boolean" in payload:
            return [{"answer": bool(payload["boolean"])}]
        names = payload.get("head", {}).get("vars", [])
        rows: list[dict[str, Any]] = []
        for binding in payload.get("results", {}).get("bindings", []):
            row: dict[str, Any] = {}
            for n in names:
                cell = binding.get(n)
                if cell is None:
                    row[n] = None
                elif cell.get("type") == "uri":
                    row[n] = cell["value"]
                elif cell.get("type") == "bnode":
                    row[n] = "_:" + cell["value"]
                else:
                    datatype = cell.get("datatype")
                    if datatype is None and "xml:lang" not in cell:
                        datatype = XSD + "string"
                    row[n] = python_value(cell["value"], datatype)
            rows.append(row)
        return rows


def open_store_engine(path: Path) -> OxigraphEngine:
    """Open an on-disk embedded store read-only."""
    from lexgap.graph.store import StoreError

    try:
        store = ox.Store.read_only(str(path))
    except (OSError, RuntimeError) as exc:  # RocksDB reports missing files as RuntimeError
        raise StoreError(f"cannot open the store: {_one_line(exc)}", file=path) from None
    return OxigraphEngine(store, label=str(path))
