"""The crc-export loader on 002 (CRC/C/OPSC/LAO/CO/1) and on text it was never meant to read.

Golden values were read off `data/sources/crc-opsc-co-2015.txt` by hand (`cat -A` for the
tabs and the footnote block), not pasted from the loader's output.
"""

from __future__ import annotations

import re
from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lexgap.core.errors import LexgapError, SourceError
from lexgap.loaders import layout_crc_export
from lexgap.loaders.clean import clean, strip_artefacts
from lexgap.loaders.models import Passage
from lexgap.loaders.sources import SourceDocument, load_corpus

DOC_ID = "crc-c-opsc-lao-co-1"
SECTION_VI = (
    "VI. Prohibition of the sale of children, child pornography and child prostitution and "
    "related matters (arts. 3, 4 (2) and (3), 5, 6 and 7)"
)


@pytest.fixture(scope="module")
def doc() -> SourceDocument:
    return next(d for d in load_corpus() if d.meta.id == DOC_ID)


@pytest.fixture(scope="module")
def passages(doc: SourceDocument) -> list[Passage]:
    return layout_crc_export.parse(doc)


@pytest.fixture(scope="module")
def by_locator(passages: list[Passage]) -> dict[str, Passage]:
    return {p.locator: p for p in passages}


def with_text(doc: SourceDocument, text: str) -> SourceDocument:
    """The real document's metadata and path with other text (the loader never rereads)."""
    return SourceDocument(meta=doc.meta, path=doc.path, text=text)


# --- whole-document counts ---------------------------------------------------------------------


def test_passage_counts_per_kind(passages: list[Passage]) -> None:
    # 43 numbered paragraphs; items counted by hand: 4(2) 6(2) 14(3) 16(4) 20(3) 21(5) 22(5)
    # 25(2) 26(3) 27(3) 28(4) 29(4) 30(4) 36(2) 38(3) = 49; the title; one footnote.
    assert Counter(p.kind for p in passages) == {
        "front": 1,
        "footnote": 1,
        "paragraph": 43,
        "item": 49,
    }


def test_paragraphs_are_1_to_43_in_order_without_gaps(passages: list[Passage]) -> None:
    numbers = [p.locator for p in passages if p.kind == "paragraph"]
    assert numbers == [str(n) for n in range(1, 44)]


def test_ordinals_and_reading_order(passages: list[Passage]) -> None:
    assert [p.ordinal for p in passages] == list(range(len(passages)))
    assert [p.locator for p in passages[:5]] == ["title", "fn 2", "1", "2", "3"]
    starts = [p.line_start for p in passages]
    assert starts == sorted(starts)
    assert all(p.doc_id == DOC_ID for p in passages)


def test_items_per_paragraph(passages: list[Passage]) -> None:
    items: dict[str, list[str]] = {}
    for p in passages:
        if p.kind == "item":
            assert p.parent is not None
            items.setdefault(p.parent, []).append(p.locator)
    assert items == {
        "4": ["4(a)", "4(b)"],
        "6": ["6(a)", "6(b)"],
        "14": ["14(a)", "14(b)", "14(c)"],
        "16": ["16(a)", "16(b)", "16(c)", "16(d)"],
        "20": ["20(a)", "20(b)", "20(c)"],
        "21": ["21(a)", "21(b)", "21(c)", "21(d)", "21(e)"],
        "22": ["22(a)", "22(b)", "22(c)", "22(d)", "22(e)"],
        "25": ["25(a)", "25(b)"],
        "26": ["26(a)", "26(b)", "26(c)"],
        "27": ["27(a)", "27(b)", "27(c)"],
        "28": ["28(a)", "28(b)", "28(c)", "28(d)"],
        "29": ["29(a)", "29(b)", "29(c)", "29(d)"],
        "30": ["30(a)", "30(b)", "30(c)", "30(d)"],
        "36": ["36(a)", "36(b)"],
        "38": ["38(a)", "38(b)", "38(c)"],
    }


# --- ¶29 and ¶30 in full -----------------------------------------------------------------------

