"""The state-report loader on 004 (the Lao PDR's follow-up report) and on arbitrary text.

Golden values were read off `data/sources/state-followup-report.txt` by hand (`cat -A` for the
tab-per-cell tables), not pasted from the loader's output.
"""

from __future__ import annotations

import re
from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lexgap.core.errors import LexgapError, SourceError
from lexgap.loaders import layout_state_report
from lexgap.loaders.clean import clean
from lexgap.loaders.models import Passage
from lexgap.loaders.roman import roman_value
from lexgap.loaders.sources import SourceDocument, load_corpus

DOC_ID = "lao-opsc-followup-report"
V = "V. Prohibition of the sale of children, child pornography and child prostitution"
V_A = "A. Existing criminal or penal laws and regulations"
IV = "IV. Prevention of the sale of children, child prostitution and child pornography"
III = "III. General measures of implementation"
VI_B = ("VI. Protection of the rights of child victims", "B. Recovery and reintegration of victims")


@pytest.fixture(scope="module")
def doc() -> SourceDocument:
    return next(d for d in load_corpus() if d.meta.id == DOC_ID)


@pytest.fixture(scope="module")
def passages(doc: SourceDocument) -> list[Passage]:
    return layout_state_report.parse(doc)


@pytest.fixture(scope="module")
def by_locator(passages: list[Passage]) -> dict[str, Passage]:
    return {p.locator: p for p in passages}


def with_text(doc: SourceDocument, text: str) -> SourceDocument:
    return SourceDocument(meta=doc.meta, path=doc.path, text=text)


# --- whole-document counts ---------------------------------------------------------------------


def test_passage_counts_per_kind(passages: list[Passage]) -> None:
    # 110 numbered paragraphs, three shelter-statistics tables after ¶97, nothing else.
    assert Counter(p.kind for p in passages) == {"paragraph": 110, "table": 3}


def test_paragraphs_are_1_to_110_in_order_without_gaps(passages: list[Passage]) -> None:
    numbers = [p.locator for p in passages if p.kind == "paragraph"]
    assert numbers == [str(n) for n in range(1, 111)]


def test_reading_order(passages: list[Passage]) -> None:
    assert [p.ordinal for p in passages] == list(range(len(passages)))
    order = [p.locator for p in passages]
    assert order[96:101] == ["97", "table 1", "table 2", "table 3", "98"]
    assert all(p.doc_id == DOC_ID for p in passages)


# --- paragraphs in full, with their headings ---------------------------------------------------

FULL_TEXT = [
    (
        "69",
        (V, V_A),
        "The National Assembly adopted a new penal code in April 2017. The Law is currently "
        "undergoing a technical review and has not yet been promulgated. The new penal code "
        "incorporates offences of sale of children, child prostitution and child pornography as "
        "noted below.",
    ),
    (
        "74",
        (V, V_A, "Solicitation of children for sexual purposes"),
        "Under the Penal Code, any person having sexual intercourse with a girl or boy under "
        "eighteen to fifteen years by paying or giving any type of benefit shall be punished by "
        "one to three years imprisonment and a fine not exceeding 5million Kip. Any person having "
        "sexual intercourse with a girl or boy under fifteen to twelve years by paying or giving "
        "any type of benefit shall be punished by three to five years imprisonment and a fine not "
        "exceeding 7million Kip. Any person who has sexual intercourse with a girl or boy less "
        "than twelve years of age by any means shall be considered as having committed rape and "
        "that person shall be punished by ten to fifteen years of imprisonment and a fine not "
        "exceeding 15million Kip. Any person who has requested, provided, recruited or offered "
        "children less than eighteen years of age to become prostitutes shall be considered as an "
        "offender and shall be punished by ten to twenty years of imprisonment and a fine not "
        "exceeding 150million Kip (Article 250).",
    ),
    (
        "77",
        (V, V_A, "Possession of child pornography"),
        "The Penal Code imposes a one to three year term of imprisonment and a fine of between "
        "3million and 15million Kip for any person who produces, distributes, disseminates, "
        "imports, exports, displays or sells magazines, films, videos, VCDs, DVDs and other items "
        "of child pornography (Article 256). Any person who possesses the above mentioned "
        "materials is punished with a term of three months to one year imprisonment and a fine "
        "not exceeding 3million Kip (Article 257).",
    ),
    (
        "79",
        (V, V_A, "Rape, including that of boys"),
        "The Penal Code provides that when the victim of a rape is a girl between fifteen and "
        "eighteen years, the offender shall be punished by six to ten years of imprisonment and a "
        "fine not exceeding 50million Kip. If the victim of a rape is a girl under fifteen years "
        "of age, the offender shall be punished by ten to twenty years imprisonment and a fine "
        "not exceeding 70million Kip or shall be subject to the death penalty. Any attempt to "
        "commit such an offence shall also be punished. (Article 248)",
    ),
    (
        "88",
        (V, "C. Extradition"),
        "At this time, Lao PDR needs to retain its reservation on Article 5(2) of the OPSC, but "
        "it may consider its withdrawal at a future date.",
    ),
    (
        "65",
        (IV, "D. Child Sex Tourism"),
        "The Law on Tourism (2013) prohibits, in Articles 83 and 84, tourism operators, "
        "individuals, legal entities, tourists or international organizations from trafficking "
        "in persons, prostitution, sexual exploitation, child abuse, labor exploitation, child "
        "labor exploitation or employment, or sexual intercourse. Child sex tourism is punishable "
        "under the Penal Code (Article 262).",
    ),
    (
        "103",
        VI_B,
        "Compensation may be granted to victims by the court.",
    ),
]


