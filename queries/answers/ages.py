"""Minimum-age questions answered with ages: what each source says the law sets, against a
stated standard.

A minimum-age question's header names, per act, the standard age and, where the standard itself
allows one, a lower age permitted by an exception (`standard: minimum-age-employment=15/14
light-work-minimum-age=13/12`), and says where the standard comes from (`standard-text:`). The
rules (README, "How a status is decided"):

1. The age a provision gives: for a provision that sets a minimum age, the youngest age it
   permits (`18 and over` -> 18; `over 15` -> 16); for an offence with an age band, the age
   below which the conduct is an offence (`under 15` -> 15; `12 to 18 inclusive` -> 19).
2. Versions: when one source, or several, describe two versions of the same law, the older
   version's ages are shown as superseded and do not decide (a law's year is the year the
   source gives, else the source's own year: it can only describe a law that exists by then).
3. Each current age is compared with the standard: at or above it `meets_standard`; below it
   but at or above the exception `meets_standard` with the exception named; below both
   `below_standard`.
4. Status: no age -> `no_information`; every source's current ages on the same side ->
   that side; sources giving the same law version ages on both sides -> `contested`; a standing
   gap finding with no age that meets -> `below_standard`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

from lexgap.core.record import record
from lexgap.queries.answers.model import AgeFinding, Finding, Provision, Reason, cite_json
from lexgap.queries.answers.rules import GAP_VERDICTS, cover_interval


@record(frozen=True)
class Standard:
    act: str
    age: int
    exception: int | None


def parse_standard(value: str) -> dict[str, Standard]:
    """`act=15/14 other=18` -> {act: Standard(act, 15, 14), other: Standard(other, 18, None)}."""
    out: dict[str, Standard] = {}
    for part in value.split():
        act, _, ages = part.partition("=")
        base, _, exception = ages.partition("/")
        out[act] = Standard(act, int(base), int(exception) if exception else None)
    return out


def age_of(p: Provision) -> int | None:
    """The age a provision gives for its question (rule 1), or None when it gives none."""
    age = p.age
    if p.effect == "sets-minimum-age":
        lo = age.get("min")
        if isinstance(lo, int):
            return lo if age.get("min_inclusive") is not False else lo + 1
        return None
    hi = age.get("max")
    if isinstance(hi, int):
        return hi + 1 if age.get("max_inclusive") else hi
    return None


def _act_of(p: Provision, standards: dict[str, Standard]) -> str | None:
    for act in standards:
        if act in p.offences:
            return act
    return next(iter(standards)) if len(standards) == 1 else None


def _reach(provisions: list[Provision]) -> int | None:
    """How far from birth the union of the provisions' bands protects without a break (the
    age below which the conduct is an offence whatever the circumstances the bands name)."""
    bands = sorted(b for b in (cover_interval(p.age) for p in provisions) if b is not None)
    reach = 0.0
    for start, end in bands:
        if start > reach:
            break
        reach = max(reach, end)
    return int(reach) if reach > 0 and reach != float("inf") else None


def _entries(
    provisions: list[Provision], standards: dict[str, Standard]
) -> tuple[list[tuple[str, int, Provision]], list[Reason]]:
    """The (act, age, provision) each asserted provision gives (rule 1), in the evidence's
    order, and a disagreement for each that gives an age whose terms another source states."""
    reasons: list[Reason] = []
    entries: list[tuple[str, int, Provision]] = []
    for p in provisions:
        act = _act_of(p, standards)
        value = age_of(p)
        if "terms-elsewhere" in p.missing and value is not None:
            reasons.append(
                Reason(
                    "disagreement",
                    f"{p.source.cite()}: {p.provision} penalises it below {value} "
                    f"({p.age['text']}), but another source gives that article's terms as paid "
                    "or forcible intercourse: the reach of those offences, not an age below "
                    "which intercourse itself is an offence.",
                    [cite_json(p.source)],
                )
            )
            continue
        if act is None or value is None or p.stance == "reported":
            continue
        entries.append((act, value, p))
    return entries, reasons


def _newest(entries: list[tuple[str, int, Provision]]) -> dict[str, int]:
    """Rule 2: a version of a law older than one the sources present as a distinct, later
    enactment (the 2005 Penal Code against the 2017 one) is superseded: each instrument's
    newest such year. Compares every jurisdiction's evidence: it goes by the instrument's id."""
    newest: dict[str, int] = {}
    for _, _, p in entries:
        if p.year is not None and p.distinct_enactment:
            newest[p.instrument] = max(newest.get(p.instrument, 0), p.year)
    return newest


def _superseded(p: Provision, newest: dict[str, int]) -> bool:
    """A law with no stated year dates from its source's year at the latest."""
    later = newest.get(p.instrument)
    return later is not None and p.law_year is not None and p.law_year < later


