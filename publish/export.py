"""Exports of the built graph: Turtle, TriG, N-Quads, JSON-LD and a folder of CSV tables.

Why these shapes:

- **Turtle and JSON-LD** hold the whole graph as one graph, for tools that know nothing of named
  graphs. The Turtle export is byte-for-byte the build's own `lexgap.ttl`.
- **TriG and N-Quads** split the same triples into named graphs so that a shared store can answer
  "according to whom": one graph per source document with what that document says (its
  statements, assessments, recommendations, responses and statements on a law's status, with
  their quotes, penalties and age bands), one for the ontology and offence taxonomy, and one for
  everything no single source owns (documents, passages, citations, instruments, versions,
  provisions). Graph names come from the graph's own base IRI:

      {base}graph/<document id>    e.g. https://lexgap.example.org/id/graph/crc-c-opsc-lao-co-1
      {base}graph/ontology
      {base}graph/core

  Every triple lands in exactly one graph (by its subject; see `partition`), so the union of the
  named graphs is the built graph, with nothing counted twice when a store unions them.
- **CSV** is for people with a spreadsheet: a folder of tables with a header row and stable
  snake_case column names, UTF-8 with a byte-order mark (so Excel shows accents and ¶), cells a
  spreadsheet would run as a formula neutralised, plus `columns.csv` saying what each column is.

Determinism: the graph has no blank nodes. Turtle is its sorted triples (graph.serialize);
TriG is written as sorted graphs each holding that Turtle; N-Quads lines are sorted;
JSON-LD is written by publish/jsonld.py (short keys, fixed arrays, nodes sorted by id; the
`--frame` views nest them); CSV rows are sorted by explicit keys. Two exports of one build are
byte-identical whatever PYTHONHASHSEED is (tested).

Atomicity: a file is written beside its target and renamed over it (`atomic_write_bytes`); the
CSV folder is written whole into a temporary folder and swapped in (`replace_folder`), so a
reader or a killed export never leaves half a file or half a folder in place.
"""

from __future__ import annotations

import contextlib
import csv
import fcntl
import io
import os
import re
import shutil
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rdflib import RDF, RDFS, Graph, URIRef
from rdflib.namespace import OWL, SKOS

from lexgap.core import options
from lexgap.core.errors import ExportError, GraphFileError
from lexgap.core.options import INPUT_FORMATS
from lexgap.graph.build import new_graph
from lexgap.graph.namespaces import LEX
from lexgap.graph.serialize import atomic_write_bytes, turtle_bytes
from lexgap.publish.jsonld import CONTEXT_FILE, context, document_bytes, framed, jsonld_bytes

__all__ = ["CONTEXT_FILE", "context", "jsonld_bytes"]  # re-exported: callers and tests use them

if TYPE_CHECKING:
    import pyoxigraph as ox

    from lexgap.queries.engine import Engine

RDF_FORMATS = ("turtle", "trig", "nquads", "jsonld")
FORMATS = (*RDF_FORMATS, "csv")
EXTENSIONS = {"turtle": "ttl", "trig": "trig", "nquads": "nq", "jsonld": "jsonld"}
CSV_FOLDER = "csv"

ONTOLOGY_GRAPH = "ontology"
CORE_GRAPH = "core"

# Subjects of these types are the ontology and the offence taxonomy (whatever their IRI).
_ONTOLOGY_TYPES = (
    OWL.Ontology,
    OWL.Class,
    OWL.ObjectProperty,
    OWL.DatatypeProperty,
    OWL.AnnotationProperty,
    RDF.Property,
    RDFS.Class,
    SKOS.ConceptScheme,
    SKOS.Concept,
)
_DOCUMENT_IRI = re.compile(r"^(.+/)doc/([^/]+)$")  # {base}doc/<id>


# --------------------------------------------------------------------------------------------
# Reading the built graph and splitting it into named graphs


def graph_from_store(store: ox.Store) -> Graph:
    """The default graph of an Oxigraph store as an rdflib graph with lexgap's prefixes."""
    import pyoxigraph as ox

    data = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())
    graph = new_graph()
    graph.parse(data=data, format="nt")
    return graph


