"""graph/ntriples.py writes the build's N-Triples as text: every line must be the line rdflib's
writer gave for the same triple (the Turtle file is sorted by these bytes), and parse back, in
rdflib and in Oxigraph, to the same terms."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import XSD, Graph, Literal, URIRef
from rdflib.plugins.serializers.nt import _nt_row

from lexgap.graph import ntriples as nt

S = "https://lexgap.example.org/id/doc/x/para/1"
P = "https://lexgap.example.org/ns#text"


def _rdflib_line(obj: Literal | URIRef) -> bytes:
    return _nt_row((URIRef(S), URIRef(P), obj)).rstrip("\n").encode()


def _ours(obj: str) -> bytes:
    out = nt.Triples()
    out.add(nt.iri(S), nt.iri(P), obj)
    return out.lines[0]


@pytest.mark.unit
@settings(max_examples=300, deadline=None)
@given(st.text())
def test_a_string_is_written_as_rdflib_writes_it_and_reads_back(value: str) -> None:
    line = _ours(nt.text(value))
    assert line == _rdflib_line(Literal(value))
    [triple] = ox.parse(line, format=ox.RdfFormat.N_TRIPLES)
    assert isinstance(triple.object, ox.Literal) and triple.object.value == value
    [(_s, _p, back)] = Graph().parse(data=line, format="nt")
    assert back == Literal(value)


@pytest.mark.unit
@pytest.mark.parametrize(
    "value",
    ['a "quoted" word', "back\\slash", "line\nfeed\r\n", "tab\there", "é – ✓ 𝄞", "\x00\x0b\x85"],
)
def test_the_characters_n_triples_escapes(value: str) -> None:
    assert _ours(nt.text(value)) == _rdflib_line(Literal(value))


@pytest.mark.unit
@given(st.integers(min_value=-(10**30), max_value=10**30))
def test_integers_and_booleans_as_rdflib_writes_them(value: int) -> None:
    assert _ours(nt.integer(value)) == _rdflib_line(Literal(value))
    assert _ours(nt.boolean(value > 0)) == _rdflib_line(Literal(value > 0))


@pytest.mark.unit
def test_a_boolean_is_not_an_integer() -> None:
    with pytest.raises(TypeError):
        nt.integer(True)


@pytest.mark.unit
def test_language_tags_and_other_datatypes_are_rdflibs_own() -> None:
    assert _ours(nt.lang_text("Código", "es")) == _rdflib_line(Literal("Código", lang="es"))
    for value, datatype in (("2017", XSD.gYear), ("2015-06", XSD.gYearMonth)):
        typed = nt.typed(value, str(datatype))
        assert _ours(typed) == _rdflib_line(Literal(value, datatype=datatype))
    assert nt.typed("2015-06-05", str(XSD.date)).startswith('"2015-06-05"^^')


@pytest.mark.unit
@pytest.mark.parametrize("bad", ["a b", "a<b", "a>b", 'a"b', "a{b}", "a|b", "a^b", "a`b", "a\\b"])
def test_an_iri_no_parser_would_read_is_refused(bad: str) -> None:
    with pytest.raises(ValueError, match="not a valid IRI"):
        nt.iri("https://example.org/" + bad)


@pytest.mark.unit
def test_lines_come_out_sorted_once_each() -> None:
    out = nt.Triples()
    for obj in ("b", "a", "b", "c", "a"):
        out.add(nt.iri(S), nt.iri(P), nt.text(obj))
    data, count = out.ntriples()
    assert count == 3 and data.count(b"\n") == 3
    assert [line[-5:] for line in data.split(b"\n")[:-1]] == [b'"a" .', b'"b" .', b'"c" .']
    assert out.ntriples() == (b"", 0)


_X = "http://www.w3.org/2001/XMLSchema#"


@pytest.mark.unit
def test_the_typed_literals_the_ill_typed_scan_could_report_are_noted() -> None:
    """Every typed literal but a canonical integer or boolean is noted, however it was added
    and through spilled runs: the build's SHACL check looks up only these for ill-typed ones."""
    out = nt.Triples(run_lines=2)
    out.add(nt.iri(S), nt.iri(P), nt.typed("20x7", _X + "gYear"))
    out.add(nt.iri(S), nt.iri(P), nt.typed("2015-06-05", _X + "date"))
    for plain in (nt.integer(-12), nt.integer(0), nt.boolean(False), nt.text('"x"^^<y>')):
        out.add(nt.iri(S), nt.iri(P), plain)
    out.add(nt.iri(S), nt.iri(P), nt.lang_text("x", "en"))
    out.extend(
        f'<{S}> <{P}> "+5"^^<{_X}integer> .\n<{S}> <{P}> "7"^^<{_X}integer> .\n'
        f'<{S}> <{P}> "1"^^<{_X}boolean> .\n<{S}> <{P}> "a"@en .\n<{S}> <{P}> <{S}x> .\n'.encode()
    )
    with out.sorted() as done:
        assert done.literals == {
            f'"20x7"^^<{_X}gYear>',
            f'"2015-06-05"^^<{_X}date>',
            f'"+5"^^<{_X}integer>',
            f'"1"^^<{_X}boolean>',
        }
    assert not out.literals


