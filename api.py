"""The library's front door: every question lexgap answers, as one function each.

The command line is a thin layer over these functions (each command parses its arguments, makes
one call here and renders the result), so the library and the CLI cannot drift apart. Every
function that reads the graph takes the same data-source keywords:

- `endpoint="http://..."`: a SPARQL 1.1 endpoint (credentials from the environment);
- `graph="file.ttl"`: a Turtle file someone produced;
- otherwise the embedded store in `out` (default $LEXGAP_OUT, else the per-user data folder
  `$XDG_DATA_HOME/lexgap` or `~/.local/share/lexgap`; see `core.options.default_out`), built or
  rebuilt first from `sources`, `readings` and `recommendations` (the bundled ones by default)
  when it is missing or older than its inputs, saying where on stderr. That decision is made
  in one place: `engine`.

Every row a function returns has snake_case keys (`doc_id`, `facts_up_to`, `prison_min_months`),
as every JSON and CSV output has: one key style (issue 18). Only `sparql` keeps the variable
names of the user's query. Rows that come from a query also carry `.columns`.

Imports are lazy so that `import lexgap` and a cold `lexgap ask` stay cheap.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lexgap.core import options as defaults
from lexgap.core.errors import UsageError
from lexgap.core.record import fields, record, replace

if TYPE_CHECKING:
    from lexgap.core.options import Protocol
    from lexgap.gapmap.model import GapMap
    from lexgap.graph.assemble import Assembled
    from lexgap.graph.validate import Inference, Violation
    from lexgap.loaders.citation_form import DocumentRef
    from lexgap.publish.export import Written
    from lexgap.publish.push import PushResult
    from lexgap.publish.report import Report
    from lexgap.queries.answers.gaps import GapAnswer, HistoryStep
    from lexgap.queries.engine import Engine, OxigraphEngine
    from lexgap.queries.passages import PassageView


@record(frozen=True)
class Options:
    """Where to answer from (see the module docstring). `timeout` bounds each request to an
    endpoint; `allow_service` lets a user's query reach the network with SERVICE."""

    out: Path
    graph: Path | None = None
    endpoint: str | None = None
    sources: Path | None = None
    readings: Path | None = None
    recommendations: Path | None = None
    timeout: float | None = None
    allow_service: bool = False

    @classmethod
    def of(
        cls,
        out: str | Path | None = None,
        graph: str | Path | None = None,
        endpoint: str | None = None,
        sources: str | Path | None = None,
        readings: str | Path | None = None,
        recommendations: str | Path | None = None,
        timeout: float | None = None,
        allow_service: bool = False,
    ) -> Options:
        """Options from the keywords every API function takes (strings or paths)."""

        def path(value: str | Path | None) -> Path | None:
            return Path(value) if value is not None else None

        return cls(
            out=Path(out) if out is not None else defaults.default_out(),
            graph=path(graph),
            endpoint=endpoint,
            sources=path(sources),
            readings=path(readings),
            recommendations=path(recommendations),
            timeout=timeout,
            allow_service=allow_service,
        )


def check_choice(option: str, value: str, valid: list[str]) -> str:
    """`value` when it is one of `valid`; else a usage error (exit 2) naming the valid ones and
    the closest, so a typo never answers "nothing" with success."""
    from lexgap.core.errors import choices_hint

    if value not in valid:
        raise UsageError(f"unknown {option} {value!r}", hint=choices_hint([value], valid, "values"))
    return value


def _effects() -> list[str]:
    """What a statement says a provision does (`--effect`, `lexgap list effects`)."""
    from lexgap.loaders.readings import EFFECT_MEANINGS

    return list(EFFECT_MEANINGS)


def _bodies() -> list[str]:
    """The issuing bodies lexgap reads recommendations from (`--body`, `lexgap list bodies`)."""
    from lexgap.loaders.recommendations import BODY_NAMES

    return list(BODY_NAMES)