def _per_doc(
    entries: list[tuple[str, int, Provision]],
) -> dict[tuple[str, str], list[tuple[int, Provision]]]:
    per_doc: dict[tuple[str, str], list[tuple[int, Provision]]] = defaultdict(list)
    for act, value, p in entries:
        per_doc[(act, p.source.document)].append((value, p))
    return per_doc


def _doc_age(
    act: str,
    items: list[tuple[int, Provision]],
    std: Standard,
    newest: dict[str, int],
    standard_text: str | None,
) -> tuple[AgeFinding, Reason] | None:
    """Rule 3: one age per document and act, as that document's account of the law gives it:
    per law, the youngest age it permits (a minimum age) or the age up to which its offences
    protect every child without a break (offences' age bands); across laws, the lowest
    permitted age or the highest protection. An account whose decisive law is an older
    version is history: shown as superseded. It depends on the document's entries and the
    newest enactments only (`without.AgesWithout` keeps the other documents' ages)."""
    by_law: dict[tuple[str, int | None], list[tuple[int, Provision]]] = defaultdict(list)
    for v, p in items:
        by_law[(p.instrument, p.year)].append((v, p))
    candidates: list[tuple[int, list[Provision]]] = []
    for group in by_law.values():
        minimum = [(v, p) for v, p in group if p.effect == "sets-minimum-age"]
        if minimum:
            v, p = min(minimum, key=lambda vp: vp[0])
            candidates.append((v, [p]))
        else:
            reach = _reach([p for _, p in group])
            if reach is not None:
                candidates.append((reach, [p for _, p in group]))
    if not candidates:
        return None
    any_minimum = any(p.effect == "sets-minimum-age" for _, p in items)
    pick = min if any_minimum else max
    value, decisive = pick(candidates, key=lambda c: c[0])
    p = decisive[0]
    label = "; ".join(f"{q.provision} ({q.age['text']})" for q in decisive)
    if _superseded(p, newest):
        verdict = "superseded"
        later = newest[p.instrument]
        how = f"an older version of the law than the {later} one the sources describe"
    elif value >= std.age:
        verdict, how = "meets_standard", f"at or above the standard {std.age}"
    elif std.exception is not None and value >= std.exception:
        verdict = "meets_standard"
        how = (
            f"below the standard {std.age}, within the exception it allows "
            f"({std.exception}): met only if that exception applies to the State (for ILO "
            "C138, a declaration under its art. 2(4), which no source quotes)"
            if "138" in (standard_text or "")
            else f"below the standard {std.age}, within the exception it allows "
            f"({std.exception}), met only if that exception applies to the State"
        )
    else:
        verdict, how = "below_standard", f"below the standard {std.age}"
    text = f"{p.source.cite()}: {act} {value}, from {label}: {how}."
    return (
        AgeFinding(act, value, label, p.statement_id, p.source, verdict, text),
        Reason(verdict, text, [cite_json(q.source) for q in decisive]),
    )


def _minimum_setters(entries: list[tuple[str, int, Provision]]) -> set[str]:
    """The statements (ids) that set a minimum age, once (not a scan of every entry for each
    age: that was quadratic in the countries)."""
    return {p.statement_id for _, _, p in entries if p.effect == "sets-minimum-age"}


def _overall(
    doc_ages: list[AgeFinding], is_minimum: Callable[[str], bool]
) -> dict[str, AgeFinding]:
    """Rule 4: the accounts combine. A lower minimum age one source gives is an exception that
    another source's general rule does not deny (the 2011 study's "over the age of 15" beside
    the Family Law's 18); an offence one source describes is not denied by another source
    describing less. `is_minimum`: whether a statement id sets a minimum age."""
    overall: dict[str, AgeFinding] = {}
    for a in doc_ages:
        known = overall.get(a.act)
        minimum = is_minimum(a.statement_id)
        if known is None or (a.age < known.age if minimum else a.age > known.age):
            overall[a.act] = a
    return overall


def _dispute_key(
    act: str, p: Provision, standards: dict[str, Standard]
) -> tuple[str, str, str] | None:
    """The provision an entry gives an age for, where it can be disputed (an article)."""
    if p.article is None or act not in standards:
        return None
    return (act, p.instrument, p.article)


def _is_dispute(
    items: list[tuple[str, int, Provision]],
    standards: dict[str, Standard],
    newest: dict[str, int],
) -> bool:
    """Whether different documents give one provision's current version (`items`: the entries
    of one `_dispute_key`) ages on both sides of the standard."""
    sides: dict[str, set[str]] = defaultdict(set)
    for act, value, p in items:
        if _superseded(p, newest):
            continue
        std = standards[act]
        floor = std.exception if std.exception is not None else std.age
        sides["meets_standard" if value >= floor else "below_standard"].add(p.source.document)
    return len(sides) > 1 and len(set().union(*sides.values())) > 1