def infer_base(graph: Graph) -> str:
    """The base IRI the graph was minted under, read off its documents ({base}doc/<id>)."""
    bases = set()
    for doc in graph.subjects(RDF.type, LEX.SourceDocument):
        m = _DOCUMENT_IRI.match(str(doc))
        if m is None:
            raise ExportError(f"document IRI {doc} is not of the form {{base}}doc/<id>")
        bases.add(m.group(1))
    if len(bases) != 1:
        found = ", ".join(sorted(bases)) or "none"
        raise ExportError(f"cannot tell the graph's base IRI from its documents (found: {found})")
    return bases.pop()


@dataclass(frozen=True)
class GraphNames:
    """The named-graph IRIs under one base."""

    base: str

    def document(self, doc_id: str) -> URIRef:
        if doc_id in (ONTOLOGY_GRAPH, CORE_GRAPH):
            raise ExportError(f"document id {doc_id!r} clashes with the {doc_id} graph's name")
        return URIRef(f"{self.base}graph/{doc_id}")

    @property
    def ontology(self) -> URIRef:
        return URIRef(f"{self.base}graph/{ONTOLOGY_GRAPH}")

    @property
    def core(self) -> URIRef:
        return URIRef(f"{self.base}graph/{CORE_GRAPH}")


def partition(graph: Graph, base: str | None = None) -> dict[URIRef, Graph]:
    """The graph split into named graphs (sorted by name; empty graphs left out).

    A triple goes where its subject goes. A subject with `lex:statedIn <doc>` (a statement,
    assessment, recommendation, response, status statement) goes to that document's graph, and
    so do the nodes minted below its IRI (`{statement}/quote`, `{statement}/penalty`,
    `{statement}/quote/exact`, ...). Ontology terms and taxonomy concepts go to the ontology
    graph; everything else (documents, passages, citations, laws) to the core graph.
    """
    names = GraphNames(base or infer_base(graph))
    doc_graph: dict[URIRef, URIRef] = {}
    owners: dict[str, URIRef] = {}
    for subject, doc in graph.subject_objects(LEX.statedIn):
        if not isinstance(doc, URIRef):
            raise ExportError(f"{subject} is stated in a literal, not a document")
        if doc not in doc_graph:
            m = _DOCUMENT_IRI.match(str(doc))
            if m is None or m.group(1) != names.base:
                raise ExportError(f"{subject} is stated in {doc}, not a {names.base}doc/<id> IRI")
            doc_graph[doc] = names.document(m.group(2))
        target = doc_graph[doc]
        if owners.setdefault(str(subject), target) != target:
            raise ExportError(f"{subject} is stated in two documents; it cannot be in one graph")
    ontology_subjects = {s for t in _ONTOLOGY_TYPES for s in graph.subjects(RDF.type, t)}

    def owner(subject: Any) -> URIRef:
        text = str(subject)
        if text in owners:
            return owners[text]
        if isinstance(subject, URIRef) and text.startswith(names.base):
            while "/" in text[len(names.base) :]:
                text = text.rsplit("/", 1)[0]
                if text in owners:
                    return owners[text]
        if subject in ontology_subjects or str(subject).startswith(str(LEX)):
            return names.ontology
        return names.core

    parts: dict[URIRef, Graph] = {}
    for subject in set(graph.subjects()):
        name = owner(subject)
        part = parts.get(name)
        if part is None:
            part = parts[name] = new_graph()
        for triple in graph.triples((subject, None, None)):
            part.add(triple)
    return {name: parts[name] for name in sorted(parts)}


# --------------------------------------------------------------------------------------------
# RDF serialisations


def _split_turtle(data: bytes) -> tuple[list[str], str]:
    """Turtle from `turtle_bytes` -> its @prefix lines and the rest."""
    lines = data.decode("utf-8").split("\n")
    i = 0
    while i < len(lines) and lines[i].startswith("@prefix "):
        i += 1
    return lines[:i], "\n".join(lines[i:]).strip("\n")