def _options(given: dict[str, Any]) -> Options:
    try:
        return Options.of(**given)
    except TypeError:
        known = ", ".join(fields(Options))
        unknown = ", ".join(sorted(set(given) - set(fields(Options))))
        raise TypeError(f"unknown option(s) {unknown}; known: {known}") from None


def _inputs(o: Options, base: str | None = None) -> Any:
    from lexgap.graph.store import Inputs

    return Inputs(o.sources, o.readings, o.recommendations, base=base)


# --------------------------------------------------------------------------------------------
# Engines: the one place that opens the store or rebuilds it


def open_engine(o: Options, *, rebuild: bool = True, quiet: bool = False) -> Engine:
    """The engine the options name: an endpoint, a Turtle file, or the embedded store (built
    or rebuilt first when it is missing or older than its inputs, unless `rebuild` is False)."""
    engine: Engine
    if o.endpoint:
        from lexgap.queries.engine import RemoteEngine, check_lexgap_graph

        timeout = defaults.REMOTE_QUERY_TIMEOUT if o.timeout is None else o.timeout
        engine = RemoteEngine(o.endpoint, timeout=timeout)  # bounds this first request too
        check_lexgap_graph(engine)
    elif o.graph:
        from lexgap.queries.engine import turtle_engine

        engine = turtle_engine(o.graph)
    else:
        engine = store_engine(o, rebuild=rebuild, quiet=quiet)
    if o.allow_service:
        engine.allow_service = True  # type: ignore[attr-defined]
    return engine


def store_engine(o: Options, *, rebuild: bool = True, quiet: bool = False) -> OxigraphEngine:
    """An engine on the live embedded store in `o.out`, building (or rebuilding a stale) store
    first if allowed."""
    from lexgap.core.errors import StoreError
    from lexgap.graph.store import current, is_fresh, store_root
    from lexgap.queries.engine import open_store_engine

    inputs = _inputs(o)
    if not is_fresh(o.out, inputs):
        if not rebuild:
            raise StoreError(
                "no up-to-date store here", file=store_root(o.out), hint="run `lexgap build` first"
            )
        if not quiet:
            print(
                f"lexgap: the store in {o.out} is missing or older than its inputs; building it",
                file=sys.stderr,
            )
        from lexgap.graph.persist import build_outputs

        build_outputs(inputs, o.out)
    # A build may replace CURRENT between our reading it and opening the store it names; the
    # store it names then is complete, so read CURRENT again and open that one.
    for _ in range(3):
        found = current(o.out)
        if found is None:  # pragma: no cover - build_outputs wrote one or raised
            raise StoreError("no store after building", file=store_root(o.out))
        try:
            return open_store_engine(found[0])
        except StoreError:
            again = current(o.out)
            if again is None or again[0] == found[0]:
                raise
    raise StoreError("the store kept changing while being opened", file=store_root(o.out))


def engine(**options: Any) -> Engine:
    """The engine the keywords name (see the module docstring); the one the others use."""
    return open_engine(_options(options))


# --------------------------------------------------------------------------------------------
# Building


def build(
    *,
    out: str | Path | None = None,
    sources: str | Path | None = None,
    readings: str | Path | None = None,
    recommendations: str | Path | None = None,
    base: str | None = None,
    keep: bool = True,
) -> Assembled:
    """Build and validate the graph, and write lexgap.ttl and the embedded store to `out`.

    `keep=False` returns only what `lexgap build` reports (the counts, coverage and
    recommendation tallies; the graph, corpus, readings, recommendations and targets empty),
    and lets go of the rest before the store is loaded: less memory at the build's peak."""
    from lexgap.graph.persist import build_outputs

    o = Options.of(out=out, sources=sources, readings=readings, recommendations=recommendations)
    return build_outputs(_inputs(o, base), o.out, keep_graph=keep, keep_inputs=keep)


# --------------------------------------------------------------------------------------------
# Gap questions


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

    question(question_id)  # an unknown id fails before the store is opened
    when = check_as_of(as_of)
    e = open_engine(_options(options))
    check_jurisdiction(e, jurisdiction)
    return answer(e, question_id, jurisdiction, when)


