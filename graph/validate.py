"""SHACL validation of a graph against ontology/shapes.ttl, with a readable report.

The build runs this on every graph and refuses to write one that violates a shape; `lexgap
validate FILE` runs it on a file someone else produced.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Collection, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING
from typing import Literal as Choice

import pyoxigraph as ox
from pyshacl import validate as shacl_validate
from rdflib import RDF, XSD, Graph, Literal, URIRef
from rdflib.namespace import SH

from lexgap.core import options
from lexgap.core.errors import ValidationFailed

if TYPE_CHECKING:
    import pyoxigraph


@dataclass(frozen=True)
class Violation:
    """One reason a graph does not conform. `value` is the offending node or literal where the
    check names one apart from the focus (the graph-wide checks do)."""

    focus: str
    path: str
    message: str
    value: str = ""


@contextmanager
def quiet_literals() -> Iterator[None]:
    """rdflib logs a warning with a full traceback for every literal it cannot convert while a
    file is parsed. `lexgap validate` reports each one as a violation of one line instead, so
    rdflib's own report is silenced while the file is read and checked."""
    logger = logging.getLogger("rdflib.term")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        logger.setLevel(level)


def written_shapes_graph() -> Graph:
    """ontology/shapes.ttl as written: each node shape holds its property shapes."""
    g = Graph()
    g.parse(data=(options.ONTOLOGY / "shapes.ttl").read_text("utf-8"), format="turtle")
    return g


# The SHACL target predicates (SHACL 2.1.3).
_TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)


def shapes_graph() -> Graph:
    """The shapes as validated: those of `written_shapes_graph`, each property shape that a
    targeted node shape holds (`sh:property`) given that node shape's targets instead.

    Why: pySHACL validates a property shape reached through `sh:property` once per focus node,
    building each of its constraint components again every time; a property shape with targets
    of its own is validated once over all its focus nodes. At 10,000 passages that was most of
    the build (35 s of 47 s). The two forms are equivalent by the SHACL definitions: a focus
    node of the node shape conforms to it only if it conforms to each of its property shapes
    (sh:property, 4.8.2), and the same node is a focus node of the property shape once it has
    the same targets (2.1.3), validated against it with the same path, constraints and message;
    a node shape's own constraints (sh:class, sh:xone, sh:sparql) stay where they are. Only
    property shapes are moved, and only from node shapes with targets, so a shape reached by
    sh:node, sh:or or sh:qualifiedValueShape is untouched. tests/test_shacl_mutations.py checks
    that both forms report the same violations on every damaged graph."""
    g = written_shapes_graph()
    for node_shape in sorted(set(g.subjects(SH.property, None)), key=str):
        targets = [(p, o) for p in _TARGETS for o in g.objects(node_shape, p)]
        # A node shape another shape refers to (sh:node, a list of sh:or) is checked there
        # on other focus nodes, with all its property shapes: it stays as written.
        referred = (None, None, node_shape) in g
        if not targets or referred or (node_shape, SH.deactivated, None) in g:
            continue
        for prop_shape in list(g.objects(node_shape, SH.property)):
            if len(set(g.subjects(SH.property, prop_shape))) != 1:
                continue  # shared by several node shapes: left as written
            g.remove((node_shape, SH.property, prop_shape))
            for p, o in targets:
                g.add((prop_shape, p, o))
    return g


# Lexical forms rdflib accepts without checking (it parses any "20x7"^^xsd:gYear): the calendar
# datatypes lexgap uses, per XML Schema 1.1 (years of four or more digits, optional zone).
_ZONE = r"(Z|[+-]\d{2}:\d{2})?"
_LEXICAL = {
    XSD.gYear: re.compile(rf"-?\d{{4,}}{_ZONE}"),
    XSD.gYearMonth: re.compile(rf"-?\d{{4,}}-(0[1-9]|1[0-2]){_ZONE}"),
}


def _bad_literal(o: Literal) -> bool:
    if o.ill_typed:
        return True
    form = _LEXICAL.get(o.datatype) if o.datatype is not None else None
    return form is not None and form.fullmatch(str(o)) is None


