"""The recommendation extractor on the five documents, and on text it was never meant to read.

Golden values were read off the source files by hand (`data/sources/sr-report-2019-en.txt`
¶20-¶71, `crc-opsc-co-2015.txt` ¶7-¶43, `csec-study-2011.txt` lines 245-249 and 890-954),
not pasted from the extractor's output. The counts below are counted in those files.
"""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lexgap.core.errors import LexgapError, SourceError
from lexgap.loaders.corpus import Corpus
from lexgap.loaders.models import Passage
from lexgap.loaders.recommendations import (
    CONCERN,
    CRC_PASSIVE,
    CRC_RECOMMENDS,
    RULES,
    SR_RECOMMENDS,
    Recommendation,
    find_recommendations,
    fold_words,
    same_item,
    verb_label,
)
from lexgap.loaders.sentences import sentence_spans

SR = "a-hrc-40-51-add-1"
SR_ES = "a-hrc-40-51-add-1-es"
CRC = "crc-c-opsc-lao-co-1"
STUDY = "csec-study-2011"
STATE = "lao-opsc-followup-report"


@pytest.fixture(scope="module")
def recs(corpus: Corpus) -> dict[str, list[Recommendation]]:
    return {
        d.id: find_recommendations(d.id, d.source.meta.body, d.own_passages)
        for d in corpus.documents
    }


def by_locator(recs: list[Recommendation]) -> dict[str, Recommendation]:
    return {r.locator: r for r in recs}


# --- counts per document --------------------------------------------------------------------


def test_counts_special_rapporteur(recs: dict[str, list[Recommendation]]) -> None:
    # Lead-ins ¶66-¶71 (six); items 66(a-g) 7, 67(a-e) 5, 68(a-e) 5, 69(a-c) 3, 70(a-h) 8,
    # 71(a-f) 6 = 34; paragraph-level: ¶65 and seven asks in the body.
    assert Counter(r.kind for r in recs[SR]) == {"lead-in": 6, "item": 34, "paragraph": 8}
    assert len(recs[SR]) == 48


def test_counts_committee(recs: dict[str, list[Recommendation]]) -> None:
    # 21 recommendation paragraphs (¶8 ... ¶38 even, ¶39-¶43); nine carry items:
    # 14(3) 16(4) 20(3) 22(5) 26(3) 28(4) 30(4) 36(2) 38(3) = 31.
    assert Counter(r.kind for r in recs[CRC]) == {"lead-in": 9, "paragraph": 12, "item": 31}


def test_counts_study(recs: dict[str, list[Recommendation]]) -> None:
    # Key broad: 3 in the executive summary + 3 in the chapter, two pairs the same -> 4;
    # Legal & Policy Framework 6, Institutions and Collaboration 7, Services 9.
    study = recs[STUDY]
    assert len(study) == 26
    assert {r.kind for r in study} == {"bullet"}
    assert Counter(r.group for r in study) == {
        "Key broad recommendations": 4,
        "Legal & Policy Framework": 6,
        "Institutions and Collaboration": 7,
        "Services": 9,
    }
    merged = [r for r in study if r.also_at]
    # Two bullet/bullet merges, and one bullet printed again as a chapter paragraph.
    assert len(merged) == 3
    assert sum(len(r.also_at) for r in merged) == 3


def test_edition_and_state_report_have_none(
    corpus: Corpus, recs: dict[str, list[Recommendation]]
) -> None:
    # 001's own passages are its Spanish front matter; its annex recommendations are 000's.
    assert {p.kind for p in corpus.by_id(SR_ES).own_passages} == {"front"}
    assert recs[SR_ES] == []
    # 004 answers recommendations; the children's recommendations it reports (¶50, ¶51, ¶64)
    # are reported speech, not a UN body's.
    assert recs[STATE] == []


def test_every_recommendation_is_of_its_document(
    corpus: Corpus, recs: dict[str, list[Recommendation]]
) -> None:
    for doc in corpus.documents:
        passages = {p.locator: p for p in doc.passages}
        for rec in recs[doc.id]:
            assert rec.doc_id == doc.id and rec.body == doc.source.meta.body
            assert rec.locator in passages
            assert all(other in passages for other in rec.also_at)
            # Text is the passage's, or sentences of it (joined by one space).
            for piece in split_joined_sentences(rec.text):
                assert piece in passages[rec.locator].text


