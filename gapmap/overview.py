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

from lexgap.gapmap.corpus import cite_document
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
from lexgap.queries.answers.model import GapAnswer

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
            entry["leavesOut"] = ", ".join(p.missing)
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


def card(a: GapAnswer, m: GapMap) -> dict[str, Any]:
    """One question's card: everything the overview shows about it, worded for a reader."""
    group = GROUP_OF[a.status]
    latest = a.latest_recommendation
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
                cite_document(m, f.source.document, f.source.locator)
                for f in sorted(findings, key=lambda f: f.source.effective_date or "")
            )
        ),
        "latest": None
        if latest is None
        else {
            "body": _body(m, latest.body),
            "year": (latest.date or "")[:4],
            "cite": cite_document(m, latest.document, latest.locator),
            "text": latest.text,
        },
        "asked": len(recs),
        "bodies": sorted({_body(m, r.body) for r in recs}),
        "years": [years[0], years[-1]] if years else [],
        "caveats": [c.version for c in a.caveats],
        "members": _members(a, m),
    }


def _year_label(date: str, undated: bool) -> str:
    return f"c. {date[:4]}" if undated else date[:4]


def _change(previous: dict[str, Any] | None, current: dict[str, Any], new_recs: int) -> None:
    """What this date changed on a card: the status before it, and whether it was asked for
    again (a repeated recommendation: asked for before this date and again at it)."""
    current["change"] = {
        "from": previous["statusWords"] if previous else None,
        "changed": previous is not None and previous["status"] != current["status"],
        "newRecommendations": new_recs,
        "repeated": bool(previous and previous["asked"] and new_recs),
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
        undated = all(not (m.documents.get(d["docId"]) or {}).get("date") for d in added)
        cards: list[dict[str, Any]] = []
        for h in histories:
            c = card(h[i].answer, m)
            before = h[i - 1].answer if i else None
            seen = {r.recommendation for r in before.recommendations} if before else set()
            new = [r for r in h[i].answer.recommendations if r.recommendation not in seen]
            _change(steps[-1]["cards"][len(cards)] if steps else None, c, len(new))
            cards.append(c)
        steps.append(
            {
                "key": when,
                "label": _year_label(when, undated),
                "documents": [cite_document(m, d["docId"]) for d in added],
                "cards": cards,
            }
        )
    final = [card(a, m) for a in answers]
    if steps and _same(steps[-1]["cards"], final):
        steps[-1]["label"] += " (all sources)" if as_of is None else f" (as of {as_of})"
        return steps
    for c, before in zip(final, steps[-1]["cards"] if steps else [None] * len(final), strict=True):
        _change(before, c, c["asked"] - (before["asked"] if before else 0))
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
