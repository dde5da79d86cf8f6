"""The citation extractor: every form the sources use, as tables of (text, expected citations),
the instrument table's validation, a property test on arbitrary text, and golden lists for
000 paras 26-33 and 004 paras 56-58 and 69-88, each item checked by hand against the source.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lexgap.core.errors import DataFileError, UsageError
from lexgap.loaders.citations import (
    find_citations,
    find_unresolved,
    load_instruments,
    load_table,
    resolve_instrument,
    summarise,
)
from lexgap.loaders.clean import clean
from lexgap.loaders.models import Citation, Passage
from lexgap.loaders.paragraphs import load_passages
from lexgap.loaders.sources import SourceDocument, load_corpus

DOC = "test-doc"

# --------------------------------------------------------------------------------------------
# Factories
# --------------------------------------------------------------------------------------------


def passage(
    text: str,
    locator: str = "1",
    *,
    context: tuple[str, ...] = (),
    kind: str = "paragraph",
    ordinal: int = 0,
) -> Passage:
    """A passage as a layout loader would make it."""
    return Passage.model_validate(
        {
            "doc_id": DOC,
            "locator": locator,
            "kind": kind,
            "text": text,
            "context": context,
            "line_start": 1,
            "line_end": 1,
            "ordinal": ordinal,
        }
    )


Row = tuple[str, str | None, int | None, str, str]


def cite(instrument: str, article: str | None, year: int | None, source: str, matched: str) -> Row:
    """The expected side: instrument, article, year, year_source, matched text."""
    return (instrument, article, year, source, matched)


def rows(citations: list[Citation]) -> list[Row]:
    return [(c.instrument, c.article, c.year, c.year_source, c.matched) for c in citations]


def found(text: str, **kwargs: Any) -> list[Row]:
    return rows(find_citations(DOC, [passage(text, **kwargs)]))


# --------------------------------------------------------------------------------------------
# One passage: the forms of the sources
# --------------------------------------------------------------------------------------------

LCHILD = "Law on the Protection of the Rights and Interests of Children"

FORMS: list[tuple[str, list[Row]]] = [
    # 000 para 27: name and year after the article.
    (
        f"Article 89 of the {LCHILD} (2007) prohibits sexual relations with children.",
        [cite("law-on-children", "89", 2007, "stated", f"Article 89 of the {LCHILD} (2007)")],
    ),
    (
        "Article 128 of the Penal Code (2005) criminalizes rape.",
        [cite("penal-code", "128", 2005, "stated", "Article 128 of the Penal Code (2005)")],
    ),
    # A list: one citation per article, each span starting at its own number.
    (
        "Furthermore, articles 250 and 251 of the Penal Code (2017) provide for penalties.",
        [
            cite(
                "penal-code", "250", 2017, "stated", "articles 250 and 251 of the Penal Code (2017)"
            ),
            cite("penal-code", "251", 2017, "stated", "251 of the Penal Code (2017)"),
        ],
    ),
    (
        "Article 252 of the Penal Code promulgated in 2017 criminalizes marital rape.",
        [
            cite(
                "penal-code",
                "252",
                2017,
                "stated",
                "Article 252 of the Penal Code promulgated in 2017",
            )
        ],
    ),
    # 004 para 77: the article in brackets belongs to the instrument named before it.
    (
        "The Penal Code imposes a fine. Any person who possesses such materials is punished "
        "(Article 257).",
        [
            cite("penal-code", None, None, "none", "Penal Code"),
            cite("penal-code", "257", None, "none", "Article 257"),
        ],
    ),
    # 000 para 29.
    (
        "The law on preventing and combating cybercrime also prohibits the dissemination of "
        "pornography (art. 14).",
        [
            cite(
                "cybercrime-law", None, None, "none", "law on preventing and combating cybercrime"
            ),
            cite("cybercrime-law", "14", None, "none", "art. 14"),
        ],
    ),
    (
        "Nevertheless, the Government Decree on Internet Information Management of 2014 "
        "(art. 12.4) authorizes Internet service providers to suspend users.",
        [
            cite(
                "decree-internet-information-management",
                "12.4",
                2014,
                "stated",
                "Government Decree on Internet Information Management of 2014 (art. 12.4)",
            )
        ],
    ),
    # 004 para 65: the whole law, then its articles with the year from context.
    (
        "The Law on Tourism (2013) prohibits, in Articles 83 and 84, tourism operators from "
        "trafficking in persons.",
        [
            cite("law-on-tourism", None, 2013, "stated", "Law on Tourism (2013)"),
            cite("law-on-tourism", "83", 2013, "context", "Articles 83 and 84"),
            cite("law-on-tourism", "84", 2013, "context", "84"),
        ],
    ),
    (
        "Articles 355, 356 and 358 of the Penal Code impose penalties for abuse of power.",
        [
            cite("penal-code", "355", None, "none", "Articles 355, 356 and 358 of the Penal Code"),
            cite("penal-code", "356", None, "none", "356 and 358 of the Penal Code"),
            cite("penal-code", "358", None, "none", "358 of the Penal Code"),
        ],
    ),
    # 002 paras 33 and 29(a): subdivisions written without spaces.
    (
        "It still maintains a reservation on article 5 (2) of the Optional Protocol.",
        [cite("opsc", "5(2)", None, "none", "article 5 (2) of the Optional Protocol")],
    ),
    (
        "Not all forms of the sale of children covered by articles 2 (a) and 3 (1) (a) (i) of the "
        "Optional Protocol have been classified as offences.",
        [
            cite(
                "opsc",
                "2(a)",
                None,
                "none",
                "articles 2 (a) and 3 (1) (a) (i) of the Optional Protocol",
            ),
            cite("opsc", "3(1)(a)(i)", None, "none", "3 (1) (a) (i) of the Optional Protocol"),
        ],
    ),
    (
        "Lao PDR needs to retain its reservation on Article 5(2) of the OPSC.",
        [cite("opsc", "5(2)", None, "none", "Article 5(2) of the OPSC")],
    ),
    # 000 para 33: the year of the law named earlier in the passage carries to "article 101".
    (
        "The Labour Law of 2014 sets the minimum age for employment at 14. However, education is "
        'only compulsory until 11 years of age, and under article 101, employers may accept "light '
        'work".',
        [
            cite("labour-law", None, 2014, "stated", "Labour Law of 2014"),
            cite("labour-law", "101", 2014, "context", "article 101"),
        ],
    ),
    # 000 para 27: "the same article" is not a second citation.
    (
        f"Article 89 of the {LCHILD} (2007) prohibits sexual relations. Under the same article, "
        "having any sexual relations with children under 12 years of age is rape.",
        [cite("law-on-children", "89", 2007, "stated", f"Article 89 of the {LCHILD} (2007)")],
    ),
    # 000 para 30: "the Law" is the Anti-Trafficking Law of the sentence before, not the
    # (international) Protocol or Convention named after it.
    (
        "A major development was the adoption of the Anti-Trafficking Law in 2016, in line with "
        "the Protocol to Prevent, Suppress and Punish Trafficking in Persons, Especially Women and "
        "Children, supplementing the United Nations Convention against Transnational Organized "
        "Crime. Under article 89 of the Law, trafficking in children is an offence. Sale of "
        "children is understood to be criminalized under article 2 of the Anti-Trafficking Law.",
        [
            cite("anti-trafficking-law", None, 2016, "stated", "Anti-Trafficking Law in 2016"),
            cite("anti-trafficking-law", "89", 2016, "context", "article 89 of the Law"),
            cite(
                "anti-trafficking-law",
                "2",
                2016,
                "context",
                "article 2 of the Anti-Trafficking Law",
            ),
        ],
    ),
    # 003: a table row under a "Penal Code" header is in the header's context (next table).
    # 003: name, bare year, then the article in brackets.
    (
        f"{LCHILD} 2006 (Article 89) Offense: Sexual relations with a child by paying",
        [cite("law-on-children", "89", 2006, "stated", f"{LCHILD} 2006 (Article 89)")],
    ),
    # 003 footnote 1 and paragraph forms.
    (
        "Contract Law: Article 7, Penal Code: Article 129 and Children's Law: Article 89.",
        [
            cite("contract-law", "7", None, "none", "Contract Law: Article 7"),
            cite("penal-code", "129", None, "none", "Penal Code: Article 129"),
            cite("law-on-children", "89", None, "none", "Children's Law: Article 89"),
        ],
    ),
    (
        "A fine of between 5,000 and 50,000 Kip (Article 127, Penal Code) for making pornography.",
        [cite("penal-code", "127", None, "none", "Article 127, Penal Code")],
    ),
    (
        "Under the article on child rape (Penal Code, Article 120), punishment is 1 to 5 years.",
        [cite("penal-code", "120", None, "none", "Penal Code, Article 120")],
    ),
    ("CRC Article 34.", [cite("crc", "34", None, "none", "CRC Article 34")]),
    # 002 paras 38(b) and 43: "thereof" and the protocol's convention.
    (
        "Ensure appropriate training for persons who work with victims of the offences prohibited "
        "under the Optional Protocol, in accordance with article 8 thereof;",
        [cite("opsc", "8", None, "none", "article 8 thereof")],
    ),
    (
        "In accordance with article 12 (2) of the Optional Protocol, the Committee requests a "
        "report to be submitted in accordance with article 44 of the Convention.",
        [
            cite("opsc", "12(2)", None, "none", "article 12 (2) of the Optional Protocol"),
            cite("crc", "44", None, "none", "article 44 of the Convention"),
        ],
    ),
    # Whole-statute mentions and the years the sources write with them.
    (
        "The Law on Extradition (2012) applies to Lao citizens.",
        [cite("law-on-extradition", None, 2012, "stated", "Law on Extradition (2012)")],
    ),
    (
        "The Law on Health Care (2014) prohibits the trade of organs (Article 47).",
        [
            cite("law-on-health-care", None, 2014, "stated", "Law on Health Care (2014)"),
            cite("law-on-health-care", "47", 2014, "context", "Article 47"),
        ],
    ),
    (
        "It was followed by the adoption of new laws, such as the Law on Juvenile Criminal "
        "Procedure in 2014.",
        [
            cite(
                "law-on-juvenile-criminal-procedure",
                None,
                2014,
                "stated",
                "Law on Juvenile Criminal Procedure in 2014",
            )
        ],
    ),
    (
        "The Anti-Trafficking Law, which was promulgated in 2016, prohibits trafficking.",
        [
            cite(
                "anti-trafficking-law",
                None,
                2016,
                "stated",
                "Anti-Trafficking Law, which was promulgated in 2016",
            )
        ],
    ),
    (
        "Recent legislation includes the 2012 Law on Criminal Procedure (Amended).",
        [
            cite(
                "law-on-criminal-procedure",
                None,
                2012,
                "stated",
                "2012 Law on Criminal Procedure (Amended)",
            )
        ],
    ),
    (
        "In 2016, Lao PDR adopted the Law on Anti-Trafficking in Persons (ATIP) which prohibits "
        "all forms of human trafficking.",
        [
            cite(
                "anti-trafficking-law",
                None,
                2016,
                "stated",
                "In 2016, Lao PDR adopted the Law on Anti-Trafficking in Persons (ATIP)",
            )
        ],
    ),
    (
        "The Committee welcomes the adoption, in December 2014, of the Law on Preventing and "
        "Combating Violence against Women and Children.",
        [
            cite(
                "law-on-violence-against-women-and-children",
                None,
                2014,
                "stated",
                "adoption, in December 2014, of the Law on Preventing and Combating Violence "
                "against Women and Children",
            )
        ],
    ),
    (
        "The 1997 regulation on the management of hotels and guesthouses (No. 159/PM) prohibits "
        "hotels from allowing illegal activities.",
        [
            cite(
                "regulation-159-pm",
                None,
                1997,
                "stated",
                "1997 regulation on the management of hotels and guesthouses (No. 159/PM)",
            )
        ],
    ),
    (
        "the Family Law No. 97/P (1990) also addresses child welfare",
        [cite("family-law", None, 1990, "stated", "Family Law No. 97/P (1990)")],
    ),
    # A year that is not the law's: a plain "in 2016" without adoption, a period, a count.
    (
        "MOPS disseminated the Anti-Trafficking Law in 2016 via television.",
        [cite("anti-trafficking-law", None, None, "none", "Anti-Trafficking Law")],
    ),
    (
        "The Decree on Special Economic Zones (2016-2025) requires assessments.",
        [
            cite(
                "decree-on-special-economic-zones",
                None,
                None,
                "none",
                "Decree on Special Economic Zones",
            )
        ],
    ),
    # Not citations.
    ("The State party lacks a specific law on extradition.", []),
    ("The Committee recommends that the State party disseminate the Optional Protocol.", []),
    ("In 2016, MOPS trained 95 anti-trafficking law enforcement personnel.", []),
    ("The NPA ATIP (2017-2020) establishes a project. ATIP has been incorporated.", []),
    ("See CRC/C/OPSC/LAO/CO/1 and CRC/C/LAO/3-6, para. 22-28.", []),
    ("Girls aged between 12 and 18 years, article by article.", []),
    ("Lao PDR ratified the Convention on the Rights of the Child (CRC) in 1991.", []),
]


@pytest.mark.parametrize(("text", "expected"), FORMS, ids=[t[:40] for t, _ in FORMS])
def test_forms(text: str, expected: list[Row]) -> None:
    assert found(text) == expected


def test_forms_table_is_complete() -> None:
    """The table must not shrink silently."""
    assert len(FORMS) == 40


def test_table_row_takes_instrument_from_its_header() -> None:
    """003: "Article 129" opens a table row under a "Penal Code" header (the passage context)."""
    text = (
        "Article 129 An individual that has sexual relations with a girl or a boy whose age is "
        "under fifteen (15) will be imprisoned."
    )
    ctx = ("V. Legal & Policy Framework", "Child Prostitution", "Penal Code")
    assert found(text, context=ctx) == [cite("penal-code", "129", None, "none", "Article 129")]
    para2 = "Article 128 Paragraph 2 An individual who has committed rape of a girl."
    assert found(para2, context=ctx) == [
        cite("penal-code", "128(2)", None, "none", "Article 128 Paragraph 2")
    ]
    dated = ("V.", "Law on the Development and Protection of Women (2004)")
    assert found("Article 5 Creates offences.", context=dated) == [
        cite("law-on-women", "5", 2004, "context", "Article 5")
    ]


def test_heading_article_lists() -> None:
    """Sub-paragraph lists as in 002's headings, if they ever appear in a passage."""
    assert [
        r[1] for r in found("Prevention (art. 9 (1) and (2)) under the Optional Protocol")
    ] == []
    text = (
        "Under the Optional Protocol (arts. 3, 4 (2) and (3), 5, 6 and 7) and "
        "(arts. 8 and 9 (3) and (4))"
    )
    assert [r[1] for r in found(text)] == ["3", "4(2)", "4(3)", "5", "6", "7", "8", "9(3)", "9(4)"]


