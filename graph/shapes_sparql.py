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
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Executor
from dataclasses import dataclass, field, replace
from typing import NamedTuple

import pyoxigraph as ox
from rdflib import RDF, RDFS, BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, SH, XSD
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
    # Set-based screens, used instead of `cond` (see `Group`). `suspects`: group patterns
    # binding ?this to every node with such a violation (and maybe others, even nodes that are
    # no focus node: the details decide). `tally`: a UNION branch and a HAVING condition on
    # its COUNT, exact, for the one counting query of the group.
    suspects: tuple[str, ...] = ()
    tally: tuple[str, str] | None = None

    @property
    def screened(self) -> bool:
        """Whether the details run only for the focus nodes a screen found."""
        return self.cond is not None or bool(self.suspects) or self.tally is not None


@dataclass(frozen=True)
class Group:
    """The checks of the shapes that share one set of targets: screening queries find the
    focus nodes with any violation, usually none, and only for those do the `detail` queries
    run. The screens are set-based: one GROUP BY over a UNION of the counted paths (every
    `tally`), one scan per `suspects` pattern (a FILTER on the values, or a MINUS of a class's
    instances, hash-joined once), and only what neither covers as one FILTER of the `cond`s.

    Why: Oxigraph evaluates an EXISTS again for every focus node (a seek and a new iterator,
    4-10 us), and every function of a term it must read back (an IRI, a long string, and
    DATATYPE of anything) costs 1.5-2 us; at 117,000 passages with ten property shapes each,
    the per-node FILTER took 17 s. A scan costs about 0.3 us a triple and a MINUS or a join of
    two sub-selects is one hash join."""

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
    exact = f"COALESCE(isLiteral({var}) && sameTerm(DATATYPE({var}), {_term(datatype)}), false)"
    # DATATYPE() costs Oxigraph about 1.7 us a value, these tests a tenth of that on numbers
    # and short strings. STR of a term is the same term exactly when it is an xsd:string
    # literal, LANG is not "" exactly on an rdf:langString; an integer cast to xsd:integer, a
    # boolean equal to true or false, is of that datatype, else the exact test decides (IF:
    # Oxigraph evaluates both sides of || and &&, only the branch IF takes).
    if datatype == XSD.string:
        return f"COALESCE(sameTerm(STR({var}), {var}), false)"
    if datatype == RDF.langString:
        return f'COALESCE(LANG({var}) != "", false)'
    if datatype == XSD.integer:
        return f"IF(COALESCE(sameTerm(<{XSD.integer}>({var}), {var}), false), true, {exact})"
    if datatype == XSD.boolean:
        return f"IF(sameTerm({var}, true) || sameTerm({var}, false), true, {exact})"
    return exact


def _in(var: str, values: list[Node]) -> str:
    # pySHACL compares terms (rdflib ==), not values: sameTerm, never `=` (an error on "x" = 1).
    return (
        "(" + " || ".join(f"sameTerm({var}, {_term(v)})" for v in values) + ")"
        if values
        else "false"
    )


def _value_ok(g: Graph, shape: Node, var: str, *, screen: bool = False) -> list[str]:
    """SPARQL conditions, each true when `var` satisfies one value-level constraint of `shape`.
    With `screen`, sh:class is left out (`_value_suspects` checks it by a MINUS)."""
    conds: list[str] = []
    cls = _one(g, shape, SH["class"])
    if cls is not None and not screen:
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
    if screen and length == 1 and datatype == XSD.string:
        # Of an xsd:string (required next to it), STRLEN >= 1 is "not the empty string", a
        # comparison of terms, where STRLEN reads a long text back from the store.
        conds.append(f'!sameTerm({var}, "")')
    elif length is not None and length > 0:
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


def _instances(var: str, cls: Node) -> str:
    """A pattern binding `var` to every SHACL instance of `cls` (see `_is_instance`): as the
    right side of a MINUS it is evaluated once and hash-joined, where EXISTS would walk the
    path again for every value."""
    return f"{var} {_TYPE}/{_SUBCLASS}* {_term(cls)}"


def _class_only(g: Graph, member: Node) -> Node | None:
    """The class of a member shape that says nothing but sh:class C (else None)."""
    if _sh_keys(g, member) != {SH["class"]}:
        return None
    return _one(g, member, SH["class"])


