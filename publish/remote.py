"""Publishing the graph to a shared SPARQL 1.1 store (Fuseki, GraphDB, Virtuoso, Neptune,
Oxigraph server) by replacing lexgap's named graphs there.

Mechanism, and why. The default (`protocol="update"`) sends **one SPARQL 1.1 Update request**:

    DROP SILENT GRAPH <g1> ; INSERT DATA { GRAPH <g1> { ...triples... } } ;
                             INSERT DATA { GRAPH <g1> { ...the next triples... } } ;
    DROP SILENT GRAPH <g2> ; INSERT DATA { GRAPH <g2> { ... } } ; ...

Each INSERT DATA holds at most `CHUNK_TRIPLES` triples. Virtuoso 7's SPARQL parser runs out of
stack on one operation of some five thousand triples ("SP030: SPARQL compiler ... memory
exhausted"), whatever the size of the request; many smaller operations in the same request parse,
and on a transactional store the request stays one transaction.

A store that executes one update request as one transaction (Oxigraph, Fuseki/TDB2, GraphDB,
Neptune) replaces the remote graphs all together or not at all: a server that is down, a wrong URL,
a refused login or a payload the store rejects (a syntax error is found before anything runs; a
failure while running rolls back, tested against Oxigraph) each leave every remote graph as it was.
Pushing twice leaves one copy, because each graph is dropped before it is filled in the same
transaction. After a timeout the outcome is unknown but still all or nothing; pushing again settles
it.

**Virtuoso is the exception**: its SPARQL endpoint commits each operation of a request on its own
(tested: a request whose last operation fails keeps the ones before it). A request it cannot
parse or compile changes nothing, but one that fails while running leaves the graphs before the
failure replaced and the failing one possibly part-filled, until a push that succeeds (each
push drops and refills every graph, so pushing again converges). Readers may also see a graph
empty or half-filled while a push runs. Where that matters, push into a Virtuoso that no one
reads from during the push, or use `--protocol gsp` (one PUT per graph, see below).

`protocol="gsp"` uses the SPARQL 1.1 Graph Store HTTP Protocol instead: one `PUT
{endpoint}?graph=<g>` with the graph as N-Triples per named graph, for stores or proxies that
allow only that. Each PUT replaces its graph atomically, but there is no transaction across
PUTs: if the k-th request fails, the graphs before it are already new and the rest still old.
The error says which were replaced, and pushing again converges. With `--graph IRI` everything
is one graph and one PUT, so GSP is all or nothing too.

What goes where: by default the named graphs of `lexgap.publish.export.partition` (one per source
document, `{base}graph/ontology`, `{base}graph/core`), which are disjoint, so a store whose
default graph is the union of its named graphs (GraphDB, Virtuoso, Neptune by default; Oxigraph
with `--union-default-graph`; Fuseki with `unionDefaultGraph`) answers lexgap's queries with the
same rows as the embedded store. `--graph IRI` puts every triple into that one graph instead.

Exactly what `lexgap export --format trig` holds: a push also removes every other lexgap graph
of the same base IRI on the store (a graph named `{base}graph/...`, or one holding a
`lex:SourceDocument` minted under `{base}doc/`, such as an earlier `--graph` push): a document
dropped from the corpus, or a switch between `--graph` and per-document graphs, leaves no stale
triples behind. With the update protocol that happens in the same request, so in the same
transaction; with GSP the graphs are listed through `query_endpoint` (the store's SPARQL query
URL) and each stale one is deleted after the PUTs. Graphs of another base, and any graph that
is not lexgap's, are never touched.

Every request goes through `queries.httpclient`, the one HTTP client: credentials from the
environment only (a URL carrying `user:password@` is refused), redirects followed only within
the same origin and with the same method and body (never to another host, where the
credentials would go too), one deadline for the whole exchange, a cap on the answer's size.
"""

from __future__ import annotations

import time
import urllib.parse
from collections.abc import Mapping
from dataclasses import dataclass, field

import pyoxigraph as ox
from rdflib import Graph, URIRef

from lexgap.core import http as httpclient
from lexgap.core.errors import RemoteStoreError, UsageError
from lexgap.core.options import DEFAULT_TIMEOUT, PROTOCOLS, Protocol, check_timeout
from lexgap.graph.namespaces import LEX
from lexgap.publish.export import infer_base, ntriples_lines


@dataclass(frozen=True)
class PushResult:
    endpoint: str
    protocol: Protocol
    graphs: dict[str, int] = field(default_factory=dict)  # graph IRI -> triples
    requests: int = 0
    payload_bytes: int = 0
    seconds: float = 0.0
    base: str = ""
    # GSP only: the stale lexgap graphs deleted, or None when they could not be listed
    stale: tuple[str, ...] | None = ()

    @property
    def triples(self) -> int:
        return sum(self.graphs.values())


def check_endpoint(url: str) -> str:
    """An http(s) URL without credentials in it (they belong in the environment)."""
    httpclient.check_url(url)
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