def test_article_of_unknown_instrument_is_not_guessed() -> None:
    text = (
        "The Optional Protocol defines it. Article 9 (2) of the Council of Europe Convention on "
        "Hats elaborates."
    )
    ps = [passage(text)]
    assert find_citations(DOC, ps) == []
    (unresolved,) = find_unresolved(DOC, ps)
    assert unresolved.matched == "Article 9 (2)"
    assert unresolved.reason == "names an unknown instrument"


def test_bare_article_with_nothing_before_is_unresolved() -> None:
    ps = [passage("Article 5 commits Member States to act.")]
    assert find_citations(DOC, ps) == []
    assert [u.matched for u in find_unresolved(DOC, ps)] == ["Article 5"]


# --------------------------------------------------------------------------------------------
# Across passages
# --------------------------------------------------------------------------------------------

SECTION_A = ("V. Prohibition", "A. Existing criminal or penal laws and regulations")


def test_new_version_dates_the_rest_of_its_section() -> None:
    """004 para 69 dates the Penal Code of the following passages of its section, not beyond."""
    ps = [
        passage(
            "The National Assembly adopted a new penal code in April 2017.",
            "69",
            context=SECTION_A,
            ordinal=0,
        ),
        passage(
            "The Penal Code also punishes abduction (Article 216).",
            "71",
            context=(*SECTION_A, "Sale of Children"),
            ordinal=1,
        ),
        passage(
            "The Penal Code allows mediation (Article 11).",
            "82",
            context=("V. Prohibition", "B. Impunity"),
            ordinal=2,
        ),
    ]
    got = [(c.locator, c.article, c.year, c.year_source) for c in find_citations(DOC, ps)]
    assert got == [
        ("69", None, 2017, "stated"),
        ("71", None, 2017, "context"),
        ("71", "216", 2017, "context"),
        ("82", None, None, "none"),
        ("82", "11", None, "none"),
    ]


