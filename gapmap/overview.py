"""The overview: one card per gap question, at each date the sources give.

The page opens on these cards, not on the network: an advocate's first question is "where are
the gaps, and who has pressed on them since when?", and a card answers it in a few lines: the
status in the words of its kind of question, the provisions that decide it with their
penalties (or the ages, for a minimum-age question), the findings of a gap, the latest
recommendation with its body and year, and how many times it was asked for.

Time: the answers are replayed through the sources' dates (2011, 2015, c. 2017, 2019) here, at
build time, with the same `judge` as `lexgap history` (`queries.answers.gaps.replay`), and the
page only switches between the embedded steps: no status is ever derived in JavaScript.

Each card also lists the nodes of its gap's own network (its provisions, the documents its
evidence comes from, the recommendations pressing on it), so the page can open that network
alone.

Separate from `evidence` because that module draws answers onto the network, while this one
words them for reading; both read the same `GapAnswer`s and decide nothing.
"""

from __future__ import annotations

from typing import Any

from lexgap.gapmap.cite import body_kind
from lexgap.gapmap.corpus import cite_document, short_cite
from lexgap.gapmap.evidence import missing_words
from lexgap.gapmap.model import GapMap
from lexgap.gapmap.style import (
    BODY_READABLE,
    GROUP_OF,
    KIND_WORDS,
    STATUS_GROUPS,
    gap_title,
    kind_status_words,
)
from lexgap.queries.answers.gaps import Evidence, judge, replay
from lexgap.queries.answers.model import GapAnswer, Recommendation

GAP_FINDING_ROLES = ("gap-finding", "contesting-finding")
SHOWN_PROVISIONS = 4  # a card names the first few deciding provisions, then "and N more"


def _decisive(a: GapAnswer) -> list[dict[str, str]]:
    """The provisions the status rests on, as the gap matrix picks them (those that cover the
    question, else those covering part of it, else those that show the gap), with penalties."""
    chosen = (
        [p for p in a.provisions if p.role == "provision"]
        or [p for p in a.provisions if p.role == "partial-provision"]
        or [p for p in a.provisions if p.role == "gap-provision"]
    )
    out: dict[str, dict[str, str]] = {}
    for p in chosen:
        entry = out.setdefault(
            p.provision,
            {"provision": p.provision, "penalty": str(p.penalty.get("text") or "")},
        )
        if p.missing and "leavesOut" not in entry:
            entry["leavesOut"] = missing_words(p)
    return list(out.values())


def _ages(a: GapAnswer) -> list[dict[str, str]]:
    return [
        {
            "act": g.act.replace("-", " "),
            "age": str(g.age),
            "provision": g.provision,
            "verdict": g.verdict,
        }
        for g in a.ages
        if g.verdict != "superseded"
    ]


def _members(a: GapAnswer, m: GapMap) -> dict[str, list[str]]:
    """The node ids of this gap's own network: its provisions, the documents its provisions
    and findings are stated in, and the recommendations pressing on it."""
    doc_nodes = {n.document: n.id for n in m.nodes.values() if n.kind == "document"}
    docs = {p.source.document for p in a.provisions} | {f.source.document for f in a.findings}
    return {
        "provisions": sorted({p.provision_iri for p in a.provisions} & set(m.nodes)),
        "documents": sorted(doc_nodes[d] for d in docs if d in doc_nodes),
        "recommendations": sorted({r.recommendation for r in a.recommendations} & set(m.nodes)),
    }


