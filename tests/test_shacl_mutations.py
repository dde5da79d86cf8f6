"""Every kind of damage to the real graph is reported by `lexgap validate`, one line per reason.

The mutations are generated from the built graph, not written by hand: for every kind of node,
each property that every such node has is deleted from one of them; each rdf:type is removed;
each kind of typed literal is made ill-typed (2019-13-45) or plain; each closed list of values
gets a value outside it; each single-valued literal gets a second value; each kind of quote gets
a fabricated text, shifted or impossible offsets, or another passage; links point at the wrong
kind of node; the SKOS hierarchy gets a cycle and a second prefLabel; the old vocabulary misuses
come back. An empty or non-lexgap graph is refused too.

Why batches: pySHACL takes seconds on the whole graph, so mutations that touch unrelated nodes
are applied together and validated once. A batch only holds mutations whose "blame" sets (the
nodes they touch plus the nodes that link to those) are disjoint, each mutation must be reported
on a node of its own blame set, and every reported violation must belong to some mutation of
the batch: the unmutated graph conforms, so nothing else can have caused it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from rdflib import RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, SKOS
from rdflib.term import Node

from lexgap.graph.namespaces import ELI, LEX, OA, PROV
from lexgap.graph.validate import Violation, violations, written_shapes_graph

pytestmark = [pytest.mark.integration, pytest.mark.slow]

Triple = tuple[Node, Node, Node]

# The node kinds of a lexgap graph whose nodes the mutations damage.
KINDS = (
    LEX.SourceDocument,
    LEX.Passage,
    LEX.Instrument,
    LEX.StatedVersion,
    LEX.Provision,
    LEX.Citation,
    OA.SpecificResource,
    OA.TextQuoteSelector,
    OA.TextPositionSelector,
    LEX.Statement,
    LEX.Penalty,
    LEX.AgeBand,
    LEX.Assessment,
    LEX.VersionStatement,
    LEX.Recommendation,
    LEX.Response,
    SKOS.Concept,
    SKOS.ConceptScheme,
    DCTERMS.Agent,
)

# Properties every node of a kind happens to have in the bundled corpus that the model leaves
# optional, with the reason. Everything else every node has is required, and its removal must
# be reported.
OPTIONAL_EVERYWHERE_HERE = {
    (LEX.SourceDocument, LEX.dateNote): "a document may say nothing about its date",
    (SKOS.ConceptScheme, DCTERMS.description): "a description is documentation",
}

# Invalid lexical forms per datatype: what a hand-edited or foreign file can hold.
ILL_TYPED = {
    XSD.integer: "twelve",
    XSD.boolean: "maybe",
    XSD.gYear: "20x7",
    XSD.date: "2019-13-45",
    XSD.gYearMonth: "2019-13",
}

# Properties whose values come from a closed list.
CLOSED_LISTS = (
    LEX.effect,
    LEX.victimSex,
    LEX.verdict,
    LEX.legislativeStage,
    LEX.recommendationKind,
    LEX.responseKind,
    LEX.passageKind,
    LEX.yearSource,
    LEX.instrumentKind,
    LEX.stance,
    LEX.action,
)

GRAPH_NODE = "https://lexgap.example.org/ns"


@dataclass
class Mutation:
    """One class of damage: triples removed and added, and the nodes a report must name."""

    name: str
    remove: list[Triple] = field(default_factory=list)
    add: list[Triple] = field(default_factory=list)
    blame: set[Node] = field(default_factory=set)
    # A replacement for the whole graph (empty, foreign), validated on its own.
    whole: Graph | None = None


class Damage:
    """Generates the mutations from one graph."""

    def __init__(self, g: Graph) -> None:
        self.g = g
        self.used: dict[URIRef, int] = defaultdict(int)

    def name(self, term: Node) -> str:
        """The prefixed name of a class, property or datatype, for mutation names."""
        return self.g.qname(str(term))

    def one(self, s: Node, p: URIRef) -> Node:
        """The value of `p` on `s`, which the mutation needs to exist."""
        value = self.g.value(s, p)
        assert value is not None, (s, p)
        return value

    def instances(self, kind: URIRef) -> list[Node]:
        return sorted(self.g.subjects(RDF.type, kind), key=str)

    def pick(self, kind: URIRef, where: Node | None = None) -> Node:
        """A different instance of `kind` each time (having property `where`, if given), so
        that mutations of one kind land on different nodes and can share a batch."""
        pool = [s for s in self.instances(kind) if where is None or (s, where, None) in self.g]
        assert pool, f"no {kind} with {where}"
        node = pool[(self.used[kind] * 7) % len(pool)]
        self.used[kind] += 1
        return node

    def referrers(self, nodes: set[Node]) -> set[Node]:
        return {s for n in nodes for s in self.g.subjects(None, n)}

    def mutation(
        self, name: str, remove: list[Triple], add: list[Triple], extra: set[Node] | None = None
    ) -> Mutation:
        # An added object can become a focus node itself (shapes that target objects of a
        # property), so it is blamed too.
        touched = {t[0] for t in remove + add} | {t[2] for t in add if t[1] != RDF.type}
        if any(t[1] == RDF.type for t in remove):
            touched |= {t[0] for t in remove}
        blame = touched | self.referrers(touched) | (extra or set())
        return Mutation(name, remove, add, blame)

    # --- generators ------------------------------------------------------------------------

    def required_properties(self) -> Iterator[Mutation]:
        for kind in KINDS:
            nodes = self.instances(kind)
            common = set.intersection(*({p for p in self.g.predicates(s)} for s in nodes))
            for prop in sorted(common - {RDF.type}, key=str):
                if (kind, prop) in OPTIONAL_EVERYWHERE_HERE:
                    continue
                node = self.pick(kind)
                yield self.mutation(
                    f"remove {self.name(prop)} from a {self.name(kind)}",
                    list(self.g.triples((node, prop, None))),
                    [],
                )

    def types(self) -> Iterator[Mutation]:
        seen: set[tuple[URIRef, Node]] = set()
        for kind in KINDS:
            node = self.pick(kind)
            for t in sorted(self.g.objects(node, RDF.type), key=str):
                if (kind, t) in seen:
                    continue
                seen.add((kind, t))
                yield self.mutation(
                    f"remove rdf:type {self.name(t)} from a {self.name(kind)}",
                    [(node, RDF.type, t)],
                    [],
                )

    def literals(self) -> Iterator[Mutation]:
        by_type: dict[URIRef, Triple] = {}
        by_prop: dict[Node, Triple] = {}
        for s, p, o in sorted(self.g, key=lambda t: (str(t[1]), str(t[0]))):
            if isinstance(o, Literal) and o.datatype in ILL_TYPED and p not in by_prop:
                by_prop[p] = (s, p, o)
                by_type.setdefault(o.datatype, (s, p, o))
        for datatype, (s, p, o) in sorted(by_type.items()):
            bad = Literal(ILL_TYPED[datatype], datatype=datatype)
            yield self.mutation(
                f"ill-typed {self.name(datatype)} {ILL_TYPED[datatype]!r} on {self.name(p)}",
                [(s, p, o)],
                [(s, p, bad)],
            )
        for p, (s, _, o) in sorted(by_prop.items(), key=lambda kv: str(kv[0])):
            assert isinstance(o, Literal) and o.datatype is not None
            yield self.mutation(
                f"{self.name(p)} as a plain string instead of {self.name(o.datatype)}",
                [(s, p, o)],
                [(s, p, Literal(str(o)))],
            )

    def closed_lists(self) -> Iterator[Mutation]:
        for prop in CLOSED_LISTS:
            s, _, o = sorted(self.g.triples((None, prop, None)), key=str)[0]
            yield self.mutation(
                f"{self.name(prop)} outside its list",
                [(s, prop, o)],
                [(s, prop, Literal("bogus"))],
            )

    def second_values(self) -> Iterator[Mutation]:
        """A second value for every literal property that each node of a kind has exactly once."""
        for kind in KINDS:
            nodes = self.instances(kind)
            props: set[Node] | None = None
            for s in nodes:
                single = {
                    p
                    for p in self.g.predicates(s)
                    if len(list(self.g.objects(s, p))) == 1
                    and isinstance(self.g.value(s, p), Literal)
                }
                props = single if props is None else props & single
            for prop in sorted(props or set(), key=str):
                if (kind, prop) in OPTIONAL_EVERYWHERE_HERE:
                    continue
                node = self.pick(kind)
                old = self.g.value(node, prop)
                assert isinstance(old, Literal)
                if old.datatype == XSD.boolean:
                    new = Literal(not old.toPython())
                elif old.datatype == XSD.integer:
                    new = Literal(int(old) + 1)
                elif old.datatype in (XSD.gYear, XSD.date, XSD.gYearMonth):
                    new = Literal("1999", datatype=XSD.gYear)
                else:
                    new = Literal(str(old) + " again", lang=old.language, datatype=old.datatype)
                yield self.mutation(
                    f"a second {self.name(prop)} on a {self.name(kind)}",
                    [],
                    [(node, prop, new)],
                )

    def quotes(self) -> Iterator[Mutation]:
        owners = (
            ("statement", LEX.Statement, LEX.quote),
            ("assessment", LEX.Assessment, LEX.quote),
            ("version statement", LEX.VersionStatement, LEX.quote),
            ("response", LEX.Response, LEX.quote),
            ("recommendation", LEX.Recommendation, LEX.targetQuote),
            ("citation", LEX.Citation, OA.hasTarget),
        )
        g = self.g
        for label, kind, link in owners:
            for damage in ("fabricated", "shifted", "past-end", "reversed", "other-passage"):
                owner = self.pick(kind, link)
                target = g.value(owner, link)
                assert isinstance(target, URIRef)
                exact = next(
                    s for s in g.objects(target, OA.hasSelector) if (s, OA.exact, None) in g
                )
                position = next(
                    s for s in g.objects(target, OA.hasSelector) if (s, OA.start, None) in g
                )
                passage = g.value(target, OA.hasSource)
                text = str(g.value(passage, LEX.text))
                quote = g.value(exact, OA.exact)
                start = g.value(position, OA.start)
                end = g.value(position, OA.end)
                assert isinstance(quote, Literal) and isinstance(start, Literal)
                assert isinstance(end, Literal)
                extra = {owner, target}
                if damage == "fabricated":
                    fake = "".join("x" if c != "x" else "y" for c in str(quote))
                    yield self.mutation(
                        f"fabricated quote text on a {label}",
                        [(exact, OA.exact, quote)],
                        [(exact, OA.exact, Literal(fake))],
                        extra,
                    )
                elif damage == "shifted":
                    yield self.mutation(
                        f"quote offsets shifted by one on a {label}",
                        [(position, OA.start, start), (position, OA.end, end)],
                        [
                            (position, OA.start, Literal(int(start) + 1)),
                            (position, OA.end, Literal(int(end) + 1)),
                        ],
                        extra,
                    )
                elif damage == "past-end":
                    yield self.mutation(
                        f"quote end offset past the passage text on a {label}",
                        [(position, OA.end, end)],
                        [(position, OA.end, Literal(len(text) + 5))],
                        extra,
                    )
                elif damage == "reversed":
                    yield self.mutation(
                        f"quote start after its end on a {label}",
                        [(position, OA.start, start), (position, OA.end, end)],
                        [(position, OA.start, end), (position, OA.end, start)],
                        extra,
                    )
                else:
                    other = next(
                        p
                        for p in sorted(g.subjects(RDF.type, LEX.Passage), key=str)
                        if p != passage
                        and (p, DCTERMS.isPartOf, g.value(passage, DCTERMS.isPartOf)) in g
                        and str(quote) not in str(g.value(p, LEX.text))
                    )
                    yield self.mutation(
                        f"quote source moved to another passage on a {label}",
                        [(target, OA.hasSource, self.one(target, OA.hasSource))],
                        [(target, OA.hasSource, other)],
                        extra,
                    )

    def wrong_links(self) -> Iterator[Mutation]:
        g = self.g
        provision = self.instances(LEX.Provision)[0]
        passage = self.instances(LEX.Passage)[-1]
        concept = self.pick(SKOS.Concept)
        statement = self.pick(LEX.Statement)
        links: list[tuple[str, Node, URIRef, Node]] = [
            ("a statement concerns a provision", statement, LEX.concerns, provision),
            (
                "a statement is about a passage",
                self.pick(LEX.Statement),
                LEX.aboutProvision,
                passage,
            ),
            ("a statement stated in a passage", self.pick(LEX.Statement), LEX.statedIn, passage),
            ("a citation cites a passage", self.pick(LEX.Citation), LEX.citedResource, passage),
            ("a response answers a passage", self.pick(LEX.Response), LEX.answers, passage),
            ("a concept's broader is a provision", concept, SKOS.broader, provision),
            ("a passage part of a passage", self.pick(LEX.Passage), DCTERMS.isPartOf, passage),
        ]
        for name, s, p, o in links:
            yield self.mutation(name, list(g.triples((s, p, None))), [(s, p, o)])
        # The vocabulary misuses issue 21 found, brought back one at a time.
        cited = self.pick(SKOS.Concept, LEX.correspondsTo)
        yield self.mutation(
            "skos:closeMatch from a concept to a statute article",
            [],
            [(cited, SKOS.closeMatch, self.one(cited, LEX.correspondsTo))],
        )
        inst = self.pick(LEX.Instrument)
        yield self.mutation(
            "our slug as eli:id_local", [], [(inst, ELI.id_local, self.one(inst, LEX.instrumentId))]
        )
        doc = self.pick(LEX.SourceDocument)
        yield self.mutation(
            "dcterms:creator as a plain string",
            list(g.triples((doc, DCTERMS.creator, None))),
            [(doc, DCTERMS.creator, Literal("UN Committee on the Rights of the Child"))],
        )
        doc = self.pick(LEX.SourceDocument)
        yield self.mutation(
            "dcterms:language as a plain string",
            list(g.triples((doc, DCTERMS.language, None))),
            [(doc, DCTERMS.language, Literal("en"))],
        )
        doc = self.pick(LEX.SourceDocument)
        yield self.mutation(
            "dcterms:source as a local file name", [], [(doc, DCTERMS.source, Literal("x.txt"))]
        )
        cite = self.pick(LEX.Citation)
        target = self.one(cite, OA.hasTarget)
        yield self.mutation(
            "citation selectors on the annotation instead of its target",
            list(g.triples((target, OA.hasSelector, None))),
            [(cite, OA.hasSelector, s) for s in g.objects(target, OA.hasSelector)],
            {target},
        )
        cite = self.pick(LEX.Citation)
        yield self.mutation(
            "citation target is the passage itself, not a specific resource",
            list(g.triples((cite, OA.hasTarget, None))),
            [(cite, OA.hasTarget, self.one(cite, LEX.citedIn))],
        )

    def values(self) -> Iterator[Mutation]:
        g = self.g
        pen = self.pick(LEX.Penalty, LEX.prisonMinMonths)
        low, high = self.one(pen, LEX.prisonMinMonths), self.one(pen, LEX.prisonMaxMonths)
        assert isinstance(high, Literal)
        yield self.mutation(
            "imprisonment minimum above its maximum",
            [(pen, LEX.prisonMinMonths, low)],
            [(pen, LEX.prisonMinMonths, Literal(int(high) + 1))],
        )
        band = self.pick(LEX.AgeBand, LEX.maxAge)
        yield self.mutation(
            "age bound of 30",
            list(g.triples((band, LEX.maxAge, None))),
            [(band, LEX.maxAge, Literal(30))],
        )
        passage = self.pick(LEX.Passage)
        end = g.value(passage, LEX.lineEnd)
        assert isinstance(end, Literal)
        yield self.mutation(
            "a passage's first line after its last",
            list(g.triples((passage, LEX.lineStart, None))),
            [(passage, LEX.lineStart, Literal(int(end) + 1))],
        )
        doc = self.pick(LEX.SourceDocument)
        yield self.mutation(
            "a sha256 that is no hash",
            list(g.triples((doc, LEX.sha256, None))),
            [(doc, LEX.sha256, Literal("not-a-hash"))],
        )
        version = self.pick(LEX.StatedVersion, LEX.statedYear)
        yield self.mutation(
            "a stated version with a year and yearNotStated",
            [],
            [(version, LEX.yearNotStated, Literal(True))],
        )
        version = self.pick(LEX.StatedVersion, LEX.statedYear)
        yield self.mutation(
            "a stated version with neither a year nor yearNotStated",
            list(g.triples((version, LEX.statedYear, None))),
            [],
        )

    def skos(self) -> Iterator[Mutation]:
        g = self.g
        narrow = self.pick(SKOS.Concept, SKOS.broader)
        broad = g.value(narrow, SKOS.broader)
        assert broad is not None
        yield self.mutation(
            "a cycle in the SKOS broader hierarchy",
            [],
            [(broad, SKOS.broader, narrow)],
            self.referrers({narrow, broad}) | {narrow, broad},
        )
        concept = self.pick(SKOS.Concept)
        yield self.mutation(
            "a second English prefLabel",
            [],
            [(concept, SKOS.prefLabel, Literal("Again", lang="en"))],
        )
        concept = self.pick(SKOS.Concept)
        yield self.mutation(
            "a prefLabel without a language",
            list(g.triples((concept, SKOS.prefLabel, None))),
            [(concept, SKOS.prefLabel, Literal("No language"))],
        )

    def whole_graphs(self) -> Iterator[Mutation]:
        yield Mutation("an empty file", whole=Graph())
        foreign = Graph()
        foreign.parse(
            data='<https://example.org/a> <http://xmlns.com/foaf/0.1/name> "Alice" .',
            format="turtle",
        )
        yield Mutation("a graph that is not lexgap's", whole=foreign)
        from lexgap.graph.build import ontology_graph

        yield Mutation("the ontology alone", whole=ontology_graph())

    def all(self) -> list[Mutation]:
        out: list[Mutation] = []
        for gen in (
            self.required_properties,
            self.types,
            self.literals,
            self.closed_lists,
            self.second_values,
            self.quotes,
            self.wrong_links,
            self.values,
            self.skos,
            self.whole_graphs,
        ):
            out.extend(gen())
        return out


def _batches(mutations: list[Mutation]) -> list[list[Mutation]]:
    """Greedy packing: a mutation joins the first batch none of whose mutations it overlaps."""
    batches: list[tuple[list[Mutation], set[Node]]] = []
    for m in mutations:
        if m.whole is not None:
            continue
        for members, taken in batches:
            if not (m.blame & taken):
                members.append(m)
                taken |= m.blame
                break
        else:
            batches.append(([m], set(m.blame)))
    return [members for members, _ in batches]


def _apply(g: Graph, batch: list[Mutation]) -> Graph:
    out = Graph()
    out += g
    for m in batch:
        for t in m.remove:
            assert t in out, (m.name, t)
            out.remove(t)
        for t in m.add:
            out.add(t)
    return out


def _blamed(v: Violation, m: Mutation) -> bool:
    names = {str(n) for n in m.blame}
    return v.focus in names or v.value in names


@pytest.fixture(scope="module")
def graph() -> Graph:
    from lexgap.graph.assemble import assemble

    return assemble(shacl=False).graph


@pytest.fixture(scope="module")
def mutations(graph: Graph) -> list[Mutation]:
    return Damage(graph).all()


def test_the_unmutated_graph_conforms_without_and_with_rdfs_inference(graph: Graph) -> None:
    assert violations(graph) == []
    assert violations(graph, "rdfs") == []


def test_there_are_at_least_52_classes_of_damage(mutations: list[Mutation]) -> None:
    names = [m.name for m in mutations]
    assert len(names) == len(set(names)), "each mutation is a class of its own"
    assert len(names) >= 52
    # The classes issue 21 names are among them.
    for needed in (
        "fabricated quote text on a statement",
        "quote offsets shifted by one on a citation",
        "remove lex:targetQuote from a lex:Recommendation",
        "remove lex:quote from a lex:Response",
        "remove lex:quote from a lex:VersionStatement",
        "remove oa:hasTarget from a lex:Citation",
        "remove rdf:type lex:Statement from a lex:Statement",
        "ill-typed xsd:date '2019-13-45' on dcterms:date",
        "a cycle in the SKOS broader hierarchy",
        "a second English prefLabel",
        "an empty file",
    ):
        assert needed in names


def test_every_mutation_is_reported_with_one_line_reasons(
    graph: Graph, mutations: list[Mutation]
) -> None:
    missed: list[str] = []
    unexplained: list[str] = []
    batches = _batches(mutations)
    assert len(batches) < len(mutations) / 3, "batching keeps the suite fast"
    for batch in batches:
        found = violations(_apply(graph, batch))
        for v in found:
            assert v.message and "\n" not in v.message, v
            if not any(_blamed(v, m) for m in batch):
                unexplained.append(f"{v.focus} {v.path}: {v.message}")
        for m in batch:
            if not any(_blamed(v, m) for v in found):
                missed.append(m.name)
    assert missed == [], f"not reported: {missed}"
    assert unexplained == [], f"reported but caused by no mutation: {unexplained[:5]}"


def test_shapes_as_validated_report_what_the_shapes_as_written_report(
    graph: Graph, mutations: list[Mutation]
) -> None:
    """The build validates the shapes with each property shape given its node shape's targets
    (graph/validate.py `shapes_graph`, for speed). On damaged graphs, and on the whole graphs
    that are refused, it reports exactly the violations the shapes as written report, so the
    faster form is exactly as strict (the test above shows it catches every mutation).

    The four largest batches (160 of the 239 mutations) stand for the others:
    validating every batch with the shapes as written as well doubled the suite's minutes."""
    written = written_shapes_graph()
    batches = sorted(_batches(mutations), key=len, reverse=True)[:4]
    assert sum(len(b) for b in batches) >= 150
    damaged = [_apply(graph, batch) for batch in batches]
    damaged += [m.whole for m in mutations if m.whole is not None]
    for g in damaged:
        found = violations(g)
        assert found, "every damaged graph has violations"
        assert found == violations(g, shapes=written)


