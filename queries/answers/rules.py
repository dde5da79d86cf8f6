"""The rules that turn a question's evidence into a status, as a lawyer reads it.

Written down in the README ("How a status is decided"); this module implements exactly that.
It reads no graph: its input is the provisions and findings `gaps.answer` collected, its output
a `Decision` (status, reasons, and a copy of every piece of evidence with its role).

The rules are those of the README, rules 1-6 (minimum ages, rule 7, are in `ages.py`):

1. Evidence and its role: provision, partial provision (something `missing`), gap provision
   (`limits`, or a flag the question's query reads as against, such as permitting mediation),
   reported view (no evidence); positive, gap and partial findings.
2. Older versions: provisions of a version older than a distinct enactment some source
   describes (the 2005 against the 2017 Penal Code) are history (`superseded-provision`).
3. Time: a gap finding meets the positive evidence of other documents of the same country,
   on the laws it names. Made before the law: superseded. It considered the provision: the gap
   stands and the provision is found wanting. Made after, without considering it: a contest,
   against full provisions and positive findings only (a partial finding agrees with a
   partial provision); the order unknown: a contest unless a dated later law settles it. A
   disagreement with the finding's own document's provisions is that document contradicting
   itself: the finding does not stand. A finding on a narrower offence leaves the question
   partly covered; a broader one that only says "partly" is no evidence on the narrower
   question; a broader one that considered the very provision does not decide it.
4. Equality (`equality: girls-boys`): within one document's account of a law, the same
   offences for girls and boys at every age under 18, and no penalty falling with the child's
   age; ages (`ages: under-18`): the bands one document gives cover every child under 18.
5. Acts (`acts:`): each listed act needs a provision from some source.
6. Status (`_base_status`): no evidence -> `no_information`; no positive evidence left ->
   `not_criminalised` (or `partial` where a standing finding says "partly"); positive evidence
   with nothing partial that a full provision does not make good, no gap provision, no standing
   gap finding, every act covered and equal protection -> `criminalised`; otherwise `partial`.
   A contest makes it `contested` only where the answer would otherwise be `criminalised`;
   elsewhere it is shown as a `disagreement`. A procedure question says `provided` /
   `not_provided`.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from functools import lru_cache
from itertools import pairwise

from lexgap.core.record import factory, fields, record
from lexgap.queries.answers.model import Finding, Provision, Reason, Source, cite_json, copied

GAP_VERDICTS = ("not-criminalised", "no-law", "partially-criminalised")
DENYING_VERDICTS = ("not-criminalised", "no-law")
# Flags a question's query sets on a statement that make it evidence of the gap, not of provision.
NEGATIVE_FLAGS = ("permits-mediation", "limits")

MISSING_TEXT = {
    "girls-only": "protects girls only: boys are not covered",
    "sex-unstated": "the source does not say that boys are protected",
    "no-criminal-penalty": "the source states no criminal penalty",
    "permits-mediation": "allows mediation or settlement of the case instead of prosecution",
    "under-18-marriage": "sets a minimum age of marriage below 18",
    "limits": "restricts or refuses it (a reservation, a refusal ground, or punishes the victim)",
    "as-trafficking-only": "reaches it only as trafficking, not as the sale of a child",
    "child-rape-only": "keeps only child rape out of mediation, not other child sexual abuse",
    "unequal": "girls and boys are not protected by the same offences at every age",
    "penalty-by-age": "its penalty is lighter for older children than for younger ones",
}
# What a partial provision leaves out that a full provision on the same question makes good:
# a non-criminal prohibition beside an offence, or a girls-only offence beside one for every
# child (whether girls and boys are then protected alike is the equality rule's to say).
COMPLEMENTARY = {"no-criminal-penalty", "girls-only", "sex-unstated", "as-trafficking-only"}
PROCEDURE_WORDS = {"criminalised": "provided", "not_criminalised": "not_provided"}
STATUS_ORDER = (
    "contested",
    "disagreement",
    "criminalised",
    "provided",
    "partial",
    "not_criminalised",
    "not_provided",
    "no_information",
    "superseded",
    "reported",
)


@record(frozen=True)
class Tally:
    """What the status (rule 6) is computed from, for the evidence of one jurisdiction: whether
    there is evidence of each kind after the rules gave it its role, and which of the question's
    acts its provisions cover. Why apart from the evidence: tallies combine over jurisdictions by
    `or` (the acts by union), and every other rule compares evidence of one jurisdiction only
    (`without.py` says which), so "the status without these statements" (`gaps._caveats`, once
    per law version in doubt) re-decides only the jurisdiction they belong to."""

    provisions: bool = False  # any provision, reported views included
    positive: bool = False
    negative: bool = False
    gap_findings: bool = False
    pos_findings: bool = False
    live_full: bool = False
    live_partial: bool = False
    # a live partial provision missing something a full provision does not make good
    partial_beyond_complementary: bool = False
    standing: bool = False
    standing_denial: bool = False  # a standing denial of the question's own offence
    standing_partly: bool = False
    wanting: bool = False
    unequal: bool = False
    contests: bool = False
    covered_acts: frozenset[str] = frozenset()

    def __or__(self, other: Tally) -> Tally:
        """The tally of both: each flag if either has it, the acts of both."""
        flags = {n: getattr(self, n) or getattr(other, n) for n in fields(self)}
        flags["covered_acts"] = self.covered_acts | other.covered_acts
        return Tally(**flags)

    @property
    def no_information(self) -> bool:
        return not (self.positive or self.negative or self.gap_findings or self.pos_findings)


def base_status(t: Tally, acts: list[str] | None) -> str:
    """The status from a tally before the procedure words: rule 6, and a contest making an
    otherwise criminalised answer contested."""
    if t.no_information:
        return "no_information"
    status = _base_status(
        positives_left=t.live_full or t.live_partial or t.pos_findings,
        full=t.live_full or t.pos_findings,
        blocking_partial=t.partial_beyond_complementary if t.live_full else t.live_partial,
        negative=t.negative,
        standing_any=t.standing,
        standing_denial=t.standing_denial,
        standing_partly=t.standing_partly,
        wanting=t.wanting,
        uncovered=any(a not in t.covered_acts for a in acts or []),
        unequal=t.unequal,
    )
    return "contested" if t.contests and status == "criminalised" else status


def status_of(t: Tally, kind: str, acts: list[str] | None) -> str:
    """The status a decision over the tallied evidence gives (`decide`'s own last step)."""
    status = base_status(t, acts)
    return PROCEDURE_WORDS.get(status, status) if kind == "procedure" else status


@record
class Decision:
    status: str
    reasons: list[Reason]
    provisions: list[Provision] = factory(default_factory=list)
    findings: list[Finding] = factory(default_factory=list)
    # the tally of each jurisdiction's evidence (`Tally`)
    tallies: dict[str | None, Tally] = factory(default_factory=dict)


def _reason(status: str, text: str, *sources: Source) -> Reason:
    return Reason(status, text, [cite_json(s) for s in sources])


def effect_words(p: Provision) -> str:
    return {
        "creates-offence": "creates the offence",
        "prohibits": "prohibits it",
        "sets-minimum-age": f"sets the age ({p.age['text']})",
        "sets-procedure": "provides for it",
        "grants-right": "grants the right",
        "defines": "defines it",
        "establishes-body": "establishes a body for it",
        "limits": "limits it",
    }.get(p.effect, p.effect)


def details(p: Provision) -> str:
    """'; penalty ...; ages ...' as far as the source states them."""
    out = ""
    if p.effect == "creates-offence":
        stated = p.penalty_stated
        out += f"; penalty {p.penalty['text']}" if stated else "; no penalty stated in this source"
        ref = p.penalty.get("by_reference")
        if ref:
            out += f" (by reference to {ref['provision']}, {ref['document']} ¶{ref['locator']})"
    if p.age["text"] != "no age band stated" and p.effect != "sets-minimum-age":
        out += f"; ages {p.age['text']}"
    return out


# --- ages and equality ---------------------------------------------------------------------


def cover_interval(age: dict[str, object]) -> tuple[float, float] | None:
    """An age band as a half-open interval [lo, hi) of ages, or None if no band is stated.
    Whole years: 'under 15' is [0, 15), '15 to 18 inclusive' is [15, 19), 'over 12' [13, ...)."""
    lo, hi = age.get("min"), age.get("max")
    if lo is None and hi is None:
        return None
    start = (
        0.0
        if not isinstance(lo, int)
        else float(lo + (0 if age.get("min_inclusive") is not False else 1))
    )
    end = (
        float("inf")
        if not isinstance(hi, int)
        else float(hi + (1 if age.get("max_inclusive") else 0))
    )
    return start, end


def covers_under(bands: list[tuple[float, float]], limit: float) -> bool:
    """True if the union of half-open intervals covers [0, limit)."""
    reach = 0.0
    for start, end in sorted(bands):
        if start > reach:
            return False
        reach = max(reach, end)
        if reach >= limit:
            return True
    return reach >= limit


def age_band_gaps(provisions: list[Provision], limit: int) -> tuple[set[str], list[Reason]]:
    """Statements whose document's bands leave some child under `limit` uncovered."""
    flagged: set[str] = set()
    reasons: list[Reason] = []
    by_doc: dict[str, list[Provision]] = defaultdict(list)
    for p in provisions:
        by_doc[p.source.document].append(p)
    for doc, items in sorted(by_doc.items()):
        banded = [p for p in items if cover_interval(p.age) is not None]
        bands = [b for b in (cover_interval(p.age) for p in banded) if b is not None]
        if not bands or covers_under(bands, limit):
            continue
        flagged.update(p.statement for p in banded)
        described = "; ".join(f"{p.provision}: {p.age['text']}" for p in banded)
        reasons.append(
            Reason(
                "partial",
                f"The age bands {doc} gives do not together cover every child under {limit} "
                f"({described}).",
                [cite_json(p.source) for p in banded],
            )
        )
    return flagged, reasons


GIRLS = ("girls", "female", "girls-and-boys", "any-person")
BOYS = ("boys", "girls-and-boys", "any-person")


def _protecting(
    items: list[Provision], sex: str
) -> list[tuple[Provision, tuple[float, float] | None]]:
    """The provisions for victims of `sex` (girls or boys), each with its age band. Why once
    per account: reading every band again for each age of 0-17 was most of an answer's time
    over many countries."""
    allowed = GIRLS if sex == "girls" else BOYS
    return [(p, cover_interval(p.age)) for p in items if p.sex in allowed]


def _at(banded: list[tuple[Provision, tuple[float, float] | None]], age: int) -> list[Provision]:
    """Those of `banded` that protect a child of `age`: no band stated, or a band holding it."""
    return [p for p, band in banded if band is None or band[0] <= age < band[1]]


def _by_age(
    banded: list[tuple[Provision, tuple[float, float] | None]],
) -> list[list[Provision]]:
    """`_at(banded, age)` for each age 0-17, computed once per stretch of ages in which no band
    starts or ends (the same list for each age of a stretch). Why: 18 scans of each account
    were most of an equality answer's deciding over many countries."""
    cuts = {0, 18}
    for _, band in banded:
        if band is not None:
            # a whole age enters or leaves [start, end) at the edge rounded up
            cuts.update(math.ceil(edge) for edge in band if 0 < edge < 18)
    ordered = sorted(cuts)
    out: list[list[Provision]] = []
    for lo, hi in pairwise(ordered):
        covering = _at(banded, lo)
        out.extend([covering] * (hi - lo))
    return out


def _severity(p: Provision) -> tuple[int, int]:
    """How severe the provision's penalty is, for comparing girls' and boys' protection."""
    pen = p.penalty
    return (1 if pen.get("death_penalty") else 0, int(pen.get("prison_max_months") or 0))


def equality_gaps(provisions: list[Provision]) -> tuple[dict[str, set[str]], list[Reason]]:
    """`_equality_gaps` without the documents."""
    flagged, reasons, _docs = _equality_gaps(provisions)
    return flagged, reasons


def _equality_gaps(
    provisions: list[Provision],
) -> tuple[dict[str, set[str]], list[Reason], set[str]]:
    """Where one document's account gives girls and boys of the same age different protection
    (a different set of offences, or none: flag `unequal`), or a penalty that falls with the
    child's age (flag `penalty-by-age`): the flags of the statements involved, and one reason per
    document naming the ages and provisions. Statements about older and newer versions of a law
    are compared within their own version (a document may describe both). Also the documents
    given a reason (their jurisdictions' tallies are unequal)."""
    flagged: dict[str, set[str]] = defaultdict(set)
    reasons: list[Reason] = []
    docs: set[str] = set()
    groups: dict[tuple[str, str, int | None], list[Provision]] = defaultdict(list)
    for p in provisions:
        groups[(p.source.document, p.instrument, p.year)].append(p)
    for (doc, _inst, _year), items in sorted(groups.items(), key=lambda kv: str(kv[0])):
        if not any(p.sex in BOYS for p in items):
            continue  # no provision for boys in this account: girls-only already says so
        spans: list[tuple[int, int, list[str], list[str]]] = []
        girls_by_age = _names_by_age(_protecting(items, "girls"))
        boys_by_age = _names_by_age(_protecting(items, "boys"))
        for age in range(18):
            girls, boys = girls_by_age[age], boys_by_age[age]
            if girls != boys:
                if spans and spans[-1][1] == age - 1 and spans[-1][2:] == (girls, boys):
                    spans[-1] = (spans[-1][0], age, girls, boys)
                else:
                    spans.append((age, age, girls, boys))
        by_age = _penalty_steps(items)
        if by_age:
            for p in items:
                if p.age.get("min") is not None or p.age.get("max") is not None:
                    flagged[p.statement].add("penalty-by-age")
            docs.add(doc)
            reasons.append(
                Reason(
                    "partial",
                    f"Penalties differ by the child's age in {doc}'s account: {by_age}.",
                    [cite_json(p.source) for p in items],
                )
            )
        if not spans:
            continue
        involved = [p for p in items if any(p.provision in s[2] + s[3] for s in spans)]
        for p in involved:
            flagged[p.statement].add("unequal")
        parts = []
        for lo, hi, girls, boys in spans:
            ages = f"aged {lo}" if lo == hi else f"aged {lo} to {hi}"
            parts.append(
                f"{ages}: girls {', '.join(girls) or 'no provision'}; "
                f"boys {', '.join(boys) or 'no provision'}"
            )
        docs.add(doc)
        reasons.append(
            Reason(
                "partial",
                f"Unequal protection in {doc}'s account: " + " | ".join(parts) + ".",
                [cite_json(p.source) for p in involved],
            )
        )
    return flagged, reasons, docs


def _names_by_age(banded: list[tuple[Provision, tuple[float, float] | None]]) -> list[list[str]]:
    """The sorted provision names protecting each age 0-17 (each stretch's sorted once)."""
    out: list[list[str]] = []
    previous: list[Provision] | None = None
    for covering in _by_age(banded):
        if covering is previous:
            out.append(out[-1])
        else:
            out.append(sorted({p.provision for p in covering}))
        previous = covering
    return out


def _penalty_steps(items: list[Provision]) -> str:
    """Where the heaviest penalty the account gives changes with the child's age under 18 (a
    lighter offence for older children): the ages and penalties in words ("children" when girls
    and boys are treated alike), else ""."""
    found: dict[str, list[tuple[int, int, tuple[int, int]]]] = {}
    for sex in ("girls", "boys"):
        steps: list[tuple[int, int, tuple[int, int]]] = []
        # each provision's band and severity read once, not again for every age
        banded = _protecting(items, sex)
        severity = {id(p): _severity(p) for p, _ in banded}
        heaviest: tuple[int, int] = (0, 0)
        previous: list[Provision] | None = None
        for age, covering in enumerate(_by_age(banded)):
            if not covering:
                continue
            if covering is not previous:  # a new stretch of ages
                heaviest = max(severity[id(p)] for p in covering)
                previous = covering
            sev = heaviest
            if steps and steps[-1][1] == age - 1 and steps[-1][2] == sev:
                steps[-1] = (steps[-1][0], age, sev)
            else:
                steps.append((age, age, sev))
        if len({sev for _, _, sev in steps}) > 1:
            found[sex] = steps
    if not found:
        return ""
    if found.get("girls") == found.get("boys"):
        found = {"children": found["girls"]}
    return " | ".join(
        "; ".join(
            f"{who} aged {lo}"
            + (f" to {hi}" if hi != lo else "")
            + ": "
            + ("up to the death penalty" if sev[0] else f"up to {sev[1]} months")
            for lo, hi, sev in steps
        )
        for who, steps in found.items()
    )


# --- time ------------------------------------------------------------------------------------


def _label(item: Provision | Finding) -> str:
    if isinstance(item, Provision):
        return item.provision
    return f"the finding of {item.source.cite()}"


_IRI_PARTS = re.compile(r"/id/[^/]+/(?P<inst>[^/]+)(?:/(?P<year>[^/]+))?(?:/art/(?P<art>.+))?$")


@lru_cache(maxsize=65536)
def _parts(iri: str) -> tuple[str | None, str | None, str | None]:
    """(instrument, year or "year-not-stated", article) of a provision IRI, where it has them.
    Cached: the rules ask it of the same few IRIs for every finding and provision they pair
    (hundreds of thousands of regex searches for one answer over 100 countries)."""
    m = _IRI_PARTS.search(iri)
    return (m["inst"], m["year"], m["art"]) if m else (None, None, None)


def positive_year(item: Provision | Finding) -> int | None:
    """The year of the law positive evidence rests on: a provision's stated year; for a finding,
    the latest year of the provisions it considered."""
    if isinstance(item, Provision):
        return item.year
    years = [int(y) for _, y, _ in map(_parts, item.considered_iris) if y and y.isdigit()]
    return max(years) if years else None


def _considered(finding: Finding, p: Provision) -> bool:
    """Whether the finding discussed this provision: the provision itself, the law or version
    it belongs to, one of its articles, the same article under another year (sources give the
    same law different years), or the same law named without a year by a finding made after
    it."""
    inst, _, art = _parts(p.provision_iri)
    for iri in finding.considered_iris:
        if p.provision_iri == iri or p.provision_iri.startswith(iri + "/"):
            return True
        if iri.startswith(p.provision_iri + "/"):
            return True
        c_inst, _, c_art = _parts(iri)
        if art is not None and (c_inst, c_art) == (inst, art):
            return True
        if f"/{p.instrument}/year-not-stated" in iri:
            fy = finding.source.year
            if p.law_year is not None and fy is not None and p.law_year <= fy:
                return True
    return False


def meets(finding: Finding, positive: Provision | Finding) -> bool:
    """Whether a finding speaks of the law the positive evidence is about: a finding that names
    the laws it considered speaks only of those laws (the CRC's "the Penal Law criminalizes
    only the rape of girls" says nothing of the Law on Children); one that names none speaks of
    the whole law."""
    if not finding.considered_instruments or not isinstance(positive, Provision):
        return True
    return positive.instrument in finding.considered_instruments


def relation(finding: Finding, positive: Provision | Finding) -> str:
    """How a gap finding stands against one piece of positive evidence: superseded,
    considered, contest, unordered, or agrees (a partial finding and a partial provision)."""
    if isinstance(positive, Provision) and _considered(finding, positive):
        return "considered"
    if isinstance(positive, Finding) and set(positive.considered_iris) & set(
        finding.considered_iris
    ):
        return "considered"
    fy = finding.source.year
    stated = positive_year(positive)
    if stated is not None and fy is not None and fy < stated:
        return "superseded"
    partial_positive = isinstance(positive, Provision) and bool(positive.missing)
    if finding.verdict == "partially-criminalised" and partial_positive:
        return "agrees"
    if isinstance(positive, Provision) and stated is None:
        described = positive.source.year
        if fy is not None and described is not None and fy < described:
            return "unordered"
    return "contest"


def _relation_words(finding: Finding, positive: Provision | Finding, rel: str) -> str:
    fy = finding.source.year
    label = _label(positive)
    if rel == "considered":
        return f"considered {label} and still finds a gap"
    if rel == "superseded":
        return f"predates {label} ({positive_year(positive)})"
    if rel == "agrees":
        return f"agrees with {label}, which covers only part"
    if rel == "self-contradicted":
        return f"is contradicted by its own document's account of {label}"
    if rel == "unordered":
        return (
            f"may predate {label}: the law's year is not stated and {positive.source.cite()} "
            f"describes it after the finding ({fy})"
        )
    if isinstance(positive, Provision) and positive.year is None:
        return (
            f"is later ({fy}) than {positive.source.cite()}'s account of {label} (the law's year "
            "not stated) and does not consider it"
        )
    if isinstance(positive, Finding):
        law = positive_year(positive)
        of = f" (of {law})" if law is not None else ""
        return (
            f"is later ({fy}) than the laws{of} that {positive.source.cite()}'s finding rests "
            "on, and does not consider them"
        )
    return f"is later ({fy}) than {label} ({positive.year}) and does not consider it"


def _not_in(items: list[Provision], drop: list[Provision]) -> list[Provision]:
    """`[p for p in items if p not in drop]`, as list membership decides it (the same object,
    else an equal one), without comparing every pair. Why: the record equality of each
    provision with each dropped one was most of an answer's time over many countries. Equal
    provisions have the same statement, year and article, so only those are compared."""

    def key(p: Provision) -> tuple[str, str, int | None, str | None]:
        return (p.statement, p.statement_id, p.year, p.article)

    by_key: dict[tuple[str, str, int | None, str | None], list[Provision]] = defaultdict(list)
    for d in drop:
        by_key[key(d)].append(d)
    return [p for p in items if not any(p is d or p == d for d in by_key.get(key(p), ()))]


def newest_enactments(provisions: list[Provision]) -> dict[str, int]:
    """The year of each instrument's newest version that a source presents as its own enactment
    (rule 2), over the asserted provisions. The only rule that compares evidence of different
    jurisdictions: it goes by the instrument's id ("penal-code") alone."""
    newest: dict[str, int] = {}
    for p in provisions:
        if p.stance != "reported" and p.year is not None and p.distinct_enactment:
            newest[p.instrument] = max(newest.get(p.instrument, 0), p.year)
    return newest


def decide(
    provisions: list[Provision],
    findings: list[Finding],
    *,
    kind: str = "criminalisation",
    acts: list[str] | None = None,
    age_limit: int | None = None,
    equality: bool = False,
    concepts: list[str] | None = None,
    newest: dict[str, int] | None = None,
) -> Decision:
    """The status and its reasons from the evidence (rules in the module docstring). The
    evidence given is not changed: the decision holds copies with their roles set. `concepts`
    are the question's own offence concepts (a finding only on narrower ones is partial).
    `newest` (`newest_enactments`) when the caller computed it over more evidence than it passes:
    a part of the evidence is then decided as it is within the whole (`without.py`)."""
    provs = [copied(p, missing=list(p.missing), found_wanting_by=[]) for p in provisions]
    finds = [
        copied(
            f,
            relations=[],
            narrower=bool(concepts)
            and f.scope == "same-or-narrower"
            and not set(f.offences) & set(concepts or []),
        )
        for f in findings
    ]
    reasons: list[Reason] = []

    reported = [p for p in provs if p.stance == "reported"]
    asserted = [p for p in provs if p.stance != "reported"]
    negative = [p for p in asserted if set(p.missing) & set(NEGATIVE_FLAGS) or p.effect == "limits"]
    positive = _not_in(asserted, negative)
    for p in reported:
        p.role = "reported-view"
    for p in negative:
        p.role = "gap-provision"
        if p.effect == "limits" and "limits" not in p.missing:
            p.missing = sorted({*p.missing, "limits"})

    # An older version of a law, when a source describes a newer one on this question, is
    # history: shown, but it no longer decides (the newer version's in-force doubt is a caveat).
    if newest is None:
        newest = newest_enactments(asserted)
    old_versions = [
        p
        for p in [*positive, *negative]
        if p.instrument in newest and p.law_year is not None and p.law_year < newest[p.instrument]
    ]
    for p in old_versions:
        p.role = "superseded-provision"
        reasons.append(
            _reason(
                "superseded",
                f"{p.source.cite()}: {p.provision} {effect_words(p)}{details(p)}: an older "
                f"version than the {newest[p.instrument]} one the sources describe.",
                p.source,
            )
        )
    positive = _not_in(positive, old_versions)
    negative = _not_in(negative, old_versions)
    if age_limit is not None:
        flagged, age_reasons = age_band_gaps(positive, age_limit)
        reasons.extend(age_reasons)
        for p in positive:
            if p.statement in flagged:
                p.missing = sorted({*p.missing, "age-band"})
    unequal_docs: set[str] = set()
    if equality:
        flags, eq_reasons, unequal_docs = _equality_gaps(positive)
        reasons.extend(eq_reasons)
        for p in positive:
            p.missing = sorted({*p.missing, *flags.get(p.statement, set())})
    for p in positive:
        p.role = "partial-provision" if p.missing else "provision"

    pos_findings = [
        f for f in finds if f.verdict == "criminalised" and f.scope == "same-or-narrower"
    ]
    for f in pos_findings:
        f.role = "positive-finding"
    # A broader finding that the whole is only partly covered does not say which parts are
    # missing: it is no evidence on a narrower question (one that the whole is not covered at
    # all is: a gap in the whole is a gap in each part).
    for f in finds:
        if f.scope == "broader" and f.verdict == "partially-criminalised":
            f.role = "broader-finding"
    gap_findings = [f for f in finds if f.verdict in GAP_VERDICTS and f.role != "broader-finding"]
    for f in finds:
        if f.verdict == "criminalised" and f.scope != "same-or-narrower":
            f.role = "broader-finding"

    contests: list[Reason] = []
    contested_by: list[Finding] = []
    standing: list[Finding] = []
    # Indexes, in the order the evidence is listed: a finding meets only the evidence of its
    # own country, and its own document's provisions. Why: walking every provision for every
    # finding made an answer over many countries quadratic (seconds at 100 countries, and
    # `_caveats` in gaps.py decides again for each law version in doubt).
    by_country: dict[str | None, list[Provision | Finding]] = defaultdict(list)
    evidence: list[Provision | Finding] = [*positive, *pos_findings]
    for item in evidence:
        by_country[item.source.jurisdiction].append(item)
    own_articles: dict[str, set[tuple[str, str]]] = defaultdict(set)
    own_full_by_doc: dict[str, list[Provision]] = defaultdict(list)
    for p in positive:
        if p.article:
            own_articles[p.source.document].add((p.instrument, p.article))
        if not p.missing:
            own_full_by_doc[p.source.document].append(p)
    for g in gap_findings:
        met: list[tuple[Provision | Finding, str]] = []
        for item in by_country.get(g.source.jurisdiction, []):
            if item.source.document == g.source.document:
                continue
            if not meets(g, item):
                continue
            met.append((item, relation(g, item)))
        # A disagreement with a provision the finding's own document describes is that
        # document contradicting itself (shown by `lexgap conflicts`), not two sources.
        own = own_articles.get(g.source.document, set())
        met = [
            (i, "self-contradicted")
            if r in ("contest", "unordered")
            and isinstance(i, Provision)
            and (i.instrument, i.article) in own
            else (i, r)
            for i, r in met
        ]
        g.relations = [f"{g.source.cite()} {_relation_words(g, i, r)}" for i, r in met]
        for item, rel in met:
            if rel == "considered" and isinstance(item, Provision) and g.scope != "broader":
                item.found_wanting_by.append(g.assessment_id)
        # Only full provisions and positive findings can be denied: a partial provision (no
        # criminal penalty, girls only, ...) is itself consistent with a gap. A finding whose
        # law's order cannot be told is a contest only when no later law settles it.
        full_met = [(i, r) for i, r in met if not (isinstance(i, Provision) and i.missing)]
        settled = any(r == "superseded" for _, r in full_met)
        against = [
            (i, r) for i, r in full_met if r == "contest" or (r == "unordered" and not settled)
        ]
        if against:
            g.role = "contesting-finding"
            contested_by.append(g)
            said = verdict_words(g.verdict, kind)
            sides = "; ".join(
                f"{_pos_text(i, kind)} ({_relation_words(g, i, r)})" for i, r in against
            )
            contests.append(
                Reason(
                    "contested",
                    f"Sources disagree: {g.source.cite()} finds it {said}, but {sides}.",
                    [cite_json(g.source), *(cite_json(i.source) for i, _ in against)],
                )
            )
            continue
        if g.scope == "broader" and any(
            r == "considered" for i, r in full_met if isinstance(i, Provision)
        ):
            # A finding on the whole that weighed the very provision answering this narrower
            # question does not deny it here (the Special Rapporteur's "sale should be an
            # offence distinct from trafficking" does not say surrogacy amounting to sale goes
            # unpunished under the Anti-Trafficking Law).
            g.role = "broader-finding"
            reasons.append(
                Reason(
                    "disagreement",
                    f"{g.source.cite()} finds the broader offence "
                    f"{verdict_words(g.verdict, kind)}, having considered the provisions that "
                    "answer this question: it does not decide it.",
                    [cite_json(g.source)],
                )
            )
            continue
        if settled and not any(r == "considered" for _, r in met):
            met = [(i, r) for i, r in full_met if r == "superseded"]
            g.role = "superseded-finding"
            later = "; ".join(f"{_label(i)} ({_pos_source(i)})" for i, _ in met)
            reasons.append(
                Reason(
                    "superseded",
                    f"{g.source.cite()} found it {verdict_words(g.verdict, kind)}, but that "
                    f"finding predates {later}: it no longer decides the answer.",
                    [cite_json(g.source), *(cite_json(i.source) for i, _ in met)],
                )
            )
            continue
        own_full = [p for p in own_full_by_doc.get(g.source.document, []) if not _considered(g, p)]
        if (own_full or any(r == "self-contradicted" for _, r in met)) and not any(
            r == "considered" for _, r in met
        ):
            # The document's own account of a specific provision prevails over its general
            # statement (the 2011 study's "absence of legislation specifically prohibiting child
            # pornography" against its own table of the Children's Law art. 86).
            g.role = "contradicted-finding"
            reasons.append(
                Reason(
                    "disagreement",
                    f"{g.source.cite()} finds it {verdict_words(g.verdict, kind)}, but its own "
                    "document describes a provision that covers it: the document contradicts "
                    "itself, and its specific account is followed.",
                    [cite_json(g.source)],
                )
            )
            continue
        g.role = "gap-finding"
        standing.append(g)

    # A provision a later standing finding considered and found wanting is no positive evidence.
    wanting = [p for p in positive if p.found_wanting_by]
    live_full = [p for p in positive if not p.missing and not p.found_wanting_by]
    live_partial = [p for p in positive if p.missing and not p.found_wanting_by]
    uncovered = [a for a in (acts or []) if not any(a in p.offences for p in positive)]

    for p in live_full:
        text = f"{p.source.cite()}: {p.provision} {effect_words(p)}{details(p)}."
        reasons.append(_reason("criminalised", text, p.source))
    for p in live_partial:
        why = "; ".join(_missing_text(p, m) for m in p.missing)
        text = f"{p.source.cite()}: {p.provision} {effect_words(p)}{details(p)}, but {why}."
        reasons.append(_reason("partial", text, p.source))
    for p in wanting:
        by = ", ".join(p.found_wanting_by)
        text = (
            f"{p.source.cite()}: {p.provision} {effect_words(p)}{details(p)}; a later finding "
            f"({by}) considered it and still finds a gap."
        )
        reasons.append(_reason("not_criminalised", text, p.source))
    for p in negative:
        why = "; ".join(MISSING_TEXT.get(m, m) for m in p.missing if m in NEGATIVE_FLAGS)
        reasons.append(
            _reason("not_criminalised", f"{p.source.cite()}: {p.provision}: {why}.", p.source)
        )
    for p in reported:
        reasons.append(
            _reason(
                "reported",
                f"{p.source.cite()} reports the view that {p.provision} {effect_words(p)}, "
                "without asserting it: no evidence of the source's own position.",
                p.source,
            )
        )
    for f in pos_findings:
        reasons.append(
            _reason(
                "criminalised",
                f"{f.source.cite()} finds it {verdict_words(f.verdict, kind)}.",
                f.source,
            )
        )
    for f in standing:
        scope = " (a finding about a broader offence)" if f.scope == "broader" else ""
        status = "partial" if f.verdict == "partially-criminalised" else "not_criminalised"
        if f.narrower:
            scope = " (a finding about a narrower offence: part of the question)"
        reasons.append(
            _reason(
                status,
                f"{f.source.cite()} finds it {verdict_words(f.verdict, kind)}{scope}.",
                f.source,
            )
        )
    for act in uncovered:
        reasons.append(
            Reason(
                "partial" if positive else "not_criminalised",
                f"No source describes a provision on {act}.",
            )
        )
    reasons.extend(contests)

    tallies = _tallies(
        provs=provs,
        positive=positive,
        negative=negative,
        gap_findings=gap_findings,
        pos_findings=pos_findings,
        live_full=live_full,
        live_partial=live_partial,
        standing=standing,
        wanting=wanting,
        unequal_docs=unequal_docs,
        contests=contested_by,
        acts=acts or [],
    )
    total = Tally()
    for t in tallies.values():
        total = total | t
    status = base_status(total, acts)
    if total.no_information:
        reasons = [
            Reason(
                "no_information",
                "No source describes a provision on this question or makes a finding on it"
                + (" (only reported views)." if reported else "."),
            ),
            *reasons,
        ]
    elif contests and status != "contested":
        # The disagreement cannot make the answer whole: other evidence already leaves a
        # gap, whichever source is right. Shown, but it does not decide.
        for r in contests:
            r.status = "disagreement"
            r.text += f" Either way the answer is {status}: other evidence leaves a gap."
    if kind == "procedure":
        status = PROCEDURE_WORDS.get(status, status)
        for r in reasons:
            r.status = PROCEDURE_WORDS.get(r.status, r.status)
    reasons.sort(key=lambda r: STATUS_ORDER.index(r.status) if r.status in STATUS_ORDER else 99)
    return Decision(status, reasons, provs, finds, tallies)


def _tallies(
    *,
    provs: list[Provision],
    positive: list[Provision],
    negative: list[Provision],
    gap_findings: list[Finding],
    pos_findings: list[Finding],
    live_full: list[Provision],
    live_partial: list[Provision],
    standing: list[Finding],
    wanting: list[Provision],
    unequal_docs: set[str],
    contests: list[Finding],
    acts: list[str],
) -> dict[str | None, Tally]:
    """Each jurisdiction's tally of the decided evidence: every piece counts in its own
    source's jurisdiction (a contest in its finding's, an unequal account in its document's)."""
    flags: dict[str | None, dict[str, bool]] = defaultdict(dict)

    def mark(name: str, items: list[Provision] | list[Finding]) -> None:
        for item in items:
            flags[item.source.jurisdiction][name] = True

    mark("provisions", provs)
    mark("positive", positive)
    mark("negative", negative)
    mark("gap_findings", gap_findings)
    mark("pos_findings", pos_findings)
    mark("live_full", live_full)
    mark("live_partial", live_partial)
    mark(
        "partial_beyond_complementary", [p for p in live_partial if set(p.missing) - COMPLEMENTARY]
    )
    mark("standing", standing)
    mark(
        "standing_denial",
        [f for f in standing if f.verdict in DENYING_VERDICTS and not f.narrower],
    )
    mark("standing_partly", [f for f in standing if f.verdict == "partially-criminalised"])
    mark("wanting", wanting)
    mark("contests", contests)
    mark("unequal", [p for p in positive if p.source.document in unequal_docs])
    covered: dict[str | None, set[str]] = defaultdict(set)
    for p in positive:
        covered[p.source.jurisdiction].update(a for a in acts if a in p.offences)
    return {
        j: Tally(**flags[j], covered_acts=frozenset(covered.get(j, ())))
        for j in sorted(flags.keys() | covered.keys(), key=lambda j: (j is None, j or ""))
    }


def _base_status(
    *,
    positives_left: bool,
    full: bool,
    blocking_partial: bool,
    negative: bool,
    standing_any: bool,
    standing_denial: bool,
    standing_partly: bool,
    wanting: bool,
    uncovered: bool,
    unequal: bool,
) -> str:
    """The status before any contest (rule 6)."""
    if not positives_left and (standing_any or negative or wanting or uncovered):
        # No positive evidence left. A standing denial of the question's own offence decides;
        # a source's own conclusion that the law covers part of it outweighs gap provisions
        # (which show what is missing, not that nothing is there); a denial about a narrower
        # offence only, or gap provisions alone, leave nothing covered.
        if standing_denial:
            return "not_criminalised"
        if standing_partly:
            return "partial"
        return "not_criminalised"
    if (
        full
        and not blocking_partial
        and not negative
        and not standing_any
        and not uncovered
        and not unequal
    ):
        return "criminalised"
    if positives_left or standing_any:
        return "partial"
    return "no_information"


PROCEDURE_VERDICTS = {
    "criminalised": "provided for",
    "not-criminalised": "not provided for",
    "partially-criminalised": "partly provided for",
    "no-law": "provided by no law",
}


def verdict_words(verdict: str, kind: str) -> str:
    """A finding's verdict in the words of the question's kind."""
    return PROCEDURE_VERDICTS.get(verdict, verdict) if kind == "procedure" else verdict


def _pos_text(item: Provision | Finding, kind: str) -> str:
    if isinstance(item, Provision):
        return f"{item.source.cite()} says {item.provision} {effect_words(item)}"
    return f"{item.source.cite()} finds it {verdict_words(item.verdict, kind)}"


def _pos_source(item: Provision | Finding) -> str:
    if isinstance(item, Provision):
        year = f"{item.year}, " if item.year is not None else ""
        return f"{year}per {item.source.cite()}"
    return item.source.cite()


def _missing_text(p: Provision, flag: str) -> str:
    if flag == "age-band":
        return f"covers only {p.age['text']}"
    return MISSING_TEXT.get(flag, flag)


__all__ = [
    "GAP_VERDICTS",
    "MISSING_TEXT",
    "Decision",
    "Tally",
    "base_status",
    "cover_interval",
    "covers_under",
    "decide",
    "details",
    "effect_words",
    "newest_enactments",
    "status_of",
]