FULL_TEXT = [
    (
        "29",
        "The Committee notes with serious concern that the domestic legislation does not fully "
        "list and incorporate all offences covered by the Optional Protocol. The Committee is "
        "particularly concerned that:",
    ),
    (
        "29(a)",
        "Not all forms of the sale of children, including for the purpose of transfer of organs "
        "of child, covered by articles 2 (a) and 3 (1) (a) (i) of the Optional Protocol have been "
        "classified as offences distinct from human trafficking;",
    ),
    (
        "29(b)",
        "Some provisions of the Penal Law punishing crimes under the Optional Protocol, in "
        "particular child prostitution, only protect children up to the age of 15 and penalties "
        "under the Penal Law and the Child Protection Law for such crimes do not adequately "
        "reflect the severity of the offences;",
    ),
    (
        "29(c)",
        "The State party does not have legislation specifically criminalizing the possession of "
        "child pornography and the solicitation of children for sexual purposes (grooming), "
        "including by means of information and communications technology;",
    ),
    (
        "29(d)",
        "The Penal Law criminalizes only the rape of girls, not that of boys, resulting in "
        "impunity for crimes related to the sexual exploitation of boys.",
    ),
    (
        "30",
        "The Committee recommends that the State party continue to revise its Criminal Code and "
        "other relevant legislation and bring it into full compliance with articles 2 and 3 of "
        "the Optional Protocol. In particular, the State party should:",
    ),
    (
        "30(a)",
        "Define, regulate and criminalize all forms of sale of children, including for the sale "
        "of organs, a concept which is similar, but not identical, to trafficking in persons;",
    ),
    (
        "30(b)",
        "Ensure that all children under the age of 18 are fully protected by the Penal Law and "
        "the Child Protection Law and that penalties for crimes under the Optional Protocol "
        "adequately reflect the severity of the offences in order to deter such crimes and "
        "ensure justice for victims;",
    ),
    (
        "30(c)",
        "Criminalize all offences under the Optional Protocol, including the solicitation of "
        "children for sexual purposes (grooming) and the possession of child pornography;",
    ),
    (
        "30(d)",
        "Explicitly define and criminalize rape of all children under 18 years of age, including "
        "that of boys.",
    ),
]


@pytest.mark.parametrize(("locator", "text"), FULL_TEXT)
def test_paragraphs_29_30_and_their_items_in_full(
    by_locator: dict[str, Passage], locator: str, text: str
) -> None:
    passage = by_locator[locator]
    assert passage.text == text
    assert passage.context == (SECTION_VI, "Existing criminal or penal laws and regulations")
    if "(" in locator:
        assert (passage.kind, passage.parent) == ("item", locator.split("(")[0])
    else:
        assert (passage.kind, passage.parent) == ("paragraph", None)


# --- the other lettered items: first and last words --------------------------------------------