def gaps(
    *, jurisdiction: str | None = None, as_of: str | None = None, **options: Any
) -> list[GapAnswer]:
    """Every catalogue question's answer (the gap matrix), optionally for one jurisdiction and
    as the sources stood on `as_of`."""
    from lexgap.queries.answers.gaps import answer_all, check_as_of, check_jurisdiction

    when = check_as_of(as_of)
    e = open_engine(_options(options))
    check_jurisdiction(e, jurisdiction)
    return answer_all(e, jurisdiction, when)


def matrix(**options: Any) -> list[dict[str, Any]]:
    """The gap matrix: one row per question with its status, key provisions and latest ask."""
    from lexgap.queries.answers.matrix import matrix_row

    return [matrix_row(a) for a in gaps(**options)]


def history(
    question_id: str, *, jurisdiction: str | None = None, **options: Any
) -> list[HistoryStep]:
    """A question's status after each source in date order (2011, 2015, c. 2017, 2019), each
    step with the documents it adds, the status, what changed it and the whole answer."""
    from lexgap.queries.answers.gaps import check_jurisdiction, question
    from lexgap.queries.answers.gaps import history as replay

    question(question_id)
    e = open_engine(_options(options))
    check_jurisdiction(e, jurisdiction)
    return replay(e, question_id, jurisdiction)


# --------------------------------------------------------------------------------------------
# What the closed options accept: `lexgap list WHAT`

LISTS = ("offences", "effects", "bodies", "documents", "questions")


def listing(what: str, *, sources: str | Path | None = None) -> list[dict[str, Any]]:
    """The values an option accepts, with what they mean: `offences` (the SKOS taxonomy as a
    tree: notation, label, broader, depth, in tree order), `effects`, `bodies`, `documents`
    (of the manifest in `sources`, default the bundled corpus) or `questions`. Read from the
    ontology and the data files, no store needed."""
    from lexgap.core.output import Rows

    check_choice("list", what, list(LISTS))
    if what == "offences":
        from lexgap.loaders.taxonomy import concepts

        found = concepts()
        rows: list[dict[str, Any]] = Rows(columns=["notation", "label", "broader", "depth"])

        def walk(parent: str | None, depth: int) -> None:
            for c in found.values():
                if c.broader == parent:
                    rows.append(
                        {
                            "notation": c.notation,
                            "label": c.label,
                            "broader": parent,
                            "depth": depth,
                        }
                    )
                    walk(c.notation, depth + 1)

        walk(None, 0)
        return rows
    if what == "effects":
        from lexgap.loaders.readings import EFFECT_MEANINGS

        return Rows(
            ({"effect": k, "meaning": v} for k, v in EFFECT_MEANINGS.items()), ["effect", "meaning"]
        )
    if what == "bodies":
        from lexgap.loaders.recommendations import BODY_NAMES

        return Rows(({"body": k, "name": v} for k, v in BODY_NAMES.items()), ["body", "name"])
    if what == "questions":
        return Rows(({"id": k, "question": q} for k, q in questions().items()), ["id", "question"])
    from lexgap.loaders.sources import bundled_sources_dir, load_manifest

    manifest = load_manifest(Path(sources) if sources is not None else bundled_sources_dir())
    columns = ["id", "number", "symbol", "body", "date", "language", "title"]
    return Rows(({c: getattr(d, c) for c in columns} for d in manifest.documents), columns)


# --------------------------------------------------------------------------------------------
# Look-ups


_ARTICLE = re.compile(r"\d+[A-Za-z]?")


def provision_filter(spec: str) -> dict[str, Any]:
    """'penal-code/257', 'Penal Code/257' or 'labour-law' -> the instrument (and article)
    bindings of the look-up queries. The article is what follows the last '/' when it is an
    article number, so an instrument whose name holds a '/' still resolves."""
    from lexgap.loaders.citations import resolve_instrument

    name, slash, article = spec.rpartition("/")
    if slash and _ARTICLE.fullmatch(article.strip()):
        return {"instrumentParam": resolve_instrument(name), "articleParam": article.strip()}
    return {"instrumentParam": resolve_instrument(spec)}


