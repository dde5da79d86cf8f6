"""Publishing the graph to a shared SPARQL 1.1 store (Fuseki, GraphDB, Virtuoso, Neptune,
Oxigraph server) by replacing lexgap's named graphs there.

Mechanism, and why. The default (`protocol="update"`) sends **one SPARQL 1.1 Update request**:

    DROP SILENT GRAPH <g1> ; INSERT DATA { GRAPH <g1> { ...triples... } } ;
    DROP SILENT GRAPH <g2> ; INSERT DATA { GRAPH <g2> { ... } } ; ...

A store executes one update request as one transaction (Oxigraph, Fuseki/TDB2, GraphDB,
Neptune, Virtuoso in its default mode), so the remote graphs are replaced all together or not at
all: a server that is down, a wrong URL, a refused login or a payload the store rejects (a
syntax error is found before anything runs; a failure while running rolls back, tested against
Oxigraph) each leave every remote graph as it was. Pushing twice leaves one copy, because each
graph is dropped before it is filled in the same transaction. After a timeout the outcome is
unknown but still all or nothing; pushing again settles it.

`protocol="gsp"` uses the SPARQL 1.1 Graph Store HTTP Protocol instead: one `PUT
{endpoint}?graph=<g>` with the graph as N-Triples per named graph, for stores or proxies that
allow only that. Each PUT replaces its graph atomically, but there is no transaction across
PUTs: if the k-th request fails, the graphs before it are already new and the rest still old.
The error says which were replaced, and pushing again converges. With `--graph IRI` everything
is one graph and one PUT, so GSP is all or nothing too.

What goes where: by default the named graphs of `lexgap.graph.export.partition` (one per source
document, `{base}graph/ontology`, `{base}graph/core`), which are disjoint, so a store whose
default graph is the union of its named graphs (GraphDB, Virtuoso, Neptune by default; Oxigraph
with `--union-default-graph`; Fuseki with `unionDefaultGraph`) answers lexgap's queries with the
same rows as the embedded store. `--graph IRI` puts every triple into that one graph instead.

Credentials come only from the environment (`queries.engine.credentials_header`: a bearer token
in LEXGAP_SPARQL_TOKEN, or LEXGAP_SPARQL_USER and LEXGAP_SPARQL_PASSWORD), never from the
command line, and a URL carrying `user:password@` is refused. Redirects are not followed: urllib
would follow a redirected POST as a GET without its body and report success for nothing sent.
"""

from __future__ import annotations

import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass, field
from email.message import Message
from typing import IO

import pyoxigraph as ox
from rdflib import Graph, URIRef

from lexgap.graph.export import ntriples_lines
from lexgap.loaders.errors import RemoteStoreError, UsageError
from lexgap.queries.choices import DEFAULT_TIMEOUT, PROTOCOLS, Protocol
from lexgap.queries.engine import credentials_header, http_failure


@dataclass(frozen=True)
class PushResult:
    endpoint: str
    protocol: Protocol
    graphs: dict[str, int] = field(default_factory=dict)  # graph IRI -> triples
    requests: int = 0
    payload_bytes: int = 0
    seconds: float = 0.0

    @property
    def triples(self) -> int:
        return sum(self.graphs.values())


def check_endpoint(url: str) -> str:
    """An http(s) URL without credentials in it (they belong in the environment)."""
    parsed = urllib.parse.urlsplit(url)
    if parsed.scheme not in ("http", "https") or not parsed.hostname:
        raise UsageError(f"not an http(s) endpoint URL: {url!r}")
    if parsed.username is not None or parsed.password is not None:
        raise UsageError(
            "the endpoint URL carries credentials",
            hint="remove user:password@ and set LEXGAP_SPARQL_USER and LEXGAP_SPARQL_PASSWORD "
            "(or LEXGAP_SPARQL_TOKEN) instead",
        )
    return url


def check_graph_iri(iri: str) -> URIRef:
    """A graph name given by the user, refused early if a store would refuse it."""
    try:
        ox.NamedNode(iri)
    except ValueError as exc:
        raise UsageError(f"not a valid graph IRI: {iri!r} ({exc})") from None
    if ":" not in iri:
        raise UsageError(f"not an absolute graph IRI: {iri!r}")
    return URIRef(iri)


