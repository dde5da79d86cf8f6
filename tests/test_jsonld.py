"""JSON-LD for web developers (issue 21, item 3): the shipped context is what the built graph and
the shapes derive; every key is an array everywhere or nowhere; links are strings and values
plain JSON; each frame reads back, in rdflib and in pyoxigraph, as exactly the triples of the
nodes it reaches; frames are byte-identical across processes; the README example runs."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import SKOS, XSD

from lexgap.cli.main import main
from lexgap.core.errors import ExportError
from lexgap.core.options import JSONLD_FRAMES
from lexgap.graph.namespaces import LEX
from lexgap.graph.validate import shapes_graph
from lexgap.publish import jsonld
from lexgap.publish.export import export_store
from lexgap.queries.engine import OxigraphEngine

README = Path(__file__).resolve().parents[1] / "README.md"
EX = "https://example.org/"


# --- helpers ---------------------------------------------------------------------------------


def _objects(value: Any) -> Iterator[tuple[str, Any]]:
    """Every (key, value) below `value`, @context left out; an array's items each under the
    array's key."""
    if isinstance(value, list):
        for item in value:
            yield from _objects(item)
    elif isinstance(value, dict):
        for k, v in value.items():
            if k == "@context":
                continue
            for item in v if isinstance(v, list) else [v]:
                yield k, item
                yield from _objects(item)


def _nodes(value: Any) -> list[dict[str, Any]]:
    """Every node object in `value` (a dict with an id), nested ones included."""
    tops = value if isinstance(value, list) else [value]
    found = [v for v in tops if isinstance(v, dict) and "id" in v]
    return found + [v for _, v in _objects(value) if isinstance(v, dict) and "id" in v]


def _ox_triples(data: bytes | str, fmt: ox.RdfFormat) -> set[ox.Triple]:
    return {ox.Triple(q.subject, q.predicate, q.object) for q in ox.parse(data, format=fmt)}


def _rdflib_triples(data: bytes) -> set[ox.Triple]:
    """rdflib's parse of a JSON-LD document, as pyoxigraph triples (to compare sets)."""
    g = Graph()
    g.parse(data=data, format="json-ld")
    return _ox_triples(g.serialize(format="nt", encoding="utf-8"), ox.RdfFormat.N_TRIPLES)


# --- unit: the writer on a small graph -------------------------------------------------------


def _small_graph() -> Graph:
    g = Graph()
    s = URIRef(EX + "statement/1")
    g.add((s, RDF.type, LEX.Statement))
    g.add((s, LEX.concerns, URIRef(EX + "offence/a")))
    g.add((s, LEX.statedYear, Literal("2017", datatype=XSD.gYear)))
    g.add((s, LEX.locator, Literal("27")))
    p = URIRef(EX + "statement/1/penalty")
    g.add((p, LEX.prisonMaxMonths, Literal("180", datatype=XSD.integer)))
    g.add((p, LEX.fineMaxKip, Literal(str(2**60), datatype=XSD.integer)))
    g.add((p, LEX.fineMinKip, Literal("007", datatype=XSD.integer, normalize=False)))
    g.add((p, LEX.deathPenalty, Literal("false", datatype=XSD.boolean)))
    g.add((p, LEX.reEducation, Literal("1", datatype=XSD.boolean, normalize=False)))
    d = URIRef(EX + "doc/x")
    g.add((d, URIRef("http://purl.org/dc/terms/date"), Literal("2011-02", datatype=XSD.gYearMonth)))
    g.add((d, URIRef("http://www.w3.org/2000/01/rdf-schema#label"), Literal("Report", lang="en")))
    g.add((d, URIRef("http://www.w3.org/2000/01/rdf-schema#label"), Literal("Informe", lang="es")))
    g.add((d, URIRef("http://www.w3.org/2000/01/rdf-schema#comment"), Literal("no language")))
    return g


