"""The study-pdf loader on document 003 (the 2011 Child Frontiers study).

Golden values were read off `data/sources/csec-study-2011.txt` by hand (line numbers are the
file's); the rules they check are listed in the loader's docstring.
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter, defaultdict
from functools import cache

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lexgap.core.errors import LexgapError, SourceError
from lexgap.loaders.clean import clean
from lexgap.loaders.layout_study_pdf import (
    OUTLINE,
    V_CHAPTER,
    analyse,
    continues,
    ends_sentence,
    parse,
)
from lexgap.loaders.models import Passage
from lexgap.loaders.sources import SourceDocument, load_corpus

DOC_ID = "csec-study-2011"


@cache
def study() -> SourceDocument:
    return next(d for d in load_corpus() if d.meta.id == DOC_ID)


@cache
def passages() -> tuple[Passage, ...]:
    return tuple(parse(study()))


def by_locator() -> dict[str, Passage]:
    return {p.locator: p for p in passages()}


def with_text(text: str) -> SourceDocument:
    return dataclasses.replace(study(), text=text)


# ---- counts ------------------------------------------------------------------------------


def test_passage_counts_per_kind() -> None:
    # footnotes: ¹ to ⁴⁶, one line each; front: title + date; bullets: the 75 lines starting
    # "- " plus the 20 Key References entries that lost their dash (lines 978-1016, every other
    # line); tables: 5 data tables + 21 rows of the chapter V legal table + 2 Annex I cells.
    counts = Counter(p.kind for p in passages())
    assert counts == {
        "paragraph": 167,
        "bullet": 95,
        "footnote": 46,
        "table": 28,
        "front": 2,
    }


# (section path, paragraphs, bullets) for sections counted by hand.
SECTION_COUNTS = [
    ("Acknowledgements", 11, 0),  # 91, 93, 95, 97-98, 100, 102, 104-105, 107-109, 111-112, 114, 116
    ("Definitions", 12, 0),  # 185 ... 217; 193 and 199 are one paragraph cut by fn 1-2
    ("Executive Summary", 12, 3),  # 223-243 (11) + lead-in 245; bullets 247-249
    ("Introduction > Country Context", 4, 0),  # 273, 275, 277+292 (table between), 296
    ("Introduction > Research Methodology", 11, 0),
    ("I. Child Prostitution", 7, 6),  # 358+367 and 371+381 and 390+394 joined
    ("II. Child Pornography > Pornography & Child Sex Tourism", 2, 0),  # 548+554, 556+560
    ("IV. Child Trafficking for Sexual Purposes > Protection Measures & Initiatives", 7, 0),
    ("V. Legal & Policy Framework", 3, 0),  # 740, 742, 748
    ("V. Legal & Policy Framework > Child Sex Tourism", 3, 0),  # 811, 813, 822
    ("V. Legal & Policy Framework > Child Sex Tourism > ASEAN Tourism Agreement", 0, 2),
    ("Recommendations", 5, 3),  # 880, 882, 884+886, 888, lead-in 890; bullets 892-894
    ("Recommendations > Systems to Protect Children from Sexual Exploitation", 5, 4),
    ("Recommendations > Services", 0, 9),  # 943-954; 947+949 is one bullet
    ("Key References", 0, 39),
]


@pytest.mark.parametrize(("path", "paragraphs", "bullets"), SECTION_COUNTS)
def test_passages_per_section(path: str, paragraphs: int, bullets: int) -> None:
    kinds = Counter(p.kind for p in passages() if " > ".join(p.context) == path)
    assert (kinds["paragraph"], kinds["bullet"]) == (paragraphs, bullets)


def test_chapter_v_legal_table_has_one_row_per_article() -> None:
    rows = [p for p in passages() if p.kind == "table" and p.context[:1] == (V_CHAPTER,)]
    heads = [re.match(r"Article \d+(?: Paragraph \d+)?", p.text) for p in rows]
    assert [h.group(0) for h in heads if h] == [
        "Article 120",
        "Article 122",
        "Article 123",
        "Article 124",
        "Article 128 Paragraph 2",
        "Article 129",
        "Article 132",
        "Article 36",
        "Article 37",
        "Article 138",
        "Article 5",
    ]
    assert len(rows) == 21


# ---- golden passages ---------------------------------------------------------------------

PC = "V. Legal & Policy Framework > Child Prostitution"

# (locator, kind, context, line_start, line_end, text), each read off the file.
GOLDEN = [
    (
        "title",
        "front",
        (),
        45,
        46,
        "Research Study on the Commercial Sexual Exploitation of Children in Lao PDR",
    ),
    ("date", "front", (), 48, 48, "February 2011"),
    (
        f"{PC} > Penal Code table 6",
        "table",
        (V_CHAPTER, "Child Prostitution", "Penal Code"),
        762,
        764,
        "Article 129 An individual that has sexual relations with a girl or a boy whose age is "
        "under fifteen (15) will be imprisoned from one (1) to five (5) years, and fined from two "
        "(2) to five (5) million kips.",
    ),
    (
        f"{PC} > Penal Code table 1",
        "table",
        (V_CHAPTER, "Child Prostitution", "Penal Code"),
        752,
        752,
        "Article 120 Prohibits sexual relations with a male or female child below the age of 15 "
        "is imprisonment for between 1 to 5 years. (Rape is the only form of sexual abuse "
        "addressed in this article.)",
    ),
    (
        f"{PC} table 1",
        "table",
        (V_CHAPTER, "Child Prostitution"),
        783,
        791,
        "Law on the Protection of the Rights and Interests of Children 2006 (Article 89) "
        "Offense: Sexual relations with a child by paying or giving any type of benefit "
        "Where the child is between 15 and 18 – 3 months to 1 year imprisonment or reeducation "
        "without deprivation of liberty and a fine of 1 million to 2 million kip "
        "Where the child is between 12 and 15 – 1 to 5 years imprisonment and a fine of 2 "
        "million to 5 million kip "
        "Sexual relations with a child under 12 by any means is rape, with a penalty of 7 to 15 "
        "years imprisonment and a fine of 7 million to 15 million kip",
    ),
    (
        f"{PC} > Child Law table 1",
        "table",
        (V_CHAPTER, "Child Prostitution", "Child Law"),
        770,
        777,
        "Article 36 Rights & Duties of the Committee for Protection & Assistance to Children "
        "1. To receive reports on children who are at risk and children in need of special "
        "protection, and to identify and use emergency measures to protect and assist them "
        "2. To create conditions and provide assistance to the families of children in need of "
        "special protection and children at risk to enable them to solve the problem in the "
        "right way by themselves. "
        "3. To advise, monitor and regularly inspect the care and assistance to children "
        "provided by various centres or relevant places; "
        "4. To collect statistics on children in need of special protection and children at "
        "risk in the area under its responsibility, to summarise on the execution of its own "
        "work and regularly report to higher authority.",
    ),
    (
        "V. Legal & Policy Framework > Child Sex Tourism #2",
        "paragraph",
        (V_CHAPTER, "Child Sex Tourism"),
        813,
        813,
        "There is no specific national law on extradition in Lao PDR. The only provision "
        "concerning extradition is in Article 119 of the Law on Criminal Procedure, which states "
        "that mutual legal assistance may have the objective of extradition or exchange of "
        "prisoners. There are no restrictions or exceptions for extradition specified under "
        "national law, however extradition may be refused as a form of mutual legal assistance "
        "under Article 120 of the Law on Criminal Procedure if it would affect the sovereignty, "
        "security or stability of the nation, or any important interest of the Lao PDR.",
    ),
    (
        "V. Legal & Policy Framework > Child Trafficking for Sexual Purposes"
        " > International Instruments table 3",
        "table",
        (V_CHAPTER, "Child Trafficking for Sexual Purposes", "International Instruments"),
        872,
        874,
        "Signed: International Covenant on Civil and Political Rights",
    ),
    (
        "Executive Summary #13",
        "bullet",
        ("Executive Summary",),
        247,
        247,
        "A comprehensive exercise should be undertaken to define a long-term, sustainable vision "
        "for a functioning system for child and family welfare. This exercise would necessarily "
        "integrate efforts to prevent and protect children from commercial sexual exploitation "
        "and be supported by international best practices and standards. It would also take "
        "into consideration Lao customs and practices to ensure a contextually appropriate "
        "system;",
    ),
    (
        "Recommendations #6",
        "bullet",
        ("Recommendations",),
        892,
        892,
        "A comprehensive process should be undertaken to define a long-term, sustainable vision "
        "for a functioning system for child and family welfare. This would necessarily "
        "integrate efforts to prevent and protect children from commercial sexual exploitation "
        "and be supported by international best practices and standards. It would also take "
        "into consideration Lao customs and practices to ensure a contextually appropriate "
        "system;",
    ),
    (
        "Recommendations > Services #5",
        "bullet",
        ("Recommendations", "Services"),
        947,
        949,
        "Police units should be trained and tasked with raising public awareness of CST and "
        "strengthening the protective environment for children in cooperation with local "
        "communities, guesthouses, the transportation industry and other key actors. This "
        "includes taking action against perpetrators.",
    ),
    ("fn 43", "footnote", (V_CHAPTER,), 744, 744, "Article 29."),
    (
        "fn 1",
        "footnote",
        ("Definitions",),
        195,
        195,
        "Contract Law: Article 7, Penal Code: Article 129 and Children's Law: Article 89.",
    ),
    (
        # Cut in two by a case-study box (550-552): joined again across it.
        "II. Child Pornography > Pornography & Child Sex Tourism #1",
        "paragraph",
        ("II. Child Pornography", "Pornography & Child Sex Tourism"),
        548,
        554,
        "Child sex tourists have been known to record exploitation of children either for sale "
        "as pornography or to keep in a personal collection. At present, there is little "
        "international coordination between the Lao PDR government and international agencies "
        "working to track and prosecute child pornographers and paedophiles. International law "
        "enforcement agencies interviewed for this report expressed concern that offenders may "
        "perceive Lao PDR as a “safe” country to escape from criminal pursuit in neighbouring "
        "countries such as Thailand and Cambodia.²² For example, if a known paedophile or "
        "individual in possession of child pornography entered Lao PDR, clear lines of "
        "communication should be in place to ensure that the Ministry of Public Security is "
        "aware of and able to ensure that the movements of this person are monitored and that "
        "they do not have opportunities to harm or exploit children in Lao PDR.",
    ),
    (
        "II. Child Pornography > Pornography & Child Sex Tourism"
        " > CASE STUDY: CST & PORNOGRAPHY #1",
        "paragraph",
        (
            "II. Child Pornography",
            "Pornography & Child Sex Tourism",
            "CASE STUDY: CST & PORNOGRAPHY",
        ),
        552,
        552,
        "In May 2010, U.S. Immigration and Customs Enforcement (ICE) and U.S. Customs and Border "
        "Protection arrested an American man traveling with a laptop containing several hours "
        "of child pornography videos. He had entered into the United States at Detroit "
        "Metropolitan Airport from Manila, Philippines. It was determined that he had visited "
        "the Philippines, Malaysia, Thailand, Myanmar, Lao PDR, Cambodia, and China. However, "
        "it is unclear whether there was any follow up to identify the child victims from these "
        "countries to determine their safety and ensure that they are no longer vulnerable to "
        "this type of abuse and exploitation.",
    ),
    (
        "Introduction > Country Context table 1",
        "table",
        ("Introduction", "Country Context"),
        279,
        290,
        "Indicator Estimated Value Year Total population 5.99 million 2010 Population growth "
        "rate 2.1% per year 2010 Population living in urban areas 27% 2005 Infant mortality rate "
        "70 deaths / 1,000 live births 2005 Life expectancy at birth 65 2008 GDP/capita (PPP) "
        "US\\$ 986 2009 Population below poverty line 27.6 % 2008 Lao PDR Demographic "
        "Indicators Source: Ministry of Planning & Investment & UNDP¹",
    ),
    (
        "Annex I: Key Technical Informants > National Level table 1",
        "table",
        ("Annex I: Key Technical Informants", "National Level"),
        1021,
        1021,
        "Ministry of Labour Social Welfare National Commission on Mothers & Children Lao "
        "Women's Union Lao Youth Union Anti-Trafficking Division Ministry of Justice Ministry of "
        "Foreign Affairs Ministry of Health / CHAS Ministry of Public Security Tourist Police "
        "National Tourism Authority Ministry of Information & Culture Ministry of Public Works "
        "& Transport National Assembly Ministry of Communication, Transport, Post & "
        "Construction",
    ),
]


@pytest.mark.parametrize(
    ("locator", "kind", "context", "start", "end", "text"),
    GOLDEN,
    ids=[g[0] for g in GOLDEN],
)
def test_golden_passage(
    locator: str, kind: str, context: tuple[str, ...], start: int, end: int, text: str
) -> None:
    passage = by_locator()[locator]
    assert passage.kind == kind
    assert passage.context == context
    assert (passage.line_start, passage.line_end) == (start, end)
    assert passage.text == text
    assert passage.doc_id == DOC_ID


def test_key_broad_recommendations_printed_twice_are_two_passages() -> None:
    leads = [p for p in passages() if p.text == "Key broad recommendations propose that:"]
    assert [(p.locator, p.line_start) for p in leads] == [
        ("Executive Summary #12", 245),
        ("Recommendations #5", 890),
    ]
    # Each is followed by its own three ❑ bullets in its own section.
    for lead in leads:
        following = passages()[lead.ordinal + 1 : lead.ordinal + 4]
        assert [p.kind for p in following] == ["bullet"] * 3
        assert {p.context for p in following} == {lead.context}


def test_passage_order_and_ordinals() -> None:
    assert [p.ordinal for p in passages()] == list(range(len(passages())))
    starts = [p.line_start for p in passages()]
    assert starts == sorted(starts)


# ---- hygiene and stability ---------------------------------------------------------------


@pytest.mark.parametrize("needle", ["<p>", "</p>", "**", "SEE PROFILE", "CITATIONS", "READS"])
def test_no_artefacts_or_cover_furniture_in_text(needle: str) -> None:
    assert not [p.locator for p in passages() if needle in p.text]


def test_texts_are_clean_and_non_empty() -> None:
    for p in passages():
        assert p.text
        assert p.text == clean(p.text)


def test_locators_are_unique_and_stable() -> None:
    first = [p.locator for p in parse(study())]
    second = [p.locator for p in parse(study())]
    assert first == second
    assert len(set(first)) == len(first)
    assert parse(study()) == parse(study())


# ---- coverage: every line is accounted for exactly once ----------------------------------

COVER_LINES = {3, 5, 7, 9, 11, 13, 15, 17, 19, 23, 25, 27, 29, 33, 35, 37, 39, 43, 50}
TOC_LINES = {52, *range(54, 88)}
CASE_STUDY_LINES = {385, 418, 516, 526, 550, 615, 696}
HEADING_LINES = {
    89, 118, 183, 221, 251, 253, 271, 299, 343, 345, 396, 408, 432, 465, 475, 491,
    497, 532, 546, 562, 568, 580, 609, 619, 633, 647, 659, 676, 692, 704, 710,
    738, 750, 793, 801, 809, 815, 824, 832, 838, 842, 846,
    878, 896, 913, 921, 930, 941, 956, 1018, 1020, 1022,
    *CASE_STUDY_LINES,
}  # fmt: skip
# Lines holding a law header run together with rows: "<p>Penal Code</p> <p>Article 120 ...",
# "Child Law**Article 36**".
MIXED_LINES = {752, 770}

BULLET_MARK = re.compile(r"^\s*(?:[-❑]\s+)+")
FOOTNOTE_MARK = re.compile(r"^\s*[⁰¹²³⁴⁵⁶⁷⁸⁹]+\s+")


def test_every_line_is_a_passage_heading_toc_line_or_cover_furniture() -> None:
    layout = analyse(study())
    lines = study().text.split("\n")
    assert len(lines) == 1023  # 1022 newlines; the last line has none
    roles: dict[int, set[str]] = defaultdict(set)
    for piece in layout.pieces:
        roles[piece.line].add(piece.role)
    assert set(roles) == set(range(1, len(lines) + 1))
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            assert roles[number] == {"blank"}, number
        elif number in COVER_LINES:
            assert roles[number] == {"cover"}, number
        elif number in TOC_LINES:
            assert roles[number] == {"toc"}, number
        elif number in HEADING_LINES:
            assert roles[number] == {"heading"}, number
        elif number in MIXED_LINES:
            assert roles[number] == {"heading", "passage"}, number
        else:
            assert roles[number] == {"passage"}, (number, line[:60])


def test_pieces_of_a_line_rebuild_the_line() -> None:
    layout = analyse(study())
    by_line: dict[int, list[str]] = defaultdict(list)
    for piece in layout.pieces:
        by_line[piece.line].append(piece.text)

    def squash(text: str) -> str:
        return re.sub(r"\s+|</?p>|\*\*", "", text)

    for number, line in enumerate(study().text.split("\n"), start=1):
        assert "".join(squash(t) for t in by_line[number]) == squash(line), number


def test_each_passage_is_exactly_its_pieces() -> None:
    layout = analyse(study())
    parts: dict[str, list[str]] = defaultdict(list)
    for piece in layout.pieces:
        if piece.role == "passage":
            assert piece.locator is not None
            parts[piece.locator].append(piece.text)
    found = {p.locator: p for p in layout.passages}
    assert set(parts) == set(found)
    for locator, raw in parts.items():
        passage = found[locator]
        first = raw[0]
        if passage.kind == "bullet":
            first = BULLET_MARK.sub("", first)
        elif passage.kind == "footnote":
            first = FOOTNOTE_MARK.sub("", first)
        assert " ".join(clean(t) for t in [first, *raw[1:]]) == passage.text, locator


# ---- rules on small inputs ---------------------------------------------------------------

CONTINUES = [
    # (previous paragraph, next block, something interrupted them, continues?)
    ("... purposes", "of a person aged below 18.", True, True),  # 193 + 199
    ("... Socio Economic Development", "Plan (NSEDP) for 2011-2015.", True, True),  # 277 + 292
    ("... has increased in recent years", "The Asia Regional ...", False, False),  # 706 / 708
    ("... raising public awareness of", "CST and strengthening ...", False, True),  # 947 + 949
    ("... involves a more", "holistic approach ...", False, True),  # 884 + 886
    ("... to live in the area.", "of the next", True, False),  # 311 / 313: lost text, not ours
    ("... the CRC:⁴", "Sale of Children: ...", True, False),
    ("... abuse”.", "lower case", True, False),
    ("... officials", "Prostitution and the sex trade ...", False, False),  # 352 / 354
]


@pytest.mark.parametrize(("previous", "following", "interrupted", "expected"), CONTINUES)
def test_continues(previous: str, following: str, interrupted: bool, expected: bool) -> None:
    assert continues(previous, following, interrupted) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("done.", True),
        ('conduct."', True),
        ('transaction."³', True),
        ("tourism.”³²", True),
        ("(Director)", False),
        ("by the government", False),
        ("as follows:", True),
    ],
)
def test_ends_sentence(text: str, expected: bool) -> None:
    assert ends_sentence(text) is expected


SMALL = [
    (
        "cover furniture and contents are dropped; title and date kept",
        "See discussions\nSEE PROFILE\n**A Study\nof Things**\n\nMay 2011\nCONTENTS\n"
        "Introduction\t3\nDemand.....\t4\n\nIntroduction\n\nText one.",
        [("title", "front", "A Study of Things"), ("date", "front", "May 2011"),
         ("Introduction #1", "paragraph", "Text one.")],
    ),
    (
        "a paragraph cut by footnotes is joined; the footnote stands alone",
        "Introduction\n\nIt ends in the middle of\n\n¹ A note.\n\nthe sentence.",
        [("Introduction #1", "paragraph", "It ends in the middle of the sentence."),
         ("fn 1", "footnote", "A note.")],
    ),
    (
        "sub-headings only count under their own chapter",
        "Demand\n\nIntroduction\n\nDemand\n\nBackground\n\nx",
        [("Introduction #1", "paragraph", "Demand"),
         ("Introduction > Background #1", "paragraph", "x")],
    ),
    (
        "a box holds one paragraph; the section resumes after it",
        "Executive Summary\n\nCASE STUDY: Box\n\nInside.\n\nOutside.",
        [("Executive Summary > CASE STUDY: Box #1", "paragraph", "Inside."),
         ("Executive Summary #1", "paragraph", "Outside.")],
    ),
    (
        "chapter V: a head alone takes the lines after it; a head with text is one row",
        f"{V_CHAPTER}\n\nChild Sex Tourism\n\nPenal Code\n\nArticle 9\n\nIts text.\n\n"
        "Article 10 Other text.\n\n- (1) a bullet\n\nPlain prose after.",
        [(f"{V_CHAPTER} > Child Sex Tourism > Penal Code table 1", "table", "Article 9 Its text."),
         (f"{V_CHAPTER} > Child Sex Tourism > Penal Code table 2", "table",
          "Article 10 Other text."),
         (f"{V_CHAPTER} > Child Sex Tourism > Penal Code #1", "bullet", "(1) a bullet"),
         (f"{V_CHAPTER} > Child Sex Tourism #1", "paragraph", "Plain prose after.")],
    ),
    (
        "tables keep their notes; blank lines inside a table do not end it",
        "Introduction\n\na\tb\n\nc\td\n\n* note\n\nProse.",
        [("Introduction table 1", "table", "a b c d * note"),
         ("Introduction #1", "paragraph", "Prose.")],
    ),
    ("no heading at all: nothing but cover", "just\nsome text", []),
]  # fmt: skip


@pytest.mark.parametrize(("name", "text", "expected"), SMALL, ids=[s[0] for s in SMALL])
def test_rules_on_small_inputs(name: str, text: str, expected: list[tuple[str, str, str]]) -> None:
    got = [(p.locator, p.kind, p.text) for p in parse(with_text(text))]
    assert got == expected


def test_a_footnote_number_printed_twice_is_a_source_error() -> None:
    text = "Introduction\n\nText.\n\n¹ One.\n\n¹ Again."
    with pytest.raises(SourceError) as info:
        parse(with_text(text))
    assert info.value.line == 7
    assert info.value.file is not None and info.value.file.endswith("csec-study-2011.txt")


# ---- property tests ----------------------------------------------------------------------

SPECIAL_LINES = [
    *OUTLINE,
    "Penal Code",
    "Child Law**Article 36**",
    "Article 129",
    "Article 5 Commits Member States to:",
    "Ratified:",
    "Law on Things (Article 89)",
    "Law on Other Things",
    "CASE STUDY I: x",
    "CASE STUDY: y",
    "- ❑ an item",
    "- ",
    "❑",
    "¹ a note",
    "² another",
    "¹",
    "a\tb",
    "\tc",
    "<p>x</p> <p>Article 3 y</p>",
    "<p></p>",
    "**",
    "**Title",
    "February 2011",
    "CONTENTS",
    "Demand.....\t21",
    "[REPORT]",
    "SEE PROFILE",
    "Source: z",
    "* note",
    "Lao PDR Demographic Indicators",
    "Key Technical Informants (Provincial / District Level)",
    "",
    " ",
    "lower case continuation",
    "ends on a function word of",
]


@cache
def real_lines() -> tuple[str, ...]:
    return tuple(study().text.split("\n"))


def check(text: str) -> None:
    try:
        result = parse(with_text(text))
    except LexgapError:
        return
    locators = [p.locator for p in result]
    assert len(set(locators)) == len(locators)
    n_lines = text.count("\n") + 1
    for p in result:
        assert p.text
        assert 1 <= p.line_start <= p.line_end <= n_lines


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.one_of(
            st.text(max_size=30),
            st.sampled_from(SPECIAL_LINES),
            st.integers(0, 1022).map(lambda i: real_lines()[i]),
        ),
        max_size=40,
    )
)
def test_parse_on_arbitrary_lines_raises_only_lexgap_errors(lines: list[str]) -> None:
    check("\n".join(lines))


@settings(max_examples=100, deadline=None)
@given(st.text())
def test_parse_on_arbitrary_text_raises_only_lexgap_errors(text: str) -> None:
    check(text)


@pytest.mark.slow
@settings(max_examples=250, deadline=None)
@given(st.integers(min_value=0, max_value=1022))
def test_deleting_any_line_of_the_study_never_crashes(index: int) -> None:
    lines = list(real_lines())
    del lines[index]
    result = parse(with_text("\n".join(lines)))
    locators = [p.locator for p in result]
    assert len(set(locators)) == len(locators)
