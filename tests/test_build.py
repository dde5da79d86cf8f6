"""The built graph: deterministic, atomic, and holding what the sources cite."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS

from lexgap.cli.main import main
from lexgap.graph.namespaces import ELI, LEX, IRIs

pytestmark = pytest.mark.integration

ID = "https://lexgap.example.org/id/"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Graph]:
    out = tmp_path_factory.mktemp("build")
    assert main(["build", "--out", str(out)]) == 0
    g = Graph()
    g.parse(out / "lexgap.ttl", format="turtle")
    return out, g


def test_build_is_byte_identical_twice(built: tuple[Path, Graph], tmp_path: Path) -> None:
    out, _ = built
    assert main(["build", "--out", str(tmp_path)]) == 0
    assert (tmp_path / "lexgap.ttl").read_bytes() == (out / "lexgap.ttl").read_bytes()


def test_every_passage_has_text_and_document(built: tuple[Path, Graph]) -> None:
    _, g = built
    passages = set(g.subjects(RDF.type, LEX.Passage))
    assert len(passages) > 300
    for p in passages:
        assert g.value(p, LEX.text) is not None
        assert g.value(p, DCTERMS.isPartOf) is not None


def test_passage_cites_provision_with_stated_year(built: tuple[Path, Graph]) -> None:
    _, g = built
    para27 = URIRef(ID + "doc/a-hrc-40-51-add-1/para/27")
    art89 = URIRef(ID + "la/law-on-children/2007/art/89")
    assert (para27, LEX.cites, art89) in g
    assert (art89, ELI.is_part_of, URIRef(ID + "la/law-on-children/2007")) in g
    assert g.value(URIRef(ID + "la/law-on-children/2007"), LEX.statedYear) == Literal(
        "2007", datatype=URIRef("http://www.w3.org/2001/XMLSchema#gYear")
    )


def test_spanish_edition_is_one_report_with_spanish_labels(built: tuple[Path, Graph]) -> None:
    _, g = built
    report = URIRef(ID + "doc/a-hrc-40-51-add-1")
    edition = URIRef(ID + "doc/a-hrc-40-51-add-1-es")
    assert (edition, LEX.editionOf, report) in g
    langs = {lit.language for lit in g.objects(report, RDFS.label) if isinstance(lit, Literal)}
    assert {"en", "es"} <= langs
    es_title = next(
        lit
        for lit in g.objects(report, RDFS.label)
        if isinstance(lit, Literal) and lit.language == "es"
    )
    assert str(es_title).startswith("Informe de la Relatora Especial")
    # The annex passages are not duplicated: the Spanish edition owns none of them.
    annex = {
        p
        for p in g.subjects(DCTERMS.isPartOf, edition)
        if g.value(p, LEX.passageKind) != Literal("front")
    }
    assert annex == set()
    para27 = URIRef(ID + "doc/a-hrc-40-51-add-1/para/27")
    assert (para27, LEX.alsoInEdition, edition) in g


def test_no_blank_nodes(built: tuple[Path, Graph]) -> None:
    _, g = built
    from rdflib import BNode

    assert not any(isinstance(t, BNode) for triple in g for t in triple)


def test_base_iri_is_configurable(tmp_path: Path) -> None:
    assert main(["build", "--out", str(tmp_path), "--base", "https://example.org/lao/"]) == 0
    text = (tmp_path / "lexgap.ttl").read_text()
    assert "https://example.org/lao/la/penal-code/2017/art/257" in text
    assert IRIs("https://example.org/lao").base == "https://example.org/lao/"


def test_console_script_end_to_end(tmp_path: Path) -> None:
    exe = Path(sys.executable).with_name("lexgap")
    result = subprocess.run(
        [str(exe), "build", "--out", str(tmp_path / "o")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "passages" in result.stdout and "triples" in result.stdout
    assert f"wrote {tmp_path / 'o' / 'lexgap.ttl'}" in result.stdout


def test_interrupted_build_leaves_previous_output_intact(
    built: tuple[Path, Graph], tmp_path: Path
) -> None:
    import shutil
    import signal
    import time

    out, _ = built
    target = tmp_path / "out"
    shutil.copytree(out, target, symlinks=True)  # lexgap.ttl and store/current are links
    before = (target / "lexgap.ttl").read_bytes()
    exe = Path(sys.executable).with_name("lexgap")
    for delay in (0.3, 1.0, 2.0, 3.0):
        proc = subprocess.Popen(
            [str(exe), "build", "--out", str(target)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        # Whatever moment it died at, the file is the old one or a complete new one (identical).
        assert (target / "lexgap.ttl").read_bytes() == before
        # ... and store/current always names a complete store.
        from lexgap.graph.store import current

        assert current(target) is not None
    leftovers = [p.name for p in target.iterdir() if p.name not in ("lexgap.ttl", "store")]
    # A killed writer may leave its private temporary file, never a partial lexgap.ttl.
    assert all(name.startswith(".lexgap.ttl.") for name in leftovers)


def test_build_command_drops_the_graph_and_writes_the_same_files(tmp_path: Path) -> None:
    """`lexgap build` frees the in-memory graph once serialised (its memory at 100
    jurisdictions, issue 9); the files are byte for byte those of a build that keeps it."""
    from lexgap.graph.persist import build_outputs
    from lexgap.graph.store import Inputs, current

    kept = build_outputs(Inputs(), tmp_path / "kept")
    dropped = build_outputs(Inputs(), tmp_path / "dropped", keep_graph=False, keep_inputs=False)
    assert len(kept.graph) == kept.counts.triples > 18000
    assert len(dropped.graph) == 0 and dropped.counts.triples == kept.counts.triples
    # What the command reports is kept; the inputs it no longer needs are not.
    assert dropped.coverage == kept.coverage and dropped.tallies == kept.tallies
    assert [t.document for t in kept.tallies] == [d.id for d in kept.corpus.documents]
    assert sum(t.recommendations for t in kept.tallies) == len(kept.recommendations) > 0
    assert not dropped.corpus.documents and not dropped.recommendations
    ttl = (tmp_path / "kept" / "lexgap.ttl").read_bytes()
    assert (tmp_path / "dropped" / "lexgap.ttl").read_bytes() == ttl
    assert Graph().parse(data=ttl, format="turtle").isomorphic(kept.graph)
    found = current(tmp_path / "dropped")
    assert found is not None
    stamp = (found[0] / "stamp.json").read_text("utf-8")
    assert f'"triples": {kept.counts.triples}' in stamp


def test_a_refused_store_abandons_the_turtle_being_written_beside_it(tmp_path: Path) -> None:
    """The Turtle file is written in a thread while the store loads and is checked
    (graph.store._TurtleInBackground): a check that refuses the store stops that writer (it
    would write forever here) and removes its generation; nothing is published."""
    import errno
    from typing import BinaryIO

    from lexgap.core.errors import ValidationFailed
    from lexgap.graph.store import build_lock, current, store_root, write_outputs

    stopped: list[int] = []

    def endless(out: BinaryIO) -> None:
        try:
            while True:
                out.write(b"# more\n")
        except OSError as exc:
            stopped.append(exc.errno or 0)
            raise

    def refuse(store: object) -> None:
        raise ValidationFailed("refused")

    out = tmp_path / "out"
    data = b"<https://example.org/s> <https://example.org/p> <https://example.org/o> .\n"
    with build_lock(out), pytest.raises(ValidationFailed):
        write_outputs(endless, data, out, "0" * 64, {"triples": 1}, check=refuse)
    assert stopped == [errno.ECANCELED]
    assert current(out) is None and not list(store_root(out).glob("g-*"))
