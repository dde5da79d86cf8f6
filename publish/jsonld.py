"""JSON-LD for web developers: short keys, links as plain strings, fixed arrays, nested frames.

Why not rdflib's JSON-LD writer: it compacts to whatever the data happens to hold, so a key is
an array on one node and a bare value on the next, links come out as `{"@id": ...}` objects, and
the document is a flat list of thousands of nodes. A web developer wants `statement.concerns`
to be an array every time and `statement.quote.hasSelector` to be there to read. So lexgap
writes its JSON-LD itself, from one shipped context (`ontology/context.jsonld`):

- **Keys** are the property's local name in camelCase (`concerns`, `statedIn`, `quote`,
  `prefLabel`, `wasDerivedFrom`); where two vocabularies share a local name the first in
  `VOCABULARY_PRIORITY` keeps it and the others are prefixed (`jurisdiction` is lex's short
  code "la", `eliJurisdiction` ELI's country IRI; `isPartOf` is Dublin Core's,
  `eliIsPartOf` ELI's). `id` and `type` alias `@id` and `@type`; classes have their local name
  (`"type": ["Provision", "LegalResourceSubdivision"]`).
- **Links** are terms with `"@type": "@id"`: plain IRI strings.
- **Literals** carry their datatype in the context (`"@type": "xsd:integer"`, `xsd:boolean`,
  `xsd:gYear`, `xsd:date`), so values are plain JSON numbers, booleans and strings wherever that
  is lossless (an integer beyond JavaScript's 2**53 stays a string; a value whose datatype differs
  from its term's, such as a `xsd:gYearMonth` document date, is a value object
  `{"@value": ..., "@type": ...}`). Language-tagged text (`label`, `prefLabel`, `title`,
  `definition`, ...) is a language map: `"label": {"en": "...", "es": "..."}`.
- **Arrays**: a term is `"@container": "@set"` (always an array) where the property can repeat:
  it repeats on some node of the built graph, or no SHACL shape bounds it by `sh:maxCount 1`.
  Every other key is never an array; a graph that repeats such a property on one node cannot be
  written (ExportError), since a conforming graph never does (`derive_context` computes the
  context from a built graph and the shapes; tests/test_jsonld.py checks the shipped one is
  what it derives and that every key is an array everywhere or nowhere).

The **flat** export (`jsonld_bytes`) is every node of the graph, sorted by id. A **frame**
(`framed_bytes`) is a tree of nested objects for one kind of reader (`FRAMES`: documents ->
passages -> claims; provisions -> statements with penalty, ages and quote; offence concepts ->
statements (with their provision) and recommendations). Nesting uses reverse terms (`passages`
is `{"@reverse": "dcterms:isPartOf"}`) defined in the frame's own context, added to the shared
one. Every nested object is the node's full description (all its own properties), so a frame
parses back to exactly the triples whose subject it reaches (tested). Output is deterministic:
nodes are sorted by id, arrays by their JSON text, keys written id, type, then alphabetically.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from rdflib import RDF, RDFS, Graph, URIRef
from rdflib import Literal as RDFLiteral
from rdflib.namespace import OWL, SH, SKOS, XSD

from lexgap.core import options
from lexgap.core.errors import ExportError
from lexgap.graph.namespaces import ELI, LEX, OA, PREFIXES, PROV

CONTEXT_FILE = "context.jsonld"

# Vocabularies in the order they keep a shared local name as their key (see the module doc).
VOCABULARY_PRIORITY = ("lex", "dcterms", "rdfs", "skos", "oa", "prov", "eli", "owl", "rdf", "xsd")
NAMESPACES: dict[str, str] = {
    **{name: str(ns) for name, ns in PREFIXES.items()},
    "owl": str(OWL),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "xsd": str(XSD),
}
DCTERMS = PREFIXES["dcterms"]
_MAX_SAFE_INTEGER = 2**53 - 1  # JavaScript reads larger integers wrongly: they stay strings
_INTEGER = re.compile(r"-?(0|[1-9][0-9]*)")

Kind = Literal["id", "literal", "language"]


# --------------------------------------------------------------------------------------------
# The context: reading it, and deriving it from a built graph


@dataclass(frozen=True)
class Term:
    """One property's key in the context and how its values are written."""

    name: str
    iri: str
    kind: Kind  # id: links as strings; literal: typed values; language: a language map
    datatype: str | None  # kind literal: the datatype declared (None: plain xsd:string)
    many: bool  # "@container": "@set": always an array