def trig_bytes(parts: Mapping[URIRef, Graph]) -> bytes:
    """TriG: the shared prefixes, then each named graph (sorted) holding its sorted Turtle.
    Written this way because rdflib's TriG writer orders graphs by hash, not by name."""
    prefixes: set[str] = set()
    blocks: list[str] = []
    for name in sorted(parts):
        lines, body = _split_turtle(turtle_bytes(parts[name]))
        prefixes.update(lines)
        blocks.append(f"<{name}> {{\n{body}\n}}\n")
    head = "\n".join(sorted(prefixes))
    return (head + "\n\n" + "\n".join(blocks)).encode("utf-8")


def ntriples_lines(graph: Graph) -> list[str]:
    """The graph as sorted N-Triples lines (no newline at their ends)."""
    data = graph.serialize(format="nt", encoding="utf-8")
    return sorted(line for line in data.decode("utf-8").split("\n") if line.strip())


def nquads_bytes(parts: Mapping[URIRef, Graph]) -> bytes:
    """N-Quads, one line per triple with its graph, lines sorted."""
    lines: list[str] = []
    for name, part in parts.items():
        for line in ntriples_lines(part):
            assert line.endswith(" ."), line
            lines.append(f"{line[:-1]}<{name}> .")
    lines.sort()
    return ("\n".join(lines) + "\n").encode("utf-8")


def rdf_bytes(graph: Graph, fmt: str, base: str | None = None) -> bytes:
    """One RDF export of `graph` as bytes (fmt: turtle, trig, nquads or jsonld)."""
    if fmt == "turtle":
        return turtle_bytes(graph)
    if fmt == "jsonld":
        return jsonld_bytes(graph)
    if fmt == "trig":
        return trig_bytes(partition(graph, base))
    if fmt == "nquads":
        return nquads_bytes(partition(graph, base))
    raise ExportError(f"unknown export format {fmt!r}", hint="valid: " + ", ".join(RDF_FORMATS))


# --------------------------------------------------------------------------------------------
# CSV tables

PROVISIONS_QUERY = """
PREFIX lex: <https://lexgap.example.org/ns#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX eli: <http://data.europa.eu/eli/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?provision ?label ?instrumentId ?instrument ?jurisdiction ?year ?article
       (GROUP_CONCAT(DISTINCT COALESCE(?citingDoc, ""); separator=" ") AS ?citedIn)
       (GROUP_CONCAT(DISTINCT COALESCE(?statingDoc, ""); separator=" ") AS ?describedIn)
       (COUNT(DISTINCT ?statement) AS ?statements)
WHERE {
  ?provision a lex:Provision ; rdfs:label ?label ; eli:is_part_of ?part .
  ?part (dcterms:isVersionOf)? ?inst .
  ?inst a lex:Instrument ; lex:instrumentId ?instrumentId ; rdfs:label ?instrument ;
        lex:jurisdiction ?jurisdiction .
  OPTIONAL { ?part lex:statedYear ?year }
  OPTIONAL { ?provision eli:number ?article }
  OPTIONAL { ?passage lex:cites ?provision ; dcterms:isPartOf/dcterms:identifier ?citingDoc }
  OPTIONAL { ?statement lex:aboutProvision ?provision ;
                        lex:statedIn/dcterms:identifier ?statingDoc }
}
GROUP BY ?provision ?label ?instrumentId ?instrument ?jurisdiction ?year ?article
"""