def _tally(path: Path, having: Callable[[str], str]) -> tuple[str, str]:
    """A UNION branch binding a fresh variable to each value of `path`, and a HAVING
    condition on their number. On a path of one IRI each row is one triple, so COUNT is the
    number of distinct values, as SHACL counts them."""
    v = _fresh()
    return path("?this", v), having(f"COUNT({v})")


def _out_of_range(g: Graph, shape: Node, var: str) -> list[str]:
    """Conditions true of a value of `var` outside the shape's sh:minInclusive and
    sh:maxInclusive; an error (a string, an IRI, another type) counts as outside, as in
    pySHACL."""
    out: list[str] = []
    for key, op in ((SH.minInclusive, ">="), (SH.maxInclusive, "<=")):
        bound = _one(g, shape, key)
        if bound is not None:
            out.append(f"!COALESCE({var} {op} {_term(bound)}, false)")
    return out


def _value_suspects(g: Graph, shape: Node, path: Path) -> tuple[str, ...]:
    """Patterns whose ?this include every node with a value violating a value-level
    constraint of `shape`: one FILTER over the values (cheap tests where an exact one is
    costly), one MINUS per sh:class and per sh:or of classes."""
    out: list[str] = []
    v = _fresh()
    bad = [f"!({c})" for c in _value_ok(g, shape, v, screen=True)] + _out_of_range(g, shape, v)
    for head in g.objects(shape, SH["or"]):
        members = list(Collection(g, head))
        classes = [_class_only(g, m) for m in members]
        if members and all(c is not None for c in classes):
            w = _fresh()
            minus = " ".join(f"MINUS {{ {_instances(w, c)} }}" for c in classes if c is not None)
            out.append(f"{path('?this', w)} {minus}")
        else:
            bad.append("!(" + " || ".join(_conforms(g, m, v) for m in members) + ")")
    if bad:
        out.append(f"{path('?this', v)} FILTER({' || '.join(bad)})")
    cls = _one(g, shape, SH["class"])
    if cls is not None:
        w = _fresh()
        out.append(f"{path('?this', w)} MINUS {{ {_instances(w, cls)} }}")
    return tuple(out)


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
        bad = [f"!({c})" for c in _value_ok(g, shape, var)] + _out_of_range(g, shape, var)
        for head in g.objects(shape, SH["or"]):
            members = list(Collection(g, head))
            bad.append("!(" + " || ".join(_conforms(g, m, var) for m in members) + ")")
        return " || ".join(bad)

    # On a path of one IRI the checks are screened set-based (see `Group`); a chain is not
    # screened at all (its details run on every focus node, see `Path`).
    least = _int(g, shape, SH.minCount) or 0
    most = _int(g, shape, SH.maxCount)
    if bad_value("?v"):
        check = valued("values", bad_value)
        if not path.chain:
            check = replace(check, cond=None, suspects=_value_suspects(g, shape, path))
        yield check
    counts = [f"!{_distinct('?this', path, least)}"] if least > 0 else []
    if most is not None:
        counts.append(_distinct("?this", path, most + 1))
    if counts:

        def wrong(n: str) -> str:
            return " || ".join(
                ([f"{n} < {least}"] if least > 0 else [])
                + ([f"{n} > {most}"] if most is not None else [])
            )

        check = bare("counts", " || ".join(counts))
        yield check if path.chain else replace(check, cond=None, tally=_tally(path, wrong))

    for wanted in g.objects(shape, SH.hasValue):
        check = bare("hasValue", f"NOT EXISTS {{ {path('?this', _term(wanted))} }}")
        if not path.chain:
            v = _fresh()
            has = (f"{path('?this', _term(wanted))} BIND(true AS {v})", f"COUNT({v}) = 0")
            check = replace(check, cond=None, tally=has)
        yield check

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
        # MINUS: each side evaluated once and anti-joined, where NOT EXISTS around a chain
        # would be evaluated again for every focus node.
        detail = (
            "SELECT DISTINCT ?this ?v WHERE { "
            f"{{ {{focus}} {path('?this', '?v')} MINUS {{ ?this {o} ?v }} }} UNION "
            f"{{ {{focus}} ?this {o} ?v MINUS {{ {path('?this', '?v')} }} }} }}"
        )
        # Screened by the same two anti-joins on one IRI, each side once.
        a, b = _fresh(), _fresh()
        sides = (
            f"{{focus}} {path('?this', a)} MINUS {{ ?this {o} {a} }}",
            f"{{focus}} ?this {o} {b} MINUS {{ {path('?this', b)} }}",
        )
        check = Check(f"{name} equals", None, detail, shown, message, "v", suspects=sides)
        yield replace(check, suspects=()) if path.chain else check

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
            detail = (
                "SELECT DISTINCT ?this ?v WHERE { {focus} "
                f"{path('?this', '?v')} . ?this {o} {w} . FILTER({ordered('?v')}) }}"
            )
            # Suspect unless both are numbers in order (then pySHACL's order is SPARQL's):
            # no type test that reads a term back, and the two sides joined as sub-selects,
            # which Oxigraph hash-joins (a quarter of the time of the plain join).
            suspects = (
                f"{{ SELECT ?this {x} WHERE {{ {path('?this', x)} }} }} "
                f"{{ SELECT ?this {w} WHERE {{ ?this {o} {w} }} }} "
                f"FILTER(!COALESCE(isNumeric({x}) && isNumeric({w}) && {x} {op} {w}, false))",
            )
            yield Check(
                f"{name} {key.fragment}",
                None,
                detail,
                shown,
                message,
                "v",
                suspects=() if path.chain else suspects,
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
            check = bare("qualified", " || ".join(conds))
            cls = _class_only(g, qualified)
            if cls is not None and not path.chain:
                # The conforming values counted in the group's tally: exact.
                v = _fresh()
                n = f"COUNT(DISTINCT {v})"
                limits = ([f"{n} < {qmin}"] if qmin > 0 else []) + (
                    [f"{n} > {qmax}"] if qmax is not None else []
                )
                # Both sides as sub-selects: Oxigraph hash-joins them, where the plain join
                # walks the class path again for every value (1.3 s for 25,000 quotes).
                branch = (
                    f"{{ SELECT ?this {v} WHERE {{ {path('?this', v)} }} }} "
                    f"{{ SELECT DISTINCT {v} WHERE {{ {_instances(v, cls)} }} }}"
                )
                tally = (branch, " || ".join(limits))
                check = replace(check, cond=None, tally=tally)
            yield check
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
        check = Check(f"{name} node", cond, detail, "", _message(g, shape), "this")
        cls = _one(g, shape, SH["class"])
        if cls is not None and len(own) == 1:
            # Only sh:class: the focus nodes that are no instance, one hash anti-join.
            minus = f"{{focus}} MINUS {{ {_instances('?this', cls)} }}"
            check = replace(check, cond=None, suspects=(minus,))
        checks.append(check)
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
    groups and sh:sparql constraints run in its threads (Oxigraph releases the GIL while it
    evaluates: 1.5x on 2 busy cores); the results are the same, in the same order."""
    if pool is None:
        parts = [list(_run_group(store, g)) for g in compiled.groups]
        parts += [list(_run_sparql(store, [s])) for s in compiled.sparql]
    else:
        # The sh:sparql constraints first: one of them (every quote against its passage's
        # text) is the longest single query, and the pool's threads should end together.
        later = [pool.submit(_sparql_results, store, s) for s in compiled.sparql]
        futures = [pool.submit(_group_results, store, g) for g in compiled.groups] + later
        parts = [f.result() for f in futures]
    return [f for part in parts for f in part]


def _group_results(store: ox.Store, group: Group) -> list[Found]:
    """A group's results, and then the memory its queries freed given back to the system.
    Why: each pool thread allocates from its own glibc arena, which keeps what a query freed
    (a group's GROUP BY of its tallies: 180 MB at 100,000 passages); the two threads' arenas
    then each held their largest query's tables to the end, and their sum was the build's
    peak. Trimmed after each group, the peak is the largest queries running at one moment:
    80 MB lower at 100,000 paragraphs, in the same CPU time."""
    from lexgap.graph.store import release_freed_memory

    found = list(_run_group(store, group))
    release_freed_memory()
    return found


def _sparql_results(store: ox.Store, check: SparqlCheck) -> list[Found]:
    return list(_run_sparql(store, [check]))


# A group with at most this many focus nodes names them in VALUES: each screen then looks at
# their triples only, where a scan of a predicate reads every triple of it in the graph (one
# document's shape would scan the 40,000 identifiers of recommendations). Not more: a VALUES
# of thousands of IRIs costs more to parse and join than the scans (4,200 stated versions at
# 100 jurisdictions: 0.8 s against 0.1 s).
_SMALL = 256


def _run_group(store: ox.Store, group: Group) -> Iterator[Found]:
    query = f"SELECT ?this WHERE {{ {group.focus} }} LIMIT {_SMALL + 1}"
    first = [row["this"] for row in _rows(store.query(query))]
    if not first:
        return
    small = len(first) <= _SMALL and not any(isinstance(n, ox.BlankNode) for n in first)
    # Every focus node: named when there are few, else the focus sub-select.
    every = _values(first) if small else group.focus
    screened = [c for c in group.checks if c.screened]
    focus = every
    if screened:
        nodes = _flagged(store, every, small, screened)
        # VALUES cannot name a blank node: then the details look at every focus node.
        if not any(isinstance(n, ox.BlankNode) for n in nodes):
            focus = _values(nodes)
        if not nodes:
            screened = []
    for c in group.checks:
        if c.screened and c not in screened:
            continue
        where = focus if c.screened else every
        for row in _rows(store.query(c.detail.replace("{focus}", where))):
            value = row[c.value] if c.value else None
            if c.keep is not None and (value is None or not c.keep(value)):
                continue
            yield Found(_text(row["this"]), c.path, c.message, _text(value))


# One counting query (a group's GROUP BY of its tallies) runs at a time, whatever the threads.
# Why: while it groups, Oxigraph holds every focus node with one accumulator per COUNT, about
# 1.8 KB a node; at 100,000 passages and as many recommendations two of them took 180 MB each,
# and when the pool's two threads ran them at the same moment that was the build's peak (85 MB
# lower with this lock, measured). The other queries go on in the other thread meanwhile.
_COUNTING = threading.Lock()


def _flagged(store: ox.Store, every: str, small: bool, checks: list[Check]) -> list[Term]:
    """The focus nodes the screens of `checks` find (a superset of those with a violation,
    usually none; see `Group`). `every` selects every focus node; when `small`, it is a
    VALUES, joined first to each screen so that it looks at those nodes' triples only."""
    first = every if small else ""
    found: dict[Term, None] = {}
    tallies = dict.fromkeys(c.tally for c in checks if c.tally is not None)
    if tallies:
        branches = " UNION ".join(f"{{ {first} {branch} }}" for branch, _ in tallies)
        having = " || ".join(f"({cond})" for _, cond in tallies)
        query = (
            f"SELECT ?this WHERE {{ {{ {every} BIND(true AS ?focus_node) }} UNION "
            f"{branches} }} GROUP BY ?this HAVING(COUNT(?focus_node) > 0 && ({having}))"
        )
        with _COUNTING:  # held while the rows are read: the query is evaluated as they are
            found.update((row["this"], None) for row in _rows(store.query(query)))
    conds = dict.fromkeys(
        c.cond for c in checks if c.cond is not None and c.tally is None and not c.suspects
    )
    if conds:
        either = " || ".join(f"({c})" for c in conds)
        query = f"SELECT DISTINCT ?this WHERE {{ {every} FILTER({either}) }}"
        found.update((row["this"], None) for row in _rows(store.query(query)))
    loose: dict[Term, None] = {}
    for pattern in dict.fromkeys(p for c in checks for p in c.suspects):
        query = f"SELECT DISTINCT ?this WHERE {{ {first} {pattern.replace('{focus}', every)} }}"
        loose.update((row["this"], None) for row in _rows(store.query(query)))
    loose = {n: None for n in loose if n not in found}
    if loose and not small and not any(isinstance(n, ox.BlankNode) for n in loose):
        # A suspect may be no focus node at all (a value scan does not look at the subject's
        # type): the details are run only on focus nodes.
        query = f"SELECT ?this WHERE {{ {_values(list(loose))} {every} }}"
        loose = {row["this"]: None for row in _rows(store.query(query))}
    found.update(loose)
    return list(found)


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