def ill_typed(data: Graph) -> list[Violation]:
    """Literals whose text is not of their datatype (`"abc"^^xsd:integer`): each a violation of
    its own. SHACL comparisons cannot order them (pySHACL stops with a TypeError), so the shapes
    run only on a graph without them."""
    out: list[Violation] = []
    for s, p, o in data:
        if isinstance(o, Literal) and _bad_literal(o):
            shown = str(o)[:40]
            out.append(
                Violation(
                    focus=str(s),
                    path=str(p),
                    message=_one_line(f"{shown!r} is not a valid {o.datatype}"),
                    value=str(o),
                )
            )
    return sorted(out, key=lambda v: (v.focus, v.path, v.message))


Inference = Choice["none", "rdfs"]


def _one_line(text: str) -> str:
    """A report prints one violation per line: pySHACL's own messages can span several."""
    return " ".join(text.split()) or "violation"


def violations(
    data: Graph, inference: Inference = "none", *, shapes: Graph | None = None
) -> list[Violation]:
    """Every violation of `data`, sorted, as plain records: each ill-typed literal, then what
    the SHACL shapes find in the graph without those literals (so one bad date does not hide
    a missing quote elsewhere). With `inference="rdfs"` the shapes see the graph as RDFS
    entailment with the lexgap ontology extends it; the graph must conform either way.
    `shapes` replaces the shapes validated (a test compares them with the shapes as written)."""
    bad = ill_typed(data)
    if bad:
        # SHACL comparisons cannot order ill-typed literals (pySHACL stops with a TypeError):
        # validate a copy without them, where each one's absence is judged like any other.
        clean = Graph()
        for prefix, ns in data.namespaces():
            clean.bind(prefix, ns)
        for triple in data:
            obj = triple[2]
            if not (isinstance(obj, Literal) and _bad_literal(obj)):
                clean.add(triple)
        data = clean
    ontology = None
    if inference != "none":
        from lexgap.graph.build import ontology_graph

        ontology = ontology_graph()
    _conforms, report, _text = shacl_validate(
        data,
        shacl_graph=shapes if shapes is not None else shapes_graph(),
        ont_graph=ontology,
        inference=inference,
        advanced=False,
        abort_on_first=False,
    )
    assert isinstance(report, Graph)
    out: list[Violation] = list(bad)
    for result in report.subjects(RDF.type, SH.ValidationResult):
        focus = report.value(result, SH.focusNode)
        path = report.value(result, SH.resultPath)
        message = report.value(result, SH.resultMessage)
        value = report.value(result, SH.value)
        out.append(
            Violation(
                focus=str(focus),
                path=str(path) if isinstance(path, URIRef) else ("(path)" if path else ""),
                message=_one_line(str(message)) if message is not None else "violation",
                value=str(value) if value is not None else "",
            )
        )
    return sorted(set(out), key=lambda v: (v.focus, v.path, v.message, v.value))


def check(data: Graph, label: str = "graph") -> None:
    """Raise ValidationFailed listing every violation (first 20 shown) unless `data` conforms."""
    _raise_if_any(violations(data), label)


def _raise_if_any(found: list[Violation], label: str) -> None:
    if not found:
        return
    shown = "; ".join(f"{v.focus} {v.path}: {v.message}" for v in found[:20])
    more = f" (+{len(found) - 20} more)" if len(found) > 20 else ""
    raise ValidationFailed(f"{label} violates the SHACL shapes ({len(found)}): {shown}{more}")


# --- The same shapes as SPARQL on an Oxigraph store (graph/shapes_sparql.py) ------------------

# Literals the store check must look at in Python: every literal except valid booleans (held
# as true/false), valid integers (Oxigraph holds an integer it could read as a number, and the
# cast to xsd:integer gives it back; of an ill-typed one the cast is an error), strings (STR of
# an xsd:string is itself) and language-tagged strings. At 100 jurisdictions that leaves the
# few dates and years, not the million ordinals, line numbers and offsets.
# Why not DATATYPE(): it costs Oxigraph about 1.7 us a literal (9 s of 1.9 M triples at one
# document of 100,000 paragraphs), and the nested IFs stop at the first test that holds, where
# Oxigraph evaluates both sides of || and &&.
_LITERALS_TO_CHECK = """
SELECT ?s ?p ?o WHERE {
    ?s ?p ?o .
    FILTER(IF(isLiteral(?o),
        IF(sameTerm(?o, true) || sameTerm(?o, false), false,
        IF(COALESCE(sameTerm(<http://www.w3.org/2001/XMLSchema#integer>(?o), ?o), false), false,
        IF(COALESCE(sameTerm(STR(?o), ?o), false), false,
        LANG(?o) = ""))),
        false))
}"""