def split_joined_sentences(text: str) -> list[str]:
    return [text[s:e] for s, e in sentence_spans(text)]


# --- 000: the Special Rapporteur -----------------------------------------------------------

SR_BODY_ASKS = {
    # ¶: the verb as written (read in the source).
    "20": "encourages",  # "Consequently, she encourages the authorities"
    "21": "strongly encourages",  # and a second ask, "the Special Rapporteur encourages"
    "22": "encourages",
    "41": "encourages",
    "47": "encourages",
    "59": "strongly encourages",
    "62": "encourages",
}


def test_special_rapporteur_body_asks(recs: dict[str, list[Recommendation]]) -> None:
    body = {r.locator: r.verb for r in recs[SR] if r.kind == "paragraph" and r.locator != "65"}
    assert body == SR_BODY_ASKS
    # ¶61 ("actively encouraging their participation"; "commends ... should be replicated") and
    # ¶30 ("recalls that ... should be criminalized as such") are not the Special Rapporteur
    # encouraging, recommending, calling on or urging.
    assert {"30", "58", "61"}.isdisjoint(by_locator(recs[SR]))


def test_special_rapporteur_body_text_is_the_asking_sentences(
    recs: dict[str, list[Recommendation]],
) -> None:
    sr = by_locator(recs[SR])
    assert sr["20"].text == (
        "Consequently, she encourages the authorities to put in place effective prevention "
        "and reporting mechanisms to avoid the country becoming a safe haven for web predators."
    )
    # ¶21: two asking sentences; the sentences between and after them are findings.
    assert sr["21"].text == (
        "Noting that poorly managed growth of the industry may lead to exploitation of "
        "children, and based on lessons learned from neighbouring countries, the Special "
        "Rapporteur strongly encourages the Government, through its Ministry of Information, "
        "Culture and Tourism, to include the protection of children and the prevention of "
        "sexual abuse and exploitation as part of its strategy on sustainable tourism. "
        "Bearing in mind that no hotel in the country had signed the Code, the Special "
        "Rapporteur encourages the Government to promote it and to encourage the private "
        "sector to adhere to it as an effective means of raising awareness and preventing the "
        "sexual exploitation of children in travel and tourism."
    )


def test_special_rapporteur_recommendations_section(recs: dict[str, list[Recommendation]]) -> None:
    sr = by_locator(recs[SR])
    assert sr["65"].kind == "paragraph" and sr["65"].verb == "recommends"
    assert {loc: sr[loc].verb for loc in ("66", "67", "68", "69", "70", "71")} == {
        "66": "calls on",
        "67": "recommends",
        "68": "calls on",
        "69": "encourages",
        "70": "calls on",
        "71": "calls on",
    }
    assert all(sr[loc].kind == "lead-in" for loc in ("66", "67", "68", "69", "70", "71"))
    # ¶66's first sentence ("stresses that ...") leads up to the ask; the text starts at it.
    assert sr["66"].text.startswith("The Special Rapporteur calls on the Lao People's")
    assert sr["66"].text.endswith("and in particular:")
    assert sr["67"].text == "The Special Rapporteur recommends that the Government:"


SR_66_ITEMS = {
    "66(a)": "Prohibit and criminalize the sale of children as a separate crime from trafficking;",
    "66(b)": (
        "Specifically criminalize all acts relating to child abuse material, including "
        "possession and receipt of such material;"
    ),
    "66(c)": (
        "Bearing in mind technological advancements, criminalize accessing online child abuse "
        "material, making it available, grooming, viewing online streaming of child abuse, and "
        "facilitating online sexual abuse and exploitation of children, including creating or "
        "maintaining online content that sexually exploits children;"
    ),
    "66(d)": (
        "Prohibit child marriage, including marriage between children under the age of 18, "
        "without exceptions;"
    ),
    "66(e)": (
        "Prohibit child labour according to international norms and standards, including by "
        "setting the minimum age for employment at 14, without exceptions;"
    ),
    "66(f)": "Prohibit surrogacy arrangements that amount to sale of children;",
    "66(g)": (
        "Strengthen legislation to increase the criminal prosecution of travelling sex "
        "offenders in tourist destinations and countries of origin."
    ),
}