def test_bare_article_takes_the_instrument_of_the_previous_passage() -> None:
    """004 para 75 names no instrument; its articles are the Penal Code's of para 74."""
    ctx = (*SECTION_A, "Solicitation of children for sexual purposes")
    ps = [
        passage(
            "Under the Penal Code, any person shall be punished (Article 250).",
            "74",
            context=ctx,
            ordinal=0,
        ),
        passage(
            "Any person forcing another into prostitution shall be punished (Article 253).",
            "75",
            context=ctx,
            ordinal=1,
        ),
        passage("Any person shall be punished (Article 9).", "90", context=("VI.",), ordinal=2),
    ]
    got = [(c.locator, c.instrument, c.article) for c in find_citations(DOC, ps)]
    assert got == [
        ("74", "penal-code", None),
        ("74", "penal-code", "250"),
        ("75", "penal-code", "253"),
    ]


def test_footnote_article_belongs_to_the_law_named_at_its_anchor() -> None:
    """003 footnotes 43 and 44: "Article 29." and "Article 3." with the names at their anchors."""
    text = (
        "Acknowledgement is made in the national Constitution, which states: “State, society "
        "and families attend to protecting women and children”.⁴³ In accordance with the CRC, "
        f"Law No 05/NA on the {LCHILD[11:]}, promulgated in 2007, defines a child as any person "
        "under the age of 18.⁴⁴ This includes a chapter."
    )
    ps = [
        passage(text, "V #1", context=("V.",), ordinal=0),
        passage("Article 29.", "fn 43", kind="footnote", context=("V.",), ordinal=1),
        passage("Article 3.", "fn 44", kind="footnote", context=("V.",), ordinal=2),
    ]
    got = [
        (c.locator, c.instrument, c.article, c.year, c.year_source) for c in find_citations(DOC, ps)
    ]
    assert got == [
        ("V #1", "constitution", None, None, "none"),
        ("V #1", "law-on-children", None, 2007, "stated"),
        ("fn 43", "constitution", "29", None, "none"),
        ("fn 44", "law-on-children", "3", 2007, "context"),
    ]


