"""The SHACL shapes as SPARQL SELECT queries, run on an Oxigraph store.

Why: pySHACL walks an rdflib graph node by node in Python; at 100 jurisdictions (1.8 M triples)
that was 55 s of a 200 s build. The same constraints as SPARQL run inside Oxigraph, and each
query is one pass over the nodes it concerns.

`compile_shapes` reads a shapes graph once and gives one `Check` per property shape and kind of
constraint (the value-level constraints of one property shape share one query: they report the
same focus, path, message and value, so their union is one FILTER with `||`). `run` evaluates
them and gives plain `Found` records; `graph/validate.py` makes them `Violation`s.

Faithfulness: the queries follow pySHACL's own reading of each component (its
`constraints/core/*.py`), including where it differs from the SPARQL operator: a comparison that
is an error counts as a violation, sh:in compares terms, sh:pattern is Python's `re.search` (run
in Python on the values, not as SPARQL REGEX, whose `$` differs). A construct not listed in
`_PROPERTY_KEYS`/`_NODE_KEYS`, or a form of one that is not translated (a path other than an IRI
or a sequence of IRIs, a member shape of sh:or with constraints other than the simple ones),
raises `UnsupportedShape` when the shapes are compiled: the store check never passes a graph by
skipping a constraint it does not understand. tests/test_shapes_sparql.py compares the result
with pySHACL on every damaged graph of tests/test_shacl_mutations.py.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from concurrent.futures import Executor
from dataclasses import dataclass, field, replace
from typing import NamedTuple

import pyoxigraph as ox
from rdflib import RDF, RDFS, BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, SH
from rdflib.term import Node

from lexgap.core.errors import UnsupportedShape


class Found(NamedTuple):
    """One validation result: focus node, path ("" on a node shape, "(path)" for a path that
    is not one IRI, as graph/validate.py reports pySHACL's), message, value ("" if none)."""

    focus: str
    path: str
    message: str
    value: str


Term = ox.NamedNode | ox.BlankNode | ox.Literal


@dataclass(frozen=True)
class Check:
    """One kind of violation of one shape. `cond` is a SPARQL condition true of a focus node
    ?this that has such a violation (None: decided in Python, see `keep`); `detail` is a SELECT
    with a `{focus}` slot whose rows are the violations, binding ?this and, when `value` names
    a variable, the offending value. `keep` drops rows a SPARQL filter cannot decide exactly
    (sh:pattern is decided by Python's `re`, as pySHACL decides it)."""

    name: str
    cond: str | None
    detail: str
    path: str
    message: str
    value: str = ""
    keep: Callable[[Term], bool] | None = None
    # A condition the screening query uses instead of `cond`: one that also covers the other
    # checks of the property shape sharing it (see `_merged`).
    screen: str | None = None


@dataclass(frozen=True)
class Group:
    """The checks of the shapes that share one set of targets: one screening query (every
    `cond` joined by ||) finds the focus nodes with any violation, usually none, and only for
    those do the `detail` queries run. Why: each pass over 100,000 passages costs Oxigraph
    about half a second at 100 jurisdictions, and a conforming graph then needs one per group,
    not one per constraint."""

    focus: str
    checks: list[Check]


@dataclass(frozen=True)
class SparqlCheck:
    """A sh:sparql constraint: its SELECT runs once per focus node with $this substituted (the
    SHACL pre-binding), and the message's {?var} placeholders are filled from the row."""

    name: str
    focus_query: str
    select: str
    prefixes: dict[str, str]
    message: str


@dataclass
class Compiled:
    groups: list[Group] = field(default_factory=list)
    sparql: list[SparqlCheck] = field(default_factory=list)


class _Names:
    """Fresh variable names, so that no condition's variables meet another's."""

    def __init__(self) -> None:
        self.n = 0

    def __call__(self) -> str:
        self.n += 1
        return f"?x{self.n}"


_fresh = _Names()


_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
_SUBCLASS = "<http://www.w3.org/2000/01/rdf-schema#subClassOf>"

# The shape predicates each kind of shape may carry; any other sh: predicate is refused.
_TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)
_VALUE_KEYS = {SH["class"], SH.datatype, SH.nodeKind, SH["in"], SH.minLength}
_PROPERTY_KEYS = {
    SH.path,
    SH.message,
    SH.minCount,
    SH.maxCount,
    SH.hasValue,
    SH.pattern,
    SH.minInclusive,
    SH.maxInclusive,
    SH.equals,
    SH.lessThan,
    SH.lessThanOrEquals,
    SH.uniqueLang,
    SH["or"],
    SH.qualifiedValueShape,
    SH.qualifiedMinCount,
    SH.qualifiedMaxCount,
    SH.deactivated,
    *_VALUE_KEYS,
    *_TARGETS,
}
_NODE_KEYS = {
    SH.property,
    SH.message,
    SH["class"],
    SH.xone,
    SH.sparql,
    SH.deactivated,
    SH.declare,
    *_TARGETS,
}
# Keys of a member shape of sh:or / sh:xone / sh:qualifiedValueShape that `_conforms` reads.
_MEMBER_KEYS = {SH.path, SH.minCount, *_VALUE_KEYS}