def provisions(offence: str, *, effect: str | None = None, **options: Any) -> list[dict[str, Any]]:
    """What each source says each provision on `offence` (or a narrower one) does: article,
    penalty, ages, sex and the quote; only provisions with this `effect` when given."""
    from lexgap.core.output import Rows, snake_rows
    from lexgap.queries import runner
    from lexgap.queries.concepts import offence_iri

    if effect is not None:
        check_choice("--effect", effect, _effects())
    e = open_engine(_options(options))
    rows = snake_rows(
        runner.run(e, runner.get("statements"), {"offenceParam": offence_iri(e, offence)})
    )
    return Rows((r for r in rows if r["effect"] == effect), rows.columns) if effect else rows


def offences(provision: str, **options: Any) -> list[dict[str, Any]]:
    """The offences a provision ('Penal Code/257', 'labour-law/101') concerns, by source."""
    from lexgap.core.output import snake_rows
    from lexgap.queries import runner

    bindings = provision_filter(provision)
    engine = open_engine(_options(options))
    return snake_rows(runner.run(engine, runner.get("offences-by-provision"), bindings))


def statements(
    *,
    doc: str | None = None,
    instrument: str | None = None,
    article: str | None = None,
    **options: Any,
) -> list[dict[str, Any]]:
    """What each source states each provision does (penalty, ages, sex), optionally of one
    document (id or number), one instrument (id or name) and one article."""
    from lexgap.loaders.citations import resolve_instrument
    from lexgap.queries import runner

    o = _options(options)
    bindings: dict[str, Any] = {}
    if doc:  # an unknown document fails before the store is opened (or built)
        from lexgap.loaders.corpus import read_corpus

        bindings["docParam"] = read_corpus(o.sources).by_id(doc).id
    e = open_engine(o)
    if instrument:
        bindings["instrumentParam"] = resolve_instrument(instrument)
    if article:
        bindings["articleParam"] = article
    from lexgap.core.output import snake_rows

    return snake_rows(runner.run(e, runner.get("statements"), bindings))


def recommendations(
    *,
    offence: str | None = None,
    provision: str | None = None,
    body: str | None = None,
    unanswered: bool = False,
    **options: Any,
) -> list[dict[str, Any]]:
    """UN recommendations, by offence (narrower ones too), provision or issuing body; or, with
    `unanswered`, the Committee's recommendations the State report does not answer."""
    from lexgap.core.output import snake_rows
    from lexgap.queries import runner
    from lexgap.queries.concepts import offence_iri

    if body is not None:
        check_choice("--body", body, _bodies())
    e = open_engine(_options(options))
    if unanswered:
        rows = runner.run(e, runner.get("unanswered"))
        return snake_rows(_without(rows, "rec"))
    bindings: dict[str, Any] = {}
    if offence:
        bindings["offenceParam"] = offence_iri(e, offence)
    if provision:
        bindings.update(provision_filter(provision))
    if body:
        bindings["bodyParam"] = body
    rows = runner.run(e, runner.get("recommendations"), bindings)
    rows = runner.tidy_lists(rows, {"actions": " ", "offences": " ", "provisions": "; "})
    return snake_rows(_without(rows, "rec"))


def _without(rows: list[dict[str, Any]], column: str) -> list[dict[str, Any]]:
    """Rows without an internal column (a node IRI the user has no use for), columns kept."""
    from lexgap.core.output import Rows, columns_of

    kept = [c for c in columns_of(rows, None) if c != column]
    return Rows(({k: v for k, v in r.items() if k != column} for r in rows), kept)


