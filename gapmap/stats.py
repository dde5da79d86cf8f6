"""Analytics on the gap map, with networkx: where the pressure is, and what nothing links.

Three questions advocates put to the map:

- `pressure`: which gaps are pressed by the most recommendations, from the most bodies, over
  the longest time (first to last dated recommendation), and how many of those recommendations
  the State party's report answers. Ranked in that order: recommendations, bodies, years.
- `recommendations-without-provision`: recommendations that reach no provision the graph
  knows, neither directly (they target it) nor through a gap they press on (a provision that
  gap's answer rests on). These are the asks for law where the graph knows none, and the asks
  for no law at all (training, budget); the `why` column says which.
- `provisions-without-recommendation`: provisions that no recommendation names.

Everything is computed on the map's own graph (the nodes and edges the page draws, filters
applied), so the CLI (`lexgap gapmap --stats`), the page's analytics panel and a notebook give
the same rows.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from lexgap.core.options import STATS_COLUMNS, STATS_TITLES
from lexgap.gapmap.model import GapMap

if TYPE_CHECKING:
    import networkx as nx

PROVISION_EDGES = ("creates-offence", "provides")
WHY = (
    "presses on gaps no known provision addresses",
    "asks for no law (training, budget or other action)",
    "targets no gap question and no provision",
)

COLUMNS = STATS_COLUMNS
TITLES = STATS_TITLES


def to_networkx(m: GapMap) -> nx.MultiDiGraph:
    """The map as a networkx multigraph: node attributes from the map, one keyed edge per
    (source, target, kind). networkx is imported here, not at module level, so that `lexgap`
    starts without it."""
    import networkx as nx

    g = nx.MultiDiGraph()
    for n in m.nodes.values():
        g.add_node(
            n.id,
            kind=n.kind,
            label=n.label,
            ref=n.ref,
            status=n.status,
            body=n.body,
            date=n.date,
            instrument=n.instrument,
            document=n.document,
            no_law=n.no_law,
        )
    for e in m.edges.values():
        g.add_edge(e.source, e.target, key=e.kind, kind=e.kind)
    return g


def _of_kind(g: nx.MultiDiGraph, kind: str) -> list[str]:
    return sorted(n for n, k in g.nodes(data="kind") if k == kind)


def _into(g: nx.MultiDiGraph, node: str, kinds: tuple[str, ...], of: str) -> set[str]:
    """Nodes of kind `of` with an edge of one of `kinds` into `node`."""
    return {u for u, _, k in g.in_edges(node, keys=True) if k in kinds and g.nodes[u]["kind"] == of}


def _out_of(g: nx.MultiDiGraph, node: str, kinds: tuple[str, ...], of: str) -> set[str]:
    """Nodes of kind `of` that `node` has an edge of one of `kinds` to."""
    return {
        v for _, v, k in g.out_edges(node, keys=True) if k in kinds and g.nodes[v]["kind"] == of
    }


def _as_date(text: str) -> date:
    """'2015-06-05', '2011-02' or '2011' -> a date (the first day of the period)."""
    parts = [int(p) for p in text.split("-")[:3]]
    return date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)


def pressure(g: nx.MultiDiGraph) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for gap in _of_kind(g, "offence"):
        recs = _into(g, gap, ("targets",), "recommendation")
        bodies = sorted({g.nodes[r]["body"] for r in recs if g.nodes[r]["body"]})
        dates = sorted(g.nodes[r]["date"] for r in recs if g.nodes[r]["date"])
        span = round((_as_date(dates[-1]) - _as_date(dates[0])).days / 365.25, 1) if dates else None
        answered = {r for r in recs if _into(g, r, ("answers",), "document")}
        rows.append(
            {
                "id": gap,
                "gap": g.nodes[gap]["ref"],
                "status": g.nodes[gap]["status"],
                "recommendations": len(recs),
                "bodies": len(bodies),
                "body_list": " ".join(bodies),
                "first": dates[0] if dates else None,
                "last": dates[-1] if dates else None,
                "span_years": span,
                "answered": len(answered),
            }
        )
    rows.sort(
        key=lambda r: (-r["recommendations"], -r["bodies"], -(r["span_years"] or 0), r["gap"])
    )
    return rows


def recommendations_without_provision(g: nx.MultiDiGraph) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for rec in _of_kind(g, "recommendation"):
        direct = _out_of(g, rec, ("targets",), "provision")
        gaps = _out_of(g, rec, ("targets",), "offence")
        via = {p for gap in gaps for p in _into(g, gap, PROVISION_EDGES, "provision")}
        if direct or via:
            continue
        data = g.nodes[rec]
        why = WHY[0] if gaps else (WHY[1] if data["no_law"] else WHY[2])
        rows.append(
            {
                "id": rec,
                "recommendation": data["ref"],
                "body": data["body"],
                "document": data["document"],
                "date": data["date"],
                "gaps": " ".join(sorted(g.nodes[x]["ref"] for x in gaps)),
                "why": why,
            }
        )
    rows.sort(key=lambda r: (WHY.index(r["why"]), r["date"] or "9999", r["recommendation"]))
    return rows


def provisions_without_recommendation(g: nx.MultiDiGraph) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for prov in _of_kind(g, "provision"):
        if _into(g, prov, ("targets",), "recommendation"):
            continue
        data = g.nodes[prov]
        gaps = _out_of(g, prov, PROVISION_EDGES, "offence")
        rows.append(
            {
                "id": prov,
                "provision": data["ref"],
                "instrument": data["instrument"],
                "gaps": " ".join(sorted(g.nodes[x]["ref"] for x in gaps)),
                "described_by": " ".join(
                    sorted(
                        g.nodes[d]["document"] for d in _into(g, prov, ("describes",), "document")
                    )
                ),
            }
        )
    rows.sort(key=lambda r: (r["instrument"] or "", r["provision"]))
    return rows


def stats(m: GapMap) -> dict[str, list[dict[str, Any]]]:
    """All three tables, by name (the keys of COLUMNS); each row also carries the node `id`."""
    g = to_networkx(m)
    return {
        "pressure": pressure(g),
        "recommendations-without-provision": recommendations_without_provision(g),
        "provisions-without-recommendation": provisions_without_recommendation(g),
    }
