"""The gap map's page: one self-contained, offline HTML file drawing a `GapMap`.

pyvis with `cdn_resources="in_line"` inlines the vis-network script and styles, and the page's
own template (`page.html`) and script (`page.js`) are read from this folder and put in line;
no other resource is loaded, so the page works from `file://` with no network, on a laptop in
a meeting room.

Safety: tooltips and the side panel are data (`Tip`), never HTML. Every value reaches the page
as JSON that escapes `<`, `>`, `&` and `'` (Jinja's `tojson`); the page builds tooltips with
DOM text nodes, and vis-network draws labels on a canvas. A label `<script>...` shows as text
and runs nothing. The page also carries a Content-Security-Policy that forbids every fetch.

Scale: above `CLUSTER_AT` nodes the page opens with each instrument's provisions folded into
one node, so physics settles in seconds (a button unfolds them).

Separate from the builders because drawing is the only part that needs pyvis and Jinja, and
the only part that depends on vis-network's option names: the model, the filters and the
analytics can be used (in tests, notebooks, `--stats`) without either.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from lexgap.core import options
from lexgap.gapmap.model import GapMap, MapNode
from lexgap.gapmap.style import (
    BODY_COLOURS,
    BODY_SHORT,
    EDGE_KINDS,
    GROUP_OF,
    GROUP_SHORT,
    NO_ARROWS,
    NODE_KINDS,
    STATUS_GROUPS,
    STATUS_STYLE,
)
from lexgap.queries.answers.gaps import STATUSES

CLUSTER_AT = 400
LABEL_MIN_PX = 11  # no text on the page, canvas or DOM, is drawn smaller than this
PAGE_TEMPLATE = "page.html"
PAGE_SCRIPT = "page.js"


def _body_colours(m: GapMap) -> dict[str, str]:
    keys = sorted({n.body for n in m.nodes.values() if n.body} | set(m.bodies))
    return {b: BODY_COLOURS[i % len(BODY_COLOURS)] for i, b in enumerate(keys)}


def _node_style(node: MapNode, body_colours: dict[str, str]) -> dict[str, Any]:
    if node.kind == "offence":
        colour = STATUS_STYLE[node.status or "no_information"][0]
        return {
            "shape": "dot",
            "size": 26,
            "color": {
                "background": colour,
                "border": "#212121",
                "highlight": {"background": colour, "border": "#000000"},
                "hover": {"background": colour, "border": "#000000"},
            },
            "borderWidth": 2,
            "borderWidthSelected": 5,
            "font": {"size": 17, "strokeWidth": 3, "strokeColor": "#ffffff"},
        }
    if node.kind == "provision":
        return {
            "shape": "box",
            "color": {"background": "#dce6f5", "border": "#3b5b92"},
            "font": {"size": 12},
            "margin": 6,
            "widthConstraint": {"maximum": 150},
        }
    if node.kind == "recommendation":
        colour = body_colours.get(node.body or "", BODY_COLOURS[0])
        return {
            "shape": "triangle",
            "size": 11,
            "color": {"background": colour, "border": colour},
            "font": {"size": 10, "color": "#37474f"},
        }
    return {
        "shape": "square",
        "size": 20,
        "color": {"background": "#37474f", "border": "#212121"},
        "font": {"size": 14, "strokeWidth": 3, "strokeColor": "#ffffff"},
    }


def _edge_style(kind: str) -> dict[str, Any]:
    style = EDGE_KINDS[kind]
    return {
        "color": {"color": style["colour"], "highlight": style["colour"], "opacity": 0.85},
        "width": style["width"],
        "dashes": style["dashes"],
        "arrows": "" if kind in NO_ARROWS else "to",
    }


def _options(n_nodes: int) -> dict[str, Any]:
    """vis-network options for the whole network: a bounded stabilisation (the page stops
    physics when it ends); a label is drawn only once it is at least 11 px high on screen
    (`drawThreshold` 12: vis-network draws from threshold - 1), so labels appear as you zoom
    instead of a blur of 5 px text; the arrow keys pan and +/- zoom."""
    return {
        "autoResize": True,
        "nodes": {"scaling": {"label": {"enabled": False, "drawThreshold": LABEL_MIN_PX + 1}}},
        "layout": {"randomSeed": 7, "improvedLayout": n_nodes <= 150},
        "interaction": {
            "hover": True,
            "tooltipDelay": 120,
            "multiselect": True,
            "navigationButtons": False,
            "keyboard": {"enabled": True, "bindToWindow": False},
        },
        "physics": {
            "enabled": True,
            "solver": "forceAtlas2Based",
            "forceAtlas2Based": {
                "gravitationalConstant": -60,
                "centralGravity": 0.012,
                "springLength": 110,
                "springConstant": 0.06,
                "damping": 0.5,
                "avoidOverlap": 0.4,
            },
            "stabilization": {
                "enabled": True,
                "iterations": 250 if n_nodes <= CLUSTER_AT else 150,
                "updateInterval": 25,
                "fit": True,
            },
            "minVelocity": 1.0,
        },
        "edges": {"smooth": {"enabled": True, "type": "continuous", "roundness": 0.4}},
    }


def page_data(m: GapMap, stats: dict[str, list[dict[str, Any]]], title: str) -> dict[str, Any]:
    """Everything the page's script needs besides nodes and edges: legend, filters, stats."""
    colours = _body_colours(m)
    counts = m.counts()
    status_count = {s: 0 for s in STATUSES}
    for n in m.nodes.values():
        if n.status:
            status_count[n.status] += 1
    per_instrument: dict[str, int] = defaultdict(int)
    per_body: dict[str, int] = defaultdict(int)
    for n in m.nodes.values():
        if n.kind == "provision" and n.group:
            per_instrument[n.group] += 1
        if n.kind == "recommendation" and n.body:
            per_body[n.body] += 1
    return {
        "title": title,
        "counts": counts,
        "filters": m.filters,
        "clusterOnLoad": len(m.nodes) > CLUSTER_AT,
        "statuses": [
            {
                "key": s,
                "label": STATUS_STYLE[s][1],
                "colour": STATUS_STYLE[s][0],
                "group": GROUP_OF[s],
                "count": status_count[s],
            }
            for s in STATUSES
        ],
        "nodeKinds": [
            {"kind": k, "label": v["label"], "shape": v["shape"], "colour": v.get("colour")}
            for k, v in NODE_KINDS.items()
        ],
        "edgeKinds": [
            {
                "kind": k,
                "label": v["label"],
                "colour": v["colour"],
                "width": v["width"],
                "dashes": v["dashes"] or [],
                "fromSection": v["from_section"],
                "toSection": v["to_section"],
                "count": counts[f"edge:{k}"],
            }
            for k, v in EDGE_KINDS.items()
        ],
        "instruments": [
            {"id": i, "label": m.instruments[i], "count": per_instrument[i]}
            for i in sorted(m.instruments, key=lambda i: m.instruments[i].casefold())
            if per_instrument[i]
        ],
        "bodies": [
            {
                "key": b,
                "label": BODY_SHORT.get(b, b),
                "name": m.bodies.get(b, b),
                "colour": colours[b],
                "count": per_body[b],
            }
            for b in sorted(per_body)
        ],
        "stats": stats,
        "labelMinPx": LABEL_MIN_PX,
        "timeline": m.timeline,
        "groups": [
            {"key": k, "label": v[0], "short": GROUP_SHORT[k], "colour": v[1], "icon": v[2]}
            for k, v in STATUS_GROUPS.items()
        ],
    }