_NODE_KINDS = {
    SH.IRI: "isIRI({v})",
    SH.BlankNode: "isBlank({v})",
    SH.Literal: "isLiteral({v})",
    SH.BlankNodeOrIRI: "(isBlank({v}) || isIRI({v}))",
    SH.BlankNodeOrLiteral: "(isBlank({v}) || isLiteral({v}))",
    SH.IRIOrLiteral: "(isIRI({v}) || isLiteral({v}))",
}

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


def _refuse(shape: Node, why: str) -> UnsupportedShape:
    return UnsupportedShape(f"shape {shape}: {why}; the store check cannot translate it")


def _term(node: Node) -> str:
    """A shapes-graph term as SPARQL text."""
    if isinstance(node, URIRef):
        return f"<{node}>"
    if isinstance(node, Literal):
        return node.n3()
    raise UnsupportedShape(f"a blank node {node} where a constant is needed")


def _one(g: Graph, shape: Node, key: URIRef) -> Node | None:
    values = list(g.objects(shape, key))
    if len(values) > 1:
        raise _refuse(shape, f"{len(values)} values of {key}")
    return values[0] if values else None


def _int(g: Graph, shape: Node, key: URIRef) -> int | None:
    value = _one(g, shape, key)
    if value is None:
        return None
    if not (isinstance(value, Literal) and isinstance(value.toPython(), int)):
        raise _refuse(shape, f"{key} is not an integer")
    return int(value.toPython())


def _sh_keys(g: Graph, shape: Node) -> set[Node]:
    return {p for p in g.predicates(shape) if str(p).startswith(str(SH))}


def _check_keys(g: Graph, shape: Node, allowed: set[URIRef]) -> None:
    unknown = _sh_keys(g, shape) - allowed
    if unknown:
        raise _refuse(shape, "uses " + ", ".join(sorted(str(k) for k in unknown)))


class Path:
    """A property shape's path as triple patterns from a subject to an object. A sequence is
    written as a chain with fresh variables in between, not as a SPARQL `p1/p2` path: the two
    mean the same (SPARQL 1.1, 18.4), and Oxigraph plans the chain inside EXISTS far better (a
    sequence path there took 12 s at 10 jurisdictions, the chain milliseconds)."""

    def __init__(self, steps: list[URIRef]) -> None:
        self.steps = steps
        # Oxigraph evaluates a chain inside EXISTS again from scratch for every focus node
        # (8 s for 20,000 citations at 10 jurisdictions): a check on a chain is not screened
        # with EXISTS but run as its own flat query.
        self.chain = len(steps) > 1

    def __call__(self, subject: str, obj: str) -> str:
        nodes = [subject] + [_fresh() for _ in self.steps[1:]] + [obj]
        return " . ".join(
            f"{a} <{p}> {b}" for a, p, b in zip(nodes, self.steps, nodes[1:], strict=False)
        )