# --------------------------------------------------------------------------------------------
# Invariants on arbitrary text
# --------------------------------------------------------------------------------------------

VOCABULARY = [
    "Article ",
    "article ",
    "Articles ",
    "art. ",
    "arts. ",
    " of the ",
    " and ",
    ", ",
    " (",
    ")",
    "Penal Code",
    "the Law",
    "the decree",
    "Optional Protocol",
    "thereof",
    "Paragraph ",
    "Law on the Protection of the Rights and Interests of Children",
    "CRC",
    "(ATIP)",
    "(2005)",
    " in 2016",
    " of 2014",
    "promulgated in 2017",
    "adopted ",
    "2012 ",
    "12",
    "5",
    "(2)",
    "(a)",
    ". ",
    ": ",
    "⁴⁴",
    "In 2016, ",
    "No. 97/P",
    "a new ",
    "the same article",
    "(Amended)",
]

text_strategy = st.lists(
    st.one_of(st.sampled_from(VOCABULARY), st.text(max_size=6)), max_size=30
).map("".join)


@settings(max_examples=300, deadline=None)
@given(texts=st.lists(text_strategy, min_size=1, max_size=3))
def test_arbitrary_text_never_raises_and_spans_slice(texts: list[str]) -> None:
    ps = [
        passage(
            t or " ",
            "fn 44" if i == 2 else f"p{i}",
            ordinal=i,
            kind="footnote" if i == 2 else "paragraph",
            context=("V.", "Penal Code") if i == 1 else ("V.",),
        )
        for i, t in enumerate(texts)
    ]
    by_loc = {p.locator: p for p in ps}
    starts: set[tuple[str, int]] = set()
    for c in find_citations(DOC, ps):
        assert by_loc[c.locator].text[c.span[0] : c.span[1]] == c.matched
        assert c.matched
        assert (c.year is None) == (c.year_source == "none")
        assert (c.locator, c.span[0]) not in starts
        starts.add((c.locator, c.span[0]))
    find_unresolved(DOC, ps)


