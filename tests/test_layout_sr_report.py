"""Tests for the 'sr-report' layout loader (documents 000 and 001).

Golden values were checked by hand against data/sources/sr-report-2019-en.txt (line numbers in
the comments): expected texts are the source lines with the paragraph number, footnote reference
marks and `**` taken out and the pieces a page break or footnote block split joined with one
space.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lexgap.core.errors import LexgapError, SourceError
from lexgap.loaders.clean import SUPERSCRIPT_RUN, clean
from lexgap.loaders.layout_sr_report import ParsedReport, parse, parse_report
from lexgap.loaders.models import Passage
from lexgap.loaders.paragraphs import load_passages
from lexgap.loaders.sources import SourceDocument, load_corpus

EN = "a-hrc-40-51-add-1"
ES = "a-hrc-40-51-add-1-es"


@pytest.fixture(scope="module")
def docs() -> dict[str, SourceDocument]:
    return {doc.meta.id: doc for doc in load_corpus() if doc.meta.layout == "sr-report"}


@pytest.fixture(scope="module")
def reports(docs: dict[str, SourceDocument]) -> dict[str, ParsedReport]:
    return {doc_id: parse_report(doc) for doc_id, doc in docs.items()}


@pytest.fixture(scope="module")
def en(reports: dict[str, ParsedReport]) -> dict[str, Passage]:
    return {p.locator: p for p in reports[EN].passages}


@pytest.fixture(scope="module")
def es(reports: dict[str, ParsedReport]) -> dict[str, Passage]:
    return {p.locator: p for p in reports[ES].passages}


def doc_with(text: str, meta_from: SourceDocument) -> SourceDocument:
    """A document with the 000 manifest entry but arbitrary text (hash not checked here)."""
    return SourceDocument(meta=meta_from.meta, path=Path("x.txt"), text=text)


# --- Counts and order ---------------------------------------------------------------------

# Items counted by hand: ¶66 (a)-(g) 7, ¶67 (a)-(e) 5, ¶68 (a)-(e) 5, ¶69 (a)-(c) 3,
# ¶70 (a)-(h) 8, ¶71 (a)-(f) 6 = 34. Footnotes ¹..¹² = 12. Front: title, summary, fn *, fn **.
EXPECTED_COUNTS = {"paragraph": 71, "item": 34, "footnote": 12, "front": 4}


@pytest.mark.parametrize("doc_id", [EN, ES])
def test_counts_per_kind(reports: dict[str, ParsedReport], doc_id: str) -> None:
    counts = Counter(p.kind for p in reports[doc_id].passages)
    assert dict(counts) == EXPECTED_COUNTS


@pytest.mark.parametrize("doc_id", [EN, ES])
def test_paragraphs_1_to_71_in_order(reports: dict[str, ParsedReport], doc_id: str) -> None:
    paragraphs = [p.locator for p in reports[doc_id].passages if p.kind == "paragraph"]
    assert paragraphs == [str(n) for n in range(1, 72)]


@pytest.mark.parametrize("doc_id", [EN, ES])
def test_ordinals_and_reading_order(reports: dict[str, ParsedReport], doc_id: str) -> None:
    passages = reports[doc_id].passages
    assert [p.ordinal for p in passages] == list(range(len(passages)))
    assert [p.line_start for p in passages] == sorted(p.line_start for p in passages)
    assert len({p.locator for p in passages}) == len(passages)
    assert passages[:4] == [p for p in passages if p.kind == "front"]


def test_dispatch_through_load_passages(docs: dict[str, SourceDocument]) -> None:
    assert load_passages(docs[EN]) == parse(docs[EN])


# --- Golden paragraph texts (joined across page breaks and footnote blocks) ----------------

GOLDEN_PARAGRAPHS = {
    # lines 58 + 60; "¹" at the end removed; "52.5 per cent" is a continuation, not ¶52.
    "6": (
        "The Lao People's Democratic Republic is a landlocked country in South-East Asia with an "
        "ethnically diverse population (49 ethnic groups). As at 2014, Ethnic Lao comprised "
        "52.5 per cent of the total population and predominantly inhabited the lowland areas "
        "along the Mekong River. Although there had been increasing rural to urban migration, "
        "68 per cent of the population was still living in rural areas. The country had a young "
        "population, with 60 per cent of its over 6 million inhabitants estimated to be under 25 "
        "years of age. 70 per cent of the young population resided in rural areas.",
        58,
        60,
    ),
    # lines 76 + 84 (footnotes ¹ ² ³ at 78-82 in between); "⁴" removed.
    "12": (
        "The Lao People's Democratic Republic is predominantly a source country for trafficking. "
        "It is estimated that approximately 90 per cent of persons trafficked from the country "
        "arrive in Thailand. In a report in 2016, the United Nations Office on Drugs and Crime "
        "confirmed that 345 Lao citizens had been registered as assisted victims of trafficking "
        "in Thailand between 2012 and 2015.",
        76,
        84,
    ),
    # lines 182 + 186 (footnote ¹¹ at 184 in between).
    "41": (
        "Building a robust and effective child protection system demands investment and "
        "resources. While the Special Rapporteur learned that the national authorities faced "
        "limitations in their efforts to ensure that child protection was a priority, she also "
        "learned that civil society, non-profit associations and international NGOs were ready "
        "to assist and support the Government in the task. Civil society groups were operating "
        "in an environment involving lengthy, uncertain and restrictive bureaucratic procedures, "
        "which rendered partnerships difficult and often resulted in missed funding "
        "opportunities for child protection programmes. Consequently, the Special Rapporteur "
        "encourages the Government to ensure an enabling environment and widen the civic space "
        "for non-profit organizations and international NGOs to operate in the promotion of the "
        "rights and protection of children.",
        182,
        186,
    ),
    # lines 252 + 256 (footnote ¹² at 254 in between); bold markers removed.
    "64": (
        "In recent years, the Lao People's Democratic Republic has made significant efforts to "
        "incorporate the provisions of the Convention on the Rights of the Child into its "
        "national legislation and to raise awareness on child rights and protection issues among "
        "official stakeholders in charge of its implementation. However, if the Government wants "
        "to make real progress in preventing and combating the sale and sexual exploitation of "
        "children, including child marriage and child prostitution, it must address the utter "
        "impunity for these crimes, including by strengthening effective transnational "
        "cooperation, and developing an integrated formal national child protection system that "
        "provides care and recovery for child victims and ensures their access to justice and "
        "remedies. Addressing these two main gaps will place the country on the right path "
        "towards ensuring the implementation of its international obligations on child rights "
        "and its political commitments with respect to the Sustainable Development Goals.",
        252,
        256,
    ),
}


@pytest.mark.parametrize("locator", sorted(GOLDEN_PARAGRAPHS))
def test_golden_paragraph_text(en: dict[str, Passage], locator: str) -> None:
    text, first, last = GOLDEN_PARAGRAPHS[locator]
    passage = en[locator]
    assert passage.kind == "paragraph"
    assert passage.text == text
    assert (passage.line_start, passage.line_end) == (first, last)


# Every other paragraph split by a page break or footnote block: (locator, first line, last
# line, the words either side of the join), read off the file.
SPLIT_PARAGRAPHS = [
    ("17", 98, 108, "Even though the issue is hardly reported on or addressed publicly"),
    ("21", 118, 124, "the Special Rapporteur encourages the Government to promote it"),
    ("31", 152, 154, "the Law on the Development and Protection of Women (2004)"),
    ("37", 172, 174, "mass organizations and the law enforcement authorities, explained"),
    ("45", 196, 198, "received assistance to return from neighbouring countries. Unfortunately"),
    ("50", 208, 210, "criminal networks involved in child sexual exploitation offences."),
    ("59", 232, 234, "encourages the Government to develop partnerships with the ICT sector"),
]


@pytest.mark.parametrize(("locator", "first", "last", "join"), SPLIT_PARAGRAPHS)
def test_split_paragraphs_joined(
    en: dict[str, Passage], locator: str, first: int, last: int, join: str
) -> None:
    passage = en[locator]
    assert (passage.line_start, passage.line_end) == (first, last)
    assert join in passage.text
    assert not SUPERSCRIPT_RUN.search(passage.text)
    assert "**" not in passage.text


def test_footnote_references_removed_without_breaking_quotes(en: dict[str, Passage]) -> None:
    # line 88: "in 2011–2012,⁵ and the relative ease" -> the mark is simply deleted
    assert (
        "with a quarter of all children under the age of 5 unregistered in 2011–2012, and the"
        in en["13"].text
    )
    # line 110: ".⁸ The practice of *sao meu teu*" (single-asterisk italics are kept)
    assert "in exchange for a sexual relationship. The practice of *sao meu teu*" in en["18"].text
    # line 90: two references in one paragraph
    assert en["14"].text.endswith("23,500 boys and young men of the same age range.")
    for passage in en.values():
        if passage.kind != "footnote":
            assert not SUPERSCRIPT_RUN.search(passage.text), passage.locator


# --- Lettered items of ¶66-¶71 (lines 264-340) ----------------------------------------------

ITEMS = [
    ("66(a)", "Prohibit and criminalize the sale", "as a separate crime from trafficking;"),
    (
        "66(b)",
        "Specifically criminalize all acts",
        "including possession and receipt of such material;",
    ),
    (
        "66(c)",
        "Bearing in mind technological advancements,",
        "online content that sexually exploits children;",
    ),
    ("66(d)", "Prohibit child marriage, including", "under the age of 18, without exceptions;"),
    (
        "66(e)",
        "Prohibit child labour according to",
        "minimum age for employment at 14, without exceptions;",
    ),
    ("66(f)", "Prohibit surrogacy arrangements", "that amount to sale of children;"),
    (
        "66(g)",
        "Strengthen legislation to increase",
        "in tourist destinations and countries of origin.",
    ),
    (
        "67(a)",
        "Conduct comprehensive research,",
        "to inform effective prevention and protection policies;",
    ),
    ("67(b)", "Identify and prioritize actions", "both at the central and local levels;"),
    (
        "67(c)",
        "Establish effective coordination",
        "monitoring of child protection standards at all levels;",
    ),
    (
        "67(d)",
        "Establish a centralized, standardized",
        "between relevant entities at the national level;",
    ),
    ("67(e)", "Define the technical, financial", "the media and international organizations."),
    (
        "68(a)",
        "Support the creation and maintenance",
        "to report child sexual abuse and exploitation;",
    ),
    ("68(b)", "Establish a database to", "to the sale and sexual exploitation of children;"),
    ("68(c)", "Ensure easy access to child-sensitive", "children to the formal justice system;"),
    ("68(d)", "Ensure that children who are required", "counselling to assist them at all stages;"),
    ("68(e)", "Ensure access to remedies", "through State compensation where appropriate."),
    (
        "69(a)",
        "Involve and empower children",
        "into consideration in prevention and protection strategies;",
    ),
    (
        "69(b)",
        "Strengthen corporate social responsibility",
        "child sexual exploitation in travel and tourism;",
    ),
    (
        "69(c)",
        "Ensure an enabling environment",
        "in the promotion of the rights and protection of children.",
    ),
    (
        "70(a)",
        "Adopt standard operating procedures",
        "groups involved in the child protection system;",
    ),
    (
        "70(b)",
        "Increase the training, recruitment",
        "building and expanding a formal child protection system;",
    ),
    (
        "70(c)",
        "Increase the number of care centres",
        "child victims of sexual abuse and exploitation;",
    ),
    (
        "70(d)",
        "Establish comprehensive, rights-based",
        "report exploitative behaviour online and offline;",
    ),
    (
        "70(e)",
        "Provide specialized training to personnel",
        "victims and children in vulnerable situations;",
    ),
    (
        "70(f)",
        "Create holistic, child-friendly",
        "individualized case management and assessment process;",
    ),
    ("70(g)", "Ensure that child victims have access", "adapted to each child's long-term needs;"),
    (
        "70(h)",
        "Empower child victims through",
        "allow them to be consulted on decisions affecting them.",
    ),
    (
        "71(a)",
        "Adopt bilateral and transnational agreements",
        "labour and sexual exploitation of children;",
    ),
    (
        "71(b)",
        "Strengthen cooperation with international",
        "for the sale and sexual exploitation of children;",
    ),
    ("71(c)", "Support initiatives such as the Virtual", "of criminal networks and perpetrators;"),
    (
        "71(d)",
        "Increase collaboration with neighbouring",
        "Trafficking in Persons, Especially Women and Children;",
    ),
    ("71(e)", "Adopt the measures necessary,", "in particular targets 5.3, 8.7 and 16.2;"),
    ("71(f)", "Issue a standing invitation", "to all the special procedures."),
]


def test_item_table_is_complete(en: dict[str, Passage]) -> None:
    assert [locator for locator, _, _ in ITEMS] == [
        p.locator for p in en.values() if p.kind == "item"
    ]


@pytest.mark.parametrize(("locator", "start", "end"), ITEMS)
def test_items(en: dict[str, Passage], locator: str, start: str, end: str) -> None:
    item = en[locator]
    assert item.kind == "item"
    assert item.parent == locator.split("(")[0]
    assert item.text.startswith(start)
    assert item.text.endswith(end)
    assert item.context == ("IV. Conclusions and recommendations", "B. Recommendations")


def test_lead_in_holds_only_lead_in(en: dict[str, Passage]) -> None:
    assert en["66"].text.endswith(
        "according to international child rights norms and standards, and in particular:"
    )
    assert en["70"].text == (
        "In relation to the right of child victims to care, recovery and reintegration, the "
        "Special Rapporteur calls on the Lao People's Democratic Republic to:"
    )
    assert "(a)" in en["44"].text  # ¶44 has inline (a)-(d), not items on their own lines
    assert "44(a)" not in en


def test_item_split_by_page_break_in_001(es: dict[str, Passage], en: dict[str, Passage]) -> None:
    # 001 lines 320 + 322: "identify and refer cases of" | "sexual exploitation; and ..."
    item = es["70(e)"]
    assert (item.line_start, item.line_end) == (320, 322)
    assert "identify and refer cases of sexual exploitation; and provide" in item.text
    assert item.text == en["70(e)"].text


# --- Footnotes of 000 ----------------------------------------------------------------------

YOUTH_UNION = "Lao People's Revolutionary Youth Union and United Nations Population Fund"
ANALYSIS = "*Adolescent and Youth Situation Analysis*"
ECPAT = "End Child Prostitution and Trafficking International"

# (locator, text, parent: the paragraph the footnote block interrupted, None if it interrupts
# nothing, line)
FOOTNOTES = [
    (
        "fn 1",
        f"{YOUTH_UNION}, *Adolescent and Youth Situation Analysis Lao People's Democratic "
        'Republic: "Investing in young people is investing in the future"* (Vientiane, '
        "2014), p. vii.",
        "12",
        78,
    ),
    ("fn 2", "Ibid.", "12", 80),
    (
        "fn 3",
        "United Nations country team, *From Millennium Development Goals to Sustainable "
        "Development Goals: Laying the base for 2030* (Vientiane, November 2017), p. iii.",
        "12",
        82,
    ),
    (
        "fn 4",
        'United Nations Office on Drugs and Crime, "Country profile: East Asia and the '
        'Pacific" (2016). Available at www.unodc.org/documents/data-and-analysis/glotip/'
        "Glotip16_Country_profile_East_AsiaPacific.pdf.",
        "17",
        100,
    ),
    (
        "fn 5",
        "Lao People's Democratic Republic, Ministry of Health and Lao Statistics Bureau, "
        "*Lao Social Indicator Survey 2011–2012* (Vientiane, December 2012), p. 238.",
        "17",
        102,
    ),
    (
        "fn 6",
        "See <https://data.worldbank.org/indicator/SP.ADO.TFRT?end=2016&locations=LA&start=200>.",
        "17",
        104,
    ),
    (
        "fn 7",
        f"{ECPAT}, *Global Monitoring status of action against sexual exploitation of "
        "children: Lao People's Democratic Republic* (Bangkok, 2017), p. 23. Available at "
        "www.ecpat.org/wp-content/uploads/2017/05/A4A-Laos_2017_Final.pdf.",
        "17",
        106,
    ),
    # line 120 has a typographic apostrophe (People’s), kept as in the source
    (
        "fn 8",
        "Lao People’s Revolutionary Youth Union and United Nations Population Fund, "
        f"{ANALYSIS}, p. 50.",
        "21",
        120,
    ),
    (
        "fn 9",
        f"{ECPAT}, *Global Monitoring status of action against sexual exploitation of "
        "children*, p. 18.",
        "21",
        122,
    ),
    # line 138: after ¶25 and before the heading "A. Legal framework": interrupts nothing
    ("fn 10", f"{YOUTH_UNION}, {ANALYSIS}, p. 43.", None, 138),
    ("fn 11", f"{YOUTH_UNION}, {ANALYSIS}, p. 48.", "41", 184),
    ("fn 12", f"{YOUTH_UNION}, {ANALYSIS}, p. x.", "64", 254),
]


def test_footnote_table_is_complete(en: dict[str, Passage]) -> None:
    assert [f[0] for f in FOOTNOTES] == [p.locator for p in en.values() if p.kind == "footnote"]


@pytest.mark.parametrize(("locator", "text", "parent", "line"), FOOTNOTES)
def test_footnotes(
    en: dict[str, Passage], locator: str, text: str, parent: str | None, line: int
) -> None:
    footnote = en[locator]
    assert footnote.kind == "footnote"
    assert footnote.text == text
    assert footnote.parent == parent
    assert (footnote.line_start, footnote.line_end) == (line, line)


# --- Front matter ---------------------------------------------------------------------------

EN_TITLE = (
    "Report of the Special Rapporteur on the sale and sexual exploitation of children, including "
    "child prostitution, child pornography and other child sexual abuse material"
)
ES_TITLE = (
    "Informe de la Relatora Especial sobre la venta y la explotación sexual de niños, incluidos "
    "la prostitución infantil, la utilización de niños en la pornografía y demás material que "
    "muestre abusos sexuales de niños"
)

FRONT = [
    # (doc, locator, start, end, line)
    (EN, "title", EN_TITLE, EN_TITLE, 26),
    (
        EN,
        "summary",
        "In the present report on her visit to the Lao People's Democratic Republic,",
        "minimize the risks of children falling victim to sale and sexual exploitation.",
        30,
    ),
    (
        EN,
        "fn *",
        "The summary of the report is being circulated in all official languages.",
        "is being circulated in the language of submission only.",
        32,
    ),
    (
        EN,
        "fn **",
        "Agreement was reached to publish the present report after",
        "owing to circumstances beyond the submitter's control.",
        34,
    ),
    (ES, "title", ES_TITLE, ES_TITLE, 26),
    (
        ES,
        "summary",
        "En el presente informe sobre su visita a la República Democrática Popular Lao,",
        "se conviertan en víctimas de la venta y la explotación sexual.",
        30,
    ),
    (
        ES,
        "fn *",
        "El resumen del presente informe se distribuye en todos los idiomas oficiales.",
        "se distribuye únicamente en el idioma en que se presentó.",
        32,
    ),
    (
        ES,
        "fn **",
        "Se acordó publicar el presente informe tras la fecha de publicación prevista",
        "debido a circunstancias que escapan al control de quien lo presenta.",
        34,
    ),
]


@pytest.mark.parametrize(("doc_id", "locator", "start", "end", "line"), FRONT)
def test_front_matter(
    reports: dict[str, ParsedReport], doc_id: str, locator: str, start: str, end: str, line: int
) -> None:
    passage = {p.locator: p for p in reports[doc_id].passages}[locator]
    assert passage.kind == "front"
    assert passage.context == ()
    assert passage.parent is None
    assert passage.text.startswith(start)
    assert passage.text.endswith(end)
    assert passage.line_start == line


TITLE_CALLS = [
    # (title line as in the source, title passage text)
    ("Report on the sale of children^{*}, ^{}**", "Report on the sale of children"),  # 000
    ("Informe de la Relatora Especial* **", "Informe de la Relatora Especial"),  # 001
    ("A title with no calls", "A title with no calls"),
    ("A title^{**}", "A title"),
]


@pytest.mark.parametrize(("line", "expected"), TITLE_CALLS)
def test_title_cover_calls_stripped(
    docs: dict[str, SourceDocument], line: str, expected: str
) -> None:
    text = f"{line}\n\nSummary\n\nThe summary.\n\nAnnex\n\n1. Para."
    passages = {p.locator: p for p in parse(doc_with(text, docs[EN]))}
    assert passages["title"].text == expected


# --- Contexts -------------------------------------------------------------------------------

III = "III. Measures to prevent and combat the sale and sexual exploitation of children"
CONTEXTS = [
    ("1", ("I. Introduction", "A. Programme of the visit")),
    ("6", ("I. Introduction", "B. Context")),
    ("9", ("II. Scope of the sale and sexual exploitation of children",)),
    (
        "17",
        (
            "II. Scope of the sale and sexual exploitation of children",
            "C. Sexual exploitation of children",
        ),
    ),
    ("25", (III,)),
    ("27", (III, "A. Legal framework")),
    ("36", (III, "B. Institutional framework")),
    (
        "37",
        (III, "C. National policies, strategies and programmes", "1. Child protection policies"),
    ),
    (
        "52",
        (
            III,
            "C. National policies, strategies and programmes",
            "3. Care, recovery and reintegration",
        ),
    ),
    (
        "63",
        (III, "C. National policies, strategies and programmes", "6. Transnational cooperation"),
    ),
    ("64", ("IV. Conclusions and recommendations", "A. Conclusions")),
    ("66(c)", ("IV. Conclusions and recommendations", "B. Recommendations")),
]


@pytest.mark.parametrize(("locator", "context"), CONTEXTS)
def test_contexts(en: dict[str, Passage], locator: str, context: tuple[str, ...]) -> None:
    assert en[locator].context == context


# --- 001's annex is 000's annex -------------------------------------------------------------


def test_001_annex_equals_000_annex(
    reports: dict[str, ParsedReport], en: dict[str, Passage], es: dict[str, Passage]
) -> None:
    annex_en = [p for p in reports[EN].passages if p.kind != "front"]
    annex_es = [p for p in reports[ES].passages if p.kind != "front"]
    assert [p.locator for p in annex_es] == [p.locator for p in annex_en]
    assert len(annex_en) == 117
    for passage in annex_en:
        other = es[passage.locator]
        assert (other.kind, other.text, other.context, other.parent) == (
            passage.kind,
            passage.text,
            passage.context,
            passage.parent,
        ), passage.locator
    assert en["fn *"].text != es["fn *"].text


# --- Every non-blank line is accounted for --------------------------------------------------

SKIPPED_KINDS = {"masthead", "label", "annex-title", "heading"}
# What a line's leading marker looks like (paragraph number, item letter, footnote number,
# cover note), removed before looking for the line in its passage.
LINE_MARKER = re.compile(r"^(?:[0-9]+\.|\([a-z]\)|[⁰¹²³⁴⁵⁶⁷⁸⁹]+|\*{1,2})\s+")


@pytest.mark.parametrize("doc_id", [EN, ES])
def test_every_line_in_exactly_one_place(
    docs: dict[str, SourceDocument], reports: dict[str, ParsedReport], doc_id: str
) -> None:
    report = reports[doc_id]
    nonblank = {n for n, line in enumerate(docs[doc_id].text.split("\n"), 1) if line.strip()}
    placed = [n for lines in report.lines.values() for n in lines]
    skipped = [s.line for s in report.skipped]
    assert len(placed) + len(skipped) == len(set(placed) | set(skipped))  # no line twice
    assert set(placed) | set(skipped) == nonblank
    assert {s.kind for s in report.skipped} == SKIPPED_KINDS


@pytest.mark.parametrize("doc_id", [EN, ES])
def test_every_placed_line_text_is_in_its_passage(
    docs: dict[str, SourceDocument], reports: dict[str, ParsedReport], doc_id: str
) -> None:
    source = docs[doc_id].text.split("\n")
    report = reports[doc_id]
    for passage in report.passages:
        for number in report.lines[passage.locator]:
            line = LINE_MARKER.sub("", source[number - 1].strip())
            if passage.kind != "footnote":
                line = SUPERSCRIPT_RUN.sub("", line)
            expected = clean(line)
            if passage.locator == "title":
                assert expected.startswith(passage.text)
            else:
                assert expected in passage.text, (passage.locator, number)


def test_skipped_lines_of_000(reports: dict[str, ParsedReport]) -> None:
    by_kind: dict[str, list[int]] = {}
    for skipped in reports[EN].skipped:
        by_kind.setdefault(skipped.kind, []).append(skipped.line)
    assert by_kind["masthead"] == [5, 7, 8, 10, 12, 14, 16, 18, 20, 21, 22, 24]
    assert by_kind["label"] == [28, 38]  # "Summary", "Annex"
    assert by_kind["annex-title"] == [40]
    assert len(by_kind["heading"]) == 22  # I-IV, A-E..., 1-6


# --- Small synthetic documents: tables of (text, expected) ----------------------------------

HEAD = "Title line\n\nSummary\n\nThe summary.\n\n* A note.\n\nAnnex\n\nI. Introduction\n\n"

SYNTHETIC = [
    # numbered sub-heading (short, no full stop) between paragraphs
    (
        HEAD + "1. First para.\n\n1. Sub heading\n\n2. Second para.",
        [
            ("1", "First para.", ("I. Introduction",)),
            ("2", "Second para.", ("I. Introduction", "1. Sub heading")),
        ],
    ),
    # a "1. Title" before paragraph 1 is a heading because paragraph 1 follows it
    (
        HEAD + "1. Sub heading\n\n1. First para.",
        [("1", "First para.", ("I. Introduction", "1. Sub heading"))],
    ),
    # page break continuation starting with a number that is not the next paragraph
    (
        HEAD + "1. As at 2014 about\n\n52.5 per cent lived there.¹\n\n¹ A note.",
        [
            ("1", "As at 2014 about 52.5 per cent lived there.", ("I. Introduction",)),
            ("fn 1", "A note.", ("I. Introduction",)),
        ],
    ),
    # a footnote block in the middle of an item, and bold markers
    (
        HEAD + "1. Lead in:\n\n(a) first **half**\n\n² Note two.\n\nsecond half;\n\n(b) other.",
        [
            ("1", "Lead in:", ("I. Introduction",)),
            ("1(a)", "first half second half;", ("I. Introduction",)),
            ("fn 2", "Note two.", ("I. Introduction",)),
            ("1(b)", "other.", ("I. Introduction",)),
        ],
    ),
]


@pytest.mark.parametrize(("text", "expected"), SYNTHETIC)
def test_synthetic(
    docs: dict[str, SourceDocument], text: str, expected: list[tuple[str, str, tuple[str, ...]]]
) -> None:
    passages = [p for p in parse(doc_with(text, docs[EN])) if p.kind != "front"]
    assert [(p.locator, p.text, p.context) for p in passages] == expected


ERRORS = [
    # stray prose after the annex title, before paragraph 1
    (
        HEAD.replace("I. Introduction\n\n", "") + "Annex title\n\nStray prose here.\n\n1. Para.",
        13,
        "no paragraph before it",
    ),
    # a paragraph number that skips one
    (HEAD + "1. One.\n\n3. Three.", 15, "paragraph 3 out of sequence: expected 2"),
    # an item out of sequence
    (HEAD + "1. Lead:\n\n(a) x;\n\n(c) y.", 17, "item (c) of paragraph 1 out of sequence"),
    # the same footnote twice
    (HEAD + "1. Para.\n\n¹ One.\n\n¹ Again.", 17, "footnote 1 appears twice"),
    # continuation right after a heading
    (HEAD + "1. Para.\n\nA. Section\n\ndangling text.", 17, "no paragraph before it"),
    # front matter without its Summary label
    ("Title line\n\nThe summary.\n\nAnnex\n\n1. Para.", 1, "no 'Summary' label"),
    # front matter and nothing numbered after it
    ("Title\n\nSummary\n\nThe summary.", None, "no numbered paragraphs"),
]


@pytest.mark.parametrize(("text", "line", "message"), ERRORS)
def test_errors_name_the_line(
    docs: dict[str, SourceDocument], text: str, line: int | None, message: str
) -> None:
    with pytest.raises(SourceError, match=re.escape(message)) as info:
        parse(doc_with(text, docs[EN]))
    assert info.value.line == line
    assert info.value.file == "x.txt"


# --- Property tests -------------------------------------------------------------------------

LINE_STARTS = st.sampled_from(
    [
        "",
        "1. ",
        "2. ",
        "12. ",
        "I. ",
        "A. ",
        "(a) ",
        "(b) ",
        "¹ ",
        "² ",
        "* ",
        "** ",
        "Annex",
        "Summary",
        "[x]",
        "**",
    ]
)
FUZZ_LINES = st.lists(
    st.tuples(LINE_STARTS, st.text(max_size=30)).map(lambda t: t[0] + t[1]), max_size=30
)


def _check(doc: SourceDocument) -> None:
    try:
        passages = parse(doc)
    except LexgapError:
        return
    assert len({p.locator for p in passages}) == len(passages)
    assert all(p.text for p in passages)


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=st.text(max_size=300) | FUZZ_LINES.map("\n".join) | FUZZ_LINES.map("\n\n".join))
def test_arbitrary_text_only_raises_lexgap_errors(
    docs: dict[str, SourceDocument], text: str
) -> None:
    _check(doc_with(text, docs[EN]))


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@pytest.mark.slow
@given(data=st.data())
def test_deleting_a_line_never_crashes(
    docs: dict[str, SourceDocument], data: st.DataObject
) -> None:
    lines = docs[EN].text.split("\n")
    index = data.draw(st.integers(min_value=0, max_value=len(lines) - 1))
    _check(doc_with("\n".join(lines[:index] + lines[index + 1 :]), docs[EN]))
