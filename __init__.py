"""lexgap: a knowledge graph of the statute provisions cited in UN documents on the sale and
sexual exploitation of children in the Lao PDR, with sourced gap answers in SPARQL.

The public API mirrors the command line (each function takes the same options as keywords):

    import lexgap
    lexgap.build()                                  # graph + embedded store in ./lexgap-out
    answer = lexgap.ask("csam-possession")          # GapAnswer; answer.to_json()
    answers = lexgap.gaps()                         # every question's GapAnswer
    lexgap.ask("csam-possession", as_of="2015-06-05")  # as the sources stood on a date
    steps = lexgap.history("csam-possession")       # the status after each source, and why
    rows = lexgap.matrix()                          # the gap matrix, one row per question
    lexgap.gapmap("gapmap.html")                    # the interactive offline gap map
    rows = lexgap.provisions("csam-possession")     # statements: article, penalty, ages, quote
    rows = lexgap.offences("Penal Code/257")        # offences a provision concerns, by source
    rows = lexgap.sparql("SELECT ...")              # any read-only query
    rows = lexgap.conflicts()                       # real disagreements, and superseded findings
    rows = lexgap.concordance("penal-code")         # an offence's article in each code version
    rows = lexgap.timeline("csam-possession")       # findings, asks and answers in date order
    lexgap.export("trig", "lexgap.trig")            # turtle, trig, nquads, jsonld, csv, all
    lexgap.push("http://localhost:7878/update")     # replace the named graphs on a store
    lexgap.engine()                                 # the Engine the others use

Where to answer from: `out=` (the embedded store's folder, built or refreshed when its inputs
change), `graph=` (a Turtle file) or `endpoint=` (a SPARQL 1.1 endpoint URL). Imports are lazy
so that `import lexgap` stays cheap.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from lexgap.graph.assemble import Assembled
    from lexgap.queries.answers.gaps import GapAnswer, HistoryStep
    from lexgap.queries.engine import Engine

__all__ = [
    "ask",
    "build",
    "concordance",
    "conflicts",
    "engine",
    "export",
    "gapmap",
    "gaps",
    "history",
    "matrix",
    "offences",
    "provisions",
    "push",
    "questions",
    "sparql",
    "timeline",
]


def _options(
    out: str | Path | None,
    graph: str | Path | None,
    endpoint: str | None,
    sources: str | Path | None,
    readings: str | Path | None,
    recommendations: str | Path | None = None,
) -> argparse.Namespace:
    from lexgap.cli.common import default_out

    return argparse.Namespace(
        out=Path(out) if out is not None else default_out(),
        graph=Path(graph) if graph is not None else None,
        endpoint=endpoint,
        sources=Path(sources) if sources is not None else None,
        readings=Path(readings) if readings is not None else None,
        recommendations=Path(recommendations) if recommendations is not None else None,
    )


def engine(
    *,
    out: str | Path | None = None,
    graph: str | Path | None = None,
    endpoint: str | None = None,
    sources: str | Path | None = None,
    readings: str | Path | None = None,
    recommendations: str | Path | None = None,
) -> Engine:
    """The engine the options name: an endpoint, a Turtle file, or the embedded store (built
    from `sources`, `readings` and `recommendations`, the bundled ones by default)."""
    from lexgap.cli.common import engine_for

    return engine_for(_options(out, graph, endpoint, sources, readings, recommendations))


def build(
    *,
    out: str | Path | None = None,
    sources: str | Path | None = None,
    readings: str | Path | None = None,
    recommendations: str | Path | None = None,
    base: str | None = None,
) -> Assembled:
    """Build and validate the graph, and write lexgap.ttl and the embedded store to `out`."""
    from lexgap.cli.common import default_out
    from lexgap.graph.persist import build_outputs
    from lexgap.graph.store import Inputs

    inputs = Inputs(
        Path(sources) if sources else None,
        Path(readings) if readings else None,
        Path(recommendations) if recommendations else None,
        base=base,
    )
    return build_outputs(inputs, Path(out) if out is not None else default_out())


def questions() -> dict[str, str]:
    """The gap-question catalogue: id -> question."""
    from lexgap.queries.answers.gaps import catalogue

    return {k: q.question for k, q in catalogue().items()}


def ask(
    question_id: str,
    *,
    jurisdiction: str | None = None,
    as_of: str | None = None,
    **options: Any,
) -> GapAnswer:
    """Answer one catalogue question (see `questions()`), with its sourced reasons; from the
    documents about one country only when `jurisdiction` is given ("la": the bundled corpus);
    as the sources stood on `as_of` (YYYY-MM-DD, YYYY-MM or YYYY) when given."""
    from lexgap.queries.answers.gaps import answer, check_as_of, check_jurisdiction, question

    question(question_id)
    when = check_as_of(as_of)
    e = engine(**options)
    check_jurisdiction(e, jurisdiction)
    return answer(e, question_id, jurisdiction, when)


def gaps(
    *, jurisdiction: str | None = None, as_of: str | None = None, **options: Any
) -> list[GapAnswer]:
    """Every catalogue question's answer (the gap matrix), optionally for one jurisdiction and
    as the sources stood on `as_of`."""
    from lexgap.queries.answers.gaps import answer_all, check_as_of, check_jurisdiction

    when = check_as_of(as_of)
    e = engine(**options)
    check_jurisdiction(e, jurisdiction)
    return answer_all(e, jurisdiction, when)


def history(
    question_id: str, *, jurisdiction: str | None = None, **options: Any
) -> list[HistoryStep]:
    """A question's status after each source in date order (2011, 2015, c. 2017, 2019), each
    step with the documents it adds, the status, what changed it and the whole answer."""
    from lexgap.queries.answers.gaps import check_jurisdiction, question
    from lexgap.queries.answers.gaps import history as replay

    question(question_id)
    e = engine(**options)
    check_jurisdiction(e, jurisdiction)
    return replay(e, question_id, jurisdiction)


def provisions(offence: str, **options: Any) -> list[dict[str, Any]]:
    """What each source says each provision on `offence` (or a narrower one) does."""
    from lexgap.queries import runner
    from lexgap.queries.concepts import offence_iri

    e = engine(**options)
    return runner.run(e, runner.get("statements"), {"offenceParam": offence_iri(e, offence)})


def offences(provision: str, **options: Any) -> list[dict[str, Any]]:
    """The offences a provision ('Penal Code/257', 'labour-law/101') concerns, by source."""
    from lexgap.loaders.citations import resolve_instrument
    from lexgap.queries import runner

    name, _, article = provision.partition("/")
    bindings: dict[str, Any] = {"instrumentParam": resolve_instrument(name)}
    if article:
        bindings["articleParam"] = article
    return runner.run(engine(**options), runner.get("offences-by-provision"), bindings)


def sparql(
    query: str, *, timeout: float = 60.0, allow_service: bool = False, **options: Any
) -> list[dict[str, Any]]:
    """Run a read-only SELECT or ASK query; stopped after `timeout` seconds. SERVICE clauses
    are refused on the local graph unless `allow_service` (a query does not reach the network
    by default)."""
    from lexgap.queries.usersparql import run_user_query

    keys = ("out", "graph", "endpoint", "sources", "readings", "recommendations")
    args = _options(*(options.get(k) for k in keys))
    args.allow_service = allow_service
    return run_user_query(args, query, timeout=timeout)


def conflicts(**options: Any) -> list[dict[str, Any]]:
    """Every real disagreement between sources or inside one (years, promulgation, penalties,
    findings against the provisions they deny), status "conflict", and the findings a later law
    answers, status "superseded": each row with kind, about, same_document, both claims, both
    sides' sources (document, date, paragraph, quote) and why both cannot be true."""
    from lexgap.queries.conflicts import conflicts as find_conflicts

    return find_conflicts(engine(**options))