def _body(m: GapMap, key: str) -> str:
    return BODY_READABLE.get(key) or m.bodies.get(key, key)


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def issuers(m: GapMap, bodies: set[str]) -> str:
    """'2 UN bodies and 1 study': the bodies counted by what kind of issuer each is (read from
    their documents: `gapmap.cite.body_kind`), so a study is not counted as a UN body."""
    kinds: dict[str, int] = {}
    for b in sorted(bodies):
        kind = body_kind(d for d in m.documents.values() if d.body == b)
        kinds[kind] = kinds.get(kind, 0) + 1
    plural = {"UN body": "UN bodies", "study": "studies", "other source": "other sources"}
    parts = [_plural(n, k, plural.get(k, k + "s")) for k, n in sorted(kinds.items())]
    return " and ".join([", ".join(parts[:-1]), parts[-1]] if len(parts) > 1 else parts)


def _span(recs: list[Recommendation]) -> str:
    years = sorted({r.date[:4] for r in recs if r.date})
    if not years:
        return "undated"
    return years[0] if years[0] == years[-1] else f"{years[0]}–{years[-1]}"


def _asked(m: GapMap, a: GapAnswer) -> dict[str, Any]:
    """How many times it was asked for, counted as the latest ask is chosen: on the
    question's own offence (or a narrower one) apart from on a broader offence that includes
    it (GapAnswer.latest_recommendation prefers the first), each with its years and issuers."""
    own = [r for r in a.recommendations if r.scope != "broader"]
    broader = [r for r in a.recommendations if r.scope == "broader"]

    def part(recs: list[Recommendation], where: str) -> dict[str, Any]:
        return {
            "count": len(recs),
            "years": _span(recs) if recs else "",
            "by": issuers(m, {r.body for r in recs}) if recs else "",
            "words": f"{_plural(len(recs), 'time', 'times')} {where} ({_span(recs)}), by "
            f"{issuers(m, {r.body for r in recs})}"
            if recs
            else "",
        }

    mine, wider = part(own, "on this offence"), part(broader, "on broader offences")
    if own and broader:
        words = f"{mine['words']}; and {wider['words']}"
    elif own:
        words = mine["words"]
    elif broader:
        words = f"never on this offence itself; {wider['words']}"
    else:
        words = "not asked for yet"
    return {"own": mine, "broader": wider, "words": words}


def _ask(m: GapMap, r: Recommendation) -> dict[str, str]:
    return {
        "body": _body(m, r.body),
        "year": (r.date or "")[:4],
        "cite": short_cite(m, r.document, r.locator),
        "fullCite": cite_document(m, r.document, r.locator),
        "text": r.text,
        "scope": r.scope,
    }


def _latest_broader(a: GapAnswer) -> Recommendation | None:
    """The latest recommendation on a broader offence, when it is later than the latest ask
    on the question's own offence (the card names both)."""
    latest = a.latest_recommendation
    if latest is None or latest.scope == "broader":
        return None
    wider = [r for r in a.recommendations if r.scope == "broader" and r.date]
    if not wider:
        return None
    last = max(wider, key=lambda r: r.date or "")
    return last if (last.date or "") > (latest.date or "") else None


def card(a: GapAnswer, m: GapMap) -> dict[str, Any]:
    """One question's card: everything the overview shows about it, worded for a reader."""
    group = GROUP_OF[a.status]
    latest = a.latest_recommendation
    wider = _latest_broader(a)
    recs = a.recommendations
    years = sorted({r.date[:4] for r in recs if r.date})
    findings = [f for f in a.findings if f.role in GAP_FINDING_ROLES]
    decisive = _decisive(a)
    return {
        "id": a.id,
        "node": f"gap:{a.id}",
        "title": gap_title(a.id),
        "question": a.question,
        "kind": a.kind,
        "kindWords": KIND_WORDS[a.kind],
        "status": a.status,
        "statusWords": kind_status_words(a.kind, a.status),
        "group": group,
        "groupWords": STATUS_GROUPS[group][0],
        "icon": STATUS_GROUPS[group][2],
        "colour": STATUS_GROUPS[group][1],
        "provisions": decisive[:SHOWN_PROVISIONS],
        "moreProvisions": max(0, len(decisive) - SHOWN_PROVISIONS),
        "standard": a.standard or "",
        "ages": _ages(a),
        "findings": list(
            dict.fromkeys(
                short_cite(m, f.source.document, f.source.locator)
                for f in sorted(findings, key=lambda f: f.source.effective_date or "")
            )
        ),
        "latest": None if latest is None else _ask(m, latest),
        "latestBroader": None if wider is None else _ask(m, wider),
        "asked": len(recs),
        "askedFor": _asked(m, a),
        "bodies": sorted({_body(m, r.body) for r in recs}),
        "years": [years[0], years[-1]] if years else [],
        "caveats": [c.version for c in a.caveats],
        "members": _members(a, m),
    }