ITEM_ENDS = [
    (
        "14(a)",
        "Develop and conduct, in consultation",
        "from becoming victim to the offences in the Optional Protocol;",
    ),
    (
        "14(b)",
        "Disseminate systematically the Optional Protocol",
        "border police officers, judges and prosecutors;",
    ),
    (
        "14(c)",
        "Incorporate issues related to the Optional Protocol int the",
        "curricula of primary and secondary schools.",
    ),
    ("16(a)", "Allocate adequate resources", "including at the provincial and district levels;"),
    (
        "16(b)",
        "Ensure that such training includes",
        "civil society organizations and child victims;",
    ),
    (
        "16(c)",
        "Conduct regular assessments",
        "from the offences covered under the Optional Protocol;",
    ),
    ("16(d)", "Seek technical assistance", "for the implementation of these recommendations."),
    (
        "20(a)",
        "Take immediate action to allow journalists",
        "without any kind of threat, harassment or repercussion;",
    ),
    (
        "20(b)",
        "Urgently end all forms of intimidation",
        "recognize and protect the work of human rights defenders;",
    ),
    ("20(c)", "Combat impunity by undertaking", "and access to effective remedies for victims."),
    (
        "22(a)",
        "Prevent and/or end the displacement",
        "and their families when their rights have been violated;",
    ),
    (
        "22(b)",
        "Expand the State party’s existing legal requirement",
        "general comments issued by the Committee;",
    ),
    (
        "22(c)",
        "Continue and strengthen its measures",
        "from Hmong-Mien households, are registered at birth;",
    ),
    ("22(d)", "Carry out intensive awareness-raising", "and encourage reporting of such crimes;"),
    (
        "22(e)",
        "Incorporate child participation mechanisms",
        "to participate and freely express their views.",
    ),
    (
        "26(a)",
        "Effectively prevent publication",
        "offending Internet service providers and other media;",
    ),
    (
        "26(b)",
        "Strengthen the capacity of the Security Emergency",
        "block child pornography websites or images;",
    ),
    (
        "26(c)",
        "Carry out large-scale campaigns",
        "among teenagers of the harmful effects of pornography.",
    ),
    (
        "28(a)",
        "Explicitly prohibit organized child sex tourism",
        "and the United Nations Office on Drugs and Crime;",
    ),
    (
        "28(b)",
        "Take all measures necessary to strengthen",
        "clandestine activities related to child sexual exploitation;",
    ),
    (
        "28(c)",
        "Regulate and engage with the private sector",
        "prohibition of child sex tourism and child protection in general;",
    ),
    (
        "28(d)",
        "Widely disseminate the Charter of Honour",
        "Children from Sexual Exploitation in Travel and Tourism.",
    ),
    (
        "36(a)",
        "Ensure that all persons below the age of 18",
        "protection for child victims is given up until 18 years, and not below;",
    ),
    (
        "36(b)",
        "Ensure that child victims of the offences",
        "trained in children’s rights, child protection and interviewing skills.",
    ),
    (
        "38(a)",
        "Ensure that adequate services, such as medical care",
        "in accordance with article 9 (3) of the Optional Protocol;",
    ),
    (
        "38(b)",
        "Take measures to ensure appropriate training",
        "Optional Protocol, in accordance with article 8 thereof;",
    ),
    (
        "38(c)",
        "Ensure that all child victims of the offences described",
        "in accordance with article 9 (4) of the Optional Protocol.",
    ),
]


@pytest.mark.parametrize(("locator", "first", "last"), ITEM_ENDS)
def test_item_first_and_last_words(
    by_locator: dict[str, Passage], locator: str, first: str, last: str
) -> None:
    item = by_locator[locator]
    assert item.kind == "item"
    assert item.text.startswith(first)
    assert item.text.endswith(last)


@pytest.mark.parametrize(
    ("locator", "lead_in_end"),
    [
        ("14", "To this end, the State party should, in particular:"),
        ("16", "The Committee recommends that the State party:"),
        ("22", "It further urges the State party to:"),
        ("28", "It urges the State party to:"),
        ("36", "It particularly urges the State party to:"),
        ("38", "The Committee recommends that the State party:"),
    ],
)
def test_lead_in_keeps_only_its_own_text(
    by_locator: dict[str, Passage], locator: str, lead_in_end: str
) -> None:
    lead_in = by_locator[locator]
    assert lead_in.text.endswith(lead_in_end)
    assert lead_in.line_start == lead_in.line_end


# --- headings, title, footnote, artefacts ------------------------------------------------------

CONTEXTS = [
    ("1", ()),  # before the first section heading
    ("2", ("I. Introduction",)),
    ("4(b)", ("II. General observations", "Positive aspects")),
    ("7", ("III. Data",)),  # a section with no sub-heading
    ("19", ("IV. General measures of implementation", "Civil society")),  # "Civil society \t"
    ("33", (SECTION_VI, "Extradition")),
    ("34", (SECTION_VI, "Extradition")),
    ("39", ("VIII. International assistance and cooperation (art. 10)",
            "Multilateral, bilateral and regional agreements")),
    ("40", ("IX. Ratification of the Optional Protocol on a communications procedure",)),
    ("43", ("XI. Next report",)),
]  # fmt: skip


@pytest.mark.parametrize(("locator", "context"), CONTEXTS)
def test_context_is_the_enclosing_headings(
    by_locator: dict[str, Passage], locator: str, context: tuple[str, ...]
) -> None:
    assert by_locator[locator].context == context


def test_bookmark_before_a_number_still_starts_that_paragraph(
    by_locator: dict[str, Passage],
) -> None:
    # Line 7: "[bookmark: _GoBack]3.\tThe Committee reminds ..."
    third = by_locator["3"]
    assert third.line_start == 7
    assert third.text.startswith("The Committee reminds the State party that the present")
    assert by_locator["2"].text.endswith("high-level and multisectoral delegation.")