# --------------------------------------------------------------------------------------------
# The instrument table
# --------------------------------------------------------------------------------------------


def test_table_loads_and_names_the_brief_instruments() -> None:
    instruments = load_instruments()
    for inst_id in (
        "penal-code",
        "law-on-children",
        "anti-trafficking-law",
        "cybercrime-law",
        "labour-law",
        "family-law",
        "law-on-juvenile-criminal-procedure",
        "law-on-criminal-procedure",
        "law-on-tourism",
        "law-on-health-care",
        "law-on-extradition",
        "law-on-telecommunications",
        "decree-internet-information-management",
        "decree-on-adoption",
        "law-on-women",
        "law-on-violence-against-women-and-children",
        "contract-law",
        "opsc",
        "crc",
        "palermo-protocol",
        "ilo-c138",
        "ilo-c182",
        "regulation-159-pm",
    ):
        assert inst_id in instruments
    assert {i.jurisdiction for i in instruments.values()} == {"la", "int"}
    assert instruments["opsc"].parent == "crc"


def test_every_alias_is_found_as_itself() -> None:
    """Each name of the table is matched whole, and points at its own instrument."""
    table = load_table()
    for inst in table.instruments.values():
        for alias in inst.aliases:
            match = table.names.search(f"see the {alias} here")
            assert match is not None and match.group(0) == alias, alias
            assert resolve_instrument(alias) == inst.id


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Children's Law", "law-on-children"),
        ("Child Law", "law-on-children"),
        ("Child Protection Law", "law-on-children"),
        ("Penal Law", "penal-code"),
        ("Criminal Code", "penal-code"),
        ("penal code", "penal-code"),
        ("ATIP Law", "anti-trafficking-law"),
        ("Law on Anti-Trafficking", "anti-trafficking-law"),
        ("Amended Labor Law", "labour-law"),
        ("law on cyber crime", "cybercrime-law"),
        ("OPSC", "opsc"),
        ("Optional Protocol on a communications procedure", "opic"),
        ("Convention on the Rights of the Child", "crc"),
        ("penal-code", "penal-code"),
        ("LABOUR LAW", "labour-law"),
    ],
)
def test_resolve_instrument(name: str, expected: str) -> None:
    assert resolve_instrument(name) == expected


def test_resolve_unknown_instrument_lists_choices() -> None:
    with pytest.raises(UsageError, match="penal-code"):
        resolve_instrument("Law on Hats")


def _write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "instruments.yaml"
    path.write_text(body, encoding="utf-8")
    return path


BAD_TABLES = [
    (
        "instruments:\n  - id: a\n    kind: statute\n    jurisdiction: la\n    label: A\n"
        "    aliases: [A Law]\n",
        2,
        "kind",
    ),
    (
        "instruments:\n  - id: a\n    kind: decree\n    jurisdiction: la\n    label: A\n"
        "    aliases: [A Law]\n  - id: b\n    kind: decree\n    jurisdiction: la\n    label: B\n"
        "    aliases: [A Law]\n",
        7,
        "already an alias of 'a'",
    ),
    (
        "instruments:\n  - id: a\n    kind: protocol\n    jurisdiction: int\n    label: A\n"
        "    aliases: [A]\n    parent: nope\n",
        2,
        "unknown parent",
    ),
    (
        "instruments:\n  - id: a\n    kind: decree\n    jurisdiction: la\n    label: A\n"
        "    aliases: [A]\n    bogus: 1\n",
        2,
        "bogus",
    ),
    ("instruments: [\n", 2, "invalid YAML"),
]


