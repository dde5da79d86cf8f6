"""Every RDF export that Raptor reads (Turtle, TriG, N-Quads; Raptor has no JSON-LD parser) gives
the build's triples in `rapper` too: a third parser, independent of rdflib and pyoxigraph
(tests/test_export.py). `.ci/run` installs Debian's raptor2-utils, so in CI (`CI` set) a missing
`rapper` fails the test instead of skipping it."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pyoxigraph as ox
import pytest

from lexgap.publish import export as ex
from lexgap.queries.engine import OxigraphEngine

RAPPER_FORMATS = {"turtle": "turtle", "trig": "trig", "nquads": "nquads"}


@pytest.fixture(scope="module")
def rapper() -> str:
    found = shutil.which("rapper")
    if found is None:
        message = "rapper not found: apt-get install raptor2-utils (as .ci/run does)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return found


@pytest.fixture(scope="module")
def exported(store_engine: OxigraphEngine, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("rapper")
    for fmt in RAPPER_FORMATS:
        ex.export_store(store_engine.store, fmt, folder / ex.default_name(fmt))
    return folder


@pytest.mark.parametrize("fmt", sorted(RAPPER_FORMATS))
def test_rapper_reads_the_same_triples(
    fmt: str, rapper: str, exported: Path, built_out: Path
) -> None:
    path = exported / ex.default_name(fmt)
    done = subprocess.run(
        [rapper, "-q", "-i", RAPPER_FORMATS[fmt], "-o", "ntriples", str(path)],
        capture_output=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")[-2000:]
    assert not done.stderr.strip(), done.stderr.decode("utf-8", "replace")[-2000:]
    lines = [line for line in done.stdout.split(b"\n") if line.strip()]
    parsed = {
        ox.Triple(q.subject, q.predicate, q.object)
        for q in ox.parse(b"\n".join(lines), format=ox.RdfFormat.N_TRIPLES)
    }
    expected = {
        ox.Triple(q.subject, q.predicate, q.object)
        for q in ox.parse(path=str(built_out / "lexgap.ttl"), format=ox.RdfFormat.TURTLE)
    }
    assert len(lines) == len(parsed) == len(expected)  # nothing twice, nothing lost
    assert parsed == expected