def test_title_is_the_first_lines(by_locator: dict[str, Passage]) -> None:
    title = by_locator["title"]
    assert (title.kind, title.line_start, title.line_end, title.context) == ("front", 1, 2, ())
    assert title.text == (
        "Committee on the Rights of the Child Concluding observations on the report submitted "
        "by the Lao People’s Democratic Republic under article 12 (1) of the Optional Protocol "
        "to the Convention on the Rights of the Child on the sale of children, child "
        "prostitution and child pornography*"
    )


def test_footnote_2_is_its_own_passage(by_locator: dict[str, Passage]) -> None:
    # Line 2 ends "...pornography[footnoteRef:2]* [2: \t*\tAdopted by ... 2015).] "
    note = by_locator["fn 2"]
    assert (note.kind, note.line_start, note.line_end, note.parent) == ("footnote", 2, 2, None)
    assert note.text == (
        "Adopted by the Committee at its sixty-ninth session (18 May–5 June 2015)."
    )
    assert "Adopted" not in by_locator["title"].text


def test_no_word_artefact_survives(passages: list[Passage]) -> None:
    for p in passages:
        for fragment in ("[footnoteRef", "[bookmark", "_GoBack", "[2:", "\t"):
            assert fragment not in p.text, (p.locator, fragment)
        for heading in p.context:
            assert "[" not in heading and "\t" not in heading


# --- coverage ----------------------------------------------------------------------------------

# What a line of the export is, to find where its text should have gone (test-side, independent
# of the loader's own patterns): number or letter prefix, then a tab.
PREFIX = re.compile(r"^ *(?:[0-9]+\.|\([a-z]+\))\t")
FOOTNOTE_BLOCK = re.compile(r"\[[0-9]+: [^\]]*\]")


def test_every_line_lands_in_exactly_one_passage_or_is_a_heading(
    doc: SourceDocument, passages: list[Passage]
) -> None:
    """Skipped: blank lines (3, and 124 which is one space). Headings: the 11 roman section
    lines and the sub-heading lines, recognised by being equal to a context entry. A footnote
    passage shares its line with the passage it was cut out of (line 2: title and fn 2)."""
    lines = doc.text.split("\n")
    headings = {h for p in passages for h in p.context}
    owners: dict[int, list[Passage]] = {}
    for p in passages:
        if p.kind == "footnote":
            continue
        for n in range(p.line_start, p.line_end + 1):
            owners.setdefault(n, []).append(p)
    heading_lines = 0
    for n, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        body = clean(PREFIX.sub("", strip_artefacts(FOOTNOTE_BLOCK.sub(" ", raw))))
        if n not in owners:
            assert clean(raw) in headings, f"line {n} is in no passage and is not a heading"
            heading_lines += 1
            continue
        assert len(owners[n]) == 1, f"line {n} is in {[p.locator for p in owners[n]]}"
        assert body in owners[n][0].text, f"line {n}'s text is not in {owners[n][0].locator}"
    assert heading_lines == 11 + 17  # roman sections I-XI, and 17 unnumbered sub-headings
    note = next(p for p in passages if p.kind == "footnote")
    assert note.text in clean(lines[note.line_start - 1])


# --- errors (input, expected message) ----------------------------------------------------------

BAD_INPUTS = [
    ("Title\n1.\tOne.\n1.\tAgain.", "locator '1' occurs twice", 3),
    ("Title\n1.\tOne:\n(a)\tx;\n(a)\ty.", "locator '1(a)' occurs twice", 4),
    ("Title\n\tI.\tIntro\n(a)\tAn orphan item.", "lettered item (a) is not under", 3),
    ("Title\n\tI.\tIntro\nStray prose.", "neither a numbered paragraph", 3),
    ("Title[3: \t*\tnever closed\n1.\tOne.", "footnote block [3: is not closed", 1),
    ("Title\n1.\t", "passage has no text", 2),
]


@pytest.mark.parametrize(("text", "message", "line"), BAD_INPUTS)
def test_bad_input_is_a_source_error_naming_the_line(
    doc: SourceDocument, text: str, message: str, line: int
) -> None:
    with pytest.raises(SourceError, match=re.escape(message)) as caught:
        layout_crc_export.parse(with_text(doc, text))
    assert caught.value.line == line
    assert caught.value.file == str(doc.path)


