"""Real disagreements between the sources, and inside one source, as a lawyer would sign them.

The conflicts-*.rq queries fetch the facts (statements, findings, version statuses, the years
citations give); this module applies the rules (issue 16, DESIGN "Reading like a lawyer"):

- **year**: one law, two years. Versions the sources present as distinct enactments (Penal
  Code 2005 and 2017) are not compared, nor two years the corpus itself shows to date two
  events (adopted by the National Assembly in 2006, promulgated in 2007).
- **status**: a version said to be promulgated (or in force) against "not yet promulgated".
  Inside one document, "not yet promulgated" beside the same document stating what that
  version's articles provide is no contradiction (the document qualifies its own statements):
  it is listed with status **caveat**, apart from the conflicts.
- **penalty**: two documents on the same article of the same law (whatever form: "128" and
  "128(2)"; a year not stated is compared, and the row says so; two stated versions that are
  distinct enactments are not), a common offence concept, overlapping age bands and victims'
  sex, and a fact both state that differs. Statements that overlap are taken together on each
  side, so two sources splitting an age range differently whose union agrees do not conflict;
  a fact only one side states (a fine one source omits) is an omission, not a conflict.
- **minimum-age**: two documents giving different ages from which the law allows the same act
  (marriage from 15 and from 18), for persons both cover, neither side's law later than the
  other side's document (a later law may have changed the age).
- **finding-vs-provision**: a finding (not criminalised, no law, only partly criminalised)
  against a provision it denies: an offence on the concept (or a narrower one), not among the
  laws the finding considered, of the laws the finding is about when it names whole laws, and
  for a partial finding, covering what the finding says is left out (boys, older children). A
  "no law" finding is also denied by a law as a whole on the subject (the Law on Extradition).
  Sale of children, and each of its forms (for organs, surrogacy), is a concept distinct from
  trafficking: a provision that criminalises it as trafficking does not deny that it lacks an
  offence of its own. A finding made before the law (its year earlier than the law's) is
  **superseded**: listed with status "superseded", not as a conflict; when the same finding is
  also a conflict (laws not later than it provided for it), the superseded row says so.

Renumbering between code versions is not a conflict: see `concordance`.
Each row says what it is about, both claims in words, both sides (document, date, locators and
quotes) and one line on why both cannot be true. Nothing is resolved or averaged.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from lexgap.queries import runner
from lexgap.queries.engine import Engine
from lexgap.queries.present import age_text, penalty_text

# Columns of the flat (table/CSV) form, in order.
COLUMNS = [
    "kind",
    "status",
    "about",
    "same_document",
    "a_claim",
    "a_sources",
    "b_claim",
    "b_sources",
    "why",
    "notes",
]
POSITIVE_STAGES = ("promulgated", "in-force")
VERDICT_WORDS = {
    "no-law": "there is no law on it",
    "not-criminalised": "it is not criminalised",
    "partially-criminalised": "it is only partly criminalised",
}
EVENTS = {"adopted": "adoption", "promulgated": "promulgation", "in-force": "entry into force"}
# A concept whose offence must stand apart from another's (ontology: "Sale of children (as an
# offence distinct from trafficking)"): a provision also stated to create the other offence
# criminalises it only as that other offence. It holds for the narrower concepts too (sale for
# organs, surrogacy amounting to sale).
DISTINCT_FROM = {"sale-of-children": "trafficking-in-children"}
PENALTY_FACTS = (
    ("prisonMinMonths", "min", "minimum imprisonment"),
    ("prisonMaxMonths", "max", "maximum imprisonment"),
    ("fineMinKip", "min", "minimum fine"),
    ("fineMaxKip", "max", "maximum fine"),
)
SEXES = {
    "girls": frozenset({"girls"}),
    "female": frozenset({"girls"}),
    "boys": frozenset({"boys"}),
    "male": frozenset({"boys"}),
}
BOTH = frozenset({"girls", "boys"})


# --- small helpers -----------------------------------------------------------------------


def doc_year(row: dict[str, Any]) -> int | None:
    """The year a document speaks from: its date, else the year of its latest facts."""
    if row.get("date"):
        return int(str(row["date"])[:4])
    if row.get("factsUpTo"):
        return int(str(row["factsUpTo"])[:4])
    return None


def doc_when(row: dict[str, Any]) -> str:
    if row.get("date"):
        return str(row["date"])
    if row.get("factsUpTo"):
        return f"undated, facts up to {row['factsUpTo']}"
    return "undated"


def base_article(article: Any) -> str | None:
    """'128(2)' and '128' are the same article; '12.4' is a part of article 12."""
    if article is None:
        return None
    text = str(article).strip()
    for sep in ("(", ".", " "):
        text = text.split(sep, 1)[0]
    return text or None


def _year(value: Any) -> int | None:
    return None if value is None else int(str(value)[:4])


def _ages(row: dict[str, Any]) -> frozenset[int]:
    """The whole years of age a statement's band covers (every age under 19 when none)."""
    lo, hi = row.get("ageMin"), row.get("ageMax")
    lo_inc = row.get("ageMinInclusive")
    hi_inc = row.get("ageMaxInclusive")
    first = 0 if lo is None else int(lo) + (0 if lo_inc in (True, None) else 1)
    last = 18 if hi is None else int(hi) - (0 if hi_inc is True else 1)
    return frozenset(range(first, last + 1))