@pytest.mark.parametrize(("body", "line", "message"), BAD_TABLES)
def test_bad_table_names_file_and_line(tmp_path: Path, body: str, line: int, message: str) -> None:
    path = _write(tmp_path, body)
    with pytest.raises(DataFileError, match=re.escape(message)) as info:
        load_table(path)
    assert info.value.file == str(path)
    assert info.value.line == line


# --------------------------------------------------------------------------------------------
# Summary
# --------------------------------------------------------------------------------------------


def test_summarise_counts_per_document() -> None:
    ps = [
        passage(
            "Articles 250 and 251 of the Penal Code (2017) and Article 250 of the Penal "
            "Code (2005). The Penal Code (2017), the Labour Law and the Labour Law."
        )
    ]
    cites = find_citations(DOC, ps)
    assert summarise(cites) == [
        {"document": DOC, "citations": 6, "provisions": 5, "instruments": 2}
    ]


# --------------------------------------------------------------------------------------------
# Golden lists (checked by hand against the source text)
# --------------------------------------------------------------------------------------------

Golden = set[tuple[str, str, str | None, int | None, str]]


def _document(number: str) -> SourceDocument:
    return next(d for d in load_corpus() if d.meta.number == number)


def _raw_sr_passages(doc: SourceDocument) -> list[Passage]:
    """Numbered paragraphs of the 000 annex built straight from the file, for as long as the
    sr-report layout loader is not available: a paragraph runs from "N. " to the next numbered
    paragraph or heading; footnote lines (opening with a superscript digit) are left out and a
    paragraph broken by a page break is joined with one space, as the loaders do."""
    lines = doc.text.split("\n")
    out: list[Passage] = []
    current: list[str] = []
    number = ""
    start = 0

    def flush(end: int) -> None:
        if current:
            out.append(
                passage(clean(" ".join(current)), number, ordinal=len(out)).model_copy(
                    update={"doc_id": doc.meta.id, "line_start": start, "line_end": end}
                )
            )

    for i, line in enumerate(lines, 1):
        head = re.match(r"^(\d+)\. ", line)
        if head:
            flush(i - 1)
            number, start, current = head.group(1), i, [line[head.end() :]]
        elif not line.strip() or re.match(r"^[¹²³⁴⁵⁶⁷⁸⁹⁰]", line):
            continue
        elif re.match(r"^(?:[IVX]+|[A-Z]|\d)\. \S", line) or (line[0].isupper() and len(line) < 80):
            flush(i - 1)
            current = []
        elif current:
            current.append(line)
    flush(len(lines))
    return out


def _passages(number: str) -> list[Passage]:
    doc = _document(number)
    try:
        return load_passages(doc)
    except NotImplementedError:
        if number != "000":
            raise
        return _raw_sr_passages(doc)


def golden(number: str, locators: set[str]) -> Golden:
    doc = _document(number)
    cites = find_citations(doc.meta.id, _passages(number))
    return {
        (c.locator, c.instrument, c.article, c.year, c.year_source)
        for c in cites
        if c.locator in locators
    }


CHILD, PC, ATL = "law-on-children", "penal-code", "anti-trafficking-law"
DECREE_IIM = "decree-internet-information-management"