@pytest.mark.parametrize(("locator", "context", "text"), FULL_TEXT)
def test_paragraph_full_text_and_headings(
    by_locator: dict[str, Passage], locator: str, context: tuple[str, ...], text: str
) -> None:
    passage = by_locator[locator]
    assert (passage.kind, passage.parent) == ("paragraph", None)
    assert passage.context == context
    assert passage.text == text


CONTEXTS = [
    ("1", ("I. Introduction",)),  # " I." and "Introduction" are one heading
    ("7", ("II. Data",)),
    ("8", (III, "A. Comprehensive Policy and Strategy")),
    ("37", (III, "D. Training")),  # the first "D." ...
    ("40", (III, "D. Training")),
    ("41", (III, "E. Allocation of Resources")),
    ("64", (IV, "C. Child Pornography")),
    ("65", (IV, "D. Child Sex Tourism")),  # ... and the second, in the next section
    ("68", (IV, "D. Child Sex Tourism")),
    ("70", (V, V_A, "Sale of Children, including for sale of organs")),
    ("73", (V, V_A, "Sale of Children, including for sale of organs")),
    ("76", (V, V_A, "Solicitation of children for sexual purposes")),
    ("78", (V, V_A, "Sex Tourism")),
    ("80", (V, V_A, "Rape, including that of boys")),
    ("81", (V, "B. Impunity")),  # a new letter ends the topic headings
    ("89", ("VI. Protection of the rights of child victims",
            "A. Measures adopted to protect the rights and interests of child victims of "
            "offences prohibited under the Optional Protocol")),
    ("98", VI_B),  # after the tables
    ("104", ("VII. International assistance and cooperation",)),
    ("110", ("VII. International assistance and cooperation",)),
]  # fmt: skip


@pytest.mark.parametrize(("locator", "context"), CONTEXTS)
def test_context_is_the_enclosing_headings(
    by_locator: dict[str, Passage], locator: str, context: tuple[str, ...]
) -> None:
    assert by_locator[locator].context == context


def test_double_space_after_number_and_trailing_spaces(by_locator: dict[str, Passage]) -> None:
    # Line 372: "98.  Before a child in returned ..." (two spaces, and the source's typo).
    assert by_locator["98"].text.startswith("Before a child in returned to their family")
    assert by_locator["110"].text.endswith("Trafficking in Persons AAPTIP.")  # "AAPTIP. "


# --- tables ------------------------------------------------------------------------------------


def test_table_1_lao_women_union_shelter(by_locator: dict[str, Passage]) -> None:
    # Lines 202-281: caption, blank, then rows of tab cells separated by blank lines; the
    # second header row starts with five empty cells ("\t" alone).
    table = by_locator["table 1"]
    assert (table.kind, table.line_start, table.line_end, table.context) == (
        "table", 202, 281, VI_B,
    )  # fmt: skip
    assert table.text == (
        "Statistics of persons residing at the Lao Women Union’s shelter (Vientiane Capital) "
        "2015-2017: "
        "No | Residential | Total | Female | Male | Under 18 years old | Over 18 years old / "
        "| | | | | total | female | male | total | male | female / "
        "1 | Human trafficking | 76 | 43 | 33 | 23 | 22 | 1 | 53 | 21 | 32 / "
        "2 | Risk group | 51 | 39 | 12 | 15 | 13 | 2 | 36 | 26 | 10 / "
        "3 | Rape | 8 | 8 | - | 6 | 6 | - | 2 | 2 | - / "
        "4 | Domestic violence | 23 | 20 | 3 | 10 | 7 | 3 | 13 | 13 | - / "
        "Total | 158 | 110 | 48 | 54 | 48 | 6 | 104 | 62 | 42"
    )


