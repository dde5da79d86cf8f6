"""Publishing to a real Oxigraph server: push, ask the whole gap catalogue there, get the same
JSON as from the embedded store; push twice, one copy; and every way a push can fail gives one
clear error line (exit code 3) and leaves the remote graphs as they were."""

from __future__ import annotations

import json
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Protocol

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef

from lexgap.cli.main import main
from lexgap.core.errors import EXIT_REMOTE, RemoteStoreError
from lexgap.publish import push as remote
from lexgap.publish.export import graph_from_store, ntriples_lines, partition
from lexgap.queries import runner
from lexgap.queries.answers import gaps
from lexgap.queries.answers.matrix import gap_matrix
from lexgap.queries.engine import OxigraphEngine, RemoteEngine


class OxigraphServer(Protocol):
    """What the `oxigraph_server` fixture (conftest.py) gives: a running server's URLs."""

    url: str
    query: str
    update: str
    store: str


def _counts(server: OxigraphServer) -> dict[str, int]:
    """Triples per named graph on the server."""
    rows = RemoteEngine(server.query).select(
        "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
    )
    return {str(r["g"]): int(r["n"]) for r in rows}


def _total(parts: dict[URIRef, Graph]) -> int:
    return sum(len(g) for g in parts.values())


def _update(server: OxigraphServer, text: str) -> int:
    request = urllib.request.Request(
        server.update,
        data=text.encode("utf-8"),
        headers={"Content-Type": "application/sparql-update"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return int(response.status)
    except urllib.error.HTTPError as exc:
        return exc.code


@pytest.fixture(scope="module")
def parts(store_engine: OxigraphEngine) -> dict[URIRef, Graph]:
    return partition(graph_from_store(store_engine.store))


@pytest.fixture(scope="module")
def pushed(
    oxigraph_server: OxigraphServer, built_out: Path, parts: dict[URIRef, Graph]
) -> OxigraphServer:
    """The graph pushed once with the CLI (one SPARQL Update request)."""
    assert main(["push", "--endpoint", oxigraph_server.update, "--out", str(built_out)]) == 0
    return oxigraph_server


def _assert_one_line(err: str) -> str:
    assert err.startswith("lexgap: error: "), err
    assert err.count("\n") == 1, err
    return err


# --- the happy path --------------------------------------------------------------------------


def test_push_replaces_one_named_graph_per_document(
    pushed: OxigraphServer, parts: dict[URIRef, Graph]
) -> None:
    counts = _counts(pushed)
    assert counts == {str(g): len(t) for g, t in parts.items()}
    assert sum(counts.values()) == _total(parts) > 18000
    # every graph on the server is, triple for triple, the local one (Graph Store GET)
    for name, graph in parts.items():
        url = remote.gsp_url(pushed.store, name)
        request = urllib.request.Request(url, headers={"Accept": "application/n-triples"})
        with urllib.request.urlopen(request, timeout=30) as response:
            there = set(ox.parse(response.read(), format=ox.RdfFormat.N_TRIPLES))
        here = set(ox.parse("\n".join(ntriples_lines(graph)), format=ox.RdfFormat.N_TRIPLES))
        assert there == here, name


def test_gap_catalogue_answers_the_same_from_the_server(
    pushed: OxigraphServer, store_engine: OxigraphEngine
) -> None:
    there = RemoteEngine(pushed.query)
    local = [a.to_json() for a in gaps.answer_all(store_engine)]
    assert local and len(local) == len(gaps.catalogue())
    assert [a.to_json() for a in gaps.answer_all(there)] == local
    assert gap_matrix(there) == gap_matrix(store_engine)


def test_ask_command_gives_the_same_json_from_the_server(
    pushed: OxigraphServer, built_out: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["gaps", "--format", "json", "--out", str(built_out)]) == 0
    local = capsys.readouterr().out
    assert main(["gaps", "--format", "json", "--endpoint", pushed.query]) == 0
    assert capsys.readouterr().out == local
    assert len(json.loads(local)) == len(gaps.catalogue())
    assert main(["ask", "csam-possession", "--format", "json", "--endpoint", pushed.query]) == 0
    there = capsys.readouterr().out
    assert main(["ask", "csam-possession", "--format", "json", "--out", str(built_out)]) == 0
    assert capsys.readouterr().out == there


def test_every_query_file_gives_the_same_rows_from_the_server(
    pushed: OxigraphServer, store_engine: OxigraphEngine
) -> None:
    """Every shipped query, run with no parameters, finds the same rows. (As multisets: run
    without its parameter, a query such as `timeline` orders ties however the store likes; the
    commands' own answers are compared in order above.)"""
    there = RemoteEngine(pushed.query)
    queries = runner.catalogue()
    assert len(queries) >= 20

    def rows(engine: RemoteEngine | OxigraphEngine, query: runner.QueryFile) -> list[str]:
        return sorted(json.dumps(r, sort_keys=True) for r in runner.run(engine, query))

    for query in queries.values():
        assert rows(there, query) == rows(store_engine, query), query.id


def test_pushing_twice_leaves_one_copy(
    pushed: OxigraphServer, built_out: Path, parts: dict[URIRef, Graph]
) -> None:
    expected = {str(g): len(t) for g, t in parts.items()}
    result = remote.push(parts, pushed.update)
    assert (result.requests, result.triples) == (1, _total(parts))
    assert _counts(pushed) == expected
    argv = ["push", "--endpoint", pushed.store, "--protocol", "gsp", "--out", str(built_out)]
    assert main(argv) == 0
    assert _counts(pushed) == expected
    rows = RemoteEngine(pushed.query).select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    assert rows == [{"n": _total(parts)}]


def _quads_of_trig(path: Path) -> dict[str, int]:
    """Triples per named graph of a TriG file."""
    counts: dict[str, int] = {}
    for quad in ox.parse(path=str(path), format=ox.RdfFormat.TRIG):
        name = str(quad.graph_name.value)
        counts[name] = counts.get(name, 0) + 1
    return counts


FOREIGN = (
    "INSERT DATA { GRAPH <https://other.example.org/id/graph/core> { "
    "<https://other.example.org/id/doc/x> a <https://lexgap.example.org/ns#SourceDocument> } "
    "GRAPH <urn:someone-else:data> { <urn:a> <urn:b> <urn:c> } }"
)
FOREIGN_COUNTS = {"https://other.example.org/id/graph/core": 1, "urn:someone-else:data": 1}


def test_push_makes_the_remote_hold_exactly_the_export(
    pushed: OxigraphServer,
    built_out: Path,
    parts: dict[URIRef, Graph],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A push, a `--graph` push, a plain push again, and a push of an export that drops a
    document: each time the lexgap graphs on the store are exactly what was pushed (counted),
    never twice, and graphs of another base or of someone else are never touched."""
    assert _update(pushed, FOREIGN) == 204
    trig = tmp_path / "lexgap.trig"
    assert (
        main(["export", "--format", "trig", "--out", str(trig), "--build-dir", str(built_out)]) == 0
    )
    exported = _quads_of_trig(trig)
    single = "urn:lexgap-test:everything"
    try:
        assert main(["push", "--endpoint", pushed.update, "--out", str(built_out)]) == 0
        assert _counts(pushed) == {**exported, **FOREIGN_COUNTS}
        argv = ["push", "--endpoint", pushed.update, "--graph", single, "--out", str(built_out)]
        assert main(argv) == 0
        assert _counts(pushed) == {single: sum(exported.values()), **FOREIGN_COUNTS}
        assert main(["push", "--endpoint", pushed.update, "--out", str(built_out)]) == 0
        assert _counts(pushed) == {**exported, **FOREIGN_COUNTS}
        # the same answers as the embedded store (a stale copy once turned grooming contested)
        capsys.readouterr()
        assert main(["gaps", "--format", "json", "--endpoint", pushed.query]) == 0
        there = capsys.readouterr().out
        assert main(["gaps", "--format", "json", "--out", str(built_out)]) == 0
        assert capsys.readouterr().out == there
        # an export without one document: its graph goes, in the same transaction
        dropped = next(g for g in parts if g.endswith("/csec-study-2011"))
        fewer = {g: t for g, t in parts.items() if g != dropped}
        remote.push(fewer, pushed.update)
        assert _counts(pushed) == {
            **{g: n for g, n in exported.items() if g != str(dropped)},
            **FOREIGN_COUNTS,
        }
    finally:
        assert main(["push", "--endpoint", pushed.update, "--out", str(built_out)]) == 0
        assert _update(pushed, "DROP SILENT GRAPH <https://other.example.org/id/graph/core>") == 204
        assert _update(pushed, "DROP SILENT GRAPH <urn:someone-else:data>") == 204
    assert _counts(pushed) == exported


def test_gsp_push_lists_and_deletes_stale_graphs(
    pushed: OxigraphServer, parts: dict[URIRef, Graph]
) -> None:
    before = _counts(pushed)
    assert _update(pushed, FOREIGN) == 204
    try:
        dropped = next(g for g in parts if g.endswith("/csec-study-2011"))
        fewer = {g: t for g, t in parts.items() if g != dropped}
        result = remote.push(fewer, pushed.store, protocol="gsp")
        assert result.stale is None  # no query endpoint: not looked for, and said so
        assert str(dropped) in _counts(pushed)
        result = remote.push(fewer, pushed.store, protocol="gsp", query_endpoint=pushed.query)
        assert result.stale == (str(dropped),)
        assert _counts(pushed) == {
            **{g: n for g, n in before.items() if g != str(dropped)},
            **FOREIGN_COUNTS,
        }
    finally:
        remote.push(parts, pushed.update)
        assert _update(pushed, "DROP SILENT GRAPH <https://other.example.org/id/graph/core>") == 204
        assert _update(pushed, "DROP SILENT GRAPH <urn:someone-else:data>") == 204
    assert _counts(pushed) == before


def test_one_update_request_is_one_transaction(pushed: OxigraphServer) -> None:
    """The assumption the push design rests on: a store runs one update request all or nothing.
    Here the request drops and refills a lexgap graph, then fails while running."""
    before = _counts(pushed)
    core = next(g for g in before if g.endswith("/graph/core"))
    text = (
        f"DROP SILENT GRAPH <{core}> ;\n"
        f"INSERT DATA {{ GRAPH <{core}> {{ <urn:x> <urn:y> <urn:z> }} }} ;\n"
        "DROP GRAPH <urn:lexgap-test:no-such-graph>"
    )
    assert _update(pushed, text) >= 400
    assert _counts(pushed) == before


# --- failures: one line, exit code 3, remote graphs as they were -----------------------------


def test_server_down(
    pushed: OxigraphServer, built_out: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import socket

    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    before = _counts(pushed)
    url = f"http://127.0.0.1:{port}/update"
    assert main(["push", "--endpoint", url, "--out", str(built_out)]) == EXIT_REMOTE
    err = _assert_one_line(capsys.readouterr().err)
    assert f"{url}: cannot reach the store" in err
    assert "is the server running?" in err
    assert _counts(pushed) == before


def test_wrong_url(
    pushed: OxigraphServer,
    built_out: Path,
    parts: dict[URIRef, Graph],
    capsys: pytest.CaptureFixture[str],
) -> None:
    before = _counts(pushed)
    url = pushed.url + "/sparql/update"
    assert main(["push", "--endpoint", url, "--out", str(built_out)]) == EXIT_REMOTE
    err = _assert_one_line(capsys.readouterr().err)
    assert f"{url}: HTTP 404" in err
    assert "check the endpoint URL" in err
    # the update URL used as a Graph Store URL is wrong too
    with pytest.raises(RemoteStoreError, match="HTTP 404"):
        remote.push(parts, pushed.update, protocol="gsp")
    assert _counts(pushed) == before


def _bad_parts(parts: dict[URIRef, Graph], where: int) -> dict[URIRef, Graph]:
    """The real graphs, with one triple the store must refuse added to
    the graph at position `where`: an IRI whose port is not a number."""
    out: dict[URIRef, Graph] = {}
    for i, (name, graph) in enumerate(parts.items()):
        if i == where:
            bad = Graph()
            bad += graph
            bad.add((URIRef("http://store.example.org:port/"), URIRef("urn:p"), Literal(1)))
            graph = bad
        out[name] = graph
    return out


def test_server_rejects_the_payload(pushed: OxigraphServer, parts: dict[URIRef, Graph]) -> None:
    """The store refuses the request (400): nothing is replaced, not even the graphs before the
    bad triple."""
    before = _counts(pushed)
    with pytest.raises(RemoteStoreError) as caught:
        remote.push(_bad_parts(parts, len(parts) - 1), pushed.update)
    err = caught.value
    assert err.exit_code == EXIT_REMOTE
    assert "\n" not in err.render()
    assert err.render().startswith(f"{pushed.update}: HTTP 400")
    assert _counts(pushed) == before


def test_gsp_rejection_says_which_graphs_were_replaced(
    pushed: OxigraphServer, parts: dict[URIRef, Graph]
) -> None:
    """With one PUT per graph there is no transaction across graphs (documented): a rejection
    of the first graph leaves everything as it was; of a later one, the error names the graphs
    already replaced (with the same triples as before, here)."""
    before = _counts(pushed)
    with pytest.raises(RemoteStoreError) as caught:
        remote.push(_bad_parts(parts, 0), pushed.store, protocol="gsp")
    assert "HTTP 400" in caught.value.render()
    assert "already replaced" not in caught.value.render()
    assert _counts(pushed) == before
    with pytest.raises(RemoteStoreError) as caught:
        remote.push(_bad_parts(parts, len(parts) - 1), pushed.store, protocol="gsp")
    message = caught.value.render()
    assert "\n" not in message
    assert f"{len(parts) - 1} of {len(parts)} graphs were already replaced" in message
    assert _counts(pushed) == before


# --- a tiny local server for what Oxigraph does not do: logins and redirects -----------------


class _Recorder(BaseHTTPRequestHandler):
    token = "s3cret-t0ken"
    seen: list[dict[str, Any]]  # set per server
    redirect = False

    def _handle(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length)
        self.seen.append(
            {"method": self.command, "auth": self.headers.get("Authorization"), "body": body}
        )
        if self.redirect:
            self.send_response(301)
            self.send_header("Location", "https://store.example.org/update")
            self.end_headers()
            return
        if self.headers.get("Authorization") != f"Bearer {self.token}":
            payload = b"authentication required"
            self.send_response(401)
            self.send_header("WWW-Authenticate", 'Bearer realm="store"')
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)
            return
        self.send_response(204)
        self.end_headers()

    do_POST = _handle
    do_PUT = _handle

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        pass


@contextmanager
def _local_server(redirect: bool = False) -> Iterator[tuple[str, list[dict[str, Any]]]]:
    seen: list[dict[str, Any]] = []
    handler = type("Handler", (_Recorder,), {"seen": seen, "redirect": redirect})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/update", seen
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def test_http_401_then_credentials_from_the_environment(
    built_out: Path,
    parts: dict[URIRef, Graph],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for name in ("LEXGAP_SPARQL_TOKEN", "LEXGAP_SPARQL_USER", "LEXGAP_SPARQL_PASSWORD"):
        monkeypatch.delenv(name, raising=False)
    with _local_server() as (url, seen):
        assert main(["push", "--endpoint", url, "--out", str(built_out)]) == EXIT_REMOTE
        err = _assert_one_line(capsys.readouterr().err)
        assert f"{url}: HTTP 401" in err
        assert "LEXGAP_SPARQL_TOKEN" in err
        assert seen[-1]["auth"] is None
        monkeypatch.setenv("LEXGAP_SPARQL_TOKEN", _Recorder.token)
        assert main(["push", "--endpoint", url, "--out", str(built_out)]) == 0
        captured = capsys.readouterr()
        assert _Recorder.token not in captured.out + captured.err
        assert seen[-1]["auth"] == f"Bearer {_Recorder.token}"
        assert seen[-1]["body"].startswith(b"DELETE { GRAPH ?g { ?s ?p ?o } } WHERE {")
        assert b"DROP SILENT GRAPH <https://lexgap.example.org/id/graph/" in seen[-1]["body"]
        monkeypatch.delenv("LEXGAP_SPARQL_TOKEN")
        monkeypatch.setenv("LEXGAP_SPARQL_USER", "alice")
        monkeypatch.setenv("LEXGAP_SPARQL_PASSWORD", "pw")
        with pytest.raises(RemoteStoreError, match="HTTP 401"):
            remote.push(parts, url)
        assert seen[-1]["auth"] == "Basic YWxpY2U6cHc="  # alice:pw


def test_credentials_in_the_url_are_refused(
    built_out: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = "http://alice:pw@127.0.0.1:9/update"
    assert main(["push", "--endpoint", url, "--out", str(built_out)]) == 2
    err = _assert_one_line(capsys.readouterr().err)
    assert "pw" not in err.replace("password", "")
    assert "LEXGAP_SPARQL_USER" in err


def test_redirect_is_an_error_not_a_silent_success(parts: dict[URIRef, Graph]) -> None:
    with _local_server(redirect=True) as (url, seen):
        with pytest.raises(RemoteStoreError) as caught:
            remote.push(parts, url)
        assert len(seen) == 1  # not re-sent anywhere
    assert caught.value.exit_code == EXIT_REMOTE
    assert "redirects to another origin (https://store.example.org)" in caught.value.render()


def test_bad_graph_iri_is_a_usage_error(
    built_out: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["push", "--endpoint", "http://127.0.0.1:9/update", "--graph", "not an iri"]
    assert main([*argv, "--out", str(built_out)]) == 2
    assert "not a valid graph IRI" in _assert_one_line(capsys.readouterr().err)


def test_gsp_url_keeps_existing_query() -> None:
    g = URIRef("https://lexgap.example.org/id/graph/core")
    assert remote.gsp_url("http://h/store", g) == "http://h/store?graph=" + urllib.parse.quote(
        str(g), safe=""
    )
    assert remote.gsp_url("http://h/ds?x=1", g).startswith("http://h/ds?x=1&graph=")
