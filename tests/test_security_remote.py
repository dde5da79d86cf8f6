"""Issue 20, as a hostile server and a careless user would try it: credentials never go to
another origin, no answer can outlast --timeout or fill the memory, no secret reaches any
output, a query never reaches the network from the local engine, and every bad endpoint, token
or timeout is one line with its exit code.

Every fake server listens on 127.0.0.1 only, on a port the system picks.
"""

from __future__ import annotations

import contextlib
import json
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from lexgap.cli.main import main
from lexgap.core.errors import EXIT_REMOTE, EXIT_USAGE

TOKEN = "s3cr3t-T0KEN-value"
USER, PASSWORD = "alice", "pa55-w0rd-secret"
BASIC = "YWxpY2U6cGE1NS13MHJkLXNlY3JldA=="  # base64 of alice:pa55-w0rd-secret
SECRETS = (TOKEN, PASSWORD, BASIC)
ASK_TRUE = json.dumps({"head": {}, "boolean": True}).encode()
LEXGAP = str(Path(sys.executable).with_name("lexgap"))

Behaviour = Callable[[BaseHTTPRequestHandler, bytes], None]


class QuietServer(ThreadingHTTPServer):
    """The server's own troubles (a client that hung up) are not the command's output."""

    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass


class Seen:
    def __init__(self) -> None:
        self.requests: list[dict[str, Any]] = []


@contextmanager
def fake_server(behaviour: Behaviour) -> Iterator[tuple[str, Seen]]:
    """A server on 127.0.0.1 that records each request and answers with `behaviour`."""
    seen = Seen()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def _handle(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length)
            seen.requests.append(
                {
                    "method": self.command,
                    "path": self.path,
                    "auth": self.headers.get("Authorization"),
                    "body": body,
                    "at": time.monotonic(),  # when the request (body included) was in
                }
            )
            with suppress(BrokenPipeError, ConnectionResetError):
                behaviour(self, body)

        do_GET = do_POST = do_PUT = do_DELETE = _handle

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = QuietServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", seen
    finally:
        server.shutdown()
        server.server_close()


def answer(status: int, body: bytes = b"", headers: dict[str, str] | None = None) -> Behaviour:
    def behave(h: BaseHTTPRequestHandler, _: bytes) -> None:
        h.send_response(status)
        for k, v in (headers or {}).items():
            h.send_header(k, v)
        h.send_header("Content-Type", "application/sparql-results+json")
        h.send_header("Content-Length", str(len(body)))
        h.end_headers()
        h.wfile.write(body)

    return behave


def redirect(location: str, status: int = 302) -> Behaviour:
    return answer(status, b"", {"Location": location})


