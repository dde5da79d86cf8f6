"""Virtuoso 7, the second real store: push the graph there with `lexgap push` (SPARQL Update and
Graph Store protocol), then every query command answers byte for byte as from the embedded store.

The server is started here, on loopback, with its own virtuoso.ini and database in a temporary
folder and free ports, and always stopped. Debian's `virtuoso-opensource` provides `virtuoso-t`
and `isql-vt` (`.ci/run` installs it). Without them the tests skip on a workstation but fail in
CI (`CI` set): a server test that skips in CI would pass without testing anything.

Virtuoso's default graph is the union of all its graphs, so no setting is needed for lexgap's
per-document named graphs to answer queries (README, "Export, publish, validate").
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from rdflib import Graph, URIRef

from lexgap.cli.main import main
from lexgap.core.errors import EXIT_REMOTE
from lexgap.publish import remote
from lexgap.publish.export import graph_from_store, partition
from lexgap.queries.answers import gaps
from lexgap.queries.engine import OxigraphEngine, RemoteEngine

LEXGAP_GRAPHS = "https://lexgap.example.org/id/graph/"

INI = """\
[Database]
DatabaseFile = {folder}/virtuoso.db
ErrorLogFile = {folder}/virtuoso.log
LockFile = {folder}/virtuoso.lck
TransactionFile = {folder}/virtuoso.trx
xa_persistent_file = {folder}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {folder}/virtuoso-temp.db
TransactionFile = {folder}/virtuoso-temp.trx
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
CaseMode = 2
DirsAllowed = .
NumberOfBuffers = 20000
MaxDirtyBuffers = 15000
MaxQueryMem = 1G

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {folder}
ServerThreads = 4
Charset = UTF-8