def test_empty_and_foreign_graphs_do_not_conform(mutations: list[Mutation]) -> None:
    for m in mutations:
        if m.whole is not None:
            found = violations(m.whole)
            assert found, m.name
            assert any(v.focus == GRAPH_NODE and "not a lexgap graph" in v.message for v in found)


def test_validate_command_reports_ill_typed_literals_in_one_line_each(
    graph: Graph, tmp_path: Path
) -> None:
    """In a separate process, as a user runs it: rdflib logs a traceback for each literal it
    cannot convert, which pytest's log capture would hide from capsys."""
    import subprocess
    import sys

    doc = sorted(graph.subjects(DCTERMS.date, None), key=str)[0]
    pen = sorted(graph.subjects(LEX.prisonMaxMonths, None), key=str)[0]
    broken = Graph()
    broken += graph
    broken.remove((doc, DCTERMS.date, None))
    broken.add((doc, DCTERMS.date, Literal("2019-13-45", datatype=XSD.date)))
    broken.remove((pen, LEX.prisonMaxMonths, None))
    broken.add((pen, LEX.prisonMaxMonths, Literal("twelve", datatype=XSD.integer)))
    path = tmp_path / "bad-literals.nt"
    broken.serialize(path, format="nt", encoding="utf-8")
    run = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from lexgap.cli.main import main; sys.exit(main(sys.argv[1:]))",
            "validate",
            str(path),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 1
    assert "Traceback" not in run.stdout + run.stderr
    assert "'2019-13-45' is not a valid" in run.stdout
    assert "'twelve' is not a valid" in run.stdout
    assert run.stderr.count("\n") == 1, run.stderr