@pytest.fixture(params=["token", "basic"])
def credentials(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Credentials in the environment, either kind; returns what a server sees."""
    for name in ("LEXGAP_SPARQL_TOKEN", "LEXGAP_SPARQL_USER", "LEXGAP_SPARQL_PASSWORD"):
        monkeypatch.delenv(name, raising=False)
    if request.param == "token":
        monkeypatch.setenv("LEXGAP_SPARQL_TOKEN", TOKEN)
        return f"Bearer {TOKEN}"
    monkeypatch.setenv("LEXGAP_SPARQL_USER", USER)
    monkeypatch.setenv("LEXGAP_SPARQL_PASSWORD", PASSWORD)
    return f"Basic {BASIC}"


def one_line(capsys: pytest.CaptureFixture[str]) -> str:
    """The error line of a failed command, after checking that no secret is anywhere."""
    captured = capsys.readouterr()
    for secret in SECRETS:
        assert secret not in captured.out + captured.err
    assert captured.err.startswith("lexgap: error: "), captured.err
    assert captured.err.count("\n") == 1, captured.err
    return captured.err


def sparql(*args: str) -> int:
    return main(["sparql", *args])


# --- redirects: credentials stay with the origin the user named ----------------------------


@pytest.mark.slow
@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
def test_query_redirect_to_another_origin_sends_nothing_there(
    status: int, credentials: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with fake_server(answer(200, ASK_TRUE)) as (elsewhere, other):
        behaviour = redirect(f"{elsewhere}/steal", status)
        with fake_server(behaviour) as (url, seen):
            code = sparql("ASK {}", "--endpoint", f"{url}/query")
    assert code == EXIT_REMOTE
    err = one_line(capsys)
    assert "redirects to another origin (http://127.0.0.1:" in err
    assert "nothing was sent there" in err
    assert other.requests == []
    assert seen.requests[0]["auth"] == credentials


def test_push_redirect_to_another_origin_sends_nothing_there(
    built_out: Path, credentials: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with fake_server(answer(204)) as (elsewhere, other):
        behaviour = redirect(f"{elsewhere}/update", 307)
        with fake_server(behaviour) as (url, seen):
            code = main(["push", "--endpoint", f"{url}/update", "--out", str(built_out)])
    assert code == EXIT_REMOTE
    assert "redirects to another origin" in one_line(capsys)
    assert other.requests == [] and len(seen.requests) == 1


def test_same_origin_redirect_is_followed_with_method_and_body(
    credentials: str, capsys: pytest.CaptureFixture[str]
) -> None:
    def behave(h: BaseHTTPRequestHandler, body: bytes) -> None:
        if h.path == "/old":
            redirect("/sparql", 308)(h, body)
        else:
            answer(200, ASK_TRUE)(h, body)

    with fake_server(behave) as (url, seen):
        assert sparql("ASK {}", "--endpoint", f"{url}/old", "--format", "json") == 0
    assert json.loads(capsys.readouterr().out) == [{"answer": True}]
    last = seen.requests[-1]
    assert (last["method"], last["path"], last["auth"]) == ("POST", "/sparql", credentials)
    assert last["body"].startswith(b"query=")


def test_a_redirect_loop_ends(capsys: pytest.CaptureFixture[str]) -> None:
    with fake_server(redirect("/again", 307)) as (url, seen):
        assert sparql("ASK {}", "--endpoint", f"{url}/again") == EXIT_REMOTE
    assert "more than 5 redirects" in one_line(capsys)
    assert len(seen.requests) == 6


# --- time: --timeout bounds the whole exchange, on every path ------------------------------


def hang(h: BaseHTTPRequestHandler, _: bytes) -> None:
    time.sleep(30)


def drip(h: BaseHTTPRequestHandler, _: bytes) -> None:
    h.send_response(200)
    h.send_header("Content-Type", "application/sparql-results+json")
    h.end_headers()
    for _tick in range(60):
        h.wfile.write(b" ")
        h.wfile.flush()
        time.sleep(0.5)


@pytest.mark.slow
@pytest.mark.parametrize("behaviour", [hang, drip], ids=["hanging", "dripping"])
def test_timeout_bounds_a_query_on_a_slow_store(
    behaviour: Behaviour, capsys: pytest.CaptureFixture[str]
) -> None:
    with fake_server(behaviour) as (url, _):
        started = time.monotonic()
        code = sparql("ASK {}", "--endpoint", url, "--timeout", "2")
        took = time.monotonic() - started
    assert code == EXIT_REMOTE
    assert "the store did not answer within 2s" in one_line(capsys)
    assert took < 5, took


@pytest.mark.parametrize("behaviour", [hang, drip], ids=["hanging", "dripping"])
def test_timeout_bounds_a_push_to_a_slow_store(
    behaviour: Behaviour, built_out: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with fake_server(behaviour) as (url, seen):
        argv = ["push", "--endpoint", url, "--timeout", "2", "--out", str(built_out)]
        code = main(argv)
        ended = time.monotonic()
    assert code == EXIT_REMOTE
    assert "did not answer within 2s" in one_line(capsys)
    # Reading the graph from the store comes first and takes what the machine gives it; the
    # time limit bounds the exchange: from the request's arrival to giving up.
    waited = ended - seen.requests[-1]["at"]
    assert waited < 2 + 3, waited


def test_an_endpoint_query_is_not_evaluated_locally(capsys: pytest.CaptureFixture[str]) -> None:
    """A query that would run for hours here (20^8 rows) is parsed, sent, and answered by the
    store within --timeout."""
    values = " ".join(str(i) for i in range(20))
    heavy = "ASK { " + " ".join(f"VALUES ?v{i} {{ {values} }}" for i in range(8)) + " }"
    with fake_server(answer(200, ASK_TRUE)) as (url, seen):
        started = time.monotonic()
        assert sparql(heavy, "--endpoint", url, "--timeout", "2") == 0
        took = time.monotonic() - started
    assert took < 5, took
    assert b"VALUES" in seen.requests[-1]["body"]
    capsys.readouterr()


def test_an_endpoint_query_that_does_not_parse_is_not_sent(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with fake_server(answer(200, ASK_TRUE)) as (url, seen):
        assert sparql("SELEKT * WHERE { ?s ?p ?o }", "--endpoint", url) == EXIT_USAGE
    assert "query does not parse" in one_line(capsys)
    assert seen.requests == []


# --- size: no answer fills the memory --------------------------------------------------------


def endless(h: BaseHTTPRequestHandler, _: bytes) -> None:
    h.send_response(200)
    h.send_header("Content-Type", "application/sparql-results+json")
    h.end_headers()
    chunk = b"[" * 65536
    for _chunk in range(2000):  # 128 MB at most, if nothing stopped reading
        h.wfile.write(chunk)


def test_an_endless_answer_is_cut_at_the_cap(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("LEXGAP_MAX_RESPONSE_MB", "1")
    with fake_server(endless) as (url, _):
        assert main(["gaps", "--endpoint", url]) == EXIT_REMOTE
    err = one_line(capsys)
    assert "the store's answer is larger than 1 MB" in err
    assert "raise LEXGAP_MAX_RESPONSE_MB" in err


def test_a_declared_huge_answer_is_refused_before_reading(
    monkeypatch: pytest.MonkeyPatch, built_out: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("LEXGAP_MAX_RESPONSE_MB", "1")
    huge = answer(200, b"x" * 2_000_000)
    with fake_server(huge) as (url, _):
        assert main(["push", "--endpoint", url, "--out", str(built_out)]) == EXIT_REMOTE
    assert "larger than 1 MB" in one_line(capsys)


@pytest.mark.parametrize("value", ["inf", "nan", "-1", "0", "lots"])
def test_a_bad_size_cap_is_a_usage_error(
    value: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("LEXGAP_MAX_RESPONSE_MB", value)
    with fake_server(answer(200, ASK_TRUE)) as (url, _):
        assert sparql("ASK {}", "--endpoint", url) == EXIT_USAGE
    assert "LEXGAP_MAX_RESPONSE_MB must be a positive number" in one_line(capsys)


# --- what the store answers: any shape, any content, one line --------------------------------


@pytest.mark.parametrize(
    "body",
    [
        b"[]",
        b"{}",
        b'{"head": {"vars": ["x"]}, "results": {"bindings": [{"x": 1}]}}',
        b'{"head": {"vars": "x"}, "results": {"bindings": []}}',
        b'{"boolean": NaN}',
        b"\xff\xfe not json",
        b"1" * 5000,
        b"[" * 100_000,
        b'{"head": {"vars": ["x"]}, "results": {"bindings": [{"x": {"type": "literal", "value": '
        b'"1", "datatype": "http://www.w3.org/2001/XMLSchema#integer"}}]}, "x": '
        + b"9" * 5000
        + b"}",
    ],
)
def test_a_store_answering_nonsense_is_one_line(
    body: bytes, capsys: pytest.CaptureFixture[str]
) -> None:
    with fake_server(answer(200, body)) as (url, _):
        assert sparql("SELECT * WHERE { ?s ?p ?o }", "--endpoint", url) == EXIT_REMOTE
    assert "did not answer with SPARQL JSON results" in one_line(capsys)


def test_a_store_echoing_the_credentials_has_them_blanked(
    credentials: str, capsys: pytest.CaptureFixture[str]
) -> None:
    def echo(h: BaseHTTPRequestHandler, body: bytes) -> None:
        answer(500, f"bad request from {h.headers.get('Authorization')}".encode())(h, body)

    with fake_server(echo) as (url, _):
        assert sparql("ASK {}", "--endpoint", url) == EXIT_REMOTE
    assert "HTTP 500" in one_line(capsys)


# --- bad endpoints, credentials and timeouts: one line, exit 2, nothing sent ----------------


@pytest.mark.parametrize(
    "url",
    [
        f"http://{USER}:{PASSWORD}@127.0.0.1:9/query",
        f"http://{USER}@127.0.0.1:9/query",
    ],
)
@pytest.mark.parametrize("command", ["sparql", "gaps", "push"])
def test_credentials_in_the_url_are_refused_with_a_hint(
    url: str, command: str, built_out: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = {
        "sparql": ["sparql", "ASK {}", "--endpoint", url],
        "gaps": ["gaps", "--endpoint", url],
        "push": ["push", "--endpoint", url, "--out", str(built_out)],
    }[command]
    assert main(argv) == EXIT_USAGE
    err = one_line(capsys)
    assert "the endpoint URL carries credentials" in err
    assert "LEXGAP_SPARQL_USER" in err
    assert PASSWORD not in err and USER not in err


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:9/query\r\nX-Injected: 1",
        "http://127.0.0.1:9/qu ery",
        "http://[::1",
        "http://127.0.0.1:99999/query",
        "ftp://127.0.0.1/query",
        "http:///query",
    ],
)
def test_a_malformed_endpoint_is_one_line(url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["gaps", "--endpoint", url]) == EXIT_USAGE
    assert "not an http(s) endpoint URL" in one_line(capsys)


@pytest.mark.parametrize("token", [f"{TOKEN}\r", f"{TOKEN}\nX-Evil: 1", f"{TOKEN} x", "tökén"])
def test_a_token_with_a_control_character_is_refused_without_showing_it(
    token: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("LEXGAP_SPARQL_TOKEN", token)
    with fake_server(answer(200, ASK_TRUE)) as (url, seen):
        assert sparql("ASK {}", "--endpoint", url) == EXIT_USAGE
    err = one_line(capsys)
    assert "LEXGAP_SPARQL_TOKEN holds a control character" in err
    assert "tökén" not in err
    assert seen.requests == []


@pytest.mark.parametrize("timeout", ["nan", "-1", "0", "inf", "1e300"])
@pytest.mark.parametrize("where", ["local", "endpoint", "push"])
def test_a_bad_timeout_is_a_usage_error(
    timeout: str, where: str, built_out: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with fake_server(answer(200, ASK_TRUE)) as (url, seen):
        argv = {
            "local": ["sparql", "ASK {}", "--out", str(built_out)],
            "endpoint": ["sparql", "ASK {}", "--endpoint", url],
            "push": ["push", "--endpoint", url, "--out", str(built_out)],
        }[where]
        assert main([*argv, "--timeout", timeout]) == EXIT_USAGE
    assert "--timeout must be a positive number of seconds" in one_line(capsys)
    assert seen.requests == []


# --- the local engine does not reach the network ---------------------------------------------


def test_service_is_refused_by_the_embedded_store(
    built_out: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with fake_server(answer(200, ASK_TRUE)) as (url, seen):
        for query in (
            f"SELECT * WHERE {{ SERVICE <{url}/x> {{ ?s ?p ?o }} }}",
            f"SELECT * WHERE {{ service silent <{url}/x> {{ ?s ?p ?o }} }}",
            f"PREFIX s: <{url}/>\nSELECT * WHERE {{ # comment }}\n SERVICE s:x {{ ?s ?p ?o }} }}",
            f"SELECT * WHERE {{ FILTER(1<2)SERVICE<{url}/x>{{ ?s ?p ?o }} }}",
        ):
            assert sparql(query, "--out", str(built_out)) == EXIT_USAGE, query
            assert "SERVICE is refused" in one_line(capsys)
        graph = built_out / "lexgap.ttl"
        query = f"SELECT * WHERE {{ SERVICE <{url}/x> {{ ?s ?p ?o }} }}"
        assert sparql(query, "--graph", str(graph)) == EXIT_USAGE
        assert "--allow-service" in one_line(capsys)
        assert seen.requests == []
        # with the explicit option, the engine does call the service
        sparql(query, "--out", str(built_out), "--allow-service", "--timeout", "10")
        capsys.readouterr()
        assert seen.requests, "--allow-service did not let the query reach the service"


def test_service_words_in_strings_iris_and_names_are_not_service(
    built_out: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    query = (
        "PREFIX ex: <http://example.org/SERVICE/>\n"
        "SELECT ?service WHERE { BIND('SERVICE <http://x/>' AS ?service) } # SERVICE"
    )
    assert sparql(query, "--out", str(built_out), "--format", "json") == 0
    assert json.loads(capsys.readouterr().out) == [{"service": "SERVICE <http://x/>"}]


@pytest.mark.parametrize("where", ["local", "endpoint"])
def test_a_deeply_nested_query_is_refused_not_a_crash(where: str, built_out: Path) -> None:
    query = "SELECT * WHERE " + "{" * 20000 + " ?s ?p ?o " + "}" * 20000
    with fake_server(answer(200, ASK_TRUE)) as (url, seen):
        target = ["--out", str(built_out)] if where == "local" else ["--endpoint", url]
        done = subprocess.run(
            [LEXGAP, "sparql", "-", *target],
            input=query,
            capture_output=True,
            text=True,
            timeout=120,
        )
    assert done.returncode == EXIT_USAGE, (done.returncode, done.stderr[-300:])
    assert done.stderr.count("\n") == 1
    assert "the query nests 20000 brackets deep; at most 256 are allowed" in done.stderr
    assert seen.requests == []


def test_an_update_after_a_commented_prefix_is_refused_as_an_update(
    built_out: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    query = "PREFIX ex: <http://example.org/#x> # a note\nINSERT DATA { ex:a ex:b ex:c }"
    assert sparql(query, "--out", str(built_out)) == EXIT_USAGE
    assert "updates are not allowed" in one_line(capsys)


def test_the_api_refuses_service_unless_allowed(built_out: Path) -> None:
    import lexgap
    from lexgap.core.errors import LexgapError, QueryError

    with fake_server(answer(200, ASK_TRUE)) as (url, seen):
        query = f"SELECT * WHERE {{ SERVICE <{url}/x> {{ ?s ?p ?o }} }}"
        with pytest.raises(QueryError, match="SERVICE is refused"):
            lexgap.sparql(query, out=built_out)
        assert seen.requests == []
        with contextlib.suppress(LexgapError):  # the fake service's answer is not a solution
            lexgap.sparql(query, out=built_out, allow_service=True, timeout=10)
        assert seen.requests