[SPARQL]
; Virtuoso cuts answers at 10,000 rows by default, silently; lexgap's queries never should be.
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 300
MaxQueryCostEstimationTime = 0
"""

# A fresh database's administrator is dba/dba; the server listens on loopback only and its
# folder is deleted with the test session. SPARQL_UPDATE lets the anonymous SPARQL user (the
# one /sparql and /sparql-graph-crud run as) write; graph-level permission 7 is read+write.
GRANTS = "GRANT SPARQL_UPDATE TO \"SPARQL\"; DB.DBA.RDF_DEFAULT_USER_PERMS_SET ('nobody', 7);"


@dataclass(frozen=True)
class VirtuosoServer:
    url: str
    folder: Path

    @property
    def sparql(self) -> str:
        """Query and update endpoint (SPARQL 1.1 Protocol)."""
        return f"{self.url}/sparql"

    @property
    def gsp(self) -> str:
        """Graph Store HTTP Protocol endpoint."""
        return f"{self.url}/sparql-graph-crud"


def _free_port() -> int:
    import socket

    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _missing(what: str) -> None:
    message = f"{what} not found: apt-get install virtuoso-opensource (as .ci/run does)"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def _log_tail(folder: Path) -> str:
    text = ""
    for name in ("virtuoso.log", "stdout.log"):
        path = folder / name
        if path.is_file():
            text += path.read_text("utf-8", "replace")[-1500:]
    return text


@pytest.fixture(scope="session")
def virtuoso(tmp_path_factory: pytest.TempPathFactory) -> Iterator[VirtuosoServer]:
    """A running Virtuoso with an empty database, SPARQL updates allowed without login."""
    binary = shutil.which("virtuoso-t")
    if binary is None:
        _missing("virtuoso-t")
    isql = shutil.which("isql-vt") or shutil.which("isql")
    if isql is None:
        _missing("isql-vt")
    assert binary is not None and isql is not None
    folder = tmp_path_factory.mktemp("virtuoso")
    sql_port, http_port = _free_port(), _free_port()
    ini = folder / "virtuoso.ini"
    ini.write_text(INI.format(folder=folder, sql_port=sql_port, http_port=http_port), "utf-8")
    with open(folder / "stdout.log", "wb") as log:
        # -f: stay in the foreground, so this process is the server and terminate() stops it.
        proc = subprocess.Popen(
            [binary, "-f", "-c", str(ini)], cwd=folder, stdout=log, stderr=subprocess.STDOUT
        )
    server = VirtuosoServer(f"http://127.0.0.1:{http_port}", folder)
    try:
        deadline = time.monotonic() + 120
        probe = server.sparql + "?" + urllib.parse.urlencode({"query": "ASK {}"})
        while True:
            if proc.poll() is not None:
                pytest.fail(f"virtuoso-t exited with {proc.returncode}: {_log_tail(folder)}")
            try:
                with urllib.request.urlopen(probe, timeout=5) as response:
                    if response.status == 200:
                        break
            except (urllib.error.URLError, OSError):
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"virtuoso did not answer on {server.url}: {_log_tail(folder)}")
            time.sleep(0.2)
        done = subprocess.run(
            [isql, str(sql_port), "dba", "dba", f"exec={GRANTS}"],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        if done.returncode != 0 or "Error" in done.stdout + done.stderr:
            pytest.fail(f"cannot allow SPARQL updates: {done.stdout[-800:]} {done.stderr[-800:]}")
        yield server
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def _counts(server: VirtuosoServer) -> dict[str, int]:
    """Triples per lexgap graph on the server (Virtuoso keeps system graphs of its own)."""
    rows = RemoteEngine(server.sparql).select(
        "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } "
        f'FILTER(STRSTARTS(STR(?g), "{LEXGAP_GRAPHS}")) }} GROUP BY ?g'
    )
    return {str(r["g"]): int(r["n"]) for r in rows}


@pytest.fixture(scope="module")
def parts(store_engine: OxigraphEngine) -> dict[URIRef, Graph]:
    return partition(graph_from_store(store_engine.store))


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    capsys.readouterr()
    assert main(list(argv)) == 0, argv
    return capsys.readouterr().out


def _commands() -> list[list[str]]:
    """The query commands whose answers must not depend on the store."""
    commands = [
        ["gaps", "--format", "json"],
        ["statements", "--format", "json"],
        ["conflicts", "--format", "json"],
        ["recommendations", "--format", "json"],
    ]
    commands += [["ask", question, "--format", "json"] for question in sorted(gaps.catalogue())]
    return commands


def test_an_empty_store_is_said_to_hold_no_lexgap_documents(
    virtuoso: VirtuosoServer, capsys: pytest.CaptureFixture[str]
) -> None:
    """Before any push (Virtuoso's own system graphs are in its default graph): one clear line."""
    if _counts(virtuoso):
        pytest.skip("the store already holds lexgap graphs")  # only when run out of order
    capsys.readouterr()
    assert main(["gaps", "--format", "json", "--endpoint", virtuoso.sparql]) == EXIT_REMOTE
    err = capsys.readouterr().err
    assert "holds no lexgap documents" in err
    assert err.count("\n") == 1


def test_update_push_is_chunked(parts: dict[URIRef, Graph]) -> None:
    """No INSERT DATA operation larger than Virtuoso's parser takes, and every triple sent."""
    text = remote.update_text(parts, "https://lexgap.example.org/id/")
    inserts = text.split("INSERT DATA")[1:]
    sizes = [chunk.count(" .\n") for chunk in inserts]  # N-Triples lines end " ."
    assert max(sizes) <= remote.CHUNK_TRIPLES
    assert len(inserts) >= len(parts)
    whole = remote.update_text(parts, "https://lexgap.example.org/id/", chunk=10**9)
    assert whole.count("INSERT DATA") == len(parts)


@pytest.mark.parametrize("protocol", ["update", "gsp"])
def test_push_then_every_command_answers_byte_for_byte(
    protocol: str,
    virtuoso: VirtuosoServer,
    built_out: Path,
    parts: dict[URIRef, Graph],
    capsys: pytest.CaptureFixture[str],
) -> None:
    # Start from something else in the lexgap graphs: a push must replace, not add.
    assert main(["push", "--endpoint", virtuoso.sparql, "--out", str(built_out)]) == 0
    single = ["--graph", LEXGAP_GRAPHS + "everything"]
    assert main(["push", "--endpoint", virtuoso.sparql, *single, "--out", str(built_out)]) == 0
    assert _counts(virtuoso) == {LEXGAP_GRAPHS + "everything": sum(len(g) for g in parts.values())}

    if protocol == "update":
        argv = ["push", "--endpoint", virtuoso.sparql]
    else:
        argv = ["push", "--protocol", "gsp", "--endpoint", virtuoso.gsp]
        argv += ["--query-endpoint", virtuoso.sparql]
    out = _run(capsys, *argv, "--out", str(built_out))
    assert f"with {sum(len(g) for g in parts.values())} triples" in out
    assert _counts(virtuoso) == {str(g): len(t) for g, t in parts.items()}

    for command in _commands():
        local = _run(capsys, *command, "--out", str(built_out))
        there = _run(capsys, *command, "--endpoint", virtuoso.sparql)
        assert there == local, " ".join(command)
        assert json.loads(local), " ".join(command)  # an answer, not an empty list
