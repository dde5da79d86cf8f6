"""Issue 10, property and fuzz tests: the loaders never raise anything but a `LexgapError`, and
what the graph holds survives serialise -> parse.

The per-layout modules have their own fuzz tests (one layout, one deleted or duplicated line:
tests/test_layout_*.py) and the citation extractor its own on short passages
(tests/test_citations.py). These go end to end, the way `lexgap build` runs them:

- bytes -> `read_document` (hash, BOM, line endings, encodings, NUL bytes);
- text -> `load_passages` (the layout dispatcher and its checks) -> `find_citations` ->
  `find_recommendations`, for every layout, on arbitrary text and on the real documents with
  several random lines deleted, duplicated, moved or shuffled;
- the report and its Spanish edition, one of them damaged, through `read_corpus` (which checks
  that the edition carries the report's passages);
- random valid statements and passages -> graph -> Turtle and N-Triples -> graph, isomorphic,
  and the N-Triples the embedded store is loaded from read by Oxigraph too.

Budgets are fixed (derandomised, a few hundred examples at most) so CI time does not vary.
"""

from __future__ import annotations

import hashlib
import random
import shutil
import tempfile
from functools import cache
from pathlib import Path

import pyoxigraph as ox
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Graph
from rdflib.compare import isomorphic

from lexgap.core.errors import LexgapError, SourceError
from lexgap.graph.build import GraphBuilder
from lexgap.graph.namespaces import IRIs
from lexgap.graph.statements import add_readings
from lexgap.loaders.citations import find_citations, load_instruments
from lexgap.loaders.corpus import Corpus, LoadedDocument, read_corpus
from lexgap.loaders.models import DocumentMeta, Passage
from lexgap.loaders.paragraphs import load_passages
from lexgap.loaders.readings import (
    AgeFacts,
    Located,
    PenaltyFacts,
    ProvisionRef,
    Readings,
    Statement,
)
from lexgap.loaders.recommendations import find_recommendations
from lexgap.loaders.sources import (
    SourceDocument,
    bundled_sources_dir,
    load_corpus,
    read_document,
)
from lexgap.loaders.taxonomy import concepts

pytestmark = pytest.mark.integration  # hypothesis over the real documents: seconds per test

FUZZ = settings(
    max_examples=200,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


@cache
def documents() -> dict[str, SourceDocument]:
    return {d.meta.id: d for d in load_corpus()}


@cache
def document_lines() -> tuple[str, ...]:
    """Every distinct line of the corpus: material that looks like a real document."""
    return tuple(sorted({ln for d in documents().values() for ln in d.text.split("\n")}))


def run_pipeline(doc: SourceDocument) -> None:
    """What a build does with one document; only a LexgapError may come out of it."""
    try:
        passages = load_passages(doc)
        citations = find_citations(doc.meta.id, passages)
        recommendations = find_recommendations(doc.meta.id, doc.meta.body, passages)
    except LexgapError:
        return
    locators = {p.locator for p in passages}
    assert len(locators) == len(passages)
    assert all(p.text for p in passages)
    by_locator = {p.locator: p for p in passages}
    for c in citations:
        assert by_locator[c.locator].text[c.span[0] : c.span[1]] == c.matched
    assert all(r.locator in locators for r in recommendations)


# --------------------------------------------------------------------------------------------
# Bytes -> read_document
# --------------------------------------------------------------------------------------------

source_bytes = st.one_of(
    st.binary(max_size=400),
    st.text(max_size=400).map(lambda t: t.encode("utf-8")),
    st.lists(st.sampled_from(document_lines()), max_size=20).map(
        lambda lines: "\n".join(lines).encode("utf-8")
    ),
)
prefixes = st.sampled_from([b"", b"\xef\xbb\xbf", b"\xff\xfe", b"%PDF-1.4\n"])


@FUZZ
@given(data=source_bytes, prefix=prefixes, crlf=st.booleans(), own_hash=st.booleans())
def test_read_document_on_arbitrary_bytes(
    data: bytes, prefix: bytes, crlf: bool, own_hash: bool
) -> None:
    """Any bytes, pinned or not, give a verified document or a SourceError naming the file."""
    raw = prefix + (data.replace(b"\n", b"\r\n") if crlf else data)
    meta = documents()["crc-c-opsc-lao-co-1"].meta
    if own_hash:
        meta = meta.model_copy(update={"sha256": hashlib.sha256(raw).hexdigest()})
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / meta.file).write_bytes(raw)
        try:
            doc = read_document(folder, meta)
        except SourceError as exc:
            assert exc.file == str(folder / meta.file)
            assert "\n" not in exc.render()
            return
    assert own_hash
    assert doc.text.strip()
    assert not doc.text.startswith("\ufeff")
    assert doc.text.encode("utf-8") in (raw, raw.removeprefix(b"\xef\xbb\xbf"))