def _path(g: Graph, shape: Node) -> tuple[Path, str]:
    """A property shape's path and its name in a report."""
    path = _one(g, shape, SH.path)
    if isinstance(path, URIRef):
        return Path([path]), str(path)
    if isinstance(path, BNode) and (path, RDF.first, None) in g:
        steps = list(Collection(g, path))
        if steps and all(isinstance(s, URIRef) for s in steps):
            return Path([s for s in steps if isinstance(s, URIRef)]), "(path)"
    raise _refuse(shape, f"path {path!r} is neither an IRI nor a sequence of IRIs")


def _true(g: Graph, shape: Node, key: URIRef) -> bool:
    flag = _one(g, shape, key)
    return isinstance(flag, Literal) and flag.toPython() is True


def _list(g: Graph, shape: Node, key: URIRef) -> list[Node]:
    head = _one(g, shape, key)
    if head is None:
        return []
    return list(Collection(g, head))


def _is_instance(var: str, cls: Node) -> str:
    # SHACL 3.2 "SHACL instance": rdf:type/rdfs:subClassOf*, as pySHACL follows it.
    return f"EXISTS {{ {var} {_TYPE}/{_SUBCLASS}* {_term(cls)} }}"


def _has_datatype(var: str, datatype: Node) -> str:
    # Ill-typed literals never reach the shapes (graph/validate.py checks them first), so a
    # literal of the datatype is one of it; a plain literal is xsd:string in RDF 1.1.
    return f"COALESCE(isLiteral({var}) && sameTerm(DATATYPE({var}), {_term(datatype)}), false)"


def _in(var: str, values: list[Node]) -> str:
    # pySHACL compares terms (rdflib ==), not values: sameTerm, never `=` (an error on "x" = 1).
    return (
        "(" + " || ".join(f"sameTerm({var}, {_term(v)})" for v in values) + ")"
        if values
        else "false"
    )


def _value_ok(g: Graph, shape: Node, var: str) -> list[str]:
    """SPARQL conditions, each true when `var` satisfies one value-level constraint of `shape`."""
    conds: list[str] = []
    cls = _one(g, shape, SH["class"])
    if cls is not None:
        conds.append(_is_instance(var, cls))
    datatype = _one(g, shape, SH.datatype)
    if datatype is not None:
        conds.append(_has_datatype(var, datatype))
    kind = _one(g, shape, SH.nodeKind)
    if kind is not None:
        if not isinstance(kind, URIRef) or kind not in _NODE_KINDS:
            raise _refuse(shape, f"node kind {kind}")
        conds.append(_NODE_KINDS[kind].format(v=var))
    if (shape, SH["in"], None) in g:
        conds.append(_in(var, _list(g, shape, SH["in"])))
    length = _int(g, shape, SH.minLength)
    if length is not None and length > 0:
        conds.append(f"COALESCE(!isBlank({var}) && STRLEN(STR({var})) >= {length}, false)")
    return conds


def _conforms(g: Graph, member: Node, var: str) -> str:
    """A SPARQL condition true when the node in `var` conforms to a member shape of sh:or,
    sh:xone or sh:qualifiedValueShape: simple value constraints, or a property shape that only
    requires its path to have a value."""
    _check_keys(g, member, _MEMBER_KEYS)
    conds = _value_ok(g, member, var)
    if (member, SH.path, None) in g:
        path, _ = _path(g, member)
        least = _int(g, member, SH.minCount)
        if conds or least is None or least > 1:
            raise _refuse(member, "a member property shape other than sh:minCount 0 or 1")
        conds.append(f"EXISTS {{ {path(var, _fresh())} }}" if least == 1 else "true")
    elif (member, SH.minCount, None) in g:
        raise _refuse(member, "sh:minCount without sh:path")
    if not conds:
        raise _refuse(member, "a member shape without constraints")
    return "(" + " && ".join(conds) + ")"