SMALL_INPUTS = [
    # A plain line continues the paragraph or item above it.
    ("T\n1.\tThe Committee\nnotes this.", [("1", "paragraph", "The Committee notes this.")]),
    # A footnote in a paragraph follows that paragraph; the text around it joins with a space.
    (
        "T\n5.\tWord[footnoteRef:7] [7: \t7\tSee note.] more.\n6.\tNext.",
        [("5", "paragraph", "Word more."), ("fn 7", "footnote", "See note."),
         ("6", "paragraph", "Next.")],
    ),
    # Brackets inside a footnote do not end it.
    ("T [4: \t*\tA [sic] note.]\n1.\tX.", [("fn 4", "footnote", "A [sic] note."),
                                          ("1", "paragraph", "X.")]),
]  # fmt: skip


@pytest.mark.parametrize(("text", "expected"), SMALL_INPUTS)
def test_small_inputs(doc: SourceDocument, text: str, expected: list[tuple[str, str, str]]) -> None:
    got = [(p.locator, p.kind, p.text) for p in layout_crc_export.parse(with_text(doc, text))]
    assert [g for g in got if g[0] != "title"] == expected


# --- properties --------------------------------------------------------------------------------

# Text made mostly of the characters that steer the loader, so the interesting branches run.
EXPORT_ALPHABET = st.sampled_from(
    [*"\t\n ().:[]*0123456789IVXabcz", "[footnoteRef:2]", "[bookmark: _GoBack]", "[2: \t*\t"]
)
# Lines shaped like the export's: numbered paragraphs, items, headings, footnotes, prose.
EXPORT_LINE = st.one_of(
    st.builds("{}.\t{}".format, st.integers(0, 60), st.text(max_size=30)),
    st.builds("({})\t{}".format, st.sampled_from("abcd"), st.text(max_size=30)),
    st.builds("\t{}.\t{}".format, st.sampled_from(["I", "IV", "VI", "X"]), st.text(max_size=20)),
    st.text(max_size=20).map("\t\t{}".format),
    st.builds(
        "{}[{}: \t*\t{}]".format, st.text(max_size=10), st.integers(0, 9), st.text(max_size=10)
    ),
    st.text(max_size=40),
)
export_like = st.lists(EXPORT_ALPHABET | st.characters(), max_size=200).map("".join) | st.lists(
    EXPORT_LINE, max_size=30
).map("\n".join)


def check_invariants(doc: SourceDocument, passages: list[Passage]) -> None:
    locators = [p.locator for p in passages]
    assert len(locators) == len(set(locators))
    n_lines = doc.text.count("\n") + 1
    for i, p in enumerate(passages):
        assert p.ordinal == i and p.text
        assert 1 <= p.line_start <= p.line_end <= n_lines


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.text() | export_like)
def test_arbitrary_text_gives_unique_locators_or_a_lexgap_error(
    doc: SourceDocument, text: str
) -> None:
    try:
        passages = layout_crc_export.parse(with_text(doc, text))
    except LexgapError:
        return
    check_invariants(with_text(doc, text), passages)


@pytest.mark.slow
@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_deleting_or_duplicating_a_line_never_crashes(
    doc: SourceDocument, data: st.DataObject
) -> None:
    """A changed document either parses (unique locators) or is refused with a LexgapError
    (e.g. a duplicated paragraph line repeats its locator): never another exception."""
    lines = doc.text.split("\n")
    index = data.draw(st.integers(0, len(lines) - 1), label="line index")
    duplicate = data.draw(st.booleans(), label="duplicate")
    if duplicate:
        lines.insert(index, lines[index])
    else:
        del lines[index]
    mutated = with_text(doc, "\n".join(lines))
    try:
        passages = layout_crc_export.parse(mutated)
    except LexgapError:
        return
    check_invariants(mutated, passages)
    original = layout_crc_export.parse(doc)
    if duplicate and not any(p.line_start <= index + 1 <= p.line_end for p in original):
        # A repeated blank or heading line changes nothing but line numbers.
        assert [(p.locator, p.text, p.context) for p in passages] == [
            (p.locator, p.text, p.context) for p in original
        ]
