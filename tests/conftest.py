"""Shared fixtures (the real corpus, loaded once per test session) and the test markers.

Every test gets exactly one kind among unit / integration / server / browser (see
pyproject.toml): a module may say it with `pytestmark`; otherwise a test that uses a fixture
which builds the graph or starts a server is integration / server, and the rest are unit.
`pytest -m unit` is the fast loop while editing.
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

# The synthetic corpus generator (benchmarks/synth.py) is a script beside the benchmark runner,
# not part of the package: tests that need it import it as `synth` from here.
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

from lexgap.loaders.corpus import Corpus, read_corpus
from lexgap.loaders.sources import bundled_sources_dir
from lexgap.queries.engine import OxigraphEngine


@pytest.fixture(scope="session")
def corpus() -> Corpus:
    return read_corpus()


@pytest.fixture()
def sources_copy(tmp_path: Path) -> Path:
    """A writable copy of the bundled corpus, for tests that break it."""
    target = tmp_path / "sources"
    shutil.copytree(bundled_sources_dir(), target)
    return target


@pytest.fixture(scope="session", autouse=True)
def _session_out(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Commands run without --out write to a session folder, never into the repository."""
    out = tmp_path_factory.mktemp("lexgap-out")
    old = os.environ.get("LEXGAP_OUT")
    os.environ["LEXGAP_OUT"] = str(out)
    yield out
    if old is None:
        os.environ.pop("LEXGAP_OUT", None)
    else:
        os.environ["LEXGAP_OUT"] = old


@pytest.fixture(scope="session")
def built_out(_session_out: Path) -> Path:
    """The bundled corpus built once (Turtle + embedded store) into the session folder."""
    import lexgap

    lexgap.build(out=_session_out)
    return _session_out


@pytest.fixture(scope="session")
def store_engine(built_out: Path) -> OxigraphEngine:
    """The embedded store of the bundled corpus, opened read-only."""
    import lexgap

    engine = lexgap.engine(out=built_out)
    assert isinstance(engine, OxigraphEngine)
    return engine


# --- A real Oxigraph server, for the publishing tests (tests/test_push.py) -------------------


class OxigraphServer:
    """A running `oxigraph serve`: its base URL and its SPARQL / Graph Store endpoints."""

    def __init__(self, port: int, log: Path) -> None:
        self.url = f"http://127.0.0.1:{port}"
        self.query = f"{self.url}/query"
        self.update = f"{self.url}/update"
        self.store = f"{self.url}/store"
        self.log = log


def _free_port() -> int:
    import socket

    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@pytest.fixture(scope="session")
def oxigraph_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[OxigraphServer]:
    """Start the `oxigraph` executable installed next to this Python (the `oxigraph` test
    extra), wait until it answers, and always stop it. Its default graph is the union of its
    named graphs, as GraphDB, Virtuoso and Neptune have by default. A missing executable fails
    the tests loudly: this integration test never skips."""
    import subprocess
    import sys
    import time
    import urllib.error
    import urllib.request

    binary = Path(sys.executable).parent / "oxigraph"
    if not binary.is_file():
        pytest.fail(f"{binary} not found: install the test extra (pip install -e '.[test]')")
    folder = tmp_path_factory.mktemp("oxigraph")
    log = folder.parent / f"{folder.name}.log"
    port = _free_port()
    with open(log, "wb") as log_fh:
        proc = subprocess.Popen(
            [
                str(binary),
                "serve",
                "--location",
                str(folder),
                "--bind",
                f"127.0.0.1:{port}",
                "--union-default-graph",
            ],
            stdout=log_fh,
            stderr=subprocess.STDOUT,
        )
    server = OxigraphServer(port, log)
    try:
        deadline = time.monotonic() + 30
        probe = server.query + "?query=ASK%7B%7D"
        while True:
            if proc.poll() is not None:
                pytest.fail(f"oxigraph exited with {proc.returncode}: {log.read_text()[-2000:]}")
            try:
                with urllib.request.urlopen(probe, timeout=2) as response:
                    if response.status == 200:
                        break
            except (urllib.error.URLError, OSError):
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"oxigraph did not answer on port {port}: {log.read_text()[-2000:]}")
            time.sleep(0.1)
        yield server
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


# --- The real graph with hostile markup (tests/test_gapmap.py, tests/test_gapmap_browser.py) ---

HOSTILE = '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">'
ART_257 = "Penal Code (2017), art. 257"


def write_hostile_graph(turtle: Path, target: Path) -> Path:
    """The real graph with hostile markup in art. 257's label and quote and a document title."""
    text = turtle.read_text("utf-8")
    bad = HOSTILE.replace('"', '\\"')
    replacements = {
        f'"{ART_257}"@en': f'"{ART_257} {bad}"@en',
        '"Any person who possesses the above mentioned materials': f'"{bad} Any person who '
        "possesses the above mentioned materials",
        '"Research Study on the Commercial Sexual Exploitation of Children in Lao PDR"': (
            f'"Research Study on the Commercial Sexual Exploitation of Children {bad}"'
        ),
    }
    for old, new in replacements.items():
        assert old in text, old
        text = text.replace(old, new)
    target.write_text(text, "utf-8")
    return target


@pytest.fixture(scope="session")
def hostile_graph() -> Callable[[Path, Path], Path]:
    """`write_hostile_graph`, for the gap map's injection tests (page and browser)."""
    return write_hostile_graph


# --- Markers ---------------------------------------------------------------------------------

KINDS = ("unit", "integration", "server", "browser")
# Fixtures that build or open the real graph, or start a server: their users are not unit tests.
INTEGRATION_FIXTURES = {"built_out", "store_engine", "hostile_graph"}
SERVER_FIXTURES = {"oxigraph_server"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if any(item.get_closest_marker(kind) for kind in KINDS):
            continue
        used = set(getattr(item, "fixturenames", ()))
        if item.get_closest_marker("slow"):
            item.add_marker(pytest.mark.integration)  # seconds each: not in the fast loop
        elif used & SERVER_FIXTURES:
            item.add_marker(pytest.mark.server)
        elif used & INTEGRATION_FIXTURES:
            item.add_marker(pytest.mark.integration)
        else:
            item.add_marker(pytest.mark.unit)