def concordance(instrument: str | None = None, **options: Any) -> list[dict[str, Any]]:
    """Per offence concept, the article numbers each version of a code carries according to
    each source (Penal Code 2005 art. 129, 2017 arts. 250/251), with quotes; `instrument` keeps
    one code (its id, e.g. "penal-code", or its name)."""
    from lexgap.queries.concordance import concordance as find_concordance

    return find_concordance(engine(**options), instrument)


def timeline(offence: str, **options: Any) -> list[dict[str, Any]]:
    """Findings, recommendations, the provisions the State cites and its responses on
    `offence`, in date order."""
    from lexgap.queries.concepts import offence_iri
    from lexgap.queries.timeline import timeline as events

    e = engine(**options)
    return events(e, offence_iri(e, offence).value)


def export(fmt: str, path: str | Path, *, out: str | Path | None = None) -> list[Path]:
    """Write the graph of the store in `out` as `fmt` (turtle, trig, nquads, jsonld, csv, or
    all into the folder `path`), deterministically and atomically; returns what was written."""
    from lexgap.publish.export import export_store
    from lexgap.queries.engine import OxigraphEngine

    e = engine(out=out)
    assert isinstance(e, OxigraphEngine)
    return [w.path for w in export_store(e.store, fmt, Path(path))]


def push(
    endpoint: str,
    *,
    graph: str | None = None,
    protocol: Literal["update", "gsp"] = "update",
    out: str | Path | None = None,
    timeout: float = 60.0,
    query_endpoint: str | None = None,
) -> dict[str, int]:
    """Make a SPARQL 1.1 store hold exactly the named graphs of `lexgap export --format trig`
    (or everything, in `graph`), dropping stale lexgap graphs of the same base; returns the
    triples pushed per graph. Credentials come from the environment (see the README)."""
    from lexgap.publish.export import graph_from_store, partition
    from lexgap.publish.remote import check_endpoint, check_graph_iri
    from lexgap.publish.remote import push as push_parts
    from lexgap.queries.engine import OxigraphEngine

    url = check_endpoint(endpoint)
    e = engine(out=out)
    assert isinstance(e, OxigraphEngine)
    whole = graph_from_store(e.store)
    parts = {check_graph_iri(graph): whole} if graph else partition(whole)
    result = push_parts(
        parts, url, protocol=protocol, timeout=timeout, query_endpoint=query_endpoint
    )
    return {str(g): n for g, n in result.graphs.items()}


def matrix(**options: Any) -> list[dict[str, Any]]:
    """The gap matrix: one row per question with its status, key provisions and latest ask."""
    from lexgap.queries.answers.gaps import matrix_row

    return [matrix_row(a) for a in gaps(**options)]


def gapmap(
    path: str | Path,
    *,
    offences: tuple[str, ...] | list[str] = (),
    instruments: tuple[str, ...] | list[str] = (),
    jurisdiction: str | None = None,
    as_of: str | None = None,
    **options: Any,
) -> Path:
    """Write the interactive gap map (one self-contained HTML page) to `path`; `jurisdiction`
    draws one country's map (the view for a graph of many countries); `as_of` colours the gaps
    as the sources stood on that date."""
    from lexgap.gapmap.build import gap_map, render_html
    from lexgap.gapmap.stats import stats
    from lexgap.graph.serialize import atomic_write_bytes
    from lexgap.queries.answers.gaps import check_as_of

    m = gap_map(
        engine(**options),
        offences=offences,
        instruments=instruments,
        jurisdiction=jurisdiction,
        as_of=check_as_of(as_of),
    )
    target = Path(path)
    atomic_write_bytes(target, render_html(m, stats(m)).encode("utf-8"))
    return target