def _string(text: str) -> str:
    return str(ox.Literal(text))


def lexgap_graphs_pattern(base: str) -> str:
    """A group pattern binding ?g to every lexgap graph of `base` on a store: named under
    `{base}graph/`, or holding a source document minted under `{base}doc/`.
    (`GRAPH ?g { ?s ?p ?o }`, not the cheaper `GRAPH ?g { }`: Virtuoso 7 matches no graph with
    an empty pattern, so stale graphs stayed there; an empty graph has nothing to answer from.)"""
    return (
        f"{{ GRAPH ?g {{ ?lexgapS ?lexgapP ?lexgapO }} "
        f"FILTER(STRSTARTS(STR(?g), {_string(base + 'graph/')})) }} UNION "
        f"{{ GRAPH ?g {{ ?lexgapDoc a <{LEX.SourceDocument}> }} "
        f"FILTER(STRSTARTS(STR(?lexgapDoc), {_string(base + 'doc/')})) }}"
    )


CHUNK_TRIPLES = 1000  # per INSERT DATA operation; Virtuoso 7 fails somewhere above 4,000


def update_text(
    parts: Mapping[URIRef, Graph], base: str | None = None, chunk: int = CHUNK_TRIPLES
) -> str:
    """One SPARQL Update request that removes the stale lexgap graphs of `base` (every one not
    in `parts`) and replaces every graph of `parts` (N-Triples lines are valid SPARQL triples,
    so the data goes in as it would in a file), `chunk` triples per INSERT DATA operation."""
    if chunk < 1:
        raise UsageError(f"chunk must be a positive number of triples, not {chunk}")
    operations: list[str] = []
    if base is not None:
        keep = ", ".join(f"<{name}>" for name in parts)
        operations.append(
            "DELETE { GRAPH ?g { ?s ?p ?o } } WHERE { "
            f"{{ SELECT DISTINCT ?g WHERE {{ {lexgap_graphs_pattern(base)} }} }} "
            f"FILTER(?g NOT IN ({keep})) GRAPH ?g {{ ?s ?p ?o }} }}"
        )
    for name, graph in parts.items():
        lines = ntriples_lines(graph)
        operations.append(f"DROP SILENT GRAPH <{name}>")
        for start in range(0, len(lines), chunk):
            body = "\n".join(lines[start : start + chunk])
            operations.append(f"INSERT DATA {{ GRAPH <{name}> {{\n{body}\n}} }}")
    return " ;\n".join(operations) + "\n"


def _send(url: str, method: str, data: bytes, content_type: str, timeout: float) -> None:
    response = httpclient.request(
        url, method=method, body=data, headers={"Content-Type": content_type}, timeout=timeout
    )
    if not 200 <= response.status < 300:
        raise httpclient.status_error(response)


def remote_lexgap_graphs(query_endpoint: str, base: str, timeout: float) -> list[str]:
    """The lexgap graphs of `base` on the store whose SPARQL query URL is `query_endpoint`."""
    from lexgap.queries.engine import RemoteEngine

    rows = RemoteEngine(query_endpoint, timeout=timeout).select(
        f"SELECT DISTINCT ?g WHERE {{ {lexgap_graphs_pattern(base)} }}"
    )
    return sorted(str(r["g"]) for r in rows if r.get("g"))


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
    base: str | None = None,
    query_endpoint: str | None = None,
) -> PushResult:
    """Make the store at `endpoint` (its SPARQL Update URL, or its Graph Store URL with
    protocol "gsp") hold exactly `parts` among the lexgap graphs of `base` (read off the
    documents when not given). Raises RemoteStoreError (exit code 3)."""
    check_endpoint(endpoint)
    if query_endpoint is not None:
        check_endpoint(query_endpoint)
    check_timeout(timeout)
    if not parts:
        raise UsageError("nothing to push: the graph is empty")
    if protocol not in PROTOCOLS:
        raise UsageError(f"unknown protocol {protocol!r}", hint="valid: " + ", ".join(PROTOCOLS))
    if base is None:
        whole = Graph()
        for graph in parts.values():
            whole += graph
        base = infer_base(whole)
    counts = {str(name): len(graph) for name, graph in parts.items()}
    started = time.perf_counter()
    if protocol == "update":
        data = update_text(parts, base).encode("utf-8")
        _send(endpoint, "POST", data, "application/sparql-update", timeout)
        seconds = time.perf_counter() - started
        return PushResult(endpoint, protocol, counts, 1, len(data), seconds, base)
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
    stale: tuple[str, ...] | None = None
    if query_endpoint is not None:
        listed = remote_lexgap_graphs(query_endpoint, base, timeout)
        stale = tuple(g for g in listed if g not in counts)
        for name_text in stale:
            _send(gsp_url(endpoint, URIRef(name_text)), "DELETE", b"", "text/plain", timeout)
    seconds = time.perf_counter() - started
    return PushResult(endpoint, protocol, counts, len(done), sent, seconds, base, stale)