def _asset(name: str) -> str:
    return (options.PACKAGE / "gapmap" / name).read_text("utf-8")


def render_html(
    m: GapMap, stats: dict[str, list[dict[str, Any]]], title: str = "lexgap gap map"
) -> str:
    """The self-contained page, made with pyvis (nodes, edges, options and the in-line
    vis-network resources) and lexgap's own template and script."""
    from jinja2 import ChoiceLoader, DictLoader, Environment, FileSystemLoader
    from markupsafe import Markup
    from pyvis.network import Network

    net = Network(height="100%", width="100%", directed=True, cdn_resources="in_line")
    colours = _body_colours(m)
    for node in m.nodes.values():
        net.add_node(
            node.id,
            label=node.label,
            **_node_style(node, colours),
            kind=node.kind,
            cite=node.cite,
            short=node.short,
            tip=node.tip.to_json(),
            status=node.status,
            instrument=node.instrument,
            lawGroup=node.group,
            body=node.body,
            date=node.date,
        )
    for edge in m.edges.values():
        net.add_edge(
            edge.source,
            edge.target,
            id=edge.id,
            kind=edge.kind,
            tip=edge.tip.to_json(),
            **_edge_style(edge.kind),
        )
    net.options = _options(len(m.nodes))
    script = _asset(PAGE_SCRIPT)  # goes in line as is: it has no "</script" (tested)
    # The page template comes first; pyvis's own template folder supplies the vis-network
    # files the template includes in line.
    env = Environment(
        loader=ChoiceLoader(
            [DictLoader({PAGE_TEMPLATE: _asset(PAGE_TEMPLATE)}), FileSystemLoader(net.template_dir)]
        ),
        autoescape=True,
    )
    env.globals.update(page=page_data(m, stats, title), page_script=Markup(script))
    net.templateEnv = env
    net.path = PAGE_TEMPLATE
    html: str = net.generate_html()
    return html