def test_special_rapporteur_66_items(recs: dict[str, list[Recommendation]]) -> None:
    items = {r.locator: r for r in recs[SR] if r.parent == "66"}
    assert {loc: r.text for loc, r in items.items()} == SR_66_ITEMS
    assert {(r.kind, r.verb, r.concern, r.group) for r in items.values()} == {
        ("item", "calls on", None, None)
    }


# --- 002: the Committee ---------------------------------------------------------------------

# Every recommendation paragraph -> the concern paragraph it answers (None: none before it in
# its section). ¶9 "notes that ... an overall strategy ... is lacking" is a concern (a noted
# shortfall); ¶39 welcomes and encourages in one paragraph, alone in section VIII; ¶40 (IX),
# ¶41-¶42 (X, follow-up: ¶42 follows a recommendation) and ¶43 (XI) answer no concern.
CRC_CONCERNS: dict[str, str | None] = {
    "8": "7",
    "10": "9",
    "12": "11",
    "14": "13",
    "16": "15",
    "18": "17",
    "20": "19",
    "22": "21",
    "24": "23",
    "26": "25",
    "28": "27",
    "30": "29",
    "32": "31",
    "34": "33",
    "36": "35",
    "38": "37",
    "39": None,
    "40": None,
    "41": None,
    "42": None,
    "43": None,
}

# The verb as written, first in the paragraph (read in the source).
CRC_VERBS = {
    "8": "recommends",
    "10": "recommends",
    "12": "recommends",  # then "The State party is also encouraged" (the passive)
    "14": "urges",
    "16": "recommends",
    "18": "strongly recommends",  # then "The Committee urges"
    "20": "strongly recommends",
    "22": "urges",  # then "recommends", then "It further urges the State party to:"
    "24": "calls on",  # "reiterates its previous recommendations (...) and calls on"
    "26": "recommends",
    "28": "recommends",  # then "It urges the State party to:"
    "30": "recommends",
    "32": "urges",
    "34": "recommends",
    "36": "urges",
    "38": "recommends",
    "39": "encourages",
    "40": "recommends",
    "41": "recommends",
    "42": "recommends",
    "43": "requests",
}


def test_committee_concern_links(recs: dict[str, list[Recommendation]]) -> None:
    paragraphs = {r.locator: r.concern for r in recs[CRC] if r.kind != "item"}
    assert paragraphs == CRC_CONCERNS


def test_committee_verbs(recs: dict[str, list[Recommendation]]) -> None:
    assert {r.locator: r.verb for r in recs[CRC] if r.kind != "item"} == CRC_VERBS


def test_committee_items_inherit_concern_and_take_the_governing_verb(
    recs: dict[str, list[Recommendation]],
) -> None:
    crc = by_locator(recs[CRC])
    for rec in recs[CRC]:
        if rec.kind == "item":
            assert rec.parent is not None
            assert rec.concern == crc[rec.parent].concern
    # ¶28 recommends, then "It urges the State party to:" introduces the items.
    assert {crc[f"28({x})"].verb for x in "abcd"} == {"urges"}
    # Concern paragraphs and their items are not recommendations.
    assert {"7", "21", "21(a)", "29", "29(c)", "3", "4", "4(a)"}.isdisjoint(crc)


CRC_30_ITEMS = {
    "30(a)": (
        "Define, regulate and criminalize all forms of sale of children, including for the "
        "sale of organs, a concept which is similar, but not identical, to trafficking in "
        "persons;"
    ),
    "30(b)": (
        "Ensure that all children under the age of 18 are fully protected by the Penal Law and "
        "the Child Protection Law and that penalties for crimes under the Optional Protocol "
        "adequately reflect the severity of the offences in order to deter such crimes and "
        "ensure justice for victims;"
    ),
    "30(c)": (
        "Criminalize all offences under the Optional Protocol, including the solicitation of "
        "children for sexual purposes (grooming) and the possession of child pornography;"
    ),
    "30(d)": (
        "Explicitly define and criminalize rape of all children under 18 years of age, "
        "including that of boys."
    ),
}