def context() -> dict[str, Any]:
    """The JSON-LD context shipped as lexgap/ontology/context.jsonld (the value of @context)."""
    text = (options.ONTOLOGY / CONTEXT_FILE).read_text("utf-8")
    ctx = json.loads(text)["@context"]
    assert isinstance(ctx, dict)
    return ctx


def expand_iri(ctx: Mapping[str, Any], value: str) -> str:
    """A compact IRI (`lex:quote`) or term of `ctx` as a full IRI; a full IRI as itself."""
    if value in ctx and isinstance(ctx[value], str) and not ctx[value].startswith("@"):
        return expand_iri(ctx, ctx[value])
    prefix, sep, rest = value.partition(":")
    if sep and prefix in ctx and isinstance(ctx[prefix], str) and not rest.startswith("//"):
        return str(ctx[prefix]) + rest
    return value


def terms(ctx: Mapping[str, Any]) -> dict[str, Term]:
    """Property IRI -> its term, for every property term of `ctx` (reverse terms left out)."""
    out: dict[str, Term] = {}
    for name, spec in ctx.items():
        if name.startswith("@") or not isinstance(spec, dict) or "@id" not in spec:
            continue
        if spec["@id"].startswith("@"):
            continue  # a keyword alias (type)
        container = spec.get("@container")
        coerce = spec.get("@type")
        kind: Kind = (
            "language" if container == "@language" else "id" if coerce == "@id" else "literal"
        )
        iri = expand_iri(ctx, spec["@id"])
        datatype = expand_iri(ctx, coerce) if kind == "literal" and coerce else None
        out[iri] = Term(name, iri, kind, datatype, container == "@set")
    return out


def classes(ctx: Mapping[str, Any]) -> dict[str, str]:
    """Class IRI -> its short name (the capitalised simple terms of `ctx`)."""
    return {
        expand_iri(ctx, v): k
        for k, v in ctx.items()
        if isinstance(v, str) and k[:1].isupper() and not v.startswith("@")
    }


def _prefix_and_local(iri: str) -> tuple[str, str]:
    for prefix in VOCABULARY_PRIORITY:
        ns = NAMESPACES[prefix]
        if iri.startswith(ns) and iri[len(ns) :]:
            return prefix, iri[len(ns) :]
    raise ExportError(f"{iri} is in none of lexgap's vocabularies; it has no JSON-LD key")


def _camel(local: str) -> str:
    first, *rest = local.split("_")
    return first + "".join(p[:1].upper() + p[1:] for p in rest)


def _short_names(iris: Iterable[str]) -> dict[str, str]:
    """IRI -> key: the camelCase local name; on a clash (ignoring case) the vocabulary first in
    VOCABULARY_PRIORITY keeps it and the others get their prefix in front (`eliJurisdiction`)."""
    by_key: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for iri in iris:
        prefix, local = _prefix_and_local(iri)
        by_key[_camel(local).lower()].append((VOCABULARY_PRIORITY.index(prefix), iri))
    names: dict[str, str] = {}
    for clash in by_key.values():
        for i, (_, iri) in enumerate(sorted(clash)):
            prefix, local = _prefix_and_local(iri)
            key = _camel(local)
            names[iri] = key if i == 0 else prefix + key[:1].upper() + key[1:]
    return names


def _compact(iri: str) -> str:
    prefix, local = _prefix_and_local(iri)
    return f"{prefix}:{local}"