@pytest.mark.unit
def test_values_are_plain_json_where_lossless_and_objects_where_not() -> None:
    g = _small_graph()
    doc = json.loads(jsonld.jsonld_bytes(g))
    nodes = {n["id"][len(EX) :]: n for n in doc["@graph"]}
    statement = nodes["statement/1"]
    assert statement["type"] == ["Statement"]
    assert statement["concerns"] == [EX + "offence/a"]  # a set of plain IRI strings
    assert statement["statedYear"] == "2017" and statement["locator"] == "27"
    penalty = nodes["statement/1/penalty"]
    assert penalty["prisonMaxMonths"] == 180 and penalty["deathPenalty"] is False
    assert penalty["fineMaxKip"] == str(2**60)  # past 2**53 JavaScript would misread a number
    assert penalty["fineMinKip"] == "007" and penalty["reEducation"] == "1"  # not canonical
    document = nodes["doc/x"]
    assert document["date"] == {"@value": "2011-02", "@type": "xsd:gYearMonth"}
    assert document["label"] == {"en": "Report", "es": "Informe"}
    assert document["comment"] == {"@none": "no language"}
    assert list(statement)[:2] == ["id", "type"]
    # ... and every one of them reads back as the same literal, in both parsers
    data = jsonld.jsonld_bytes(g)
    expected = _ox_triples(g.serialize(format="nt", encoding="utf-8"), ox.RdfFormat.N_TRIPLES)
    assert _ox_triples(data, ox.RdfFormat.JSON_LD) == expected
    again = Graph().parse(data=g.serialize(format="nt", encoding="utf-8"), format="nt")
    normalised = _ox_triples(again.serialize(format="nt", encoding="utf-8"), ox.RdfFormat.N_TRIPLES)
    assert _rdflib_triples(data) == normalised  # rdflib reads "007" as 7 either way


@pytest.mark.unit
def test_a_single_key_with_two_values_is_refused_not_turned_into_an_array() -> None:
    g = _small_graph()
    g.add((URIRef(EX + "statement/1"), LEX.locator, Literal("28")))
    with pytest.raises(ExportError, match="declares single"):
        jsonld.jsonld_bytes(g)


@pytest.mark.unit
def test_shipped_context_file_is_written_as_context_bytes_writes_it() -> None:
    from lexgap.core import options

    path = options.ONTOLOGY / jsonld.CONTEXT_FILE
    assert path.read_bytes() == jsonld.context_bytes(jsonld.context())


@pytest.mark.unit
def test_keys_are_unambiguous_and_frames_add_only_reverse_keys() -> None:
    ctx = jsonld.context()
    terms = jsonld.terms(ctx)
    assert len({t.name for t in terms.values()}) == len(terms)  # one key per property
    for iri, key in [
        (LEX.statedIn, "statedIn"),
        (LEX.concerns, "concerns"),
        (LEX.quote, "quote"),
        (LEX.jurisdiction, "jurisdiction"),
        (URIRef("http://data.europa.eu/eli/ontology#jurisdiction"), "eliJurisdiction"),
        (URIRef("http://purl.org/dc/terms/isPartOf"), "isPartOf"),
        (URIRef("http://data.europa.eu/eli/ontology#is_part_of"), "eliIsPartOf"),
    ]:
        assert terms[str(iri)].name == key
    lowered = [k.lower() for k in ctx if not k.startswith("@")]
    assert len(lowered) == len(set(lowered))  # no two keys differ only in case
    for name, frame in jsonld.FRAMES.items():
        extra = {k: v for k, v in jsonld.frame_context(frame).items() if k not in ctx}
        assert extra and all(set(v) == {"@reverse", "@container"} for v in extra.values()), name
    assert tuple(jsonld.FRAMES) == JSONLD_FRAMES


# --- integration: the built graph ------------------------------------------------------------


@pytest.fixture(scope="module")
def built_graph(built_out: Path) -> Graph:
    g = Graph()
    g.parse(built_out / "lexgap.ttl", format="turtle")
    return g


@pytest.fixture(scope="module")
def expected(built_out: Path) -> set[ox.Triple]:
    return _ox_triples((built_out / "lexgap.ttl").read_bytes(), ox.RdfFormat.TURTLE)


@pytest.fixture(scope="module")
def documents(built_graph: Graph) -> dict[str, bytes]:
    """The flat export and every frame of the built graph, as bytes ("flat", frame names)."""
    out = {"flat": jsonld.jsonld_bytes(built_graph)}
    out.update({name: jsonld.framed_bytes(built_graph, name) for name in JSONLD_FRAMES})
    return out