def _focus(targets: list[tuple[URIRef, Node]]) -> str:
    """A sub-select binding ?this to each focus node once (SHACL 2.1.3)."""
    parts: list[str] = []
    for key, obj in targets:
        if not isinstance(obj, URIRef):
            raise UnsupportedShape(f"a target {key} {obj!r} that is not an IRI")
        if key == SH.targetClass:
            parts.append(f"?this {_TYPE}/{_SUBCLASS}* {_term(obj)} .")
        elif key == SH.targetNode:
            parts.append(f"VALUES ?this {{ {_term(obj)} }}")
        elif key == SH.targetSubjectsOf:
            parts.append(f"?this {_term(obj)} ?target_object .")
        else:
            parts.append(f"?target_subject {_term(obj)} ?this .")
    body = " UNION ".join("{ " + p + " }" for p in parts)
    return f"{{ SELECT DISTINCT ?this WHERE {{ {body} }} }}"


def _message(g: Graph, shape: Node) -> str:
    message = _one(g, shape, SH.message)
    if not isinstance(message, Literal):
        raise _refuse(shape, "a constraint without one sh:message (reports must say why)")
    return str(message)


def _distinct(subject: str, path: Path, k: int, where: Callable[[str], str] | None = None) -> str:
    """A condition: `subject` has at least k distinct values of `path` (each satisfying
    `where`, if given)."""
    if k <= 0:
        return "true"
    if k > 3:
        raise UnsupportedShape(f"a count of {k}: the store check counts up to 3")
    names = [_fresh() for _ in range(k)]
    pats = " ".join(f"{path(subject, n)} ." for n in names)
    tests = [f"!sameTerm({a}, {b})" for i, a in enumerate(names) for b in names[i + 1 :]]
    if where is not None:
        tests += [where(n) for n in names]
    filt = f" FILTER({' && '.join(tests)})" if tests else ""
    return f"EXISTS {{ {pats}{filt} }}"


def _merged(path: Path, least: int, most: int | None, bad: Callable[[str], str]) -> str | None:
    """One screening condition for the counts and the value checks of a property shape with
    at most one value, true exactly when either check has a violation: each EXISTS costs
    Oxigraph microseconds per focus node, and at most one value is the common case (a passage
    has one text, one locator, ...), where this takes two lookups instead of three."""
    if most != 1 or least not in (0, 1):
        return None
    a, b = _fresh(), _fresh()
    other = f"EXISTS {{ {path('?this', b)} FILTER(!sameTerm({a}, {b})) }}"
    wrong = bad(a)
    if least == 1:
        # Not (exactly one value, and a good one).
        good = f"!({wrong}) && !{other}" if wrong else f"!{other}"
        return f"NOT EXISTS {{ {path('?this', a)} FILTER({good}) }}"
    # A bad value, or a second one.
    return f"EXISTS {{ {path('?this', a)} FILTER({f'({wrong}) || ' if wrong else ''}{other}) }}"