def test_committee_30_items(recs: dict[str, list[Recommendation]]) -> None:
    items = {r.locator: r for r in recs[CRC] if r.parent == "30"}
    assert {loc: r.text for loc, r in items.items()} == CRC_30_ITEMS
    assert {(r.kind, r.verb, r.concern) for r in items.values()} == {("item", "recommends", "29")}
    lead_in = by_locator(recs[CRC])["30"]
    assert lead_in.kind == "lead-in"
    assert lead_in.text.startswith("The Committee recommends that the State party continue")
    assert lead_in.text.endswith("In particular, the State party should:")


def test_committee_39_text_starts_at_the_ask(recs: dict[str, list[Recommendation]]) -> None:
    text = by_locator(recs[CRC])["39"].text
    assert text.startswith("In the light of article 10 (1) of the Optional Protocol, the Committee")
    assert "welcomes" not in text


# --- 003: the study -------------------------------------------------------------------------

ES = "Executive Summary"
CHAPTER = "Recommendations"
SYSTEMS = "Recommendations > Systems to Protect Children from Sexual Exploitation"


def test_study_key_broad_merges(recs: dict[str, list[Recommendation]]) -> None:
    study = by_locator(recs[STUDY])
    # "A comprehensive exercise ... This exercise would" / "A comprehensive process ... This
    # would": two words in 62; "with a recognition" / "with recognition": one word.
    assert study[f"{ES} #13"].also_at == (f"{CHAPTER} #6",)
    assert study[f"{ES} #14"].also_at == (f"{CHAPTER} #7",)
    # The third summary bullet ("it is recommended to harness these partnerships") is not the
    # chapter's third key bullet; the chapter prints it word for word as a paragraph instead.
    assert study[f"{ES} #15"].also_at == (f"{SYSTEMS} #9",)
    # The chapter's third key bullet ("An inter-agency consultation ...") is its own.
    assert study[f"{CHAPTER} #8"].also_at == ()
    assert study[f"{CHAPTER} #8"].group == "Key broad recommendations"
    assert study[f"{CHAPTER} #8"].text.startswith("An inter-agency consultation (including")
    assert {f"{CHAPTER} #6", f"{CHAPTER} #7"}.isdisjoint(study)


def test_study_excludes_partner_list_and_other_bullets(
    recs: dict[str, list[Recommendation]],
) -> None:
    study = by_locator(recs[STUDY])
    # "It is strongly recommended that new partnerships be forged ... This includes:" is
    # followed by a list of partner agencies, not of recommendations.
    assert not any(loc.startswith(f"{SYSTEMS} #") for loc in study)
    assert not any(loc.startswith(("Key References", "I. ", "V. ")) for loc in study)
    assert {r.verb for r in study.values()} == {None}


def test_study_group_texts(recs: dict[str, list[Recommendation]]) -> None:
    study = by_locator(recs[STUDY])
    assert study["Recommendations > Legal & Policy Framework #1"].text == (
        "Clear definitions of child pornography and child prostitution should be adopted "
        "encompassing a broad range of depictions, including audio, visual, written and "
        "electronic formats."
    )
    # Joined across the page break in the middle of the bullet (source lines 947-949).
    assert study["Recommendations > Services #5"].text.startswith(
        "Police units should be trained and tasked with raising public awareness of CST and"
    )


# --- small tables -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "verb"),
    [
        ("Consequently, she encourages the authorities to act.", "encourages"),
        ("the Special Rapporteur strongly encourages the Government", "strongly encourages"),
        ("The Special Rapporteur calls upon the State", "calls on"),
        ("The Special Rapporteur also recommends that", "recommends"),
        ("the Government encourages the private sector", None),
        ("and actively encouraging their participation", None),
        ("the Special Rapporteur recalls that the two crimes should be criminalized", None),
        ("the Special Rapporteur commends the methodology", None),
    ],
)
def test_special_rapporteur_pattern(text: str, verb: str | None) -> None:
    match = SR_RECOMMENDS.search(text)
    assert (verb_label(match) if match else None) == verb