@pytest.mark.unit
@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["gYear", "gYearMonth", "date", "integer", "boolean", "decimal"]),
            st.text("0129-x+.TZ:", max_size=11),
        ),
        max_size=8,
    ),
    st.lists(st.integers(-5, 5), max_size=3),
)
def test_the_ill_typed_scan_of_the_noted_literals_finds_what_the_whole_scan_finds(
    typed: list[tuple[str, str]], integers: list[int]
) -> None:
    """The build's check (only the noted literals looked up) reports exactly the ill-typed
    literals that reading back every literal of the store reports."""
    from lexgap.graph import validate

    out = nt.Triples()
    for i, (datatype, lexical) in enumerate(typed):
        out.add(nt.iri(f"{S}{i}"), nt.iri(P), nt.typed(lexical, _X + datatype))
    for n in integers:
        out.add(nt.iri(S), nt.iri(P), nt.integer(n))
    out.add(nt.iri(S), nt.iri(P), nt.boolean(True))
    with out.sorted() as done:
        store = ox.Store()
        if done.count:
            store.bulk_load(done.read(), format=ox.RdfFormat.N_TRIPLES)
        literals = done.literals
    whole = sorted(validate._store_ill_typed(store), key=str)
    assert sorted(validate._store_ill_typed(store, literals), key=str) == whole


@pytest.mark.integration
def test_the_bundled_graph_is_what_rdflib_writes_for_it() -> None:
    """The whole bundled graph: its lines are, sorted, exactly rdflib's writer's lines for the
    graph they parse to, and Oxigraph reads the same number of triples."""
    from lexgap.graph.assemble import assemble

    built = assemble(shacl=False)
    lines = built.ntriples.split(b"\n")
    assert lines[-1] == b"" and len(lines) - 1 == built.counts.triples == len(built.graph)
    again = built.graph.serialize(format="nt", encoding="utf-8")
    assert sorted(line for line in again.split(b"\n") if line) == lines[:-1]
    store = ox.Store()
    store.bulk_load(built.ntriples, format=ox.RdfFormat.N_TRIPLES)
    assert len(store) == built.counts.triples


@pytest.mark.unit
@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.tuples(st.sampled_from("xyz"), st.text("ab\n", max_size=3)), max_size=60),
    st.integers(min_value=1, max_value=12),
    st.sampled_from([1, 7, 40, 1 << 20]),
)
def test_lines_spilled_in_sorted_runs_merge_to_the_same_document(
    triples: list[tuple[str, str]], run_lines: int, read_bytes: int
) -> None:
    """A graph larger than one run is written out in sorted runs and merged (graph/ntriples.py
    `Triples._spill`, `_merge`): the document must be byte for byte the one sorted in memory,
    whatever the run size and however the runs are read back in blocks."""
    spilled, whole = nt.Triples(run_lines=run_lines), nt.Triples(run_lines=10**9)
    for subject, value in triples:
        for out in (spilled, whole):
            out.add(nt.iri(S + subject), nt.iri(P), nt.text(value))
    assert len(spilled) == len(whole) == len(triples)
    assert set(spilled.everything()) == set(whole.everything())
    original = nt._READ_BYTES
    nt._READ_BYTES = read_bytes
    try:
        assert spilled.ntriples() == whole.ntriples()
    finally:
        nt._READ_BYTES = original
    assert spilled.ntriples() == (b"", 0)


@pytest.mark.integration
def test_the_bundled_graph_is_the_same_when_built_in_runs(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The bundled graph (20,000 triples, one run at the default size) built in runs of 997
    lines gives the same sorted N-Triples."""
    from lexgap.graph.assemble import assemble

    whole = assemble(shacl=False).ntriples
    monkeypatch.setattr(nt, "RUN_LINES", 997)
    assert assemble(shacl=False).ntriples == whole