def _literals_among(literals: Collection[str]) -> str:
    """`_LITERALS_TO_CHECK` for the literals named (N-Triples terms, which SPARQL reads alike)."""
    return _LITERALS_TO_CHECK.replace(
        "?s ?p ?o .", f"VALUES ?o {{ {' '.join(sorted(literals))} }} ?s ?p ?o .", 1
    )


def _store_ill_typed(
    store: pyoxigraph.Store, literals: Collection[str] | None = None
) -> list[tuple[Violation, pyoxigraph.Triple]]:
    """`ill_typed` on a store: Oxigraph keeps "abc"^^xsd:integer as a literal of that datatype
    that it could not read, so the same rule (rdflib's, plus `_LEXICAL`) decides, in Python, on
    the literals `_LITERALS_TO_CHECK` leaves. `literals`, when given, holds every literal of
    the store that query could leave (see `store_violations`): only those are looked up."""
    import pyoxigraph as ox

    if literals is not None and not literals:
        return []
    query = _LITERALS_TO_CHECK if literals is None else _literals_among(literals)
    out: list[tuple[Violation, ox.Triple]] = []
    with quiet_literals():
        for row in store.query(query):  # type: ignore[union-attr]
            s, p, o = row["s"], row["p"], row["o"]
            assert isinstance(o, ox.Literal)
            lit = Literal(o.value, datatype=URIRef(o.datatype.value))
            if _bad_literal(lit):
                shown = o.value[:40]
                found = Violation(
                    focus=s.value,
                    path=p.value,
                    message=_one_line(f"{shown!r} is not a valid {o.datatype.value}"),
                    value=o.value,
                )
                out.append((found, ox.Triple(s, p, o)))
    return out


@cache
def _compiled() -> object:
    from lexgap.graph.shapes_sparql import compile_shapes

    return compile_shapes(written_shapes_graph())


def store_violations(
    store: pyoxigraph.Store,
    *,
    shapes: Graph | None = None,
    literals: Collection[str] | None = None,
) -> list[Violation]:
    """`violations(data)` for the default graph of an Oxigraph store, without rdflib objects:
    the shapes run as SPARQL inside the store (graph/shapes_sparql.py), which takes seconds
    where pySHACL took a minute at 100 jurisdictions. Same records as pySHACL's report gives
    (tests/test_shapes_sparql.py holds them equal). Ill-typed literals are reported each on its
    own, and the shapes then see a copy of the graph without them, as `violations` does.
    `shapes` replaces lexgap's shapes (the tests' own).

    `literals`: when the caller knows every typed literal in the store other than canonical
    integers and booleans (a build does: `SortedTriples.literals`), as N-Triples terms, the
    ill-typed scan looks up only those, with the same filter and rule, instead of reading back
    every literal of the store; a superset is harmless. Why: that scan was 4.5 s of CPU and
    60 MB at 1.9 M triples, for a handful of dates."""
    import pyoxigraph as ox

    from lexgap.graph.shapes_sparql import Compiled, compile_shapes, run

    compiled = _compiled() if shapes is None else compile_shapes(shapes)
    assert isinstance(compiled, Compiled)
    # The literal scan runs next to the shapes; a graph with ill-typed literals (never one the
    # build makes) is then checked again without them.
    with ThreadPoolExecutor(max(2, min(4, os.cpu_count() or 2))) as pool:
        scan = pool.submit(_store_ill_typed, store, literals)
        found = run(store, compiled, pool)
        bad = scan.result()
        if bad:
            drop = {t for _, t in bad}
            clean = ox.Store()
            clean.extend(
                q
                for q in store.quads_for_pattern(None, None, None, ox.DefaultGraph())
                if ox.Triple(q.subject, q.predicate, q.object) not in drop
            )
            found = run(clean, compiled, pool)
    out = [v for v, _ in bad]
    for f in found:
        out.append(Violation(f.focus, f.path, _one_line(f.message), f.value))
    return sorted(set(out), key=lambda v: (v.focus, v.path, v.message, v.value))


def check_store(
    store: pyoxigraph.Store, label: str = "graph", *, literals: Collection[str] | None = None
) -> None:
    """`check` for a store: raise ValidationFailed listing every violation unless it conforms
    (`literals` as for `store_violations`)."""
    _raise_if_any(store_violations(store, literals=literals), label)
