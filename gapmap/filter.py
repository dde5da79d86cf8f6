"""Narrowing the gap map: checking the `--offence`, `--instrument`, `--jurisdiction` and
`--max-nodes` filters, and keeping the part of a built map that they ask for.

Scale: a map over `max_nodes` nodes (default `MAX_NODES`) is refused with a message naming the
filters that narrow it. The whole map's size is known from counts alone, so it is refused
before the costly build; a narrowed map is checked once narrowed.

Separate from the builder because the builder makes the whole map (or one country's) from the
graph and decides nothing about what a user asked to see, while here every check is a usage
error listing the valid values, and `restrict` works on any `GapMap` with no engine. The
checks are split into what can be checked before the map is built (`check_filters`,
`check_whole_size`) and after (`narrow`), so `build.gap_map` keeps their order: the first
error a user sees is the same whatever the filters.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from lexgap.core.errors import GapMapTooLarge, UsageError
from lexgap.gapmap.model import GapMap
from lexgap.queries import runner
from lexgap.queries.answers.gaps import catalogue, check_jurisdiction
from lexgap.queries.engine import Engine


def check_filters(
    engine: Engine,
    offences: Sequence[str],
    instruments: Sequence[str],
    jurisdiction: str | None,
) -> list[str]:
    """The filters checked against the graph before anything is built: an unknown offence
    notation, instrument or jurisdiction is a usage error listing the valid ones. Returns the
    instrument ids the `instruments` names resolve to, in their order."""
    from lexgap.loaders.citations import resolve_instrument
    from lexgap.queries.concepts import offence_iri

    for notation in offences:
        offence_iri(engine, notation)  # an unknown notation is a usage error listing valid ones
    instrument_ids = [resolve_instrument(name) for name in instruments]
    check_jurisdiction(engine, jurisdiction)
    return instrument_ids


def check_whole_size(engine: Engine, max_nodes: int) -> None:
    """Refuse the whole map before the costly build: its size is known from counts alone."""
    (counts,) = runner.run(engine, runner.get("gapmap-counts"))
    nodes = len(catalogue()) + sum(
        counts[k] for k in ("provisions", "recommendations", "documents")
    )
    check_size(nodes, max_nodes)


def narrow(
    whole: GapMap,
    offences: Sequence[str],
    instruments: Sequence[str],
    instrument_ids: Sequence[str],
    jurisdiction: str | None,
    max_nodes: int,
) -> GapMap:
    """The part of `whole` the filters ask for (`restrict`), refused when an asked instrument
    has no provision on the map, when no gap question is about an asked offence, or when it
    is still over `max_nodes`. `instrument_ids` are `check_filters`' answer for `instruments`
    (the names, for the messages)."""
    on_map = {n.instrument for n in whole.nodes.values() if n.instrument}
    for name, inst in zip(instruments, instrument_ids, strict=True):
        if inst not in on_map:
            raise UsageError(
                f"no provision of {name!r} ({inst}) is on the map",
                hint="instruments on the map: " + ", ".join(sorted(on_map)),
            )
    m = restrict(whole, offences, instrument_ids)
    if offences and not any(n.kind == "offence" for n in m.nodes.values()):
        gaps_concepts = sorted({c for n in whole.nodes.values() for c in n.concepts})
        raise UsageError(
            f"no gap question is about {', '.join(offences)} or a narrower or broader offence",
            hint="offences of the gap questions: " + ", ".join(gaps_concepts),
        )
    if jurisdiction is not None:
        m.filters = {**m.filters, "jurisdiction": [jurisdiction]}
    check_size(len(m.nodes), max_nodes)
    return m


def _neighbours(m: GapMap) -> dict[str, set[str]]:
    """Each node's neighbours, either way along an edge."""
    out: dict[str, set[str]] = defaultdict(set)
    for e in m.edges.values():
        out[e.source].add(e.target)
        out[e.target].add(e.source)
    return out


def restrict(m: GapMap, offences: Sequence[str] = (), instruments: Sequence[str] = ()) -> GapMap:
    """The part of the map about some offences and/or instruments.

    Gap questions are kept when one of their concepts is an asked offence, narrower or broader
    than one; provisions when they belong to an asked instrument. With both filters, only the
    provisions next to a kept gap stay; with instruments only, only the gaps next to a kept
    provision. Recommendations next to what is kept stay, then documents next to any of that,
    and every edge between two kept nodes."""
    if not offences and not instruments:
        return m
    near = _neighbours(m)
    kinds: dict[str, list[str]] = defaultdict(list)
    for n in m.nodes.values():
        kinds[n.kind].append(n.id)
    wanted = set(offences)

    def about(concept: str) -> bool:
        ancestors = m.concept_ancestors.get(concept, {concept})
        return bool(wanted & ancestors) or any(
            concept in m.concept_ancestors.get(w, set()) for w in wanted
        )

    gaps = {
        n for n in kinds["offence"] if not offences or any(about(c) for c in m.nodes[n].concepts)
    }
    provisions = {
        n for n in kinds["provision"] if not instruments or m.nodes[n].instrument in instruments
    }
    if offences:
        provisions = {p for p in provisions if near[p] & gaps}
    elif instruments:
        gaps = {g for g in gaps if near[g] & provisions}
    core = gaps | provisions
    recs = {r for r in kinds["recommendation"] if near[r] & core}
    kept = core | recs
    kept |= {d for d in kinds["document"] if near[d] & kept}
    out = GapMap(
        nodes={k: v for k, v in m.nodes.items() if k in kept},
        edges={k: e for k, e in m.edges.items() if e.source in kept and e.target in kept},
        instruments={
            i: label
            for i, label in m.instruments.items()
            if any(m.nodes[p].group == i for p in provisions)
        },
        bodies=m.bodies,
        concept_ancestors=m.concept_ancestors,
        concept_labels=m.concept_labels,
        dropped=m.dropped,
        filters={"offence": list(offences), "instrument": list(instruments)},
        documents=m.documents,
        timeline=[
            {**step, "cards": [c for c in step["cards"] if c["node"] in gaps]}
            for step in m.timeline
        ],
    )
    return out


def check_size(nodes: int, max_nodes: int) -> None:
    """Refuse a map over `max_nodes`: a page that size cannot be laid out or read."""
    if nodes > max_nodes:
        raise GapMapTooLarge(
            f"the map would have {nodes:,} nodes, more than --max-nodes {max_nodes:,}: "
            "a page that size cannot be laid out or read",
            hint="narrow it with --jurisdiction J (one country's map), --offence X or "
            "--instrument Y (repeatable), e.g. --instrument penal-code, or raise --max-nodes",
        )