def _sexes(value: Any) -> frozenset[str]:
    return SEXES.get(str(value), BOTH)


def _source(row: dict[str, Any], detail: str = "") -> dict[str, Any]:
    """One side's source: document, date, locator, quote, what it says, and the IRI of the
    statement, finding or version statement quoted (none for a citation's year)."""
    return {
        "document": row["docId"],
        "date": doc_when(row),
        "locator": row["locator"],
        "quote": row["quote"],
        "detail": detail,
        "statement": row.get("statement") or row.get("assessment") or row.get("status"),
    }


def _dedupe(sources: list[dict[str, Any]]) -> list[dict[str, Any]]:
    seen: dict[tuple[str, str, str], dict[str, Any]] = {}
    for s in sources:
        key = (s["document"], s["locator"], s["quote"])
        if key in seen:
            if s["detail"] and s["detail"] not in seen[key]["detail"]:
                seen[key]["detail"] = "; ".join(x for x in (seen[key]["detail"], s["detail"]) if x)
            continue
        seen[key] = dict(s)
    return sorted(seen.values(), key=lambda s: (s["document"], _locator_key(s["locator"])))


def _locator_key(locator: str) -> tuple[int, str]:
    head = locator.split("(", 1)[0]
    return (int(head), locator) if head.isdigit() else (10**6, locator)


def _docs(sources: list[dict[str, Any]]) -> list[str]:
    return sorted({s["document"] for s in sources})


def _row(
    kind: str,
    status: str,
    about: str,
    a_claim: str,
    a: list[dict[str, Any]],
    b_claim: str,
    b: list[dict[str, Any]],
    why: str,
    notes: list[str] | None = None,
) -> dict[str, Any]:
    a, b = _dedupe(a), _dedupe(b)
    return {
        "kind": kind,
        "status": status,
        "about": about,
        "same_document": bool(set(_docs(a)) & set(_docs(b))),
        "a_claim": a_claim,
        "a": a,
        "b_claim": b_claim,
        "b": b,
        "why": why,
        "notes": sorted(set(notes or [])),
    }


# --- years -------------------------------------------------------------------------------


def _two_events(statuses: list[dict[str, Any]]) -> dict[tuple[str, str], set[frozenset[int]]]:
    """Per country and instrument, the pairs of years the corpus shows to date two events
    (adoption in one year, promulgation or entry into force in another)."""
    by_inst: dict[tuple[str, str], dict[str, set[int]]] = defaultdict(lambda: defaultdict(set))
    for s in statuses:
        if s.get("year") is not None:
            by_inst[(s["jurisdiction"], s["instrumentId"])][s["stage"]].add(int(s["year"]))
    explained: dict[tuple[str, str], set[frozenset[int]]] = defaultdict(set)
    for inst, stages in by_inst.items():
        for adopted in stages.get("adopted", set()):
            for stage in POSITIVE_STAGES:
                for later in stages.get(stage, set()):
                    if later != adopted:
                        explained[inst].add(frozenset({adopted, later}))
    return explained


def _years(cites: list[dict[str, Any]], statuses: list[dict[str, Any]]) -> list[dict[str, Any]]:
    explained = _two_events(statuses)
    adopted: dict[tuple[str, str, int], list[str]] = defaultdict(list)
    for s in statuses:
        if s.get("year") is not None:
            adopted[(s["jurisdiction"], s["instrumentId"], int(s["year"]))].append(s["stage"])
    by_inst: dict[tuple[str, str, str], dict[int, list[dict[str, Any]]]] = defaultdict(
        lambda: defaultdict(list)
    )
    distinct: dict[tuple[str, str, int], bool] = {}
    for c in cites:
        year = int(c["year"])
        key = (c["jurisdiction"], c["instrumentId"], c["label"])
        by_inst[key][year].append(c)
        distinct[(c["jurisdiction"], c["instrumentId"], year)] = bool(c.get("distinct"))
    rows = []
    for (where, inst, label), years in sorted(by_inst.items()):
        ordered = sorted(years)
        for i, y1 in enumerate(ordered):
            for y2 in ordered[i + 1 :]:
                if distinct[(where, inst, y1)] and distinct[(where, inst, y2)]:
                    continue
                if frozenset({y1, y2}) in explained.get((where, inst), set()):
                    continue
                stages = set(adopted.get((where, inst, y1), [])) & set(
                    adopted.get((where, inst, y2), [])
                )
                if stages:
                    event = EVENTS.get(min(stages), min(stages))
                    why = (
                        f"One law, two dates: {y1} and {y2} cannot both be the date of its "
                        f"{event}; no source says one year is the adoption and the other the "
                        "promulgation."
                    )
                else:
                    why = (
                        f"One law, two years: {y1} and {y2}; neither source says which event its "
                        "year dates (a law is adopted, then promulgated), so the two may date two "
                        "events: a discrepancy to check before citing either year."
                    )
                rows.append(
                    _row(
                        "year",
                        "conflict",
                        label,
                        f"{label} is of {y1}",
                        _year_sources(years[y1], y1),
                        f"{label} is of {y2}",
                        _year_sources(years[y2], y2),
                        why,
                    )
                )
    return rows