def _property_checks(g: Graph, shape: Node, name: str) -> Iterator[Check]:
    """Every check of one property shape."""
    _check_keys(g, shape, _PROPERTY_KEYS)
    message = _message(g, shape)
    path, shown = _path(g, shape)

    def bare(kind: str, cond: str) -> Check:
        detail = f"SELECT DISTINCT ?this WHERE {{ {{focus}} FILTER({cond}) }}"
        return Check(f"{name} {kind}", None if path.chain else cond, detail, shown, message)

    def valued(kind: str, bad: Callable[[str], str]) -> Check:
        x = _fresh()
        cond = f"EXISTS {{ {path('?this', x)} FILTER({bad(x)}) }}"
        detail = (
            f"SELECT DISTINCT ?this ?v WHERE {{ {{focus}} {path('?this', '?v')} . "
            f"FILTER({bad('?v')}) }}"
        )
        return Check(f"{name} {kind}", None if path.chain else cond, detail, shown, message, "v")

    # Value-level constraints: a value violating any of them is one result.
    def bad_value(var: str) -> str:
        bad = [f"!({c})" for c in _value_ok(g, shape, var)]
        for key, op in ((SH.minInclusive, ">="), (SH.maxInclusive, "<=")):
            bound = _one(g, shape, key)
            if bound is not None:
                # An error (a string, an IRI, another type) fails, as in pySHACL.
                bad.append(f"!COALESCE({var} {op} {_term(bound)}, false)")
        for head in g.objects(shape, SH["or"]):
            members = list(Collection(g, head))
            bad.append("!(" + " || ".join(_conforms(g, m, var) for m in members) + ")")
        return " || ".join(bad)

    least = _int(g, shape, SH.minCount) or 0
    most = _int(g, shape, SH.maxCount)
    merged = None if path.chain else _merged(path, least, most, bad_value)
    if bad_value("?v"):
        yield replace(valued("values", bad_value), screen=merged)
    counts = [f"!{_distinct('?this', path, least)}"] if least > 0 else []
    if most is not None:
        counts.append(_distinct("?this", path, most + 1))
    if counts:
        yield replace(bare("counts", " || ".join(counts)), screen=merged)

    for wanted in g.objects(shape, SH.hasValue):
        yield bare("hasValue", f"NOT EXISTS {{ {path('?this', _term(wanted))} }}")

    pattern = _one(g, shape, SH.pattern)
    if pattern is not None:
        if (shape, SH.flags, None) in g:
            raise _refuse(shape, "sh:flags")
        regex = re.compile(str(pattern))

        def keep(v: Term, regex: re.Pattern[str] = regex) -> bool:
            return isinstance(v, ox.BlankNode) or regex.search(v.value) is None

        detail = "SELECT DISTINCT ?this ?v WHERE { {focus} " + path("?this", "?v") + " }"
        yield Check(f"{name} pattern", None, detail, shown, message, "v", keep)

    for other in g.objects(shape, SH.equals):
        o = _term(other)
        a, b = _fresh(), _fresh()
        cond = (
            f"EXISTS {{ {path('?this', a)} FILTER NOT EXISTS {{ ?this {o} {a} }} }} || "
            f"EXISTS {{ ?this {o} {b} FILTER NOT EXISTS {{ {path('?this', b)} }} }}"
        )
        # MINUS: each side evaluated once and anti-joined, where NOT EXISTS around a chain
        # would be evaluated again for every focus node.
        detail = (
            "SELECT DISTINCT ?this ?v WHERE { "
            f"{{ {{focus}} {path('?this', '?v')} MINUS {{ ?this {o} ?v }} }} UNION "
            f"{{ {{focus}} ?this {o} ?v MINUS {{ {path('?this', '?v')} }} }} }}"
        )
        yield Check(f"{name} equals", None if path.chain else cond, detail, shown, message, "v")

    for key, op in ((SH.lessThan, "<"), (SH.lessThanOrEquals, "<=")):
        for other in g.objects(shape, key):
            w = _fresh()

            def ordered(v: str, w: str = w, op: str = op) -> str:
                # pySHACL orders IRIs and string literals as Python strings, and a string
                # against a non-string fails; other literals by value, an error failing.
                sv = f"(isIRI({v}) || ({_is_str(v)}))"
                sw = f"(isIRI({w}) || ({_is_str(w)}))"
                return (
                    f"IF({sv} != {sw}, true, IF({sv}, !(STR({v}) {op} STR({w})), "
                    f"!COALESCE({v} {op} {w}, false)))"
                )

            o = _term(other)
            x = _fresh()
            screen = f"EXISTS {{ {path('?this', x)} . ?this {o} {w} . FILTER({ordered(x)}) }}"
            detail = (
                "SELECT DISTINCT ?this ?v WHERE { {focus} "
                f"{path('?this', '?v')} . ?this {o} {w} . FILTER({ordered('?v')}) }}"
            )
            yield Check(
                f"{name} {key.fragment}",
                None if path.chain else screen,
                detail,
                shown,
                message,
                "v",
            )

    if _true(g, shape, SH.uniqueLang):
        a, b = _fresh(), _fresh()
        yield bare(
            "uniqueLang",
            f"EXISTS {{ {path('?this', a)} . {path('?this', b)} . "
            f'FILTER(isLiteral({a}) && LANG({a}) != "" && !sameTerm({a}, {b}) '
            f"&& LCASE(LANG({a})) = LCASE(LANG({b}))) }}",
        )

    qualified = _one(g, shape, SH.qualifiedValueShape)
    if qualified is not None:
        if _true(g, shape, SH.qualifiedValueShapesDisjoint):
            raise _refuse(shape, "sh:qualifiedValueShapesDisjoint")
        qmin = _int(g, shape, SH.qualifiedMinCount) or 0
        qmax = _int(g, shape, SH.qualifiedMaxCount)

        def conforming(var: str) -> str:
            return _conforms(g, qualified, var)

        conds = [f"!{_distinct('?this', path, qmin, conforming)}"] if qmin > 0 else []
        if qmax is not None:
            conds.append(_distinct("?this", path, qmax + 1, conforming))
        if conds:
            yield bare("qualified", " || ".join(conds))
    elif (shape, SH.qualifiedMinCount, None) in g or (shape, SH.qualifiedMaxCount, None) in g:
        raise _refuse(shape, "a qualified count without sh:qualifiedValueShape")


