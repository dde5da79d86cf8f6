"""SHACL validation of a graph against ontology/shapes.ttl, with a readable report.

The build runs this on every graph and refuses to write one that violates a shape; `lexgap
validate FILE` runs it on a file someone else produced.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Literal as Choice

import pyoxigraph as ox
from pyshacl import validate as shacl_validate
from rdflib import RDF, XSD, Graph, Literal, URIRef
from rdflib.namespace import SH

from lexgap.core import options
from lexgap.core.errors import ValidationFailed


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
    return sorted(set(out), key=lambda v: (v.focus, v.path, v.message))


def check(data: Graph, label: str = "graph") -> None:
    """Raise ValidationFailed listing every violation (first 20 shown) unless `data` conforms."""
    found = violations(data)
    if not found:
        return
    shown = "; ".join(f"{v.focus} {v.path}: {v.message}" for v in found[:20])
    more = f" (+{len(found) - 20} more)" if len(found) > 20 else ""
    raise ValidationFailed(f"{label} violates the SHACL shapes ({len(found)}): {shown}{more}")


def check_store(store: ox.Store, label: str = "graph") -> None:
    """Raise ValidationFailed unless the graph in `store` conforms: what a build runs on its
    new store before it publishes anything.

    For now the store's triples are copied into an rdflib graph for `check` (pySHACL); checks
    run on the store itself replace this body, the name and contract staying as they are."""
    check(_rdflib_graph(store), label)


_XSD_STRING = str(XSD.string)
_LANG_STRING = str(RDF.langString)


def _rdflib_graph(store: ox.Store) -> Graph:
    """The store's default graph as an rdflib graph, term by term (rdflib's N-Triples parser
    took four times as long). Terms are made once each: a graph repeats its IRIs."""
    g = Graph()
    made: dict[object, URIRef | Literal] = {}

    def term(node: object) -> URIRef | Literal:
        found = made.get(node)
        if found is not None:
            return found
        if isinstance(node, ox.NamedNode):
            found = URIRef(node.value)
        elif isinstance(node, ox.Literal):
            datatype = node.datatype.value
            if node.language:
                found = Literal(node.value, lang=node.language)
            elif datatype == _XSD_STRING:
                found = Literal(node.value)
            else:
                found = Literal(node.value, datatype=URIRef(datatype))
        else:  # the build mints no blank nodes
            raise ValueError(f"unexpected node in the store: {node}")
        made[node] = found
        return found

    add = g.add
    for quad in store.quads_for_pattern(None, None, None, ox.DefaultGraph()):
        add((term(quad.subject), term(quad.predicate), term(quad.object)))
    return g