def _year_sources(cites: list[dict[str, Any]], year: int) -> list[dict[str, Any]]:
    """One source per passage: the citation that shows the year ("Labour Law of 2014") rather
    than a bare article of the same version ("article 101")."""
    best: dict[tuple[str, str], dict[str, Any]] = {}
    for c in cites:
        key = (c["docId"], c["locator"])
        rank = (str(year) in str(c["quote"]), len(str(c["quote"])))
        old = best.get(key)
        if old is None or rank > (str(year) in str(old["quote"]), len(str(old["quote"]))):
            best[key] = c
    return [_source(c, f"year {year}") for c in best.values()]


# --- statements ---------------------------------------------------------------------------


@dataclass
class Stmt:
    """One statement with its offence concepts gathered (the query gives one row per concept)."""

    row: dict[str, Any]
    concepts: set[str]

    @property
    def iri(self) -> str:
        return str(self.row["statement"])

    @property
    def year(self) -> int | None:
        return _year(self.row.get("year"))

    @property
    def article(self) -> str | None:
        return base_article(self.row.get("article"))

    @property
    def asserted(self) -> bool:
        return self.row.get("stance") in (None, "asserted")

    @property
    def national(self) -> bool:
        return self.row.get("scope") != "int"

    def has_penalty(self) -> bool:
        return any(self.row.get(k) is not None for k, _, _ in PENALTY_FACTS)

    def label(self) -> str:
        return str(self.row["provision"])

    def detail(self) -> str:
        parts = [self.label()]
        if self.has_penalty():
            parts.append(penalty_text(self.row))
            parts.append(f"ages: {age_text(self.row)}")
            parts.append(f"victims: {self.row.get('sex')}")
        return "; ".join(parts)


def _statements(rows: list[dict[str, Any]]) -> list[Stmt]:
    by_iri: dict[str, Stmt] = {}
    for r in rows:
        st = by_iri.get(r["statement"])
        if st is None:
            by_iri[r["statement"]] = Stmt(dict(r), {r["notation"]})
        else:
            st.concepts.add(r["notation"])
    return list(by_iri.values())


def _effective_years(stmts: list[Stmt]) -> dict[str, int | None]:
    """The year of the law each statement is about: stated; else the year the same document
    gives the same article elsewhere; else, for a law with one enactment only, the earliest year
    any source gives it; else unknown (None)."""
    same_doc: dict[tuple[str, str, str | None], set[int]] = defaultdict(set)
    inst_years: dict[tuple[str, str], set[int]] = defaultdict(set)
    inst_distinct: set[tuple[str, str]] = set()
    for s in stmts:
        if s.year is not None:
            same_doc[(s.row["docId"], s.row["instrumentId"], s.article)].add(s.year)
            inst_years[(s.row["jurisdiction"], s.row["instrumentId"])].add(s.year)
            if s.row.get("distinct"):
                inst_distinct.add((s.row["jurisdiction"], s.row["instrumentId"]))
    out: dict[str, int | None] = {}
    for s in stmts:
        if s.year is not None:
            out[s.iri] = s.year
            continue
        inst = (s.row["jurisdiction"], s.row["instrumentId"])
        here = same_doc.get((s.row["docId"], s.row["instrumentId"], s.article), set())
        if s.article is not None and len(here) == 1:
            out[s.iri] = next(iter(here))
        elif inst not in inst_distinct and inst_years.get(inst):
            out[s.iri] = min(inst_years[inst])
        else:
            out[s.iri] = None
    return out


# --- penalties ----------------------------------------------------------------------------


def _comparable_years(a: Stmt, b: Stmt) -> bool:
    if a.year is None or b.year is None or a.year == b.year:
        return True
    return not (a.row.get("distinct") and b.row.get("distinct"))


def _overlap(a: Stmt, b: Stmt) -> bool:
    return bool(_ages(a.row) & _ages(b.row)) and bool(
        _sexes(a.row.get("sex")) & _sexes(b.row.get("sex"))
    )


