"""Every recommendation a document makes, found from its passages.

What counts as a recommendation depends on who wrote the document, so the rule is chosen by the
manifest's `body` key, never by a list of paragraph numbers:

- `special-rapporteur` (000; 001 is its edition): a paragraph in which the Special Rapporteur
  ("the Special Rapporteur" or "she") encourages, strongly encourages, recommends, calls on or
  urges; its lettered items follow it. In the recommendations section the passage is the unit
  (a lead-in and its items); in the body of the report, where the ask sits among findings, only
  the recommending sentence(s) are the recommendation's text.
- `crc-committee` (002): a paragraph in which the Committee ("the Committee" or "It")
  recommends, urges, encourages, calls on, requests or invites, or where "the State party is
  encouraged / urged / requested" (the Committee's passive), with its lettered items. Concluding
  observations alternate a concern paragraph and the recommendation answering it under each
  sub-heading; `concern` is that concern paragraph, found by its wording.
- `child-frontiers-study` (003): the bullets of a run introduced by a lead-in that names
  recommendations ("Key broad recommendations propose that:") or opening a sub-section of the
  Recommendations chapter ("Legal & Policy Framework", ...). The study prints its key broad
  recommendations twice with small wording differences: copies are one recommendation, located
  at the first print, with the others in `also_at`.
- `state-party` (004): none. The State report answers recommendations; the recommendations it
  reports (the consulted children's, ¶50, ¶51, ¶64) are reported speech, not a UN body's.

Front matter, footnotes, headings and tables never recommend: an edition (001) passed its own
passages (its front matter, `LoadedDocument.own_passages`) therefore has none, and its annex
recommendations are the base document's.
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

from lexgap.core.errors import SourceError
from lexgap.loaders.locators import UniqueLocators
from lexgap.loaders.models import Model, Passage
from lexgap.loaders.sentences import sentence_spans

RecommendationKind = Literal["lead-in", "item", "paragraph", "bullet"]


class Recommendation(Model):
    """One recommendation: where it is, who made it, what it says, and what it answers.

    `locator` is the passage it comes from; `also_at` the other passages that say the same
    (the study's twice-printed key recommendations). `verb` is the recommending verb as the
    text words it ("recommends", "strongly encourages", "calls on"); for a lettered item, the
    verb of its lead-in that governs the items. `concern` (Committee only) is the concern
    paragraph a recommendation answers; items inherit it. `group` (study only) is the heading
    of the list the bullet belongs to.
    """

    doc_id: str
    locator: str
    also_at: tuple[str, ...] = ()
    body: str
    kind: RecommendationKind
    verb: str | None
    parent: str | None
    concern: str | None
    group: str | None
    text: str


# ----------------------------------------------------------------------------------------------
# Vocabulary
# ----------------------------------------------------------------------------------------------

# Adverbs that may stand between the speaker and the verb without changing who asks what:
# "the Committee also recommends", "It further urges", "It particularly urges", "the Committee
# specifically recommends". "strongly" is kept separately: it is part of the verb as recorded.
_CONNECTIVE = r"(?:also|further|therefore|again|particularly|specifically|thus|hence)"

# The Special Rapporteur's recommending verbs (000 ¶20-¶71): "encourages", "recommends",
# "calls on" (also "calls upon"), "urges", each optionally "strongly".
_SR_VERB = r"(?P<strong>strongly\s+)?(?P<verb>encourages|recommends|calls\s+(?:on|upon)|urges)\b"

# The Special Rapporteur as the one who asks: "the Special Rapporteur" or "she" (000 ¶20:
# "Consequently, she encourages the authorities"), then connective adverbs, then the verb. A
# verb with another subject ("the Government encourages", "actively encouraging their
# participation" in ¶61) is not hers.
SR_RECOMMENDS = re.compile(
    rf"\b(?:[Tt]he Special Rapporteur|[Ss]he)\s+(?:{_CONNECTIVE}\s+)*{_SR_VERB}"
)

# The Committee's recommending verbs: "recommends", "urges", "encourages", "calls on/upon",
# "requests" (002 ¶43), "invites" (the Committee's usual wording elsewhere; absent from 002),
# each optionally "strongly" (002 ¶18, ¶20: "strongly recommends").
_CRC_VERB = (
    r"(?P<strong>strongly\s+)?"
    r"(?P<verb>recommends|urges|encourages|calls\s+(?:on|upon)|requests|invites)\b"
)

# The Committee as the one who asks: "The Committee", or "It" starting a later sentence of the
# same paragraph (002 ¶22: "It further urges", ¶28: "It urges", ¶36: "It particularly urges").
# 002 ¶24 "The Committee reiterates its previous recommendations (see CRC/C/LAO/CO/2, para. 46)
# and calls on the State party": the reiteration, with an optional bracketed reference, stands
# before the verb and is passed over, so the verb recorded is "calls on".
CRC_RECOMMENDS = re.compile(
    r"\b(?:[Tt]he Committee|It|it)\s+"
    rf"(?:{_CONNECTIVE}\s+)*"
    r"(?:reiterates its previous recommendations\s*(?:\([^)]*\)\s*)?and\s+)?"
    rf"{_CRC_VERB}"
)

# The Committee's passive: "The State party is also encouraged to strengthen coordination with
# NGOs" (002 ¶12). Concluding observations speak only in the Committee's voice, so the passive
# is the Committee asking; it makes a paragraph a recommendation like the active verbs. (In 002
# the only such sentence follows "The Committee recommends" in the same paragraph.)
CRC_PASSIVE = re.compile(
    rf"\bthe State party is\s+(?:{_CONNECTIVE}\s+)*(?P<strong>strongly\s+)?"
    r"(?P<verb>encouraged|urged|requested|invited)\b",
    re.IGNORECASE,
)

# Passive verbs recorded as the active verb they stand for.
_PASSIVE_TO_ACTIVE = {
    "encouraged": "encourages",
    "urged": "urges",
    "requested": "requests",
    "invited": "invites",
}

# A paragraph of concluding observations that voices a concern (002): "is concerned", "is also
# / seriously / deeply / extremely / particularly / specifically concerned" (¶7, ¶17, ¶19,
# ¶25, ¶29 items' lead-in, ¶31), "notes with (serious) concern" (¶13, ¶19, ¶29), "expresses
# its concern" (¶35), "regrets" (¶23, ¶37), "is alarmed" (¶31), "deplores".
CONCERN = re.compile(
    r"\b(?:is|are)\s+(?:(?:also|further|particularly|specifically|seriously|deeply|extremely|"
    r"gravely)\s+)*concerned\b"
    r"|\bnotes\s+with\s+(?:(?:serious|deep|grave|great)\s+)?concern\b"
    r"|\bexpresses\s+(?:its\s+)?(?:(?:serious|deep|grave)\s+)?concern\b"
    r"|\bregrets\b"
    r"|\bis\s+(?:(?:also|further|deeply)\s+)*alarmed\b"
    r"|\bdeplores\b"
)

# A noted shortfall, the milder form of concern: "The Committee notes that, while several
# plans ... have been adopted ..., an overall strategy ... is lacking" (002 ¶9), or "notes that
# ... However, ..." (¶21, ¶23, which also say "concerned" / "regrets"). Both halves must be in
# the paragraph: the Committee noting, and a word of lack or contrast.
NOTES_THAT = re.compile(r"\b(?:[Tt]he Committee|It|it)\s+(?:also\s+)?notes\s+that\b")
SHORTFALL = re.compile(
    r"\bHowever\b|\bis\s+lacking\b|\blacks\b|\black\s+of\b|\binsufficient\b|\binadequate\b"
)

# The innermost heading of a Special Rapporteur report's recommendations section
# ("B. Recommendations" under "IV. Conclusions and recommendations"). Passages under it are
# whole recommendations (lead-ins and items); elsewhere an ask is a sentence among findings.
RECOMMENDATIONS_SECTION = re.compile(r"^(?:[A-Z]\.|[IVXL]+\.)?\s*Recommendations$")

# The study's recommendations chapter heading: "Recommendations" (a whole chapter of 003).
RECOMMENDATIONS_CHAPTER = re.compile(r"^(?:[IVXL]+\.\s*)?Recommendations$")

# A lead-in that introduces a list of recommendations and names it: "Key broad
# recommendations propose that:" (003, twice). The name, up to "recommendations", is the group.
RECOMMENDATION_LIST_LEAD_IN = re.compile(
    r"^(?P<group>[^:]{0,80}?\brecommendations)\b[^:]*:\s*$", re.IGNORECASE
)

# ----------------------------------------------------------------------------------------------
# Study: repeated items
# ----------------------------------------------------------------------------------------------

# Two prints of an item are the same recommendation when their folded words (lower case,
# punctuation and whitespace folded, typographic quotes straightened) are equal, or differ by
# at most MAX_WORD_EDITS words (insertions, deletions, substitutions) that are at most
# MAX_EDIT_SHARE of the longer print's words. Why this much and no more: 003's key broad
# recommendations differ between the executive summary and the chapter only by copy-editing --
# "with a recognition" / "with recognition" (one word), "A comprehensive exercise ... This
# exercise would" / "A comprehensive process ... This would" (two words in 55) -- while an item
# that asks something else ("An inter-agency consultation ... should be convened" against
# "it is recommended to harness these partnerships") differs in most of its words. In a short
# item a word or two can be the whole ask ("Improve X" / "Improve Y"), hence the share limit.
MAX_WORD_EDITS = 2
MAX_EDIT_SHARE = 0.05

_FOLD_PUNCT = re.compile(rf"[{re.escape(string.punctuation)}“”‘’–—…❑•]+")


def fold_words(text: str) -> tuple[str, ...]:
    """The words of a text for comparing two prints: lower case, punctuation as spaces."""
    return tuple(_FOLD_PUNCT.sub(" ", text.lower()).split())


def word_edits(a: Sequence[str], b: Sequence[str], limit: int) -> int:
    """Word-level edit distance between `a` and `b`, or `limit + 1` as soon as it exceeds
    `limit` (banded: only cells within `limit` of the diagonal can stay under it)."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    big = limit + 1
    previous = [j if j <= limit else big for j in range(len(b) + 1)]
    for i in range(1, len(a) + 1):
        current = [big] * (len(b) + 1)
        if i <= limit:
            current[0] = i
        low, high = max(1, i - limit), min(len(b), i + limit)
        for j in range(low, high + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
        if min(current) > limit:
            return big
        previous = current
    return min(previous[len(b)], big)


def same_item(a: Sequence[str], b: Sequence[str]) -> bool:
    """Whether two folded prints say the same thing (see MAX_WORD_EDITS)."""
    if not a or not b:
        return False
    if a == b:
        return True
    edits = word_edits(a, b, MAX_WORD_EDITS)
    return edits <= MAX_WORD_EDITS and edits <= MAX_EDIT_SHARE * max(len(a), len(b))


# ----------------------------------------------------------------------------------------------
# Sentences and verbs
# ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Ask:
    """One recommending verb found in a passage: where, and the verb as recorded."""

    start: int
    verb: str


def verb_label(match: re.Match[str]) -> str:
    """The verb of a recommending match as recorded: "strongly recommends", "calls on"."""
    verb = re.sub(r"\s+", " ", match.group("verb"))
    verb = _PASSIVE_TO_ACTIVE.get(verb.lower(), verb)
    if verb == "calls upon":
        verb = "calls on"
    return f"strongly {verb}" if match.group("strong") else verb


def _asks(text: str, patterns: Sequence[re.Pattern[str]]) -> list[_Ask]:
    found = [_Ask(m.start(), verb_label(m)) for p in patterns for m in p.finditer(text)]
    return sorted(found, key=lambda a: a.start)


# ----------------------------------------------------------------------------------------------
# Rules per issuing body
# ----------------------------------------------------------------------------------------------

Finder = Callable[[str, str, Sequence[Passage]], list[Recommendation]]


def _items_by_parent(passages: Sequence[Passage]) -> dict[str, list[Passage]]:
    items: dict[str, list[Passage]] = {}
    for p in passages:
        if p.kind == "item" and p.parent is not None:
            items.setdefault(p.parent, []).append(p)
    return items


def _sentences_with(text: str, asks: Sequence[_Ask]) -> str:
    """The sentences that hold an ask, joined with one space (each an exact slice of text)."""
    starts = {a.start for a in asks}
    chosen = [text[s:e].strip() for s, e in sentence_spans(text) if any(s <= a < e for a in starts)]
    return " ".join(chosen)


def _from_first_ask(text: str, first: _Ask) -> str:
    """From the sentence of the first ask to the end of the passage."""
    for s, e in sentence_spans(text):
        if s <= first.start < e:
            return text[s:].strip()
    return text.strip()


def _speaker_rule(
    patterns: Sequence[re.Pattern[str]],
    *,
    whole_passage: Callable[[Passage], bool],
    with_concern: bool,
) -> Finder:
    """A rule for a body that speaks in numbered paragraphs with lettered items.

    `whole_passage(p)` says whether p's recommendation runs from its first ask to the end of
    the passage (a recommendation paragraph) or is only its recommending sentences (an ask in
    the body of a report). `with_concern` links each recommendation to the concern paragraph
    before it (concluding observations).
    """

    def find(doc_id: str, body: str, passages: Sequence[Passage]) -> list[Recommendation]:
        items = _items_by_parent(passages)
        found: list[Recommendation] = []
        previous_in_section: dict[tuple[str, ...], Passage] = {}
        recommending: set[str] = set()
        for p in passages:
            if p.kind != "paragraph":
                continue
            before = previous_in_section.get(p.context)
            previous_in_section[p.context] = p
            asks = _asks(p.text, patterns)
            if not asks:
                continue
            recommending.add(p.locator)
            concern = None
            if (
                with_concern
                and before is not None
                and before.locator not in recommending
                and _voices_concern(before.text)
            ):
                concern = before.locator
            text = (
                _from_first_ask(p.text, asks[0])
                if whole_passage(p)
                else _sentences_with(p.text, asks)
            )
            own_items = items.get(p.locator, [])
            found.append(
                Recommendation(
                    doc_id=doc_id,
                    locator=p.locator,
                    body=body,
                    kind="lead-in" if own_items else "paragraph",
                    verb=asks[0].verb,
                    parent=None,
                    concern=concern,
                    group=None,
                    text=text,
                )
            )
            # The items complete the lead-in's last sentence, so its last ask governs them
            # (002 ¶28 "recommends ... It urges the State party to:" -> items "urges").
            for item in own_items:
                found.append(
                    Recommendation(
                        doc_id=doc_id,
                        locator=item.locator,
                        body=body,
                        kind="item",
                        verb=asks[-1].verb,
                        parent=p.locator,
                        concern=concern,
                        group=None,
                        text=item.text,
                    )
                )
        return found

    return find


def _voices_concern(text: str) -> bool:
    """Whether a paragraph of concluding observations is a concern (see CONCERN, SHORTFALL)."""
    if CONCERN.search(text):
        return True
    return bool(NOTES_THAT.search(text) and SHORTFALL.search(text))


def _in_recommendations_section(passage: Passage) -> bool:
    return bool(passage.context) and bool(RECOMMENDATIONS_SECTION.match(passage.context[-1]))


def _study_bullets(doc_id: str, body: str, passages: Sequence[Passage]) -> list[Recommendation]:
    """The study's recommendation bullets, one per recommendation after merging copies."""
    chosen: list[tuple[Passage, str]] = []
    introducer: Passage | None = None
    for p in passages:
        if p.kind == "footnote":
            continue
        if p.kind != "bullet":
            introducer = p
            continue
        group = _bullet_group(p, introducer)
        if group is not None:
            chosen.append((p, group))
    # Every print of a chosen bullet: the other chosen bullets, and any other bullet or
    # paragraph of the document (003 prints its third key broad recommendation again as a
    # paragraph of the chapter's "Systems to Protect Children" section).
    candidates = [p for p in passages if p.kind in ("bullet", "paragraph")]
    folded = {p.locator: fold_words(p.text) for p in candidates}
    order = {p.locator: i for i, p in enumerate(passages)}
    absorbed: set[str] = set()
    found: list[Recommendation] = []
    for p, group in chosen:
        if p.locator in absorbed:
            continue
        mine = folded.get(p.locator) or fold_words(p.text)
        copies = sorted(
            (
                c.locator
                for c in candidates
                if c.locator != p.locator
                and c.locator not in absorbed
                and same_item(mine, folded[c.locator])
            ),
            key=order.__getitem__,
        )
        # Chosen bullets come in document order and absorb their later copies, so `p` is the
        # first chosen print; a copy before it can only be a passage that is not a chosen bullet.
        absorbed.update(copies)
        found.append(
            Recommendation(
                doc_id=doc_id,
                locator=p.locator,
                also_at=tuple(copies),
                body=body,
                kind="bullet",
                verb=None,
                parent=None,
                concern=None,
                group=group,
                text=p.text,
            )
        )
    return found


def _bullet_group(bullet: Passage, introducer: Passage | None) -> str | None:
    """The recommendation group of a study bullet, or None when it is not a recommendation.

    A bullet recommends when its run is introduced by a lead-in naming recommendations (the
    group is that name: "Key broad recommendations"), or when its run opens a sub-section of
    the Recommendations chapter, straight under the heading (the group is the heading: "Legal &
    Policy Framework"). A run that continues a paragraph of its own section enumerates that
    paragraph's objects (003's list of partner agencies after "This includes:"), and bullets
    elsewhere are findings, lists of instruments or references.
    """
    if introducer is not None:
        named = RECOMMENDATION_LIST_LEAD_IN.match(introducer.text.strip())
        if named:
            return named.group("group")
    context = bullet.context
    if len(context) < 2 or not RECOMMENDATIONS_CHAPTER.match(context[0]):
        return None
    if introducer is not None and introducer.context == context:
        return None
    return context[-1]


def _none(doc_id: str, body: str, passages: Sequence[Passage]) -> list[Recommendation]:
    """A State party's report makes no recommendations: it answers them."""
    return []


# The issuing bodies a manifest may name (its `body` key), as `lexgap list bodies` shows them
# and `--body` accepts them; each has its rule below.
BODY_NAMES: dict[str, str] = {
    "special-rapporteur": "UN Special Rapporteur on the sale and sexual exploitation of children",
    "crc-committee": "UN Committee on the Rights of the Child",
    "child-frontiers-study": "Child Frontiers, the 2011 research study commissioned by "
    "MLSW, UNICEF Lao PDR and others",
    "state-party": "the State party's own report (it answers recommendations, makes none)",
}

# Which rule reads which issuing body (the manifest's `body` key).
RULES: dict[str, Finder] = {
    "special-rapporteur": _speaker_rule(
        [SR_RECOMMENDS], whole_passage=_in_recommendations_section, with_concern=False
    ),
    "crc-committee": _speaker_rule(
        [CRC_RECOMMENDS, CRC_PASSIVE], whole_passage=lambda p: True, with_concern=True
    ),
    "child-frontiers-study": _study_bullets,
    "state-party": _none,
}


def find_recommendations(
    doc_id: str, body: str, passages: Sequence[Passage]
) -> list[Recommendation]:
    """Every recommendation in a document's passages, in document order.

    Pass a document's own passages (`LoadedDocument.own_passages`): an edition's shared
    passages are its base document's, and their recommendations are found there.
    """
    rule = RULES.get(body)
    if rule is None:
        raise SourceError(
            f"no recommendation rule for issuing body {body!r} (document {doc_id})",
            hint=f"known bodies: {', '.join(sorted(RULES))}",
        )
    locators = UniqueLocators(doc_id=doc_id)
    for p in passages:
        locators.add(p.locator, p.line_start)
    return rule(doc_id, body, passages)