def _is_str(var: str) -> str:
    return (
        f"isLiteral({var}) && (sameTerm(DATATYPE({var}), <{_XSD_STRING}>) "
        f"|| sameTerm(DATATYPE({var}), <{_LANG_STRING}>))"
    )


def _prefixes(g: Graph, constraint: Node) -> dict[str, str]:
    out: dict[str, str] = {}
    for holder in g.objects(constraint, SH.prefixes):
        for decl in g.objects(holder, SH.declare):
            prefix, namespace = _one(g, decl, SH.prefix), _one(g, decl, SH.namespace)
            if prefix is None or namespace is None:
                raise _refuse(constraint, "a sh:declare without prefix and namespace")
            out[str(prefix)] = str(namespace)
    return out


def _node_checks(g: Graph, shape: Node, focus: str) -> tuple[list[Check], list[SparqlCheck]]:
    _check_keys(g, shape, _NODE_KEYS)
    name = str(shape)
    checks: list[Check] = []
    sparql: list[SparqlCheck] = []
    own = [f"!({c})" for c in _value_ok(g, shape, "?this")]
    for head in g.objects(shape, SH.xone):
        members = [_conforms(g, m, "?this") for m in Collection(g, head)]
        own.append("(" + " + ".join(f"IF({m}, 1, 0)" for m in members) + ") != 1")
    if own:
        cond = " || ".join(own)
        detail = f"SELECT DISTINCT ?this WHERE {{ {{focus}} FILTER({cond}) }}"
        checks.append(Check(f"{name} node", cond, detail, "", _message(g, shape), "this"))
    for constraint in g.objects(shape, SH.sparql):
        _check_keys(g, constraint, {SH.message, SH.prefixes, SH.select, SH.deactivated})
        if _deactivated(g, constraint):
            continue
        select = _one(g, constraint, SH.select)
        if select is None:
            raise _refuse(constraint, "a sh:sparql constraint without sh:select")
        sparql.append(
            SparqlCheck(
                f"{name} sparql",
                f"SELECT ?this WHERE {{ {focus} }}",
                str(select),
                _prefixes(g, constraint),
                _message(g, constraint),
            )
        )
    for prop in sorted(g.objects(shape, SH.property), key=str):
        if not _deactivated(g, prop):
            checks.extend(_property_checks(g, prop, f"{name} {prop}"))
    return checks, sparql


def _deactivated(g: Graph, shape: Node) -> bool:
    return _true(g, shape, SH.deactivated)


def compile_shapes(g: Graph) -> Compiled:
    """Every check of the shapes graph `g`. A shape is validated when it has targets (a node
    shape, or a property shape given targets of its own); shapes without targets are checked
    only as members of sh:or, sh:xone or sh:qualifiedValueShape."""
    out = Compiled()
    shapes = set(g.subjects(RDF.type, SH.NodeShape)) | set(g.subjects(RDF.type, SH.PropertyShape))
    shapes |= {s for key in _TARGETS for s in g.subjects(key, None)}
    for shape in sorted(shapes, key=str):
        if (shape, RDF.type, RDFS.Class) in g or (shape, RDF.type, OWL.Class) in g:
            raise _refuse(shape, "an implicit class target (a shape that is also a class)")
        if (shape, SH.node, None) in g or (shape, SH["not"], None) in g:
            raise _refuse(shape, "sh:node or sh:not")
        targets = [(key, o) for key in _TARGETS for o in g.objects(shape, key)]
        if not targets or _deactivated(g, shape):
            continue
        focus = _focus(targets)
        if (shape, SH.path, None) in g:
            checks = list(_property_checks(g, shape, str(shape)))
        else:
            checks, sparql = _node_checks(g, shape, focus)
            out.sparql.extend(sparql)
        out.groups.append(Group(focus, checks))
    return out