def citations(
    *, doc: str | None = None, summary: bool = False, sources: str | Path | None = None
) -> list[dict[str, Any]]:
    """Every statute/article citation found in the sources (of one document when `doc` names
    it), read from the documents themselves; with `summary`, counts per document."""
    from lexgap.loaders.citations import summarise
    from lexgap.loaders.corpus import read_corpus

    corpus = read_corpus(Path(sources) if sources is not None else None)
    docs = [corpus.by_id(doc)] if doc else corpus.documents
    found = [c for d in docs for c in d.citations]
    if summary:
        return summarise(found, [d.id for d in docs])
    return [
        {
            "document": c.doc_id,
            "locator": c.locator,
            "instrument": c.instrument,
            "article": c.article,
            "year": c.year,
            "year_source": c.year_source,
            "start": c.span[0],
            "end": c.span[1],
            "matched": c.matched,
        }
        for c in found
    ]


def sparql(
    query: str,
    *,
    timeout: float = defaults.QUERY_TIMEOUT,
    allow_service: bool = False,
    **options: Any,
) -> list[dict[str, Any]]:
    """Run a read-only SELECT or ASK query; stopped after `timeout` seconds. SERVICE clauses
    are refused on the local graph unless `allow_service` (a query does not reach the network
    by default)."""
    from lexgap.queries.usersparql import run_user_query

    o = replace(_options(options), allow_service=allow_service, timeout=timeout)
    return run_user_query(
        query,
        lambda: open_engine(o),
        timeout=timeout,
        remote=bool(o.endpoint),
        allow_service=allow_service,
    )


def conflicts(**options: Any) -> list[dict[str, Any]]:
    """Every real disagreement between sources or inside one (years, promulgation, penalties,
    findings against the provisions they deny), status "conflict", and the findings a later law
    answers, status "superseded": each row with kind, about, same_document, both claims, both
    sides' sources (document, date, paragraph, quote) and why both cannot be true."""
    from lexgap.queries.conflicts import conflicts as find_conflicts

    return find_conflicts(open_engine(_options(options)))


def concordance(instrument: str | None = None, **options: Any) -> list[dict[str, Any]]:
    """Per offence concept, the article numbers each version of a code carries according to
    each source (Penal Code 2005 art. 129, 2017 arts. 250/251), with quotes; `instrument` keeps
    one code (its id, e.g. "penal-code", or its name)."""
    from lexgap.loaders.citations import resolve_instrument
    from lexgap.queries.concordance import concordance as find_concordance

    # an unknown instrument is a usage error with a guess, not an empty answer
    wanted = resolve_instrument(instrument) if instrument else None
    return find_concordance(open_engine(_options(options)), wanted)


def timeline(offence: str, **options: Any) -> list[dict[str, Any]]:
    """Findings, recommendations, the provisions the State cites and its responses on
    `offence`, in date order."""
    from lexgap.core.output import snake_rows
    from lexgap.queries.concepts import offence_iri
    from lexgap.queries.timeline import timeline as events

    e = open_engine(_options(options))
    return snake_rows(events(e, offence_iri(e, offence).value))


# --------------------------------------------------------------------------------------------
# The gap map


def gapmap_model(
    *,
    offences: tuple[str, ...] | list[str] = (),
    instruments: tuple[str, ...] | list[str] = (),
    jurisdiction: str | None = None,
    as_of: str | None = None,
    max_nodes: int = defaults.MAX_NODES,
    **options: Any,
) -> GapMap:
    """The gap map's nodes and edges (validated filters, size checked), before drawing."""
    from lexgap.gapmap.build import gap_map
    from lexgap.queries.answers.gaps import check_as_of

    if max_nodes < 1:
        raise UsageError("--max-nodes must be at least 1")
    when = check_as_of(as_of)
    return gap_map(
        open_engine(_options(options)),
        offences=offences,
        instruments=instruments,
        max_nodes=max_nodes,
        jurisdiction=jurisdiction,
        as_of=when,
    )


def gapmap_stats(m: GapMap) -> dict[str, list[dict[str, Any]]]:
    """The map's analytics tables by name (`lexgap gapmap --stats`)."""
    from lexgap.gapmap.stats import stats

    return stats(m)


