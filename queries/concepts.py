"""Offence concepts by notation: the stable ids users type (`csam-possession`) to graph IRIs.

The taxonomy's IRIs hang off the configurable base, so a notation is looked up in the graph
being queried rather than turned into an IRI by string pasting.
"""

from __future__ import annotations

import weakref

from lexgap.core.errors import UsageError, choices_hint
from lexgap.queries.engine import IRI, Engine

SKOS_NOTATION = "http://www.w3.org/2004/02/skos/core#notation"


_CACHE: weakref.WeakKeyDictionary[Engine, dict[str, str]] = weakref.WeakKeyDictionary()


def _notations(engine: Engine) -> dict[str, str]:
    """Every notation in the engine's graph, looked up once per engine."""
    known = _CACHE.get(engine)
    if known is None:
        rows = engine.select(
            f"SELECT ?c ?n WHERE {{ ?c <{SKOS_NOTATION}> ?n . FILTER(isIRI(?c)) }}",
        )
        known = {str(r["n"]): str(r["c"]) for r in rows}
        _CACHE[engine] = known
    return known


def offence_iri(engine: Engine, notation: str) -> IRI:
    """The offence concept with this notation, or a usage error listing the valid ones."""
    known = _notations(engine)
    if notation not in known:
        raise UsageError(
            f"unknown offence {notation!r}",
            hint=choices_hint([notation], known, "offences (see `lexgap list offences`)"),
        )
    return IRI(known[notation])