def test_table_2_village_focus_shelter_rows(by_locator: dict[str, Passage]) -> None:
    table = by_locator["table 2"]
    assert (table.line_start, table.line_end) == (284, 345)
    caption, body = table.text.split(": ", 1)
    assert caption == (
        "Statistics of persons residing at the Village Focus International’s shelter "
        "(Champasack province) 2016-2017"
    )
    rows = body.split(layout_state_report.TABLE_ROW_SEP)
    assert len(rows) == 6  # two header rows as exported, a third header row, 2016, 2017, Total
    assert rows[3].split(layout_state_report.TABLE_CELL_SEP) == (
        ["2016", "55", "34", "8", "3", "1", "0", "36", "21", "10", "10"]
    )
    assert rows[5] == "Total | 112 | 78 | 15 | 8 | 1 | 0 | 66 | 43 | 12 | 27"


def test_table_3_sengsavang_shelter(by_locator: dict[str, Passage]) -> None:
    # Lines 348-369: the second header row is split by a blank line (lines 358-359), so it
    # reads as two rows: the loader keeps rows as the source separates them.
    table = by_locator["table 3"]
    assert (table.line_start, table.line_end) == (348, 369)
    assert table.text == (
        "Statistics of persons residing at the Sengsavang shelter (Savannakhet Province) "
        "2015-2017: Residential | Victim of trafficking | Risk group / Total | Children | Total / "
        "Children | Total | Children / 91 | 73 | 28 | 21 | 54 | 46"
    )


def test_no_table_cell_leaks_into_prose(passages: list[Passage]) -> None:
    for p in passages:
        if p.kind == "paragraph":
            assert "Statistics of persons" not in p.text and " | " not in p.text


# --- coverage ----------------------------------------------------------------------------------

NUMBER = re.compile(r"^ *[0-9]+\.\s+")


def test_every_line_lands_in_exactly_one_passage_or_is_a_heading(
    doc: SourceDocument, passages: list[Passage]
) -> None:
    """Skipped: blank lines (including the last line, one space). A lone tab is an empty
    table cell, not blank: it must be inside a table. Headings: a marker line ("I.", "A.")
    with the title line after it, and the topic-heading lines; each must make up an entry of
    some passage's context."""
    lines = doc.text.split("\n")
    headings = {h for p in passages for h in p.context}
    owners: dict[int, list[Passage]] = {}
    for p in passages:
        for n in range(p.line_start, p.line_end + 1):
            owners.setdefault(n, []).append(p)
    heading_lines: set[int] = set()
    content = [n for n, raw in enumerate(lines, start=1) if raw.startswith("\t") or raw.strip()]
    for k, n in enumerate(content):
        raw = lines[n - 1]
        if n in owners:
            assert len(owners[n]) == 1, f"line {n} is in {[p.locator for p in owners[n]]}"
            assert clean(NUMBER.sub("", raw)) in owners[n][0].text, f"line {n} not in its passage"
            continue
        if n in heading_lines:
            continue
        text = clean(raw)
        if text in headings:
            heading_lines.add(n)
            continue
        title_line = content[k + 1]
        assert f"{text} {clean(lines[title_line - 1])}" in headings, f"line {n}: {raw!r}"
        heading_lines |= {n, title_line}
    # 7 roman + 14 letter headings on two lines each, and 5 topic headings under V.A.
    assert len(heading_lines) == 2 * (7 + 14) + 5


# --- small inputs (input, expected) ------------------------------------------------------------

