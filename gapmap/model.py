"""The gap map's data model: nodes, edges and their tooltips as data (`Tip`), gathered in a
`GapMap`, with the few pure helpers on it (linking evidence, counting, finding a node).

Separate because three consumers share it and none of them should need the others: the
builders fill it from the graph, `stats` analyses it with networkx, and the page draws it.
Tooltips are data, never HTML: the page turns them into text nodes (see `page`).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from lexgap.gapmap.style import EDGE_KINDS, NODE_KINDS, SYMMETRIC
from lexgap.loaders.citation_form import DocumentRef


@dataclass
class Quote:
    """Verbatim words of a source and where they are (document and paragraph)."""

    text: str
    where: str


@dataclass
class TipItem:
    """One piece of evidence in a tooltip: a heading, named values and quotes."""

    head: str
    fields: list[tuple[str, str]] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)


@dataclass
class Tip:
    """A tooltip as data. The page turns it into elements with text nodes only, so nothing in
    it is ever read as HTML."""

    title: str
    fields: list[tuple[str, str]] = field(default_factory=list)
    items: list[TipItem] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    def text(self) -> str:
        """Every string in the tooltip, one per line (for tests and the CLI)."""
        lines = [self.title, *(f"{k}: {v}" for k, v in self.fields)]
        for item in self.items:
            lines.append(item.head)
            lines.extend(f"{k}: {v}" for k, v in item.fields)
            lines.extend(f'"{q.text}" ({q.where})' for q in item.quotes)
        return "\n".join(lines)


@dataclass
class MapNode:
    """One thing on the map: a gap question, a provision, a recommendation or a document. The
    fields after `ref` are what the page's filters and the analytics read; each is set only
    for the kinds its comment names."""

    id: str
    kind: str
    label: str
    tip: Tip
    ref: str = ""  # the full reference: "crc-c-opsc-lao-co-1 ¶30(c)", a provision's label
    status: str | None = None  # gap questions
    concepts: list[str] = field(default_factory=list)  # gap questions: concept notations
    instrument: str | None = None  # provisions: instrument id (`--instrument` matches it)
    group: str | None = None  # provisions: the instrument's IRI (one per jurisdiction)
    version: str | None = None  # provisions: stated version label
    body: str | None = None  # recommendations and documents
    document: str | None = None  # recommendations and documents: document id
    date: str | None = None  # recommendations and documents
    no_law: bool = False  # recommendations that ask for no law (training, budget)
    cite: str = ""  # documents and recommendations: "SYMBOL, para. X (date)" (gapmap.cite)
    short: str = ""  # the same with a document without a symbol named short (canvas labels)


@dataclass
class MapEdge:
    """One link of a kind between two nodes; its tooltip lists every piece of evidence for it."""

    kind: str
    source: str
    target: str
    tip: Tip

    @property
    def id(self) -> str:
        return f"{self.kind} {self.source} {self.target}"


@dataclass
class GapMap:
    """The map's data model: what the page draws, and what `gapmap_stats` analyses."""

    nodes: dict[str, MapNode] = field(default_factory=dict)
    edges: dict[str, MapEdge] = field(default_factory=dict)
    # Instrument IRI -> its label, with the jurisdiction when there is one: two countries'
    # Penal Codes share the id `penal-code` but are two groups on the page.
    instruments: dict[str, str] = field(default_factory=dict)
    bodies: dict[str, str] = field(default_factory=dict)  # key -> name
    concept_ancestors: dict[str, set[str]] = field(default_factory=dict)
    # Links whose ends are not on the map (a data inconsistency; tested to be empty).
    dropped: list[str] = field(default_factory=list)
    filters: dict[str, list[str]] = field(default_factory=dict)
    # Document id -> what citing it takes (gapmap.cite): every source is cited as the CLI
    # cites it, by UN symbol, paragraph and date, never by its internal id.
    documents: dict[str, DocumentRef] = field(default_factory=dict)
    # Offence concept notation -> its SKOS prefLabel: what the page says instead of a notation.
    concept_labels: dict[str, str] = field(default_factory=dict)
    # The overview's cards at each date the sources give (gapmap.overview): what the page's
    # first screen and its date control show. Empty for a map made without it.
    timeline: list[dict[str, Any]] = field(default_factory=list)

    def add_node(self, node: MapNode) -> None:
        self.nodes.setdefault(node.id, node)

    def link(
        self, kind: str, source: str, target: str, title: str, item: TipItem | None = None
    ) -> None:
        """Add evidence to the edge (kind, source, target), creating it the first time: one
        edge per pair and kind, its tooltip listing every piece of evidence."""
        if source not in self.nodes or target not in self.nodes:
            self.dropped.append(f"{kind}: {source} -> {target}")
            return
        if kind in SYMMETRIC and target < source:
            source, target = target, source
        edge = MapEdge(kind, source, target, Tip(title))
        edge = self.edges.setdefault(edge.id, edge)
        if item is not None:
            edge.tip.items.append(item)

    def counts(self) -> dict[str, int]:
        """Nodes and edges in all and per kind: what the page must draw."""
        out = {"nodes": len(self.nodes), "edges": len(self.edges)}
        for kind in NODE_KINDS:
            out[f"node:{kind}"] = sum(1 for n in self.nodes.values() if n.kind == kind)
        for kind in EDGE_KINDS:
            out[f"edge:{kind}"] = sum(1 for e in self.edges.values() if e.kind == kind)
        return out

    def find(self, label: str) -> MapNode:
        """The node with exactly this label (tests and notebooks)."""
        found = [n for n in self.nodes.values() if n.label == label]
        if len(found) != 1:
            raise KeyError(f"{len(found)} nodes labelled {label!r}")
        return found[0]