@pytest.mark.parametrize("text", ["", "<https://example.org/a> <https://example.org/b> 1 ."])
def test_validate_command_refuses_empty_and_foreign_files(
    text: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from lexgap.cli.main import main

    path = tmp_path / "theirs.ttl"
    path.write_text(text)
    assert main(["validate", str(path)]) == 1
    captured = capsys.readouterr()
    assert "not a lexgap graph" in captured.out
    assert "Traceback" not in captured.out + captured.err


def test_domains_and_ranges_of_the_ontology_are_true_of_the_graph(graph: Graph) -> None:
    """Every subject of a property with an rdfs:domain is typed that class, and every object of
    one with a class range is typed that class: what RDFS inference would add is already
    there, so inference changes no node's kind."""
    from lexgap.graph.build import ontology_graph

    onto = ontology_graph()
    wrong: list[str] = []
    for prop, domain in onto.subject_objects(RDFS.domain):
        for s in graph.subjects(prop, None):
            if (s, RDF.type, domain) not in graph:
                wrong.append(f"{s} {prop} outside domain {domain}")
    for prop, rng in onto.subject_objects(RDFS.range):
        if str(rng).startswith(str(XSD)):
            for o in graph.objects(None, prop):
                if not (isinstance(o, Literal) and o.datatype == rng) and not (
                    rng == XSD.string and isinstance(o, Literal) and o.datatype is None
                ):
                    wrong.append(f"{prop} value {o!r} outside range {rng}")
        else:
            for o in graph.objects(None, prop):
                if (o, RDF.type, rng) not in graph:
                    wrong.append(f"{prop} value {o} outside range {rng}")
    assert wrong == []


def test_citations_are_web_annotations_with_selectors_on_their_target(graph: Graph) -> None:
    for cite in graph.subjects(RDF.type, LEX.Citation):
        assert (cite, RDF.type, OA.Annotation) in graph
        assert (cite, OA.hasSelector, None) not in graph
        target = graph.value(cite, OA.hasTarget)
        assert (target, RDF.type, OA.SpecificResource) in graph
        assert graph.value(target, OA.hasSource) == graph.value(cite, LEX.citedIn)
        assert graph.value(cite, PROV.wasDerivedFrom) == graph.value(cite, LEX.citedIn)
        kinds = {graph.value(s, RDF.type) for s in graph.objects(target, OA.hasSelector)}
        assert kinds == {OA.TextQuoteSelector, OA.TextPositionSelector}