GOLDEN_000: Golden = {
    # 26: "(for example, to the Penal Code) and the adoption of new laws, such as the Law on
    # Juvenile Criminal Procedure in 2014 and the Law on Preventing and Combating Violence
    # against Women and Children in 2015". The conventions are international, named whole.
    ("26", PC, None, None, "none"),
    ("26", "law-on-juvenile-criminal-procedure", None, 2014, "stated"),
    ("26", "law-on-violence-against-women-and-children", None, 2015, "stated"),
    # 27: "Article 89 of the Law on the Protection ... (2007)"; "Under the same article": no.
    ("27", CHILD, "89", 2007, "stated"),
    # 28: 128 of the Code (2005); "while article 129"; "Article 131 of the Penal Code" (the
    # passage dated it 2005); "article 132"; "Article 133"; 252 "promulgated in 2017";
    # "articles 250 and 251 of the Penal Code (2017)".
    ("28", PC, "128", 2005, "stated"),
    ("28", PC, "129", 2005, "context"),
    ("28", PC, "131", 2005, "context"),
    ("28", PC, "132", 2005, "context"),
    ("28", PC, "133", 2005, "context"),
    ("28", PC, "252", 2017, "stated"),
    ("28", PC, "250", 2017, "stated"),
    ("28", PC, "251", 2017, "stated"),
    # 29: Article 86 of the children's law (no year in this paragraph); Article 138 of the Penal
    # Code (2005); "The law on preventing and combating cybercrime ... (art. 14)"; the Law on
    # Telecommunications (2011); the Decree "of 2014 (art. 12.4)"; "The law on cybercrime and
    # the Decree on Internet Information Management" (dated 2014 earlier in the paragraph).
    ("29", CHILD, "86", None, "none"),
    ("29", PC, "138", 2005, "stated"),
    ("29", "cybercrime-law", None, None, "none"),
    ("29", "cybercrime-law", "14", None, "none"),
    ("29", "law-on-telecommunications", None, 2011, "stated"),
    ("29", DECREE_IIM, "12.4", 2014, "stated"),
    ("29", DECREE_IIM, None, 2014, "context"),
    # 30: "the adoption of the Anti-Trafficking Law in 2016"; "Under article 89 of the Law";
    # "article 2 of the Anti-Trafficking Law". The Palermo Protocol and UNTOC: whole, not cited.
    ("30", ATL, None, 2016, "stated"),
    ("30", ATL, "89", 2016, "context"),
    ("30", ATL, "2", 2016, "context"),
    # 31: "Article 9 of the Family Law (2008)", "article 17 of the Law on the Development and
    # Protection of Women (2004)", "Article 269 of the Penal Code (2017)".
    ("31", "family-law", "9", 2008, "stated"),
    ("31", "law-on-women", "17", 2004, "stated"),
    ("31", PC, "269", 2017, "stated"),
    # 32: "amendments to the Family Law", "a decree on domestic adoptions in 2014", "Article 9
    # of the decree", "Article 57 of the decree". The Hague Convention: whole, not cited.
    ("32", "family-law", None, None, "none"),
    ("32", "decree-on-adoption", None, 2014, "stated"),
    ("32", "decree-on-adoption", "9", 2014, "context"),
    ("32", "decree-on-adoption", "57", 2014, "context"),
    # 33: "The Labour Law of 2014", "under article 101".
    ("33", "labour-law", None, 2014, "stated"),
    ("33", "labour-law", "101", 2014, "context"),
}


def test_golden_000_paragraphs_26_to_33() -> None:
    assert golden("000", {str(n) for n in range(26, 34)}) == GOLDEN_000


GOLDEN_004_56_58: Golden = {
    # 56: "The Law on Prevention and Combating of Cyber Crime (2015) ... (Article 14). The Law
    # also makes ... (Article 13). Under the Law, ..." (no article: not cited).
    ("56", "cybercrime-law", None, 2015, "stated"),
    ("56", "cybercrime-law", "14", 2015, "context"),
    ("56", "cybercrime-law", "13", 2015, "context"),
    # 57: "Decree 327 on the Administration of Information via the Internet (2014) ...
    # (Article 4) ... the decree (Article 12) ... (Article 14) ... (Article 26)".
    ("57", DECREE_IIM, None, 2014, "stated"),
    ("57", DECREE_IIM, "4", 2014, "context"),
    ("57", DECREE_IIM, "12", 2014, "context"),
    ("57", DECREE_IIM, "14", 2014, "context"),
    ("57", DECREE_IIM, "26", 2014, "context"),
    # 58: "The amended Law on Mass Media (2016) ... (Article 66). The Law on Anti-Trafficking
    # in persons (2016) ... (Article 2)."
    ("58", "mass-media-law", None, 2016, "stated"),
    ("58", "mass-media-law", "66", 2016, "context"),
    ("58", ATL, None, 2016, "stated"),
    ("58", ATL, "2", 2016, "context"),
}


def test_golden_004_paragraphs_56_to_58() -> None:
    assert golden("004", {"56", "57", "58"}) == GOLDEN_004_56_58