@pytest.mark.integration
def test_shipped_context_is_derived_from_the_graph_and_the_shapes(built_graph: Graph) -> None:
    """Which keys are arrays, typed or language maps follows the data and the shapes: the
    shipped file is exactly what `derive_context` computes (regenerate it with
    `jsonld.context_bytes(jsonld.derive_context(graph, shapes_graph()))`)."""
    assert jsonld.derive_context(built_graph, shapes_graph()) == jsonld.context()


@pytest.mark.integration
def test_every_property_and_class_of_the_graph_has_a_short_key(built_graph: Graph) -> None:
    ctx = jsonld.context()
    terms, classes = jsonld.terms(ctx), jsonld.classes(ctx)
    missing = {str(p) for p in built_graph.predicates() if p != RDF.type} - set(terms)
    assert not missing
    assert {str(o) for o in built_graph.objects(None, RDF.type)} <= set(classes)


@pytest.mark.integration
@pytest.mark.parametrize("name", ["flat", *JSONLD_FRAMES])
def test_a_key_is_an_array_everywhere_or_nowhere(name: str, documents: dict[str, bytes]) -> None:
    """Checked on the document as written: for each key, all its values are arrays or none is,
    and that is what the context declares (a @set, or a frame's reverse key)."""
    doc = json.loads(documents[name])
    ctx = doc["@context"]
    shapes: dict[str, set[bool]] = defaultdict(set)
    for node in _nodes(doc["@graph"]):
        for key, value in node.items():
            shapes[key].add(isinstance(value, list))
    mixed = sorted(k for k, kinds in shapes.items() if len(kinds) > 1)
    assert not mixed, f"sometimes an array, sometimes not: {mixed}"
    for key, kinds in shapes.items():
        spec = ctx.get(key)
        many = isinstance(spec, dict) and "@set" in str(spec.get("@container"))
        assert kinds == {many or key == "type"}, key
        if isinstance(spec, dict) and spec.get("@container") == "@language":
            assert all(  # one text per language: never an array inside the map
                not isinstance(text, list)
                for n in _nodes(doc["@graph"])
                if key in n
                for text in n[key].values()
            ), key


@pytest.mark.integration
def test_links_are_strings_and_values_plain_json(documents: dict[str, bytes]) -> None:
    """No `{"@id": ...}` link objects anywhere, and value objects only where the value's
    datatype or language differs from its key's: today one gYearMonth date and one English
    description (of the offence scheme); numbers and booleans are JSON's own."""
    doc = json.loads(documents["flat"])
    pairs = list(_objects(doc["@graph"]))
    assert not [v for _, v in pairs if isinstance(v, dict) and set(v) == {"@id"}]
    odd = sorted(
        (key, v.get("@type") or "@" + v["@language"])
        for key, v in pairs
        if isinstance(v, dict) and "@value" in v
    )
    assert odd == [("date", "xsd:gYearMonth"), ("description", "@en")]
    nodes = {n["id"]: n for n in doc["@graph"]}
    penalty = next(n for i, n in nodes.items() if i.endswith("257-csam-possession/penalty"))
    assert penalty["fineMaxKip"] == 3000000 and penalty["deathPenalty"] is False
    assert nodes[next(i for i in nodes if i.endswith("/doc/crc-c-opsc-lao-co-1"))]["date"] == (
        "2015-06-05"
    )


@pytest.mark.integration
@pytest.mark.parametrize("name", JSONLD_FRAMES)
def test_frame_round_trips_to_the_triples_it_reaches(
    name: str, documents: dict[str, bytes], expected: set[ox.Triple]
) -> None:
    """A frame covers a subset of the graph: the nodes it nests, each with every one of its own
    triples. Parsed back by pyoxigraph and by rdflib, it is exactly the built graph's triples
    whose subject is one of those nodes: nothing lost, nothing added, nothing altered."""
    data = documents[name]
    reached = {n["id"] for n in _nodes(json.loads(data)["@graph"])}
    subset = {
        t for t in expected if isinstance(t.subject, ox.NamedNode) and t.subject.value in reached
    }
    assert subset and {str(t.subject)[1:-1] for t in subset} == reached  # <iri> -> iri
    assert _ox_triples(data, ox.RdfFormat.JSON_LD) == subset
    assert _rdflib_triples(data) == subset