def update_text(parts: Mapping[URIRef, Graph]) -> str:
    """One SPARQL Update request that replaces every graph of `parts` (N-Triples lines are
    valid SPARQL triples, so the data goes in as it would in a file)."""
    operations: list[str] = []
    for name, graph in parts.items():
        body = "\n".join(ntriples_lines(graph))
        operations.append(f"DROP SILENT GRAPH <{name}>")
        operations.append(f"INSERT DATA {{ GRAPH <{name}> {{\n{body}\n}} }}")
    return " ;\n".join(operations) + "\n"


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """Turn a redirect into an error instead of silently re-sending without the payload."""

    def redirect_request(
        self,
        req: urllib.request.Request,
        fp: IO[bytes],
        code: int,
        msg: str,
        headers: Message,
        newurl: str,
    ) -> urllib.request.Request | None:
        return None


def _send(url: str, method: str, data: bytes, content_type: str, timeout: float) -> None:
    headers = {"Content-Type": content_type, **credentials_header()}
    request = urllib.request.Request(url, data=data, headers=headers, method=method)
    opener = urllib.request.build_opener(_NoRedirect())
    try:
        with opener.open(request, timeout=timeout) as response:
            response.read()
    except urllib.error.HTTPError as exc:
        if 300 <= exc.code < 400:
            where = exc.headers.get("Location", "another URL")
            raise RemoteStoreError(
                f"HTTP {exc.code}: the endpoint redirects to {where}",
                file=url,
                hint="push to that URL instead",
            ) from None
        raise http_failure(url, exc) from None
    except (TimeoutError, urllib.error.URLError, OSError) as exc:
        reason = exc.reason if isinstance(exc, urllib.error.URLError) else exc
        if isinstance(reason, TimeoutError):
            raise RemoteStoreError(
                f"the store did not answer within {timeout:g}s",
                file=url,
                hint="it may still apply the request, all or nothing; push again to be sure",
            ) from None
        raise http_failure(url, exc) from None


def gsp_url(endpoint: str, graph: URIRef) -> str:
    """`{endpoint}?graph=<iri>` (or `&graph=` when the endpoint has a query already)."""
    sep = "&" if urllib.parse.urlsplit(endpoint).query else "?"
    return endpoint + sep + urllib.parse.urlencode({"graph": str(graph)})


def push(
    parts: Mapping[URIRef, Graph],
    endpoint: str,
    *,
    protocol: Protocol = "update",
    timeout: float = DEFAULT_TIMEOUT,
) -> PushResult:
    """Replace each named graph of `parts` on the store at `endpoint` (its SPARQL Update URL, or
    its Graph Store URL with protocol "gsp"). Raises RemoteStoreError (exit code 3)."""
    check_endpoint(endpoint)
    if not parts:
        raise UsageError("nothing to push: the graph is empty")
    if protocol not in PROTOCOLS:
        raise UsageError(f"unknown protocol {protocol!r}", hint="valid: " + ", ".join(PROTOCOLS))
    counts = {str(name): len(graph) for name, graph in parts.items()}
    started = time.perf_counter()
    if protocol == "update":
        data = update_text(parts).encode("utf-8")
        _send(endpoint, "POST", data, "application/sparql-update", timeout)
        return PushResult(endpoint, protocol, counts, 1, len(data), time.perf_counter() - started)
    done: list[str] = []
    sent = 0
    for name, graph in parts.items():
        data = ("\n".join(ntriples_lines(graph)) + "\n").encode("utf-8")
        url = gsp_url(endpoint, name)
        try:
            _send(url, "PUT", data, "application/n-triples", timeout)
        except RemoteStoreError as exc:
            if not done:
                raise
            raise RemoteStoreError(
                f"{exc.message}; {len(done)} of {len(parts)} graphs were already replaced "
                f"({', '.join(done)}), the others are as they were",
                file=exc.file,
                hint="fix the cause and push again (each PUT replaces a whole graph)",
            ) from None
        done.append(str(name))
        sent += len(data)
    return PushResult(endpoint, protocol, counts, len(done), sent, time.perf_counter() - started)