SMALL_INPUTS = [
    # One-line headings read like split ones.
    ("I. Introduction\n1. Text.", [("1", ("I. Introduction",), "Text.")]),
    # A paragraph that does not end a sentence continues on the next line, even past a blank.
    (
        "1. The law provides that\n\nchildren are protected.\nA topic\n2. Next.",
        [("1", (), "The law provides that children are protected."), ("2", ("A topic",), "Next.")],
    ),
    # A line starting in lower case, or long prose, also continues the paragraph.
    ("1. One.\nand more.\n2. Two.\nThis is a sentence.", [
        ("1", (), "One. and more."), ("2", (), "Two. This is a sentence.")]),
    # A "D." repeated in one section stays a letter (D is also a roman numeral).
    ("I.\nOne\nC.\nThird\nD.\nFourth\n1. x.\nD.\nAgain\n2. y.\nII.\nTwo\n3. z.", [
        ("1", ("I. One", "D. Fourth"), "x."),
        ("2", ("I. One", "D. Again"), "y."),
        ("3", ("II. Two",), "z."),
    ]),
    # "V." after "IV." is a section; "I." after "H." is a letter.
    ("IV.\nFour\nH.\nEighth\nI.\nNinth\n1. x.\nV.\nFive\n2. y.", [
        ("1", ("IV. Four", "I. Ninth"), "x."), ("2", ("V. Five",), "y.")]),
    # A table without a caption, and a marker with no title.
    ("1. A.\n\tx\n\ty\n\n\tz\nB.\n2. B.", [
        ("1", (), "A."), ("table 1", (), "x | y / z"), ("2", ("B.",), "B.")]),
]  # fmt: skip


@pytest.mark.parametrize(("text", "expected"), SMALL_INPUTS)
def test_small_inputs(
    doc: SourceDocument, text: str, expected: list[tuple[str, tuple[str, ...], str]]
) -> None:
    got = layout_state_report.parse(with_text(doc, text))
    assert [(p.locator, p.context, p.text) for p in got] == expected


@pytest.mark.parametrize(
    ("numeral", "value"), [("I", 1), ("IV", 4), ("VII", 7), ("IX", 9), ("XIV", 14), ("MCMXC", 1990)]
)
def test_roman_value(numeral: str, value: int) -> None:
    assert roman_value(numeral) == value


BAD_INPUTS = [
    ("1. One.\n1. Again.", "locator '1' occurs twice", 2),
    ("This report has no numbered paragraph above this sentence.", "unnumbered prose", 1),
    ("1. A.\n\t\n\t", "table has no content", 2),
]


@pytest.mark.parametrize(("text", "message", "line"), BAD_INPUTS)
def test_bad_input_is_a_source_error_naming_the_line(
    doc: SourceDocument, text: str, message: str, line: int
) -> None:
    with pytest.raises(SourceError, match=re.escape(message)) as caught:
        layout_state_report.parse(with_text(doc, text))
    assert (caught.value.line, caught.value.file) == (line, str(doc.path))


# --- properties --------------------------------------------------------------------------------

REPORT_ALPHABET = st.sampled_from(list("\t\n .:;()0123456789IVXABCDabcz"))
# Lines shaped like the report's: numbered paragraphs, markers, cells, headings, prose.
REPORT_LINE = st.one_of(
    st.builds("{}. {}".format, st.integers(0, 120), st.text(max_size=30)),
    st.sampled_from([" I.", "II.", "IV.", "V.", "A.", "C.", "D.", "D.", "\t", "", " "]),
    st.text(max_size=20).map("\t{}".format),
    st.text(max_size=40),
)
report_like = st.lists(REPORT_ALPHABET | st.characters(), max_size=200).map("".join) | st.lists(
    REPORT_LINE, max_size=30
).map("\n".join)


def check_invariants(doc: SourceDocument, passages: list[Passage]) -> None:
    locators = [p.locator for p in passages]
    assert len(locators) == len(set(locators))
    n_lines = doc.text.count("\n") + 1
    for i, p in enumerate(passages):
        assert p.ordinal == i and p.text
        assert 1 <= p.line_start <= p.line_end <= n_lines


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.text() | report_like)
def test_arbitrary_text_gives_unique_locators_or_a_lexgap_error(
    doc: SourceDocument, text: str
) -> None:
    try:
        passages = layout_state_report.parse(with_text(doc, text))
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
    (a duplicated paragraph line repeats its number): never another exception."""
    lines = doc.text.split("\n")
    index = data.draw(st.integers(0, len(lines) - 1), label="line index")
    duplicate = data.draw(st.booleans(), label="duplicate")
    if duplicate:
        lines.insert(index, lines[index])
    else:
        del lines[index]
    mutated = with_text(doc, "\n".join(lines))
    try:
        passages = layout_state_report.parse(mutated)
    except LexgapError:
        return
    check_invariants(mutated, passages)
    if duplicate and not lines[index].startswith("\t") and not lines[index].strip():
        # A repeated blank line changes nothing but line numbers.
        original = layout_state_report.parse(doc)
        assert [(p.locator, p.text, p.context) for p in passages] == [
            (p.locator, p.text, p.context) for p in original
        ]
