"""The offence taxonomy's notations, read from ontology/offences.ttl.

Data files name offences by their SKOS notation ("csam-possession"); this module is how the
loaders know which notations exist, so an unknown one is refused with the list of valid ones.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from rdflib import Graph
from rdflib.namespace import SKOS

from lexgap.core import options

TAXONOMY_FILE = "offences.ttl"
_PLACEHOLDER_BASE = "https://placeholder.invalid/"


def taxonomy_text() -> str:
    return (options.ONTOLOGY / TAXONOMY_FILE).read_text("utf-8")


@dataclass(frozen=True)
class Concept:
    notation: str
    label: str
    broader: str | None


@cache
def concepts() -> dict[str, Concept]:
    """Notation -> concept, in notation order."""
    g = Graph()
    g.parse(data=taxonomy_text(), format="turtle", publicID=_PLACEHOLDER_BASE)
    by_node = {node: str(n) for node, n in g.subject_objects(SKOS.notation)}
    out: dict[str, Concept] = {}
    for node, notation in by_node.items():
        label = g.value(node, SKOS.prefLabel)
        broader = g.value(node, SKOS.broader)
        out[notation] = Concept(
            notation=notation,
            label=str(label) if label is not None else notation,
            broader=by_node.get(broader) if broader is not None else None,
        )
    return dict(sorted(out.items()))