@pytest.mark.parametrize(
    ("text", "verb"),
    [
        ("The Committee recommends that the State party:", "recommends"),
        ("It further urges the State party to:", "urges"),
        ("It particularly urges the State party to:", "urges"),
        ("The Committee specifically recommends that", "recommends"),
        (
            "The Committee reiterates its previous recommendations (see CRC/C/LAO/CO/2, para. "
            "46) and calls on the State party",
            "calls on",
        ),
        ("the Committee requests the State party to include", "requests"),
        ("The Committee welcomes the submission", None),
        ("The Committee reminds the State party that", None),
        ("The Committee notes with appreciation", None),
    ],
)
def test_committee_pattern(text: str, verb: str | None) -> None:
    match = CRC_RECOMMENDS.search(text)
    assert (verb_label(match) if match else None) == verb


def test_committee_passive() -> None:
    match = CRC_PASSIVE.search("The State party is also encouraged to strengthen coordination")
    assert match and verb_label(match) == "encourages"
    assert not CRC_PASSIVE.search("The tourism sectors are encouraged to inspect")


@pytest.mark.parametrize(
    ("text", "concern"),
    [
        ("The Committee is concerned about the lack of disaggregated data", True),
        ("The Committee is also seriously concerned that", True),
        ("The Committee is extremely concerned that:", True),
        ("The Committee notes with serious concern that", True),
        ("The Committee further expresses its concern about reports", True),
        ("the Committee regrets that the State party lacks", True),
        ("The Committee is alarmed about the large number", True),
        ("The Committee notes with appreciation the ratification", False),
        ("The Committee welcomes the measures taken", False),
    ],
)
def test_concern_pattern(text: str, concern: bool) -> None:
    assert bool(CONCERN.search(text)) is concern


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        ("One. Two.", ["One.", "Two."]),
        (
            "See CRC/C/LAO/CO/2, para. 46) and calls on. Next",
            ["See CRC/C/LAO/CO/2, para. 46) and calls on.", "Next"],
        ),
        (
            "Convention, 1973 (No. 138) in June. Then",
            ["Convention, 1973 (No. 138) in June.", "Then"],
        ),
        ("by V. Crispin and G. Thompstone. Done.", ["by V. Crispin and G. Thompstone.", "Done."]),
        ("years of age. 70 per cent", ["years of age.", "70 per cent"]),
        ("“kumun girls”) and are. Next", ["“kumun girls”) and are.", "Next"]),
        ("", []),
    ],
)
def test_sentence_spans(text: str, sentences: list[str]) -> None:
    assert [text[s:e] for s, e in sentence_spans(text)] == sentences


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("Shelters require resources.", "shelters  require resources", True),
        ("with a recognition that " + "x " * 30, "with recognition that " + "x " * 30, True),
        ("Improve coordination.", "Improve cooperation.", False),  # one word in two: the ask
        (
            "a b c d e f g h i j k l m n o p q r s t",
            "a b c d e f g h i j k l m n o p q r s u",
            True,
        ),
        ("a b c d e f g h i j k l m n o p q r s", "a b c d e f g h i j k l m n o p q r t", False),
        ("a " * 60, "b b b " + "a " * 57, False),  # three words: too many
        ("", "", False),
    ],
)
def test_same_item(a: str, b: str, same: bool) -> None:
    assert same_item(fold_words(a), fold_words(b)) is same


# --- errors and arbitrary input ----------------------------------------------------------------


def passage(locator: str, text: str, **kw: object) -> Passage:
    fields: dict[str, object] = {
        "doc_id": "d",
        "locator": locator,
        "kind": "paragraph",
        "text": text,
        "line_start": 1,
        "line_end": 1,
        "ordinal": 0,
    }
    fields.update(kw)
    return Passage.model_validate(fields)