def write_gapmap(m: GapMap, path: str | Path, title: str = "lexgap gap map") -> Path:
    """Draw a gap map as one self-contained offline HTML page at `path` (written atomically)."""
    from lexgap.gapmap.page import render_html
    from lexgap.graph.serialize import atomic_write_bytes

    target = Path(path)
    atomic_write_bytes(target, render_html(m, gapmap_stats(m), title).encode("utf-8"))
    return target


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
    m = gapmap_model(
        offences=offences,
        instruments=instruments,
        jurisdiction=jurisdiction,
        as_of=as_of,
        **options,
    )
    return write_gapmap(m, path)


# --------------------------------------------------------------------------------------------
# The graph leaving the laptop: export, push, validate


def export(
    fmt: str, path: str | Path | None = None, *, frame: str | None = None, **options: Any
) -> list[Written]:
    """Write the graph of the embedded store in `out` as `fmt` (turtle, trig, nquads, jsonld,
    csv, or all into the folder `path`; default: OUT/export/...), deterministically and
    atomically; returns what was written (`.path`, `.detail`). `frame` (documents, provisions,
    offences; with fmt jsonld only) writes that nested JSON-LD view instead of the flat graph
    (default file: OUT/export/lexgap-<frame>.jsonld)."""
    from lexgap.core.options import EXPORT_FOLDER
    from lexgap.publish.export import default_name, export_store

    o = _options(options)
    target = (
        Path(path)
        if path is not None
        else o.out / EXPORT_FOLDER
        if fmt == "all"
        else o.out / EXPORT_FOLDER / default_name(fmt, frame)
    )
    return export_store(store_engine(o).store, fmt, target, frame=frame)


def push(
    endpoint: str,
    *,
    graph: str | None = None,
    protocol: Protocol = "update",
    timeout: float = defaults.DEFAULT_TIMEOUT,
    query_endpoint: str | None = None,
    **options: Any,
) -> PushResult:
    """Make a SPARQL 1.1 store hold exactly the named graphs of `lexgap export --format trig`
    (or everything, in the named graph `graph`), dropping stale lexgap graphs of the same base;
    returns what was pushed (`.graphs`: triples per graph IRI). Credentials come from the
    environment (see the README)."""
    from lexgap.core.options import check_timeout
    from lexgap.publish.export import graph_from_store, partition
    from lexgap.publish.push import check_endpoint, check_graph_iri
    from lexgap.publish.push import push as push_parts

    url = check_endpoint(endpoint)
    query_url = check_endpoint(query_endpoint) if query_endpoint else None
    check_timeout(timeout)
    single = check_graph_iri(graph) if graph else None
    whole = graph_from_store(store_engine(_options(options)).store)
    parts = {single: whole} if single is not None else partition(whole)
    return push_parts(parts, url, protocol=protocol, timeout=timeout, query_endpoint=query_url)


@record(frozen=True)
class Validation:
    """What `validate` found: the file, its size and every SHACL violation (none: conforms)."""

    path: Path
    triples: int
    violations: list[Violation]


def validate(
    path: str | Path | None = None,
    *,
    input_format: str | None = None,
    inference: Inference = "none",
    **options: Any,
) -> Validation:
    """Check a graph file (default: the built OUT/lexgap.ttl) against lexgap's SHACL shapes,
    with RDFS inference over the ontology when `inference="rdfs"`; ill-typed literals are
    violations too, never a traceback."""
    from lexgap.graph.persist import GRAPH_FILE
    from lexgap.graph.validate import quiet_literals, violations
    from lexgap.publish.export import load_file

    target = Path(path) if path is not None else _options(options).out / GRAPH_FILE
    if path is None and not target.is_file():
        raise UsageError(
            "no built graph here", file=target, hint="run `lexgap build` first, or name a FILE"
        )
    with quiet_literals():
        graph = load_file(target, input_format)
        found = violations(graph, inference)
    return Validation(target, len(graph), found)


# --------------------------------------------------------------------------------------------
# Documents, passages and the brief (issue 18: citations, `show`, `report`)