@pytest.mark.integration
def test_frames_reach_what_their_readers_need(
    documents: dict[str, bytes], built_graph: Graph
) -> None:
    """What each frame covers, stated: documents everything the sources say (documents,
    passages, every claim and citation with its quote, penalty, ages, selectors); provisions
    every article and every statement about one; offences every concept and every statement
    and recommendation concerning one."""

    def of_type(*types: URIRef) -> set[str]:
        return {str(s) for t in types for s in built_graph.subjects(RDF.type, t)}

    def reached(name: str) -> set[str]:
        return {n["id"] for n in _nodes(json.loads(documents[name])["@graph"])}

    claims = of_type(
        LEX.Statement,
        LEX.Assessment,
        LEX.Recommendation,
        LEX.Response,
        LEX.VersionStatement,
        LEX.Citation,
    )
    below_claims = {
        str(s) for s in built_graph.subjects() if any(str(s).startswith(c + "/") for c in claims)
    }
    assert of_type(LEX.SourceDocument, LEX.Passage) | claims | below_claims <= reached("documents")
    about_articles = {
        str(s)
        for s, o in built_graph.subject_objects(LEX.aboutProvision)
        if (o, RDF.type, LEX.Provision) in built_graph
    }
    assert of_type(LEX.Provision) | about_articles <= reached("provisions")
    concerning = {
        str(s)
        for s in built_graph.subjects(LEX.concerns, None)
        if (s, RDF.type, LEX.Statement) in built_graph
        or (s, RDF.type, LEX.Recommendation) in built_graph
    }
    assert of_type(SKOS.Concept) | concerning <= reached("offences")


@pytest.mark.integration
def test_framed_export_is_byte_identical_across_processes(
    store_engine: OxigraphEngine, built_out: Path, tmp_path: Path
) -> None:
    """`lexgap export --frame` in other processes, with other hash seeds, writes the bytes this
    process writes."""
    for i, name in enumerate(JSONLD_FRAMES):
        mine = tmp_path / f"mine-{name}.jsonld"
        (written,) = export_store(store_engine.store, "jsonld", mine, frame=name)
        assert written.detail.startswith(f"frame {name}: ")
        theirs = tmp_path / f"theirs-{name}.jsonld"
        args = ["export", "--format", "jsonld", "--frame", name]
        args += ["--build-dir", str(built_out), "--out", str(theirs)]
        proc = subprocess.run(
            [sys.executable, "-m", "lexgap.cli.main", *args],
            env={**os.environ, "PYTHONHASHSEED": str(11 + i)},
            capture_output=True,
            timeout=300,
        )
        assert proc.returncode == 0, proc.stderr.decode()
        assert theirs.read_bytes() == mine.read_bytes(), name


@pytest.mark.integration
def test_frame_needs_jsonld(built_out: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = ["export", "--format", "turtle", "--frame", "documents", "--build-dir", str(built_out)]
    assert main(args) == 1
    assert "a frame shapes JSON-LD only" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exit_:
        main(["export", "--format", "jsonld", "--frame", "nonsense"])
    assert exit_.value.code == 2
    assert "documents, provisions, offences" in capsys.readouterr().err.replace("'", "")


def _readme_example() -> str:
    """The Python block of the README's JSON-LD example, exactly as written there."""
    text = README.read_text(encoding="utf-8")
    section = text[text.index("## Export, publish, validate") :]
    m = re.search(r"```python\n(.*?)```", section, re.S)
    assert m is not None
    return m.group(1)


@pytest.mark.integration
def test_readme_example_runs_as_written(built_out: Path, tmp_path: Path) -> None:
    """The README's example, run in a folder where `lexgap export --format jsonld --frame
    provisions` wrote its default file, prints the line the README shows."""
    target = tmp_path / "lexgap-out" / "export" / "lexgap-provisions.jsonld"
    target.parent.mkdir(parents=True)
    args = ["export", "--format", "jsonld", "--frame", "provisions"]
    assert main([*args, "--build-dir", str(built_out), "--out", str(target)]) == 0
    proc = subprocess.run(
        [sys.executable, "-c", _readme_example()],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    shown = README.read_text(encoding="utf-8").split(_readme_example(), 1)[1]
    printed = proc.stdout.strip()
    assert printed and printed in shown
    assert printed.startswith("lao-opsc-followup-report: at most 12 months; Any person")