def test_unknown_body_is_refused() -> None:
    with pytest.raises(SourceError, match="no recommendation rule for issuing body 'nobody'"):
        find_recommendations("d", "nobody", [])


def test_duplicate_locators_are_refused() -> None:
    twice = [passage("1", "The Committee recommends it."), passage("1", "Again.", line_start=9)]
    with pytest.raises(SourceError, match="two passages of d have locator '1'"):
        find_recommendations("d", "crc-committee", twice)


def test_front_matter_and_footnotes_never_recommend() -> None:
    passages = [
        passage("summary", "She recommends a great deal.", kind="front"),
        passage("fn 1", "The Special Rapporteur recommends X.", kind="footnote"),
    ]
    assert find_recommendations("d", "special-rapporteur", passages) == []


def test_concern_is_the_paragraph_just_before_in_the_same_section() -> None:
    a, b = ("A",), ("B",)
    passages = [
        passage("1", "The Committee is concerned that X.", context=a),
        passage("2", "The Committee recommends that the State party:", context=a),
        passage("2(a)", "Do X;", kind="item", parent="2", context=a),
        passage("3", "The Committee also recommends Y.", context=a),  # follows a recommendation
        passage("4", "The Committee regrets Z.", context=a),
        passage("5", "The Committee urges W.", context=b),  # another section
        passage("6", "The Committee welcomes V.", context=b),
        passage("7", "The Committee encourages U.", context=b),  # follows no concern
    ]
    found = {r.locator: r for r in find_recommendations("d", "crc-committee", passages)}
    assert {loc: r.concern for loc, r in found.items()} == {
        "2": "1",
        "2(a)": "1",
        "3": None,
        "5": None,
        "7": None,
    }
    assert found["2"].kind == "lead-in" and found["2(a)"].parent == "2"


VOCABULARY = [
    "The Committee recommends that the State party:",
    "The Committee is concerned that",
    "The Committee notes that X is lacking.",
    "It further urges the State party to:",
    "The State party is also encouraged to act.",
    "Consequently, she encourages the authorities.",
    "The Special Rapporteur calls on the State to:",
    "Key broad recommendations propose that:",
    "This includes:",
    "para. 46) and",
    "No. ",
    "(",
    ")",
    ":",
    ". ",
    "Recommendations",
]

# Mostly the extractor's own vocabulary, so that arbitrary input reaches every rule.
texts = st.lists(
    st.one_of(st.sampled_from(VOCABULARY), st.sampled_from(VOCABULARY), st.text(max_size=30)),
    max_size=6,
).map(" ".join)
contexts = st.lists(
    st.sampled_from(["Recommendations", "B. Recommendations", "Services", "III. Data", "x"]),
    max_size=3,
).map(tuple)
passages_strategy = st.lists(
    st.builds(
        Passage,
        doc_id=st.just("d"),
        locator=st.sampled_from(
            ["1", "2", "3", "4", "1(a)", "2(a)", "2(b)", "x #1", "x #2", "fn 1"]
        ),
        kind=st.sampled_from(
            ["paragraph", "paragraph", "item", "bullet", "bullet", "footnote", "table", "front"]
        ),
        text=texts,
        context=contexts,
        parent=st.one_of(st.none(), st.sampled_from(["1", "2", "9"])),
        line_start=st.integers(1, 50),
        line_end=st.integers(1, 50),
        ordinal=st.integers(0, 50),
    ),
    max_size=8,
    unique_by=lambda p: p.locator,  # duplicates are refused, tested above
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    body=st.one_of(st.sampled_from(sorted(RULES)), st.text(max_size=8)),
    passages=passages_strategy,
)
@pytest.mark.slow
def test_arbitrary_passages_raise_only_lexgap_errors(body: str, passages: list[Passage]) -> None:
    try:
        found = find_recommendations("d", body, passages)
    except LexgapError:
        return
    locators = {p.locator for p in passages}
    for rec in found:
        assert rec.locator in locators
        assert rec.parent is None or rec.parent in locators
        assert rec.concern is None or rec.concern in locators
        assert all(other in locators for other in rec.also_at)
    assert len({r.locator for r in found}) == len(found)
