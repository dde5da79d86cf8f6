"""The benchmark's tools work at a tiny size (the benchmark itself is not part of the suite).

Why: `benchmarks/run --sizes 1,10,100` takes the better part of an hour, so nothing would notice
a generator that stopped producing a corpus lexgap accepts, or a runner that broke, until the
next time someone measures. Here: two jurisdictions generate byte-identically for one seed and
build with every check passing, with the second jurisdiction's laws on their own nodes; and the
runner completes a quick pass over the real corpus and writes the JSON it promises.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import bigdoc  # benchmarks/bigdoc.py, on the path by tests/conftest.py
import pytest
import synth  # benchmarks/synth.py, on the path by tests/conftest.py
from rdflib import Literal, URIRef

from lexgap.graph.assemble import assemble
from lexgap.graph.namespaces import LEX

pytestmark = [pytest.mark.integration, pytest.mark.slow]

REPO = Path(__file__).resolve().parents[1]


def _digest(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def template() -> synth.Template:
    return synth.load_template()


def test_generator_is_deterministic_and_varies_the_numbers(
    tmp_path: Path, template: synth.Template
) -> None:
    a = synth.generate(2, 7, tmp_path / "a", template)
    b = synth.generate(2, 7, tmp_path / "b", template)
    assert _digest(a) == _digest(b)
    c = synth.generate(2, 8, tmp_path / "c", template)
    assert _digest(a) != _digest(c)
    # Size 1 is the real corpus, byte for byte.
    one = synth.generate(1, 7, tmp_path / "one", template)
    bundled = REPO / "data"
    for name, digest in _digest(one).items():
        assert hashlib.sha256((bundled / name).read_bytes()).hexdigest() == digest, name
    # A synthetic document differs from its original where the generator changed numbers.
    original = (bundled / "sources" / "state-followup-report.txt").read_text("utf-8")
    synthetic = (a / "sources" / "x001-state-followup-report.txt").read_text("utf-8")
    assert original != synthetic
    assert len(original.splitlines()) == len(synthetic.splitlines())
    assert synth.describe(template)["article_keys"] > 30


def test_two_jurisdictions_build_with_every_check(tmp_path: Path, template: synth.Template) -> None:
    corpus = synth.generate(2, 1, tmp_path / "corpus", template)
    one = assemble()
    two = assemble(corpus / "sources", corpus / "readings", targets_dir=corpus / "recommendations")
    for name in ("documents", "passages", "citations", "statements", "recommendations"):
        assert getattr(two.counts, name) == 2 * getattr(one.counts, name), name
    # The synthetic jurisdiction's Penal Code is its own law, not the Lao one.
    x001 = URIRef("https://lexgap.example.org/id/x001/penal-code")
    assert (x001, LEX.jurisdiction, Literal("x001")) in two.graph
    # Its documents say so (queries that pair documents keep to one country); the real ones
    # name none in the manifest and are about the bundled corpus's country, la.
    doc = URIRef("https://lexgap.example.org/id/doc/x001-a-hrc-40-51-add-1")
    assert (doc, LEX.jurisdiction, Literal("x001")) in two.graph
    real = URIRef("https://lexgap.example.org/id/doc/a-hrc-40-51-add-1")
    assert list(two.graph.objects(real, LEX.jurisdiction)) == [Literal("la")]
    described = set(two.graph.objects(None, LEX.aboutProvision))
    assert any(str(p).startswith(str(x001) + "/") for p in described)
    assert any(str(p).startswith("https://lexgap.example.org/id/la/penal-code/") for p in described)


def test_runner_quick_pass_writes_its_json(tmp_path: Path) -> None:
    out = tmp_path / "results.json"
    env = {**os.environ, "LEXGAP_PROGRESS": "0"}
    subprocess.run(
        [
            sys.executable,
            str(REPO / "benchmarks" / "runner.py"),
            "--sizes",
            "1",
            "--quick",
            "--no-rdflib-questions",
            "--work",
            str(tmp_path / "work"),
            "--json",
            str(out),
            "--big-paragraphs",
            "120",
        ],
        check=True,
        env=env,
        capture_output=True,
        timeout=300,
    )
    report = json.loads(out.read_text("utf-8"))
    assert set(report) >= {"command", "machine", "sizes", "results", "targets"}
    one = report["results"]["1"]
    assert one["build"]["triples"] > 10000
    assert one["store_open"]["open_ms"] > 0
    questions = [k for k in one["embedded"]["queries"] if k.startswith("question:")]
    assert len(questions) >= 10
    assert all(one["embedded"]["queries"][q]["status"] == "ok" for q in questions)
    assert one["cold"]["ask_ok"] and one["cold"]["rdflib_path_s"] > 0
    names = {t["target"] for t in report["targets"]}
    assert names >= {
        "cold ask 1x: ask / bare pyoxigraph",
        "one document of 120 paragraphs: build seconds",
        "one document of 120 paragraphs: build peak MB",
    }
    assert report["big_document"]["build"]["passages"] > 120


def test_one_large_document_generates_deterministically_and_builds(tmp_path: Path) -> None:
    """The single-large-source case (issue 22) at a small size: the same paragraph count gives
    the same bytes, within the source size limit at full size, and the document builds with
    every check, each numbered paragraph, item and footnote a passage, its recommendations and
    citations found."""
    a = bigdoc.generate(300, tmp_path / "a")
    assert _digest(a) == _digest(bigdoc.generate(300, tmp_path / "b"))
    assert len(bigdoc.document_text(bigdoc.BIG_PARAGRAPHS).encode()) <= bigdoc.MAX_BYTES
    built = assemble(a / "sources", a / "readings", targets_dir=a / "recommendations")
    # 300 paragraphs, two items under each of the 25 lead-ins, 3 footnotes, the title and its
    # footnote.
    assert built.counts.passages == 300 + 2 * 25 + 3 + 2
    assert built.counts.citations == 75
    assert len(built.recommendations) > 100


def test_progress_bar_draws_on_a_terminal_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """The build's bar (queries.progress): drawn on a terminal, silent on a pipe or a file."""
    import io

    from lexgap.core.progress import Progress

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.delenv("LEXGAP_PROGRESS", raising=False)
    tty, pipe = Terminal(), io.StringIO()
    for stream in (tty, pipe):
        with Progress(["reading", "writing"], stream=stream, delay=0) as bar:
            bar.stage("reading")
            bar.stage("writing")
    assert "1/2 writing" in tty.getvalue()
    assert tty.getvalue().endswith("\r\033[2K")  # the line is cleared for what follows
    assert pipe.getvalue() == ""
    monkeypatch.setenv("LEXGAP_PROGRESS", "0")
    quiet = Terminal()
    with Progress(["a"], stream=quiet, delay=0) as bar:
        bar.stage("a")
    assert quiet.getvalue() == ""