# --------------------------------------------------------------------------------------------
# Text -> passages -> citations -> recommendations
# --------------------------------------------------------------------------------------------

LAYOUT_DOCS = {
    "sr-report": "a-hrc-40-51-add-1",
    "crc-export": "crc-c-opsc-lao-co-1",
    "study-pdf": "csec-study-2011",
    "state-report": "lao-opsc-followup-report",
}

lines_like_documents = st.lists(
    st.one_of(
        st.sampled_from(document_lines()),
        st.text(max_size=40),
        st.sampled_from(
            [
                "",
                "Annex",
                "Summary",
                "1.\tThe Penal Code (2017), article 257",
                "(a)\tCriminalize possession;",
                "¹ Penal Code, art. 129.",
                "[footnoteRef:1]",
                "Article 89 of the Law on the Protection of the Rights and Interests of Children",
            ]
        ),
    ),
    max_size=40,
).map("\n".join)


@FUZZ
@given(
    layout=st.sampled_from(sorted(LAYOUT_DOCS)),
    text=st.one_of(st.text(max_size=600), lines_like_documents),
)
def test_pipeline_on_arbitrary_text(layout: str, text: str) -> None:
    base = documents()[LAYOUT_DOCS[layout]]
    run_pipeline(SourceDocument(meta=base.meta, path=base.path, text=text))


def mutate(lines: list[str], seed: int, edits: int) -> list[str]:
    """`edits` random deletions, duplications, moves and shuffled runs of lines."""
    rng = random.Random(seed)
    lines = list(lines)
    for _ in range(edits):
        if len(lines) < 2:
            break
        i = rng.randrange(len(lines))
        kind = rng.choice(["delete", "duplicate", "move", "shuffle"])
        if kind == "delete":
            del lines[i]
        elif kind == "duplicate":
            lines.insert(rng.randrange(len(lines) + 1), lines[i])
        elif kind == "move":
            lines.insert(rng.randrange(len(lines)), lines.pop(i))
        else:
            run = lines[i : i + rng.randint(2, 8)]
            rng.shuffle(run)
            lines[i : i + len(run)] = run
    return lines


@FUZZ
@given(
    doc_id=st.sampled_from(sorted(documents())),
    seed=st.integers(0, 2**32 - 1),
    edits=st.integers(1, 6),
)
def test_pipeline_on_damaged_real_documents(doc_id: str, seed: int, edits: int) -> None:
    doc = documents()[doc_id]
    text = "\n".join(mutate(doc.text.split("\n"), seed, edits))
    run_pipeline(SourceDocument(meta=doc.meta, path=doc.path, text=text))