# table -> [(column, what it holds)]; the names are part of the export's contract.
COLUMNS: dict[str, list[tuple[str, str]]] = {
    "provisions": [
        ("provision", "IRI of the article (as part of the law version a source names)"),
        ("label", "the article as lexgap names it, e.g. 'Penal Code (2017), art. 257'"),
        ("instrument_id", "the law's id, e.g. penal-code"),
        ("instrument", "the law's name"),
        ("jurisdiction", "la for Lao law, int for international instruments"),
        ("year", "the year the citing source gives for the law; empty when it gives none"),
        ("article", "the article number as the source gives it"),
        ("cited_in", "ids of the documents whose passages cite it, space-separated"),
        ("described_in", "ids of the documents with a statement on what it does"),
        ("statements", "number of statements about it"),
    ],
    "statements": [
        ("statement_id", "id of the statement (what one source says one provision does)"),
        ("document", "id of the source document"),
        ("document_date", "date of the document; empty when undated"),
        ("locator", "paragraph, item or footnote of the document"),
        ("instrument_id", "the law's id"),
        ("provision", "the article as the source names it"),
        ("year", "the year the source gives for the law; empty when it gives none"),
        ("article", "the article number"),
        ("effect", "what the provision does: creates-offence, sets-minimum-age, ..."),
        ("offences", "offence concepts (taxonomy notations), space-separated"),
        ("sex", "victims' sex as the source states it"),
        ("penalty", "the penalty in words"),
        ("prison_min_months", "minimum imprisonment in months"),
        ("prison_max_months", "maximum imprisonment in months"),
        ("fine_min_kip", "minimum fine in kip"),
        ("fine_max_kip", "maximum fine in kip"),
        ("death_penalty", "true when the death penalty is provided"),
        ("re_education", "true when re-education without deprivation of liberty is provided"),
        ("confiscation", "true when confiscation is provided"),
        ("ages", "the victims' age band in words"),
        ("age_min", "lower age bound"),
        ("age_min_inclusive", "true when the lower bound is included"),
        ("age_max", "upper age bound"),
        ("age_max_inclusive", "true when the upper bound is included"),
        ("quote", "the source's own words"),
    ],
    "recommendations": [
        ("recommendation", "IRI of the recommendation"),
        ("body", "issuing body: special-rapporteur, crc-committee, ..."),
        ("document", "id of the document"),
        ("locator", "paragraph or item, e.g. 30(c)"),
        ("date", "date of the document (or the facts-up-to year of an undated one)"),
        ("kind", "kind of recommendation"),
        ("actions", "kinds of action asked for, space-separated"),
        ("offences", "offence concepts it presses on, space-separated"),
        ("provisions", "provisions it targets, '; '-separated"),
        ("no_law", "true when it asks for action that targets no law (training, budget, data)"),
        ("text", "the recommendation's text"),
    ],
    "gap_matrix": [
        ("id", "id of the gap question"),
        ("question", "the question"),
        ("status", "criminalised, partial, not_criminalised, contested or no_information"),
        ("key_provisions", "the provisions the answer rests on"),
        ("findings", "number of findings by the UN bodies and the study"),
        ("recommendations", "number of recommendations pressing on it"),
        ("latest_recommendation", "the latest recommendation: body, document, paragraph, date"),
    ],
}

# query variable -> column, for tables made from the shipped query files
_STATEMENT_FIELDS = {
    "statement_id": "id",
    "document": "docId",
    "document_date": "date",
    "locator": "locator",
    "instrument_id": "instrumentId",
    "provision": "provision",
    "year": "year",
    "article": "article",
    "effect": "effect",
    "offences": "offences",
    "sex": "sex",
    "prison_min_months": "prisonMinMonths",
    "prison_max_months": "prisonMaxMonths",
    "fine_min_kip": "fineMinKip",
    "fine_max_kip": "fineMaxKip",
    "death_penalty": "deathPenalty",
    "re_education": "reEducation",
    "confiscation": "confiscation",
    "age_min": "ageMin",
    "age_min_inclusive": "ageMinInclusive",
    "age_max": "ageMax",
    "age_max_inclusive": "ageMaxInclusive",
    "quote": "quote",
}
_RECOMMENDATION_FIELDS = {
    "recommendation": "rec",
    "body": "body",
    "document": "docId",
    "locator": "locator",
    "date": "date",
    "kind": "kind",
    "actions": "actions",
    "offences": "offences",
    "provisions": "provisions",
    "no_law": "noLaw",
    "text": "text",
}
_PROVISION_FIELDS = {
    "provision": "provision",
    "label": "label",
    "instrument_id": "instrumentId",
    "instrument": "instrument",
    "jurisdiction": "jurisdiction",
    "year": "year",
    "article": "article",
    "cited_in": "citedIn",
    "described_in": "describedIn",
    "statements": "statements",
}