def document_refs(**options: Any) -> list[DocumentRef]:
    """What a citation needs of every document of the corpus (`sources`, else the bundled one):
    read from its manifest alone, so listing or citing documents builds and hashes nothing."""
    from lexgap.loaders.citation_form import DocumentRef
    from lexgap.loaders.sources import bundled_sources_dir, load_manifest

    o = _options(options)
    folder = o.sources if o.sources is not None else bundled_sources_dir()
    return [DocumentRef.of(meta) for meta in load_manifest(folder).documents]


def documents(**options: Any) -> list[dict[str, Any]]:
    """The source documents: id, number, UN symbol, how a citation names them (`cited_as`),
    title, issuer, body, date (or what stands in for it), language, and the document an
    edition is an edition of. Takes the data-source keywords of the other functions; only
    `sources` matters (the manifest is read, nothing is built)."""
    return [
        {
            "id": d.id,
            "number": d.number,
            "symbol": d.symbol,
            "cited_as": d.name,
            "title": d.title,
            "issued_by": d.issued_by,
            "body": d.body,
            "date": d.date,
            "when": d.when,
            "facts_up_to": d.facts_up_to,
            "language": d.language,
            "edition_of": d.edition_of,
        }
        for d in document_refs(**options)
    ]


def show(doc: str, locator: str, **options: Any) -> PassageView:
    """One passage in full with its citation, and the statements (penalty, ages, sex),
    findings, recommendations and State responses the graph draws from it. `doc` is an id, a
    number ('002') or a UN symbol; `locator` as printed elsewhere ('29(d)', 'fn 4') or as a
    citation writes it ('para. 29(d)')."""
    from lexgap.loaders.citation_form import resolve
    from lexgap.queries.passages import passage

    ref = resolve(document_refs(**options), doc)  # an unknown document fails before any build
    return passage(open_engine(_options(options)), ref, locator)


def report(
    path: str | Path | None = None,
    *,
    format: str = "html",
    questions: tuple[str, ...] | list[str] = (),
    as_of: str | None = None,
    jurisdiction: str | None = None,
    **options: Any,
) -> Report:
    """The brief to share: the gap matrix, then each answer (all questions, or `questions`)
    with its reasons, provisions, findings, recommendations and the conflicts that touch it,
    every claim footnoted with its citation and verbatim quote; as the sources stood on `as_of`
    when given. `format` is "html" (one self-contained printable page) or "md". Written to
    `path` (atomically) when given; the returned Report holds the text either way."""
    from lexgap.graph.serialize import atomic_write_bytes
    from lexgap.loaders.corpus import read_corpus
    from lexgap.publish.report import FORMATS, Report, brief, render
    from lexgap.queries.answers.gaps import (
        answer,
        answer_all,
        check_as_of,
        check_jurisdiction,
        question,
    )
    from lexgap.queries.conflicts import conflicts as find_conflicts

    if format not in FORMATS:
        raise UsageError(f"unknown report format {format!r}", hint=f"one of {', '.join(FORMATS)}")
    for q in questions:
        question(q)  # an unknown id fails before the store is opened
    when = check_as_of(as_of)
    o = _options(options)
    e = open_engine(o)
    check_jurisdiction(e, jurisdiction)
    answers = (
        [answer(e, q, jurisdiction, when) for q in dict.fromkeys(questions)]
        if questions
        else answer_all(e, jurisdiction, when)
    )
    corpus = read_corpus(o.sources)
    passages = {(d.id, p.locator): p.text for d in corpus.documents for p in d.passages}
    refs = document_refs(**options)
    b = brief(
        answers,
        find_conflicts(e, jurisdiction),
        refs,
        passages,
        as_of=when,
        jurisdiction=jurisdiction,
        every_conflict=not questions,
    )
    text = render(b, format)
    target = Path(path) if path is not None else None
    if target is not None:
        atomic_write_bytes(target, text.encode("utf-8"))
    return Report(path=target, format=format, text=text, brief=b)