GOLDEN_004_69_88: Golden = {
    # 69: "adopted a new penal code in April 2017 ... The new penal code incorporates".
    ("69", PC, None, 2017, "stated"),
    ("69", PC, None, 2017, "context"),
    # 70: "The Anti-Trafficking Law, which was promulgated in 2016, ... (Article 2) ... (Article
    # 9) ... (Article 89). The Penal Code contains ... (Article 215) as the Anti-Trafficking Law."
    ("70", ATL, None, 2016, "stated"),
    ("70", ATL, "2", 2016, "context"),
    ("70", ATL, "9", 2016, "context"),
    ("70", ATL, "89", 2016, "context"),
    ("70", PC, None, 2017, "context"),
    ("70", PC, "215", 2017, "context"),
    ("70", ATL, None, 2016, "context"),
    # 71: "The Penal Code also punishes ... (Article 216)."
    ("71", PC, None, 2017, "context"),
    ("71", PC, "216", 2017, "context"),
    # 72: "The Law on Health Care (2014) prohibits ... (Article 47)."
    ("72", "law-on-health-care", None, 2014, "stated"),
    ("72", "law-on-health-care", "47", 2014, "context"),
    # 73: "The Amended Labor Law (2013) ... (Article 5) ... (Article 102) ... (Article 141) ...
    # (Article 179)."
    ("73", "labour-law", None, 2013, "stated"),
    ("73", "labour-law", "5", 2013, "context"),
    ("73", "labour-law", "102", 2013, "context"),
    ("73", "labour-law", "141", 2013, "context"),
    ("73", "labour-law", "179", 2013, "context"),
    # 74: "Under the Penal Code, ... (Article 250)."
    ("74", PC, None, 2017, "context"),
    ("74", PC, "250", 2017, "context"),
    # 75, 76: no instrument named; the Code of para 74.
    ("75", PC, "253", 2017, "context"),
    ("75", PC, "254", 2017, "context"),
    ("76", PC, "260", 2017, "context"),
    # 77: "The Penal Code imposes ... (Article 256). ... (Article 257)."
    ("77", PC, None, 2017, "context"),
    ("77", PC, "256", 2017, "context"),
    ("77", PC, "257", 2017, "context"),
    # 78: "The Penal Code explicitly prohibits child sex tourism. ... (Article 262)."
    ("78", PC, None, 2017, "context"),
    ("78", PC, "262", 2017, "context"),
    # 79: "The Penal Code provides ... (Article 248)"
    ("79", PC, None, 2017, "context"),
    ("79", PC, "248", 2017, "context"),
    # 80: "Under the Penal Code, ... (Article 250). ... (Article 251)."
    ("80", PC, None, 2017, "context"),
    ("80", PC, "250", 2017, "context"),
    ("80", PC, "251", 2017, "context"),
    # 81 (section B, no longer dated by para 69): "the 2012 Law on Criminal Procedure (Amended)
    # and the 2013 Law on Juvenile Criminal Procedure ... training ... on the Law on Juvenile
    # Criminal Procedure".
    ("81", "law-on-criminal-procedure", None, 2012, "stated"),
    ("81", "law-on-juvenile-criminal-procedure", None, 2013, "stated"),
    ("81", "law-on-juvenile-criminal-procedure", None, 2013, "context"),
    # 82: "The Law on Criminal Procedure ... The Penal Code ... (Article 11) ... by the Law on
    # Juvenile Criminal Procedure ... or by the Law on Criminal Procedure".
    ("82", "law-on-criminal-procedure", None, None, "none"),
    ("82", PC, None, None, "none"),
    ("82", PC, "11", None, "none"),
    ("82", "law-on-juvenile-criminal-procedure", None, None, "none"),
    # 83: "The Penal Code ... (Article 354). Articles 355, 356 and 358 of the Penal Code ...
    # (Article 359 of the Penal Code)."
    ("83", PC, None, None, "none"),
    ("83", PC, "354", None, "none"),
    ("83", PC, "355", None, "none"),
    ("83", PC, "356", None, "none"),
    ("83", PC, "358", None, "none"),
    ("83", PC, "359", None, "none"),
    # 84: "The Anti-Trafficking Law ... (Article 72)."
    ("84", ATL, None, None, "none"),
    ("84", ATL, "72", None, "none"),
    # 85: "The Law on Extradition (2012) ... and Law on Extradition." ("under the OPSC": whole.)
    ("85", "law-on-extradition", None, 2012, "stated"),
    ("85", "law-on-extradition", None, 2012, "context"),
    # 86: "The Penal Code states ... under the Penal Code of Lao PDR. ... (Article 9)."
    ("86", PC, None, None, "none"),
    ("86", PC, "9", None, "none"),
    # 87: "The Law on Anti-Trafficking applies ..."
    ("87", ATL, None, None, "none"),
    # 88: "its reservation on Article 5(2) of the OPSC".
    ("88", "opsc", "5(2)", None, "none"),
}


def test_golden_004_paragraphs_69_to_88() -> None:
    assert golden("004", {str(n) for n in range(69, 89)}) == GOLDEN_004_69_88


# --------------------------------------------------------------------------------------------
# The whole corpus
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("number", ["000", "002", "003", "004"])
def test_corpus_citations_are_anchored_and_resolved(number: str) -> None:
    doc = _document(number)
    ps = _passages(number)
    by_loc = {p.locator: p for p in ps}
    cites = find_citations(doc.meta.id, ps)
    assert cites
    starts = set()
    for c in cites:
        assert by_loc[c.locator].text[c.span[0] : c.span[1]] == c.matched
        assert (c.locator, c.span[0]) not in starts
        starts.add((c.locator, c.span[0]))
        if c.year_source == "stated":
            assert str(c.year) in by_loc[c.locator].text
    assert find_unresolved(doc.meta.id, ps) == []