@settings(FUZZ, max_examples=40)
@given(
    which=st.sampled_from(["sr-report-2019-en.txt", "sr-report-2019-es.txt"]),
    seed=st.integers(0, 2**32 - 1),
    edits=st.integers(1, 3),
)
def test_report_and_edition_damaged_through_read_corpus(which: str, seed: int, edits: int) -> None:
    """The Spanish edition must carry the report's passages: damage to either is a SourceError
    (or, for a harmless edit such as a repeated blank line, a corpus that loads)."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        manifest = yaml.safe_load((bundled_sources_dir() / "manifest.yaml").read_text("utf-8"))
        manifest["documents"] = [d for d in manifest["documents"] if d["file"].startswith("sr-")]
        for entry in manifest["documents"]:
            shutil.copy(bundled_sources_dir() / entry["file"], folder / entry["file"])
        path = folder / which
        lines = path.read_bytes().decode("utf-8").split("\n")
        path.write_bytes("\n".join(mutate(lines, seed, edits)).encode("utf-8"))
        for entry in manifest["documents"]:
            entry["sha256"] = hashlib.sha256((folder / entry["file"]).read_bytes()).hexdigest()
        (folder / "manifest.yaml").write_text(yaml.safe_dump(manifest), "utf-8")
        try:
            corpus = read_corpus(folder)
        except LexgapError:
            return
    assert [d.id for d in corpus.documents] == ["a-hrc-40-51-add-1", "a-hrc-40-51-add-1-es"]


# --------------------------------------------------------------------------------------------
# Statements and passages -> graph -> Turtle / N-Triples -> graph
# --------------------------------------------------------------------------------------------

free_text = st.text(min_size=3, max_size=80).filter(lambda t: t.strip() == t and len(t) >= 3)


@st.composite
def penalties(draw: st.DrawFn) -> PenaltyFacts:
    def pair(top: int) -> tuple[int | None, int | None]:
        a, b = sorted(draw(st.lists(st.integers(0, top), min_size=2, max_size=2)))
        return draw(st.sampled_from([(a, b), (None, b), (a, None), (None, None)]))

    prison = pair(600)
    fine = pair(10**9)
    return PenaltyFacts(
        prison_min_months=prison[0],
        prison_max_months=prison[1],
        fine_min_kip=fine[0],
        fine_max_kip=fine[1],
        death_penalty=draw(st.booleans()),
        re_education=draw(st.booleans()),
        confiscation=draw(st.booleans()),
    )


@st.composite
def age_bands(draw: st.DrawFn) -> AgeFacts:
    low, high = sorted(draw(st.lists(st.integers(0, 25), min_size=2, max_size=2)))
    has_min, has_max = draw(st.booleans()), draw(st.booleans())
    return AgeFacts(
        min=low if has_min else None,
        min_inclusive=draw(st.none() | st.booleans()) if has_min else None,
        max=high if has_max else None,
        max_inclusive=draw(st.none() | st.booleans()) if has_max else None,
    )


@st.composite
def statements(draw: st.DrawFn, index: int, locators: list[str]) -> Statement:
    return Statement(
        id=f"st-{index}-{draw(st.from_regex(r'[a-z0-9-]{0,12}', fullmatch=True))}",
        locator=draw(st.sampled_from(locators)),
        provision=ProvisionRef(
            instrument=draw(st.sampled_from(sorted(load_instruments()))),
            year=draw(st.none() | st.integers(1900, 2100)),
            article=draw(st.none() | st.text(min_size=1, max_size=12)),
        ),
        effect=draw(st.sampled_from(["creates-offence", "prohibits", "defines"])),
        offences=draw(st.lists(st.sampled_from(sorted(concepts())), min_size=1, max_size=3)),
        quote=draw(free_text),
        penalty=draw(st.none() | penalties()),
        age=draw(st.none() | age_bands()),
        victim_sex=draw(st.sampled_from(["girls", "boys", "girls-and-boys", "unspecified"])),
        note=draw(st.none() | st.text(max_size=60)),
    )


@st.composite
def corpora(draw: st.DrawFn) -> tuple[Corpus, Readings]:
    base = documents()["crc-c-opsc-lao-co-1"]
    locator_strategy = st.one_of(
        st.integers(1, 99).map(str),
        st.tuples(st.integers(1, 99), st.sampled_from("abcz")).map(lambda t: f"{t[0]}({t[1]})"),
        st.text(min_size=1, max_size=10).map(lambda t: f"fn {t}"),
        st.text(min_size=1, max_size=30),
    )
    locators = draw(st.lists(locator_strategy, min_size=1, max_size=5, unique=True))
    passages = [
        Passage(
            doc_id=base.meta.id,
            locator=locator,
            kind="paragraph",
            text=draw(st.text(min_size=1, max_size=200)),
            context=tuple(draw(st.lists(st.text(max_size=20), max_size=2))),
            line_start=i + 1,
            line_end=i + 1,
            ordinal=i,
        )
        for i, locator in enumerate(locators)
    ]
    meta: DocumentMeta = base.meta.model_copy(
        update={"title": draw(free_text), "date_note": draw(st.none() | st.text(max_size=40))}
    )
    doc = LoadedDocument(
        source=SourceDocument(meta=meta, path=base.path, text=base.text),
        passages=passages,
        own_passages=passages,
    )
    count = draw(st.integers(1, 4))
    readings = Readings(
        statements=[
            Located(
                entry=(entry := draw(statements(i, locators))),
                document=base.meta.id,
                file=Path("fuzz.yaml"),
                line=1,
                quote_span=(0, len(entry.quote)),
            )
            for i in range(count)
        ]
    )
    return Corpus(documents=[doc]), readings


@settings(FUZZ, max_examples=150)
@given(data=corpora())
def test_graph_round_trips_through_turtle_and_ntriples(data: tuple[Corpus, Readings]) -> None:
    corpus, readings = data
    builder = GraphBuilder(IRIs("https://lexgap.example.org/id/"))
    builder.add_corpus(corpus)
    add_readings(builder, readings, {})
    # The builder writes N-Triples lines itself (graph/ntriples.py): rdflib must read them ...
    graph = builder.graph()
    for fmt in ("turtle", "nt"):
        data_bytes = graph.serialize(format=fmt, encoding="utf-8")
        back = Graph()
        back.parse(data=data_bytes, format=fmt)
        assert isomorphic(graph, back), fmt
    # ... and so must Oxigraph, which the store is bulk-loaded by, to the same triples; and
    # they are the lines rdflib's own writer gives for the graph it read.
    ntriples, count = builder.out.ntriples()
    store = ox.Store()
    store.load(ntriples, format=ox.RdfFormat.N_TRIPLES)
    assert len(store) == len(graph) == count
    by_rdflib = graph.serialize(format="nt", encoding="utf-8")
    assert sorted(line for line in by_rdflib.split(b"\n") if line) == ntriples.split(b"\n")[:-1]
