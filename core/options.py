"""The choices and defaults the `lexgap` command offers, in one module free of heavy imports.

Why a module of its own: building the argument parser for `lexgap ask` used to import the
exporter, the pusher and the gap map (rdflib, pyvis, the loaders) only to read these constants,
which tripled the cost of a cold `lexgap ask` (issue 9). The modules that act on the choices
import them from here, so the command line and the library cannot drift apart.
"""

from __future__ import annotations

from typing import Literal

# graph/export.py: the RDF syntaxes `lexgap validate` and `load_file` read
INPUT_FORMATS = ("turtle", "trig", "nquads", "ntriples", "jsonld")

# graph/remote.py: how `lexgap push` writes to a SPARQL 1.1 store
Protocol = Literal["update", "gsp"]
PROTOCOLS: tuple[Protocol, ...] = ("update", "gsp")
DEFAULT_TIMEOUT = 300.0  # seconds to wait for a remote store

# gapmap/build.py: a page this size still settles in seconds on a laptop
MAX_NODES = 1000

# gapmap/stats.py: the analytics tables `lexgap gapmap --stats` prints, their columns
STATS_COLUMNS: dict[str, list[str]] = {
    "pressure": [
        "gap",
        "status",
        "recommendations",
        "bodies",
        "body_list",
        "first",
        "last",
        "span_years",
        "answered",
    ],
    "recommendations-without-provision": [
        "recommendation",
        "body",
        "document",
        "date",
        "gaps",
        "why",
    ],
    "provisions-without-recommendation": ["provision", "instrument", "gaps", "described_by"],
}
STATS_TITLES = {
    "pressure": "gaps by pressure: recommendations, bodies, years",
    "recommendations-without-provision": "recommendations that reach no provision the graph knows",
    "provisions-without-recommendation": "provisions no recommendation names",
}