def test_cold_ask_imports_nothing_heavy(built_out: Path) -> None:
    """What made a cold `lexgap ask` 3x slower than bare pyoxigraph (issue 9): building the
    command's parser imported rdflib, pyvis and the loaders for a few constants. A whole `ask`
    in a fresh process must not import them (nor urllib.request, only needed for endpoints).
    Issue 22 held it within 2x of bare pyoxigraph, and measured the standard library too:
    `dataclasses` (with `inspect`, `ast`, `dis`, `tokenize`) and the other modules below were
    a fifth of the whole `ask`; the read path's records are `core.record`s, and these modules
    are imported only by the commands that use them."""
    probe = (
        "import sys\n"
        "from lexgap.cli.main import main\n"
        "code = main(['ask', 'csam-possession', '--format', 'json', '--out', sys.argv[1]])\n"
        "heavy = sorted({m.split('.')[0] for m in sys.modules} & "
        "{'rdflib', 'pyvis', 'networkx', 'pydantic', 'yaml', 'jinja2', 'pyshacl', "
        "'dataclasses', 'inspect', 'ast', 'dis', 'tokenize', 'csv', 'textwrap', 'difflib', "
        "'hashlib', 'signal', 'shutil', 'subprocess', 'tempfile'})\n"
        "print('HEAVY', heavy, 'urllib.request' in sys.modules, code, file=sys.stderr)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe, str(built_out)], capture_output=True, text=True, timeout=120
    )
    assert "HEAVY [] False 0" in done.stderr, done.stderr
    assert json.loads(done.stdout)["id"] == "csam-possession"