def _text(term: object) -> str:
    return str(getattr(term, "value", "")) if term is not None else ""


def _format(message: str, row: dict[str, str]) -> str:
    """pySHACL's `_format_sparql_based_result_message`: each {?var} or {$var} replaced by the
    bound value's text (re.sub, as it does, so a report reads the same)."""
    for var, val in row.items():
        message = re.sub(f"{{[?$]{var}}}", val, message)
    return message


def _values(nodes: list[Term]) -> str:
    return "VALUES ?this { " + " ".join(str(n) for n in nodes) + " }"


def run(store: ox.Store, compiled: Compiled, pool: Executor | None = None) -> list[Found]:
    """Every result of the compiled checks on the default graph of `store`. With `pool`, the
    groups run in its threads (Oxigraph releases the GIL while it evaluates: 1.5x on 2 busy
    cores); the results are the same, in the same order."""
    if pool is None:
        parts = [list(_run_group(store, g)) for g in compiled.groups]
    else:
        futures = [pool.submit(_group_results, store, g) for g in compiled.groups]
        parts = [f.result() for f in futures]
    return [f for part in parts for f in part] + list(_run_sparql(store, compiled.sparql))


def _group_results(store: ox.Store, group: Group) -> list[Found]:
    return list(_run_group(store, group))


def _run_group(store: ox.Store, group: Group) -> Iterator[Found]:
    screened = [c for c in group.checks if c.cond is not None]
    focus = group.focus
    if screened:
        unique = dict.fromkeys(c.screen or c.cond for c in screened)
        conds = " || ".join(f"({c})" for c in unique if c)
        query = f"SELECT DISTINCT ?this WHERE {{ {group.focus} FILTER({conds}) }}"
        nodes = [row["this"] for row in _rows(store.query(query))]
        # VALUES cannot name a blank node: then the details look at every focus node.
        if not any(isinstance(n, ox.BlankNode) for n in nodes):
            focus = _values(nodes)
        if not nodes:
            screened = []
    for c in group.checks:
        if c.cond is not None and c not in screened:
            continue
        where = group.focus if c.cond is None else focus
        for row in _rows(store.query(c.detail.replace("{focus}", where))):
            value = row[c.value] if c.value else None
            if c.keep is not None and (value is None or not c.keep(value)):
                continue
            yield Found(_text(row["this"]), c.path, c.message, _text(value))


def _run_sparql(store: ox.Store, checks: list[SparqlCheck]) -> Iterator[Found]:
    this = ox.Variable("this")
    for s in checks:
        focus_nodes = [row["this"] for row in _rows(store.query(s.focus_query))]
        for node in focus_nodes:
            results = store.query(s.select, prefixes=s.prefixes, substitutions={this: node})
            assert isinstance(results, ox.QuerySolutions)
            names = [v.value for v in results.variables]
            for row in results:
                bound = {n: _text(row[n]) for n in names if row[n] is not None}
                value = bound.pop("value", "")
                path = bound.pop("path", "")
                this_bound = bound.pop("this", "")
                if not (value or path or this_bound):
                    continue  # pySHACL skips a row that binds none of the three
                # On a node shape an unbound ?value is the focus node (SHACL 5.3.2), and
                # pySHACL fills the row's other variables first, then this, path and value.
                focus = this_bound or _text(node)
                value = value or _text(node)
                bound["this"] = focus
                if path:
                    bound["path"] = path
                bound["value"] = value
                yield Found(focus, path, _format(s.message, bound), value)


def _rows(results: object) -> Iterator[ox.QuerySolution]:
    assert isinstance(results, ox.QuerySolutions)
    yield from results