def derive_context(graph: Graph, shapes: Graph) -> dict[str, Any]:
    """The context lexgap ships, computed from a built graph (with its ontology) and the SHACL
    shapes. Why derived: which keys are arrays must follow the data and the shapes, not a
    hand-kept list that drifts; the shipped file is this function's output (a test compares).

    A property (every predicate of the graph, and every property the ontology declares) is
    - a language map if most of its values are language-tagged (or, unused, its range is
      rdf:langString);
      `@set` inside the map only if one node has two values in one language;
    - a link (`"@type": "@id"`) if its values are IRIs (or it is an owl:ObjectProperty);
    - otherwise a literal typed with its values' datatype (the most frequent one; none for
      xsd:string);
    and `"@container": "@set"` if it repeats on one node of the graph or no shape bounds it by
    `sh:maxCount 1` (so it may repeat in a graph that conforms).
    """
    bounded = {
        str(path)
        for shape, path in shapes.subject_objects(SH.path)
        if isinstance(path, URIRef)
        and any(str(m) in ("0", "1") for m in shapes.objects(shape, SH.maxCount))
    }
    declared = {
        str(p): t
        for t in (OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
        for p in graph.subjects(RDF.type, t)
        if isinstance(p, URIRef)
    }
    links: dict[str, int] = defaultdict(int)
    datatypes: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    count: dict[tuple[str, str, str | None], int] = defaultdict(int)
    for s, p, o in graph:
        if p == RDF.type:
            continue
        key = str(p)
        if isinstance(o, URIRef):
            links[key] += 1
            count[(str(s), key, None)] += 1
        elif isinstance(o, RDFLiteral):
            datatypes[key]["@language" if o.language else str(o.datatype or XSD.string)] += 1
            count[(str(s), key, o.language)] += 1
    repeats_plain = {p for (_, p, _), n in count.items() if n > 1}
    repeats_by_language = {p for (_, p, lang), n in count.items() if n > 1 and lang is not None}
    predicates = {str(p) for p in graph.predicates() if p != RDF.type} | set(declared)
    names = _short_names(predicates)
    ctx: dict[str, Any] = {"@version": 1.1}
    ctx.update({k: NAMESPACES[k] for k in sorted(NAMESPACES)})
    ctx["id"] = "@id"
    ctx["type"] = {"@id": "@type", "@container": "@set"}
    types = {str(o) for o in graph.objects(None, RDF.type) if isinstance(o, URIRef)}
    types |= {str(c) for c in graph.subjects(RDF.type, OWL.Class) if isinstance(c, URIRef)}
    for iri, name in sorted(_short_names(types).items(), key=lambda kv: kv[1]):
        ctx[name[:1].upper() + name[1:]] = _compact(iri)
    for iri in sorted(predicates, key=lambda i: names[i]):
        dts = datatypes.get(iri, {})
        rng = {str(r) for r in graph.objects(URIRef(iri), RDFS.range)}
        spec: dict[str, Any] = {"@id": _compact(iri)}
        tagged = dts.get("@language", 0)
        if (tagged and tagged >= max(dts.values())) or (not dts and str(RDF.langString) in rng):
            spec["@container"] = (
                ["@language", "@set"] if iri in repeats_by_language else "@language"
            )
            ctx[names[iri]] = spec
            continue
        if links.get(iri) or (not dts and declared.get(iri) == OWL.ObjectProperty):
            spec["@type"] = "@id"
        else:
            ranked = sorted(dts.items(), key=lambda kv: (-kv[1], kv[0]))
            datatype = ranked[0][0] if ranked else next(iter(sorted(rng)), str(XSD.string))
            if datatype != str(XSD.string):
                spec["@type"] = _compact(datatype)
        if iri in repeats_plain or iri not in bounded:
            spec["@container"] = "@set"
        ctx[names[iri]] = spec
    return ctx


def context_bytes(ctx: Mapping[str, Any]) -> bytes:
    """The context file's bytes (what `ontology/context.jsonld` holds)."""
    return (json.dumps({"@context": ctx}, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


# --------------------------------------------------------------------------------------------
# Writing nodes


def _sort_key(value: Any) -> tuple[int, str]:
    if isinstance(value, dict) and "id" in value:
        return (0, str(value["id"]))
    return (1, json.dumps(value, sort_keys=True, ensure_ascii=False))


def _native(lexical: str, datatype: str) -> Any:
    """A literal's JSON value under a term typed `datatype`: a JSON number or boolean when that
    reads back as the same literal (canonical lexical form), else its lexical form."""
    if datatype == str(XSD.integer) and _INTEGER.fullmatch(lexical):
        n = int(lexical)
        if abs(n) <= _MAX_SAFE_INTEGER:
            return n
    if datatype == str(XSD.boolean) and lexical in ("true", "false"):
        return lexical == "true"
    return lexical


class Writer:
    """Turns the nodes of one graph into JSON objects under one context."""

    def __init__(self, graph: Graph, ctx: Mapping[str, Any]) -> None:
        self.graph = graph
        self.terms = terms(ctx)
        self.classes = classes(ctx)

    def _value(self, term: Term | None, o: Any) -> Any:
        if isinstance(o, URIRef):
            return str(o) if term is not None and term.kind == "id" else {"@id": str(o)}
        assert isinstance(o, RDFLiteral), o  # the graph has no blank nodes
        if o.language:
            return {"@value": str(o), "@language": o.language}
        datatype = str(o.datatype or XSD.string)
        if (
            term is not None
            and term.kind == "literal"
            and datatype == (term.datatype or str(XSD.string))
        ):
            return _native(str(o), datatype)
        if datatype == str(XSD.string):
            return {"@value": str(o)}
        return {"@value": str(o), "@type": _compact(datatype)}

    def _type_name(self, iri: str) -> str:
        if iri in self.classes:
            return self.classes[iri]
        try:
            return _compact(iri)
        except ExportError:
            return iri

    def node(self, subject: URIRef) -> dict[str, Any]:
        """The node's own description: every triple with it as subject, under short keys."""
        by_predicate: dict[str, list[Any]] = defaultdict(list)
        for p, o in self.graph.predicate_objects(subject):
            by_predicate[str(p)].append(o)
        out: dict[str, Any] = {"id": str(subject)}
        types = by_predicate.pop(str(RDF.type), [])
        if types:
            out["type"] = sorted(self._type_name(str(t)) for t in types)
        fields: dict[str, Any] = {}
        for predicate, objects in by_predicate.items():
            term = self.terms.get(predicate)
            if term is None:  # not in the context: the full IRI, values as JSON-LD objects
                fields[predicate] = sorted((self._value(None, o) for o in objects), key=_sort_key)
            elif term.kind == "language":
                fields[term.name] = self._language_map(subject, term, objects)
            else:
                values = sorted((self._value(term, o) for o in objects), key=_sort_key)
                if term.many:
                    fields[term.name] = values
                elif len(values) == 1:
                    fields[term.name] = values[0]
                else:
                    raise ExportError(
                        f"{subject} has {len(values)} values of {predicate}, which the JSON-LD "
                        "context declares single (the SHACL shapes allow one)"
                    )
        out.update(sorted(fields.items()))
        return out

    def _language_map(self, subject: URIRef, term: Term, objects: list[Any]) -> dict[str, Any]:
        by_language: dict[str, list[str]] = defaultdict(list)
        for o in objects:
            if not isinstance(o, RDFLiteral):
                raise ExportError(f"{subject} has an IRI as {term.iri}, a language-tagged text")
            by_language[o.language or "@none"].append(str(o))
        out: dict[str, Any] = {}
        for language, texts in sorted(by_language.items()):
            if term.many:
                out[language] = sorted(texts)
            elif len(texts) == 1:
                out[language] = texts[0]
            else:
                raise ExportError(
                    f"{subject} has {len(texts)} values of {term.iri} in language "
                    f"{language!r}; the JSON-LD context allows one per language"
                )
        return out


def document_bytes(doc: Mapping[str, Any]) -> bytes:
    """A JSON-LD document as UTF-8 bytes, keys in the order they were built (id, type, the rest
    sorted), one space of indent: deterministic for a deterministic `doc`."""
    return (json.dumps(doc, indent=1, ensure_ascii=False) + "\n").encode("utf-8")


def jsonld_bytes(graph: Graph) -> bytes:
    """The whole graph as JSON-LD: the shipped context inline (so the file parses offline, no
    remote context to fetch) and every node, sorted by id, under short keys."""
    ctx = context()
    writer = Writer(graph, ctx)
    subjects = sorted({s for s in graph.subjects() if isinstance(s, URIRef)}, key=str)
    return document_bytes({"@context": ctx, "@graph": [writer.node(s) for s in subjects]})


# --------------------------------------------------------------------------------------------
# Frames: nested views for one kind of reader


@dataclass(frozen=True)
class Nest:
    """Objects nested in a node. Forward (`reverse` false): the values of `predicate`, written
    under its own key, become the linked nodes' objects instead of IRI strings. Reverse: the
    nodes of `types` that point at this node by `predicate` are listed under `key` (a reverse
    term of the frame's context), each with its own nests."""

    predicate: URIRef
    key: str | None = None  # reverse nests only
    types: tuple[URIRef, ...] = ()
    nests: tuple[Nest, ...] = ()


@dataclass(frozen=True)
class Frame:
    """A framed view: the nodes of `root` type, sorted by id, each with its nests."""

    name: str
    root: URIRef
    nests: tuple[Nest, ...]
    about: str


_SELECTORS = (Nest(OA.hasSelector),)
_QUOTE = Nest(LEX.quote, nests=_SELECTORS)
_PENALTY_AGES = (Nest(LEX.hasPenalty), Nest(LEX.hasAgeBand))
_CLAIMS_OF_PASSAGE = (
    Nest(PROV.wasDerivedFrom, "statements", (LEX.Statement,), (_QUOTE, *_PENALTY_AGES)),
    Nest(PROV.wasDerivedFrom, "assessments", (LEX.Assessment,), (_QUOTE,)),
    Nest(
        PROV.wasDerivedFrom,
        "recommendations",
        (LEX.Recommendation,),
        (Nest(LEX.targetQuote, nests=_SELECTORS),),
    ),
    Nest(PROV.wasDerivedFrom, "responses", (LEX.Response,), (_QUOTE,)),
    Nest(PROV.wasDerivedFrom, "versionStatements", (LEX.VersionStatement,), (_QUOTE,)),
    Nest(LEX.citedIn, "citations", (LEX.Citation,), (Nest(OA.hasTarget, nests=_SELECTORS),)),
)

FRAMES: dict[str, Frame] = {
    frame.name: frame
    for frame in (
        Frame(
            "documents",
            LEX.SourceDocument,
            (Nest(DCTERMS.isPartOf, "passages", (LEX.Passage,), _CLAIMS_OF_PASSAGE),),
            "each source document with its passages, and under each passage the statements, "
            "assessments, recommendations, responses, version statements and citations drawn "
            "from it (quotes with their selectors, penalties and age bands inside)",
        ),
        Frame(
            "provisions",
            LEX.Provision,
            (
                Nest(ELI.is_part_of),
                Nest(LEX.aboutProvision, "statements", (LEX.Statement,), (_QUOTE, *_PENALTY_AGES)),
                Nest(LEX.considered, "assessments", (LEX.Assessment,), (_QUOTE,)),
                Nest(
                    LEX.targetsProvision,
                    "recommendations",
                    (LEX.Recommendation,),
                    (Nest(LEX.targetQuote, nests=_SELECTORS),),
                ),
                Nest(LEX.citesInReply, "responses", (LEX.Response,), (_QUOTE,)),
            ),
            "each article with the law version it belongs to and what the sources say about "
            "it: statements (penalty, age band, quote), assessments, recommendations targeting "
            "it and responses citing it",
        ),
        Frame(
            "offences",
            SKOS.Concept,
            (
                Nest(
                    LEX.concerns,
                    "statements",
                    (LEX.Statement,),
                    (Nest(LEX.aboutProvision), _QUOTE, *_PENALTY_AGES),
                ),
                Nest(LEX.concerns, "assessments", (LEX.Assessment,), (_QUOTE,)),
                Nest(
                    LEX.concerns,
                    "recommendations",
                    (LEX.Recommendation,),
                    (Nest(LEX.targetsProvision), Nest(LEX.targetQuote, nests=_SELECTORS)),
                ),
            ),
            "each offence concept of the taxonomy (what the gap questions ask about) with the "
            "statements concerning it (each with the provision it is about, penalty, age band, "
            "quote), the assessments and the recommendations",
        ),
    )
}
assert tuple(FRAMES) == options.JSONLD_FRAMES


def _reverse_terms(nests: Iterable[Nest], found: dict[str, str]) -> dict[str, str]:
    for nest in nests:
        if nest.key is not None:
            iri = _compact(str(nest.predicate))
            if found.setdefault(nest.key, iri) != iri:
                raise AssertionError(f"frame key {nest.key} names two properties")
        _reverse_terms(nest.nests, found)
    return found


def frame_context(frame: Frame, ctx: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The shared context plus the frame's reverse terms (`passages`, `statements`, ...)."""
    out = dict(context() if ctx is None else ctx)
    for key, iri in sorted(_reverse_terms(frame.nests, {}).items()):
        if key in out:
            raise AssertionError(f"frame key {key} is already a term of the shared context")
        out[key] = {"@reverse": iri, "@container": "@set"}
    return out


def _nested(writer: Writer, subject: URIRef, nests: tuple[Nest, ...]) -> dict[str, Any]:
    graph = writer.graph
    out = writer.node(subject)
    for nest in nests:
        if nest.key is not None:
            children = sorted(
                (
                    s
                    for s in graph.subjects(nest.predicate, subject)
                    if isinstance(s, URIRef)
                    and (not nest.types or any((s, RDF.type, t) in graph for t in nest.types))
                ),
                key=str,
            )
            if children:
                out[nest.key] = [_nested(writer, c, nest.nests) for c in children]
            continue
        term = writer.terms.get(str(nest.predicate))
        if term is None or term.name not in out:
            continue

        def embed(iri: Any, nests: tuple[Nest, ...] = nest.nests) -> Any:
            if isinstance(iri, str) and (URIRef(iri), None, None) in graph:
                return _nested(writer, URIRef(iri), nests)
            return iri

        value = out[term.name]
        out[term.name] = (
            sorted((embed(v) for v in value), key=_sort_key)
            if isinstance(value, list)
            else embed(value)
        )
    return out


def framed(graph: Graph, name: str) -> dict[str, Any]:
    """The framed view `name` of the graph as a JSON-LD document (a dict)."""
    frame = FRAMES.get(name)
    if frame is None:
        raise ExportError(
            f"unknown JSON-LD frame {name!r}", hint="valid: " + ", ".join(options.JSONLD_FRAMES)
        )
    ctx = frame_context(frame)
    writer = Writer(graph, ctx)
    roots = sorted(
        (s for s in graph.subjects(RDF.type, frame.root) if isinstance(s, URIRef)), key=str
    )
    return {"@context": ctx, "@graph": [_nested(writer, r, frame.nests) for r in roots]}


def framed_bytes(graph: Graph, name: str) -> bytes:
    """The framed view `name` as bytes: deterministic, context inline."""
    return document_bytes(framed(graph, name))