def _year_label(date: str, undated: bool) -> str:
    return f"c. {date[:4]}" if undated else date[:4]


def _change(previous: dict[str, Any] | None, current: dict[str, Any]) -> None:
    """What this date changed on a card: the status before it, and the recommendations it
    adds, counted as the card's "Asked for" counts them (on this offence, on broader ones);
    "again" when the same scope was asked for before this date too."""

    def scope(key: str) -> dict[str, Any]:
        before = previous["askedFor"][key]["count"] if previous else 0
        new = current["askedFor"][key]["count"] - before
        return {"new": new, "again": bool(previous and before and new)}

    own, broader = scope("own"), scope("broader")
    current["change"] = {
        "from": previous["statusWords"] if previous else None,
        "changed": previous is not None and previous["status"] != current["status"],
        "own": own,
        "broader": broader,
        "newRecommendations": own["new"] + broader["new"],
        "repeated": own["again"] or broader["again"],
    }


def timeline(
    m: GapMap,
    evidence: list[Evidence],
    dates: list[dict[str, Any]],
    answers: list[GapAnswer],
    as_of: str | None,
) -> list[dict[str, Any]]:
    """The cards at each date the sources give (up to `as_of`), then as the map itself stands
    (`answers`: every source, or as of `as_of`) when that differs from the last date. Each step
    names the documents it adds, as citations."""
    from lexgap.queries.answers.gaps import counts_on

    dates = [d for d in dates if counts_on(None, d["effective"], as_of)]
    histories = [replay(ev, dates) for ev in evidence]
    steps: list[dict[str, Any]] = []
    for i, when in enumerate(sorted({d["effective"] for d in dates})):
        added = [d for d in dates if d["effective"] == when]
        undated = all(
            not (ref.date if (ref := m.documents.get(d["docId"])) else None) for d in added
        )
        cards: list[dict[str, Any]] = []
        for h in histories:
            c = card(h[i].answer, m)
            _change(steps[-1]["cards"][len(cards)] if steps else None, c)
            cards.append(c)
        steps.append(
            {
                "key": when,
                "label": _year_label(when, undated),
                "documents": [short_cite(m, d["docId"]) for d in added],
                "cards": cards,
            }
        )
    final = [card(a, m) for a in answers]
    if steps and _same(steps[-1]["cards"], final):
        steps[-1]["label"] += " (all sources)" if as_of is None else f" (as of {as_of})"
        return steps
    for c, before in zip(final, steps[-1]["cards"] if steps else [None] * len(final), strict=True):
        _change(before, c)
    steps.append(
        {
            "key": as_of or "all",
            "label": f"as of {as_of}" if as_of else "all sources",
            "documents": [],
            "cards": final,
        }
    )
    return steps


def _same(a: list[dict[str, Any]], b: list[dict[str, Any]]) -> bool:
    """Whether two steps' cards say the same (the change note aside)."""

    def strip(c: dict[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in c.items() if k != "change"}

    return [strip(c) for c in a] == [strip(c) for c in b]


def judged(evidence: list[Evidence], as_of: str | None) -> list[GapAnswer]:
    """Every question's answer from its collected evidence, as of `as_of` (or every source)."""
    return [judge(ev, as_of) for ev in evidence]