def _disputes(
    entries: list[tuple[str, int, Provision]],
    standards: dict[str, Standard],
    newest: dict[str, int],
) -> list[tuple[str, str, str]]:
    """Sources contest only when they give the same provision different ages on both sides of
    the standard: the provisions so disputed."""
    by_key: dict[tuple[str, str, str], list[tuple[str, int, Provision]]] = defaultdict(list)
    for entry in entries:
        key = _dispute_key(entry[0], entry[2], standards)
        if key is not None:
            by_key[key].append(entry)
    return [key for key, items in by_key.items() if _is_dispute(items, standards, newest)]


def ages_status(
    doc_ages: list[AgeFinding],
    overall: dict[str, AgeFinding],
    disputes: list[tuple[str, str, str]],
    standing: bool,
) -> str:
    """Rule 4's status."""
    if not doc_ages:
        return "below_standard" if standing else "no_information"
    if disputes:
        return "contested"
    if all(a.verdict == "meets_standard" for a in overall.values()) and not standing:
        return "meets_standard"
    return "below_standard"


def decide_ages(
    provisions: list[Provision],
    findings: list[Finding],
    standards: dict[str, Standard],
    standard_text: str | None = None,
) -> tuple[str, list[Reason], list[AgeFinding]]:
    """Status, reasons and the ages each source gives, compared with the standard. Each
    provision's `role` is set from its own age: `provision` at or above the standard (or a
    provision with no age, such as an offence of child marriage), `gap-provision` below it,
    `superseded-provision` for an older version, `reported-view` when only reported."""
    ages: list[AgeFinding] = []
    entries, reasons = _entries(provisions, standards)
    newest = _newest(entries)

    def superseded(p: Provision) -> bool:
        return _superseded(p, newest)

    all_ages: list[AgeFinding] = []
    for (doc_act, _doc), items in sorted(_per_doc(entries).items()):
        found = _doc_age(doc_act, items, standards[doc_act], newest, standard_text)
        if found is not None:
            all_ages.append(found[0])
            reasons.append(found[1])
    ages.extend(all_ages)
    standing = [f for f in findings if f.verdict in GAP_VERDICTS]
    for f in standing:
        reasons.append(
            Reason(
                "below_standard", f"{f.source.cite()} finds it {f.verdict}.", [cite_json(f.source)]
            )
        )
    for p in provisions:
        act = _act_of(p, standards)
        value = age_of(p)
        if p.stance == "reported":
            p.role = "reported-view"
        elif "terms-elsewhere" in p.missing:
            p.role = "partial-provision"
        elif superseded(p):
            p.role = "superseded-provision"
        elif act is None or value is None:
            p.role = "provision"
        else:
            std = standards[act]
            floor = std.exception if std.exception is not None else std.age
            p.role = "provision" if value >= floor else "gap-provision"
    doc_ages = [a for a in all_ages if a.verdict != "superseded"]
    overall = _overall(doc_ages, _minimum_setters(entries).__contains__)
    disputes = _disputes(entries, standards, newest)
    status = ages_status(doc_ages, overall, disputes, bool(standing))
    if not doc_ages:
        if not standing:
            reasons.insert(0, Reason("no_information", "No source gives an age for this question."))
    elif disputes:
        involved = [a for a in doc_ages if any(a.act == act for act, _, _ in disputes)]
        reasons.insert(
            0,
            Reason(
                "contested",
                "Sources give the same provision ages on both sides of the standard: "
                + "; ".join(f"{a.source.cite()}: {a.provision}: {a.age}" for a in involved)
                + ".",
                [cite_json(a.source) for a in involved],
            ),
        )
    for act, a in sorted(overall.items()) if status != "contested" else []:
        others = [x for x in doc_ages if x.act == act and x is not a]
        beside = (
            " (beside " + "; ".join(f"{x.age} per {x.source.document}" for x in others) + ")"
            if others
            else ""
        )
        reasons.insert(
            0 if status != "contested" else 1,
            Reason(
                a.verdict,
                f"{act}: the law as the sources describe it sets {a.age}{beside}; decisive: "
                f"{a.text}",
                [cite_json(a.source)],
            ),
        )
    order = (
        "contested",
        "below_standard",
        "meets_standard",
        "no_information",
        "disagreement",
        "superseded",
    )
    reasons.sort(key=lambda r: order.index(r.status) if r.status in order else 99)
    ages.sort(
        key=lambda a: (a.act, a.verdict == "superseded", a.source.year or 9999, a.source.document)
    )
    return status, reasons, ages