def _natural(text: Any) -> tuple[Any, ...]:
    """'30(c)' < '100': numbers in a string compare as numbers."""
    parts = re.split(r"(\d+)", "" if text is None else str(text))
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in parts)


def _sorted_list(value: Any, sep: str) -> str:
    """A GROUP_CONCAT list with its empty entries dropped and its items sorted, so the cell
    does not depend on the order a store happens to concatenate in."""
    if value is None:
        return ""
    items = {p.strip() for p in str(value).split(sep.strip() or " ") if p.strip()}
    return sep.join(sorted(items))


def _rename(rows: list[dict[str, Any]], fields: Mapping[str, str]) -> list[dict[str, Any]]:
    return [{col: row.get(var) for col, var in fields.items()} for row in rows]


def tables(engine: Engine) -> dict[str, list[dict[str, Any]]]:
    """Every CSV table as rows (dicts keyed by the COLUMNS names), computed on `engine`."""
    from lexgap.queries import runner
    from lexgap.queries.answers.matrix import gap_matrix
    from lexgap.queries.present import age_text, penalty_text

    provisions = _rename(engine.select(PROVISIONS_QUERY), _PROVISION_FIELDS)
    for row in provisions:
        row["cited_in"] = _sorted_list(row["cited_in"], " ")
        row["described_in"] = _sorted_list(row["described_in"], " ")
    provisions.sort(
        key=lambda r: (
            r["jurisdiction"],
            r["instrument_id"],
            r["year"] or 0,
            _natural(r["article"]),
            r["provision"],
        )
    )

    raw = runner.run(engine, runner.get("statements"))
    statements = _rename(raw, _STATEMENT_FIELDS)
    for row, source in zip(statements, raw, strict=True):
        row["offences"] = _sorted_list(row["offences"], " ")
        row["penalty"] = penalty_text(source)
        row["ages"] = age_text(source)
    statements.sort(
        key=lambda r: (r["document"], _natural(r["locator"]), r["statement_id"]),
    )

    recommendations = _rename(
        runner.run(engine, runner.get("recommendations")), _RECOMMENDATION_FIELDS
    )
    for row in recommendations:
        row["actions"] = _sorted_list(row["actions"], " ")
        row["offences"] = _sorted_list(row["offences"], " ")
        row["provisions"] = _sorted_list(row["provisions"], "; ")
    recommendations.sort(
        key=lambda r: (r["document"], _natural(r["locator"]), r["recommendation"]),
    )

    return {
        "provisions": provisions,
        "statements": statements,
        "recommendations": recommendations,
        "gap_matrix": gap_matrix(engine),
    }


def _cell(value: Any) -> str:
    from lexgap.core.output import csv_safe

    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        return "; ".join(str(v) for v in value)
    return str(csv_safe(str(value)))