def _envelope(side: list[Stmt]) -> dict[str, int]:
    env: dict[str, int] = {}
    for key, how, _ in PENALTY_FACTS:
        values = [int(s.row[key]) for s in side if s.row.get(key) is not None]
        if values:
            env[key] = min(values) if how == "min" else max(values)
    return env


def _penalty_words(env: dict[str, int]) -> str:
    return penalty_text(env)


def _components(a_side: list[Stmt], b_side: list[Stmt]) -> list[tuple[list[Stmt], list[Stmt]]]:
    """Groups of statements linked by overlapping bands and sexes across the two sides."""
    nodes = [("a", s) for s in a_side] + [("b", s) for s in b_side]
    parent = list(range(len(nodes)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, (si, x) in enumerate(nodes):
        for j, (sj, y) in enumerate(nodes):
            if si == "a" and sj == "b" and _comparable_years(x, y) and _overlap(x, y):
                parent[find(i)] = find(j)
    groups: dict[int, tuple[list[Stmt], list[Stmt]]] = defaultdict(lambda: ([], []))
    for i, (side, s) in enumerate(nodes):
        groups[find(i)][0 if side == "a" else 1].append(s)
    return [g for g in groups.values() if g[0] and g[1]]


def _penalties(stmts: list[Stmt]) -> list[dict[str, Any]]:
    cands = [s for s in stmts if s.has_penalty() and s.asserted and s.national and s.article]
    groups: dict[tuple[str, str, str, str], dict[str, list[Stmt]]] = defaultdict(
        lambda: defaultdict(list)
    )
    for s in cands:
        for concept in s.concepts:
            key = (s.row["jurisdiction"], s.row["instrumentId"], str(s.article), concept)
            groups[key][s.row["docId"]].append(s)
    found: dict[frozenset[str], dict[str, Any]] = {}
    for (_, _, article, concept), by_doc in sorted(groups.items()):
        docs = sorted(by_doc)
        for i, d1 in enumerate(docs):
            for d2 in docs[i + 1 :]:
                for a_side, b_side in _components(by_doc[d1], by_doc[d2]):
                    env_a, env_b = _envelope(a_side), _envelope(b_side)
                    differ = [
                        words
                        for key, _, words in PENALTY_FACTS
                        if key in env_a and key in env_b and env_a[key] != env_b[key]
                    ]
                    if not differ:
                        continue
                    ident = frozenset(s.iri for s in a_side + b_side)
                    if ident in found:
                        continue
                    found[ident] = _penalty_row(article, concept, a_side, b_side, differ)
    return list(found.values())


def _penalty_row(
    article: str, concept: str, a_side: list[Stmt], b_side: list[Stmt], differ: list[str]
) -> dict[str, Any]:
    notes = []
    for s in a_side + b_side:
        if s.year is None:
            notes.append(f"{s.row['docId']} does not state the year of the {s.row['instrument']}")
        raw = str(s.row.get("article"))
        if raw != article:
            notes.append(f"{s.row['docId']} gives art. {raw}, a part of art. {article}")
    env_a, env_b = _envelope(a_side), _envelope(b_side)
    labels = sorted({s.label() for s in a_side + b_side})
    facts = differ[0] if len(differ) == 1 else ", ".join(differ[:-1]) + " and " + differ[-1]
    why = (
        f"The age bands and victims overlap ({age_text(a_side[0].row)} / "
        f"{age_text(b_side[0].row)}), yet the {facts} differ: "
        f"{_penalty_words(env_a)} against {_penalty_words(env_b)}."
    )
    return _row(
        "penalty",
        "conflict",
        f"{' / '.join(labels)}: {concept}",
        _penalty_words(env_a),
        [_source(s.row, s.detail()) for s in a_side],
        _penalty_words(env_b),
        [_source(s.row, s.detail()) for s in b_side],
        why,
        notes,
    )


# --- minimum ages -------------------------------------------------------------------------


def _first_age(row: dict[str, Any]) -> int:
    """The first whole year of age a minimum allows ("over 18", read as 18 inclusive, is 18)."""
    return int(row["ageMin"]) + (0 if row.get("ageMinInclusive") in (True, None) else 1)


def _in_force_for(law: Stmt, other: Stmt) -> bool:
    """Whether `law` could be the law `other`'s document speaks of: not enacted after it."""
    when = doc_year(other.row)
    return law.year is None or when is None or law.year <= when


def _minimum_ages(stmts: list[Stmt]) -> list[dict[str, Any]]:
    """Two documents giving different ages from which the law allows the same act (marriage at
    15 and at 18), for persons of a sex both cover, each side's law not later than the other
    side's document (a later law may have changed the age: no disagreement)."""
    cands = [
        s
        for s in stmts
        if s.row.get("effect") == "sets-minimum-age"
        and s.asserted
        and s.national
        and s.row.get("ageMin") is not None
    ]
    by_concept: dict[tuple[str, str], list[Stmt]] = defaultdict(list)
    for s in cands:
        for concept in s.concepts:
            by_concept[(s.row["jurisdiction"], concept)].append(s)
    rows = []
    for (_, concept), members in sorted(by_concept.items()):
        ages = sorted({_first_age(s.row) for s in members})
        for i, young in enumerate(ages):
            for old in ages[i + 1 :]:
                a_side = [s for s in members if _first_age(s.row) == young]
                b_side = [s for s in members if _first_age(s.row) == old]
                pairs = [
                    (x, y)
                    for x in a_side
                    for y in b_side
                    if x.row["docId"] != y.row["docId"]
                    and _sexes(x.row.get("sex")) & _sexes(y.row.get("sex"))
                    and _in_force_for(x, y)
                    and _in_force_for(y, x)
                ]
                if not pairs:
                    continue
                a = [x for x in a_side if any(x is p for p, _ in pairs)]
                b = [y for y in b_side if any(y is q for _, q in pairs)]
                rows.append(_minimum_age_row(concept, young, old, a, b))
    return rows


def _minimum_age_row(
    concept: str, young: int, old: int, a: list[Stmt], b: list[Stmt]
) -> dict[str, Any]:
    notes = [
        f"{s.row['docId']} ¶{s.row['locator']} does not state the year of the {s.row['instrument']}"
        for s in a + b
        if s.year is None
    ]
    a_laws = "; ".join(sorted({s.label() for s in a}))
    b_laws = "; ".join(sorted({s.label() for s in b}))
    why = (
        f"Both state the age from which the law allows it, for persons both cover, and neither "
        f"side's law is later than the other side's document: {young} and {old} cannot both be "
        "the minimum; no source states an exception that reconciles them."
    )
    return _row(
        "minimum-age",
        "conflict",
        concept,
        f"{concept}: lawful from the age of {young} ({a_laws})",
        [_source(s.row, s.label()) for s in a],
        f"{concept}: lawful from the age of {old} ({b_laws})",
        [_source(s.row, s.label()) for s in b],
        why,
        notes,
    )


# --- status -------------------------------------------------------------------------------


def _status(statuses: list[dict[str, Any]], stmts: list[Stmt]) -> list[dict[str, Any]]:
    rows = []
    by_doc: dict[str, list[Stmt]] = defaultdict(list)
    for st in stmts:
        by_doc[st.row["docId"]].append(st)
    by_version: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for s in statuses:
        by_version[s["version"]].append(s)
    for _, group in sorted(by_version.items()):
        label = group[0]["label"]
        positive = [s for s in group if s["stage"] in POSITIVE_STAGES]
        pending = [s for s in group if s["stage"] == "not-yet-promulgated"]
        if positive and pending and {s["docId"] for s in positive} != {s["docId"] for s in pending}:
            years = ", ".join(sorted({str(s["factsUpTo"]) for s in pending if s["factsUpTo"]}))
            why = (
                f"{label} cannot have been promulgated and not yet be promulgated; both hold only "
                "if the second source was written before the promulgation"
                + (f" (its latest facts are from {years})" if years else "")
                + ", which neither says."
            )
            rows.append(
                _row(
                    "status",
                    "conflict",
                    label,
                    f"{label} has been promulgated",
                    [_source(s, s["stage"]) for s in positive],
                    f"{label} has not yet been promulgated",
                    [_source(s, s["stage"]) for s in pending],
                    why,
                )
            )
        for p in pending:
            stated = _stated_as_law(p, by_doc.get(p["docId"], []))
            if not stated:
                continue
            arts = sorted({str(s.row["article"]) for s in stated if s.row.get("article")}, key=_num)
            notes = [
                f"{p['docId']} ¶{s.row['locator']} states art. {s.row.get('article')} without "
                "a year; the same document gives that article under this version"
                for s in stated
                if s.year is None
            ]
            adopted = [s for s in group if s["stage"] == "adopted" and s["docId"] == p["docId"]]
            rows.append(
                _row(
                    "status",
                    "caveat",
                    label,
                    f"{label} " + ("was adopted but " if adopted else "") + "has not yet been "
                    "promulgated",
                    [_source(s, s["stage"]) for s in [*adopted, p]],
                    f"its articles ({', '.join(arts)}) are stated in the present tense",
                    [_source(s.row, s.label()) for s in stated],
                    "Not a contradiction but a caveat on each of these statements: the same "
                    "document says the code is not yet promulgated, so what it states of these "
                    "articles is the text adopted, not law in force when it wrote.",
                    notes,
                )
            )
    return rows


def _num(article: str) -> tuple[int, str]:
    head = base_article(article) or ""
    return (int(head), article) if head.isdigit() else (10**6, article)


def _stated_as_law(pending: dict[str, Any], stmts: list[Stmt]) -> list[Stmt]:
    """The statements a document makes about a version it says is not yet promulgated: its
    articles as that version (the year stated) or, with no year, an article the same document
    gives under that version elsewhere."""
    doc, inst, year = pending["docId"], pending["instrumentId"], _year(pending.get("year"))
    mine = [
        s for s in stmts if s.row["docId"] == doc and s.row["instrumentId"] == inst and s.asserted
    ]
    of_version = {s.article for s in mine if s.year == year and s.article}
    return [
        s
        for s in mine
        if (s.year == year and s.article) or (s.year is None and s.article in of_version)
    ]


# --- findings -----------------------------------------------------------------------------


@dataclass
class Finding:
    row: dict[str, Any]
    concept: str
    considered: list[tuple[str, int | None, str | None]]
    # What a partial finding says the law covers (see _limits).
    limits: dict[str, Any] = field(default_factory=dict)

    def claim(self) -> str:
        words = VERDICT_WORDS[self.row["verdict"]]
        if "sexes" in self.limits:
            words += f" (it protects {' and '.join(sorted(self.limits['sexes']))} only)"
        if "max" in self.limits:
            words += f" (it protects children only up to {self.limits['max']})"
        return words

    @property
    def key(self) -> tuple[str, str]:
        return (str(self.row["assessment"]), self.concept)

    @property
    def year(self) -> int | None:
        return doc_year(self.row)

    @property
    def partial(self) -> bool:
        return bool(self.row["verdict"] == "partially-criminalised")

    def scope(self) -> set[str]:
        """The laws the finding is about, where it names whole laws ("the Penal Law")."""
        return {inst for inst, _, art in self.considered if art is None}


def _findings(rows: list[dict[str, Any]]) -> list[Finding]:
    by_key: dict[tuple[str, str], Finding] = {}
    for r in rows:
        key = (str(r["assessment"]), str(r["notation"]))
        f = by_key.setdefault(key, Finding(dict(r), str(r["notation"]), []))
        if r.get("consideredInstrument"):
            f.considered.append(
                (
                    str(r["consideredInstrument"]),
                    _year(r.get("consideredYear")),
                    base_article(r.get("consideredArticle")),
                )
            )
    return list(by_key.values())


def _considered(f: Finding, s: Stmt, year: int | None) -> bool:
    for inst, c_year, c_art in f.considered:
        if inst != s.row["instrumentId"]:
            continue
        if c_art is not None and s.article is not None and c_art != s.article:
            continue
        if c_year is not None:
            if year is None or year == c_year:
                return True
            continue
        if year is None or f.year is None or year <= f.year:
            return True
    return False


def _limits(f: Finding, stmts: list[Stmt], narrower: dict[str, set[str]]) -> dict[str, Any]:
    """What a partial finding says the law covers (its own account of it, in its passage, among
    `stmts`): girls only, or children up to an age."""
    related = narrower.get(f.concept, {f.concept})
    limits: dict[str, Any] = {}
    for s in stmts:
        if s.row["docId"] != f.row["docId"] or s.row["locator"] != f.row["locator"]:
            continue
        if not (
            s.concepts & related or any(f.concept in narrower.get(c, set()) for c in s.concepts)
        ):
            continue
        sexes = _sexes(s.row.get("sex"))
        if sexes != BOTH:
            limits["sexes"] = sexes
        if s.row.get("ageMax") is not None and s.row.get("ageMin") is None:
            limits["max"] = int(s.row["ageMax"])
    return limits


def _fuller(s: Stmt, limits: dict[str, Any]) -> bool:
    if "sexes" in limits and not (_sexes(s.row.get("sex")) - limits["sexes"]):
        return False
    return "max" not in limits or any(a >= limits["max"] for a in _ages(s.row))


def _denies(f: Finding, s: Stmt, narrower: dict[str, set[str]], also: dict[str, set[str]]) -> bool:
    if not (s.asserted and s.national) or s.row["jurisdiction"] != f.row["jurisdiction"]:
        return False
    if s.row["docId"] == f.row["docId"] and s.row["locator"] == f.row["locator"]:
        return False  # the finding's own account of the law it finds wanting
    if not s.concepts & narrower.get(f.concept, {f.concept}):
        return False
    whole_law = s.article is None and s.row.get("effect") != "limits"
    if s.row.get("effect") != "creates-offence" and not (
        f.row["verdict"] == "no-law" and whole_law
    ):
        return False
    return not (_distinct_from(f.concept, narrower) & also.get(str(s.row["provisionIri"]), set()))


def _distinct_from(concept: str, narrower: dict[str, set[str]]) -> set[str]:
    """The offences `concept` must stand apart from: those of DISTINCT_FROM for the concept and
    for every broader one (sale for organs is a form of sale: a trafficking offence that reaches
    it does not make it an offence distinct from trafficking, 002 ¶29(a))."""
    return {other for c, other in DISTINCT_FROM.items() if concept in narrower.get(c, {c})}


def _finding_rows(
    findings: list[Finding], stmts: list[Stmt], narrower: dict[str, set[str]]
) -> list[dict[str, Any]]:
    years = _effective_years(stmts)
    also: dict[str, set[str]] = defaultdict(set)
    for s in stmts:
        also[str(s.row["provisionIri"])] |= s.concepts
    # Indexes, so that a graph of many countries is not paired finding by statement: the
    # statements by country and concept, and by passage (a finding's own account of the law).
    by_concept: dict[tuple[str, str], list[Stmt]] = defaultdict(list)
    by_passage: dict[tuple[str, str], list[Stmt]] = defaultdict(list)
    for s in stmts:
        by_passage[(s.row["docId"], s.row["locator"])].append(s)
        for c in s.concepts:
            by_concept[(s.row["jurisdiction"], c)].append(s)
    groups: dict[tuple[str, str, str, str], tuple[list[Finding], list[tuple[Stmt, str]]]] = (
        defaultdict(lambda: ([], []))
    )
    for f in findings:
        scope = f.scope()
        here = by_passage.get((f.row["docId"], f.row["locator"]), [])
        limits = _limits(f, here, narrower) if f.partial else {}
        seen: set[str] = set()
        candidates = []
        for c in sorted(narrower.get(f.concept, {f.concept})):
            for s in by_concept.get((f.row["jurisdiction"], c), []):
                if s.iri not in seen:
                    seen.add(s.iri)
                    candidates.append(s)
        for s in candidates:
            if not _denies(f, s, narrower, also):
                continue
            if scope and s.row["instrumentId"] not in scope:
                continue
            if f.partial and not _fuller(s, limits):
                continue
            year = years[s.iri]
            if _considered(f, s, year):
                continue
            status = (
                "superseded"
                if year is not None and f.year is not None and f.year < year
                else "conflict"
            )
            f.limits = limits
            key = (f.row["jurisdiction"], f.concept, f.row["verdict"], status)
            fs, ss = groups[key]
            if f not in fs:
                fs.append(f)
            note = "" if year is not None else "year not stated"
            ss.append((s, note))
    rows = []
    for (_, concept, verdict, status), (fs, ss) in sorted(groups.items()):
        rows.append(_finding_row(concept, verdict, status, fs, ss, years))
    # A finding a later law answers may already have been false when made: say so on its
    # superseded row, which is then no excuse for it.
    contradicted = {
        s["statement"] for r in rows if r["status"] == "conflict" for s in r["a"] if s["statement"]
    }
    for r in rows:
        if r["status"] == "superseded" and {s["statement"] for s in r["a"]} & contradicted:
            r["notes"] = sorted(
                {
                    *r["notes"],
                    "the same finding is also listed as a conflict, against laws not later "
                    "than it: it may not have been true when made either",
                }
            )
    return rows


def _finding_row(
    concept: str,
    verdict: str,
    status: str,
    fs: list[Finding],
    ss: list[tuple[Stmt, str]],
    years: dict[str, int | None],
) -> dict[str, Any]:
    notes = [
        f"{s.row['docId']} ¶{s.row['locator']}: {s.label()}"
        + ("" if "year not stated" in s.label() else ", year not stated")
        for s, note in ss
        if note
    ]
    same = {f.row["docId"] for f in fs} & {s.row["docId"] for s, _ in ss}
    other = "the same document and others say" if same else "the other side says"
    if same and {s.row["docId"] for s, _ in ss} <= same:
        other = "the same document says"
    laws = sorted({s.label() for s, _ in ss})
    f_years = sorted({f.year for f in fs if f.year is not None})
    s_years = sorted({y for s, _ in ss if (y := years[s.iri]) is not None})
    when = "/".join(str(y) for y in f_years)
    if status == "superseded":
        why = (
            f"The finding ({when}) predates the law that answers it "
            f"({', '.join(str(y) for y in s_years)}): it may have been true when made."
        )
    else:
        stated = f" ({', '.join(str(y) for y in s_years)})" if s_years else ""
        why = (
            f"The finding ({when}) says {VERDICT_WORDS[verdict]}, without considering the "
            f"provision(s) {other} provide for it{stated}: if they do, it is false."
        )
    claims = sorted({f.claim() for f in fs})
    return _row(
        "finding-vs-provision",
        status,
        concept,
        f"{concept}: {'; '.join(claims)}",
        [_source(f.row, f"{verdict} ({doc_when(f.row)})") for f in fs],
        f"{concept}: provided for by {'; '.join(laws)}",
        [_source(s.row, s.detail()) for s, _ in ss],
        why,
        notes,
    )


# --- the whole list -----------------------------------------------------------------------


def narrower_concepts(engine: Engine) -> dict[str, set[str]]:
    """Each offence concept with itself and every narrower one."""
    out: dict[str, set[str]] = defaultdict(set)
    for r in runner.run(engine, runner.get("gapmap-concepts")):
        out[str(r["ancestor"])].add(str(r["notation"]))
        out[str(r["notation"])].add(str(r["notation"]))
    return out


def statement_facts(engine: Engine) -> list[Stmt]:
    return _statements(runner.run(engine, runner.get("conflicts-statements")))


def conflicts(engine: Engine, jurisdiction: str | None = None) -> list[dict[str, Any]]:
    """Every real disagreement (status "conflict"), every document's own caveat on what it
    states (status "caveat") and every finding overtaken by a later law (status "superseded"),
    in that order. Each row: kind, status, about, same_document,
    a_claim and a (its sources: document, date, locator, quote, detail), b_claim and b, why,
    notes. `jurisdiction` keeps one country's documents."""
    stmts = statement_facts(engine)
    statuses = runner.run(engine, runner.get("conflicts-status"))
    cites = runner.run(engine, runner.get("conflicts-years"))
    findings = _findings(runner.run(engine, runner.get("conflicts-findings")))
    if jurisdiction is not None:
        stmts = [s for s in stmts if s.row["jurisdiction"] == jurisdiction]
        statuses = [s for s in statuses if s["jurisdiction"] == jurisdiction]
        cites = [c for c in cites if c["jurisdiction"] == jurisdiction]
        findings = [f for f in findings if f.row["jurisdiction"] == jurisdiction]
    narrower = narrower_concepts(engine)
    rows = (
        _years(cites, statuses)
        + _status(statuses, stmts)
        + _penalties(stmts)
        + _minimum_ages(stmts)
        + _finding_rows(findings, stmts, narrower)
    )
    order = {"year": 0, "status": 1, "penalty": 2, "minimum-age": 3, "finding-vs-provision": 4}
    rank = {"conflict": 0, "caveat": 1, "superseded": 2}
    rows.sort(key=lambda r: (rank[r["status"]], order[r["kind"]], r["about"]))
    return rows


def where(sources: list[dict[str, Any]]) -> str:
    """'a-hrc-40-51-add-1 ¶13, ¶28; lao-opsc-followup-report ¶69'."""
    by_doc: dict[str, list[str]] = defaultdict(list)
    for s in sources:
        if s["locator"] not in by_doc[s["document"]]:
            by_doc[s["document"]].append(s["locator"])
    return "; ".join(f"{d} " + ", ".join(f"¶{loc}" for loc in locs) for d, locs in by_doc.items())


def flat(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The rows for a table or CSV: each side's sources as one text (document ¶locator (date):
    "quote"), notes joined."""

    def text(sources: list[dict[str, Any]]) -> str:
        return " | ".join(
            f'{s["document"]} ¶{s["locator"]} ({s["date"]}): "{s["quote"]}"' for s in sources
        )

    return [
        {
            "kind": r["kind"],
            "status": r["status"],
            "about": r["about"],
            "same_document": r["same_document"],
            "a_claim": r["a_claim"],
            "a_sources": text(r["a"]),
            "b_claim": r["b_claim"],
            "b_sources": text(r["b"]),
            "why": r["why"],
            "notes": "; ".join(r["notes"]),
        }
        for r in rows
    ]


def _side_lines(label: str, claim: str, sources: list[dict[str, Any]]) -> list[str]:
    lines = [f"  {label} {claim}"]
    for s in sources:
        lines.append(f'    {s["document"]} ¶{s["locator"]} ({s["date"]}): "{s["quote"]}"')
    return lines


def table_lines(rows: list[dict[str, Any]]) -> list[str]:
    """The people's view: conflicts first, then the superseded findings, each row with both
    claims, every source quoted, why both cannot be true, and notes."""
    lines: list[str] = []
    real = [r for r in rows if r["status"] == "conflict"]
    caveats = [r for r in rows if r["status"] == "caveat"]
    superseded = [r for r in rows if r["status"] == "superseded"]
    for group in (real, caveats, superseded):
        if group is caveats and not caveats:
            continue
        if group is caveats:
            lines += [
                "",
                "caveats: a document's own qualification of what it states (not conflicts)",
                "",
            ]
        if group is superseded:
            lines += [
                "",
                "superseded: findings made before the law that answers them (not conflicts)",
                "",
            ]
        for r in group:
            tags = [r["kind"]]
            if r["same_document"]:
                tags.append("same document")
            if r["status"] != "conflict":
                tags.append(r["status"])
            lines.append(f"[{', '.join(tags)}] {r['about']}")
            lines += _side_lines("A", r["a_claim"], r["a"])
            lines += _side_lines("B", r["b_claim"], r["b"])
            lines.append(f"  why: {r['why']}")
            lines += [f"  note: {n}" for n in r["notes"]]
        if group is real:
            lines.append(f"{len(real)} conflict(s)")
        elif group is caveats:
            lines.append(f"{len(caveats)} caveat(s)")
        else:
            lines.append(f"{len(superseded)} superseded finding(s)")
    return lines