def csv_bytes(columns: Sequence[str], rows: Sequence[Mapping[str, Any]]) -> bytes:
    """One table: UTF-8 with a byte-order mark, a header row, CRLF line ends (RFC 4180)."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(row.get(c)) for c in columns])
    return buf.getvalue().encode("utf-8-sig")


def csv_files(engine: Engine, counts: dict[str, int] | None = None) -> dict[str, bytes]:
    """file name -> bytes for every CSV table, plus columns.csv describing every column;
    `counts` (if given) receives the number of rows of each table."""
    out: dict[str, bytes] = {}
    for name, rows in tables(engine).items():
        out[f"{name}.csv"] = csv_bytes([c for c, _ in COLUMNS[name]], rows)
        if counts is not None:
            counts[name] = len(rows)
    dictionary = [
        {"table": f"{name}.csv", "column": col, "description": what}
        for name, cols in COLUMNS.items()
        for col, what in cols
    ]
    out["columns.csv"] = csv_bytes(["table", "column", "description"], dictionary)
    return out


def _is_ours(folder: Path) -> bool:
    """A folder we may replace: empty, or a previous CSV export (only .csv files, columns.csv)."""
    entries = list(folder.iterdir())
    if not entries:
        return True
    names = {e.name for e in entries}
    return "columns.csv" in names and all(e.is_file() and e.suffix == ".csv" for e in entries)


@contextlib.contextmanager
def _folder_lock(target: Path) -> Iterator[None]:
    """One export into `target`'s folder at a time: the folder itself is locked (flock on its
    descriptor), so no lock file is left behind, even by an export that fails or is killed."""
    fd = os.open(target.parent, os.O_RDONLY | os.O_DIRECTORY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def replace_folder(target: Path, fill: Callable[[Path], None]) -> Path:
    """Fill a new folder beside `target`, then swap it in.

    A reader sees the old folder or the new one, never a folder being written. POSIX has no
    atomic exchange of two non-empty folders, so the swap is two renames (old folder aside to
    `.{name}.previous`, new folder into place); an export killed between them leaves the old
    folder under that name, and the next export puts it back before doing anything else.
    A folder that is neither empty nor a previous CSV export is never replaced (`--out ~/Documents`
    must not delete anything).
    """
    parent = target.parent
    previous = parent / f".{target.name}.previous"
    try:
        parent.mkdir(parents=True, exist_ok=True)
        with _folder_lock(target):
            if previous.is_dir() and not target.exists():
                os.replace(previous, target)  # finish an interrupted swap: the old folder back
            if target.exists() and not (target.is_dir() and _is_ours(target)):
                raise ExportError(
                    "exists and is not a lexgap CSV export; not replacing it",
                    file=target,
                    hint="choose another --out",
                )
            # Temporary folders are made only under the lock, so any found now is a dead
            # export's (killed midway) and can go.
            for stale in parent.glob(f".{target.name}.tmp-*"):
                shutil.rmtree(stale, ignore_errors=True)
            tmp = parent / f".{target.name}.tmp-{os.getpid()}-{os.urandom(3).hex()}"
            tmp.mkdir()
            try:
                fill(tmp)
                shutil.rmtree(previous, ignore_errors=True)
                if target.exists():
                    os.replace(target, previous)
                os.replace(tmp, target)
            except BaseException:
                shutil.rmtree(tmp, ignore_errors=True)
                raise
            shutil.rmtree(previous, ignore_errors=True)
    except OSError as exc:
        raise ExportError(f"cannot write the export: {exc.strerror or exc}", file=target) from None
    return target


def _write_file(path: Path, data: bytes) -> None:
    with open(path, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())


def write_csv(engine: Engine, folder: Path, counts: dict[str, int] | None = None) -> Path:
    """Write the CSV tables as `folder`, replacing a previous export in one swap (the queries run
    while the temporary folder already exists, so a kill mid-export always finds one)."""

    def fill(tmp: Path) -> None:
        for name, data in csv_files(engine, counts).items():
            _write_file(tmp / name, data)

    return replace_folder(folder, fill)


# --------------------------------------------------------------------------------------------
# Everything at once


@dataclass(frozen=True)
class Written:
    path: Path
    detail: str


def default_name(fmt: str, frame: str | None = None) -> str:
    """The file (or folder) name an export gets in a folder: lexgap.ttl, ..., csv, and
    lexgap-<frame>.jsonld for a framed JSON-LD view."""
    if frame is not None:
        return f"lexgap-{frame}.{EXTENSIONS['jsonld']}"
    return CSV_FOLDER if fmt == "csv" else f"lexgap.{EXTENSIONS[fmt]}"


def export_store(store: ox.Store, fmt: str, path: Path, frame: str | None = None) -> list[Written]:
    """Write one export of the graph in `store` (fmt 'all': every export into the folder
    `path`; `frame`, with fmt 'jsonld' only: that framed view instead of the flat graph).
    The graph is read from the store once and only when an RDF format needs it.
    A progress bar on a terminal names each step once the export runs past a couple of
    seconds (a 100-jurisdiction export takes minutes)."""
    from lexgap.core.progress import Progress
    from lexgap.queries.engine import OxigraphEngine

    if fmt not in (*FORMATS, "all"):
        raise ExportError(f"unknown export format {fmt!r}", hint="valid: " + ", ".join(FORMATS))
    if frame is not None:
        if fmt != "jsonld":
            raise ExportError(
                f"a frame shapes JSON-LD only, not {fmt}", hint="give --format jsonld"
            )
        if frame not in options.JSONLD_FRAMES:
            raise ExportError(
                f"unknown JSON-LD frame {frame!r}",
                hint="valid: " + ", ".join(options.JSONLD_FRAMES),
            )
    wanted = RDF_FORMATS if fmt == "all" else (fmt,) if fmt in RDF_FORMATS else ()
    tables = fmt in ("csv", "all")
    stages = (
        (["reading the store"] if wanted else [])
        + [f"writing {f}" for f in wanted]
        + (["writing csv tables"] if tables else [])
    )
    written: list[Written] = []
    with Progress(stages, label="lexgap export") as bar:
        if wanted:
            bar.stage("reading the store")
            graph = graph_from_store(store)
            parts = partition(graph) if {"trig", "nquads"} & set(wanted) else {}
        for f in wanted:
            bar.stage(f"writing {f}")
            target = path / default_name(f) if fmt == "all" else path
            if f in ("trig", "nquads"):
                data = trig_bytes(parts) if f == "trig" else nquads_bytes(parts)
                detail = f"{len(parts)} named graphs, {len(graph)} triples"
            elif frame is not None:
                doc = framed(graph, frame)
                data = document_bytes(doc)
                detail = f"frame {frame}: {len(doc['@graph'])} {frame} of {len(graph)} triples"
            else:
                data = rdf_bytes(graph, f)
                detail = f"{len(graph)} triples"
            try:
                atomic_write_bytes(target, data)
            except OSError as exc:  # e.g. the target is a folder
                raise ExportError(f"cannot write the export: {exc.strerror}", file=target) from None
            written.append(Written(target, detail))
        if tables:
            bar.stage("writing csv tables")
            target = path / CSV_FOLDER if fmt == "all" else path
            counts: dict[str, int] = {}
            write_csv(OxigraphEngine(store), target, counts)
            rows = ", ".join(f"{name} {n}" for name, n in counts.items())
            written.append(Written(target, f"rows: {rows}"))
    return written


# --------------------------------------------------------------------------------------------
# Reading a graph file someone else produced (for `lexgap validate`)


_BY_SUFFIX = {
    ".ttl": "turtle",
    ".trig": "trig",
    ".nq": "nquads",
    ".nt": "ntriples",
    ".jsonld": "jsonld",
    ".json": "jsonld",
}


def load_file(path: Path, fmt: str | None = None) -> Graph:
    """A Turtle, TriG, N-Quads, N-Triples or JSON-LD file as one rdflib graph (the union of
    its graphs). Parsed by pyoxigraph: strict, with line numbers, and it never fetches a remote
    JSON-LD context (a file that needs one is refused), so checking a file makes no request."""
    import pyoxigraph as ox

    from lexgap.core.errors import UsageError

    if not path.is_file():
        raise UsageError("graph file not found", file=path)
    fmt = fmt or _BY_SUFFIX.get(path.suffix.lower())
    if fmt not in INPUT_FORMATS:
        raise UsageError(
            "cannot tell the file's format from its name",
            file=path,
            hint="give --input-format " + "|".join(INPUT_FORMATS),
        )
    ox_format = {
        "turtle": ox.RdfFormat.TURTLE,
        "trig": ox.RdfFormat.TRIG,
        "nquads": ox.RdfFormat.N_QUADS,
        "ntriples": ox.RdfFormat.N_TRIPLES,
        "jsonld": ox.RdfFormat.JSON_LD,
    }[fmt]
    try:
        triples = [
            ox.Triple(q.subject, q.predicate, q.object)
            for q in ox.parse(path=str(path), format=ox_format)
        ]
    except SyntaxError as exc:
        msg = " ".join(str(exc.msg if exc.msg else exc).split())
        raise GraphFileError(f"not valid {fmt}: {msg}", file=path, line=exc.lineno) from None
    except (OSError, ValueError) as exc:
        raise GraphFileError(f"cannot read it as {fmt}: {exc}", file=path) from None
    graph = new_graph()
    graph.parse(data=ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES), format="nt")
    return graph
