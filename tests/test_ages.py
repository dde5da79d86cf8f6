"""The age band parser (`lexgap.loaders.ages`).

SOURCE holds every age phrase the parser reads in the bundled corpus, in document order: a
verbatim excerpt (checked to be in its document) and the bands it states, each with the matched
phrase and bounds read off the text by hand under the readings documented in `ages.py` ("under"
exclusive, "between" inclusive both ends, 004's "under X to Y" as Y <= age < X, "up to the age
of" open). `test_every_age_in_the_corpus_is_in_the_table` parses each whole document and checks
the parser finds exactly these phrases, so the table cannot drift from the sources.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from functools import cache
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from lexgap.core.errors import AgeParseError, LexgapError
from lexgap.loaders.ages import AgeBand, parse_age_band, parse_age_bands
from lexgap.loaders.clean import fold_whitespace
from lexgap.loaders.patterns_legal import MAX_AGE
from lexgap.loaders.sources import load_corpus

# --------------------------------------------------------------------------------------------
# Factories for the expected side
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Expected:
    """A band as the test expects it: the matched phrase and (min, min_incl, max, max_incl)."""

    matched: str
    bounds: tuple[int | None, bool | None, int | None, bool | None]


def under(matched: str, n: int) -> Expected:
    """age < n"""
    return Expected(matched, (None, None, n, False))


def over(matched: str, n: int) -> Expected:
    """age > n"""
    return Expected(matched, (n, False, None, None))


def at_least(matched: str, n: int) -> Expected:
    """age >= n"""
    return Expected(matched, (n, True, None, None))


def up_to(matched: str, n: int) -> Expected:
    """age up to n, the text leaving open whether n itself is in"""
    return Expected(matched, (None, None, n, None))


def band(matched: str, lo: int, hi: int) -> Expected:
    """lo <= age <= hi"""
    return Expected(matched, (lo, True, hi, True))


def exact(matched: str, n: int) -> Expected:
    """age == n"""
    return band(matched, n, n)


def under_to(matched: str, lo: int, hi: int) -> Expected:
    """lo <= age < hi (004's "under hi to lo")"""
    return Expected(matched, (lo, True, hi, False))


def actual(text: str) -> list[Expected]:
    return [
        Expected(
            fold_whitespace(text[b.span[0] : b.span[1]]),
            (b.min_age, b.min_inclusive, b.max_age, b.max_inclusive),
        )
        for b in parse_age_bands(text)
    ]


# --------------------------------------------------------------------------------------------
# Every age phrase of the corpus
# --------------------------------------------------------------------------------------------

SR = "a-hrc-40-51-add-1"
CRC = "crc-c-opsc-lao-co-1"
STUDY = "csec-study-2011"
STATE = "lao-opsc-followup-report"

SOURCE: list[tuple[str, str, list[Expected]]] = [
    # 000
    (
        SR,
        "with 60 per cent of its over 6 million inhabitants estimated to be under 25 years of age",
        [under("under 25 years of age", 25)],
    ),
    (
        SR,
        "more than a third of women were married before the age of 18.",
        [under("before the age of 18", 18)],
    ),
    (
        SR,
        "with a quarter of all children under the age of 5 unregistered in 2011–2012",
        [under("under the age of 5", 5)],
    ),
    (SR, "with 65 births per 1,000 girls aged 15–19 in 2014.", [band("aged 15–19", 15, 19)]),
    (
        SR,
        "with over 62,000 girls and young women aged 15–19 married compared to 23,500 boys",
        [band("aged 15–19", 15, 19)],
    ),
    (
        SR,
        "families had forced their daughters aged 14 or 15 to marry Chinese men",
        [band("aged 14 or 15", 14, 15)],
    ),
    (
        SR,
        "girls and young women aged 15–19 who use transactional sex",
        [band("aged 15–19", 15, 19)],
    ),
    (
        SR,
        "prohibits sexual relations with children aged between 12 and 18 in exchange for money or "
        "other benefits, although the penalties are low (three months to five years of "
        "imprisonment). Under the same article, having any sexual relations, whether in exchange "
        "for benefits or not, with children under 12 years of age is considered rape",
        [band("aged between 12 and 18", 12, 18), under("under 12 years of age", 12)],
    ),
    (
        SR,
        "criminalizes sexual intercourse with a child under the age of 15.",
        [under("under the age of 15", 15)],
    ),
    (
        SR,
        "provide for penalties for sexual intercourse with persons aged below 18.",
        [under("aged below 18", 18)],
    ),
    (
        SR,
        "men and women must be over 18 before entering into marital relations",
        [over("over 18", 18)],
    ),
    (
        SR,
        "women have the freedom to choose their spouse from the age of 18 onwards. Article 269 of "
        "the Penal Code (2017) also penalizes child marriage, providing for penalties both for "
        "offenders over the age of 18 who marry a child",
        [
            at_least("from the age of 18 onwards", 18),
            over("over the age of 18", 18),
        ],
    ),
    (
        SR,
        "The Labour Law of 2014 sets the minimum age for employment at 14. However, education is "
        "only compulsory until 11 years of age, and under article 101, employers may accept "
        'employees as young as 12 for "light work" duties. Indeed, there is a detailed list of '
        "light duties that children aged 12–14 may perform.",
        [
            at_least("minimum age for employment at 14", 14),
            up_to("until 11 years of age", 11),
            at_least("as young as 12", 12),
            band("aged 12–14", 12, 14),
        ],
    ),
    (
        SR,
        "including marriage between children under the age of 18, without exceptions;",
        [under("under the age of 18", 18)],
    ),
    (
        SR,
        "including by setting the minimum age for employment at 14, without exceptions;",
        [at_least("minimum age for employment at 14", 14)],
    ),
    # 002
    (
        CRC,
        "an overwhelming majority of victims of sexual exploitation are girls aged between 10 and "
        "18 years",
        [band("aged between 10 and 18 years", 10, 18)],
    ),
    (
        CRC,
        "in particular child prostitution, only protect children up to the age of 15 and penalties",
        [up_to("up to the age of 15", 15)],
    ),
    (
        CRC,
        "Ensure that all children under the age of 18 are fully protected by the Penal Law",
        [under("under the age of 18", 18)],
    ),
    (
        CRC,
        "Explicitly define and criminalize rape of all children under 18 years of age, including "
        "that of boys.",
        [under("under 18 years of age", 18)],
    ),
    (
        CRC,
        "Ensure that all persons below the age of 18 who are victims of any of the offences under "
        "the Optional Protocol are, because they are minors, neither treated as criminals nor "
        "penalized at the central, provincial and district levels. To this end the Committee "
        "recommends that the State party ensure that protection for child victims is given up "
        "until 18 years, and not below;",
        [under("below the age of 18", 18), up_to("up until 18 years", 18)],
    ),
    # 003
    (
        STUDY,
        "Children: defined as people under the age of 18, in agreement with the UN Convention on "
        "the Rights of the Child. While children over the age of 15 are legally able to consent "
        "to marriage",
        [under("under the age of 18", 18), over("over the age of 15", 15)],
    ),
    (STUDY, "of a person aged below 18.", [under("aged below 18", 18)]),
    (
        STUDY,
        "locations for prostitution of foreign girls, many under 18, for Chinese tourists.",
        [under("under 18", 18)],
    ),
    (
        STUDY,
        "Girls under 18 are trafficked into Lao PDR from China and Vietnam",
        [under("under 18", 18)],
    ),
    (
        STUDY,
        "“60 percent of victims are reportedly girls between 12 and 18”.",
        [band("between 12 and 18", 12, 18)],
    ),
    (
        STUDY,
        "The UNCT has noted that children under the age of 18 constituted nearly half",
        [under("under the age of 18", 18)],
    ),
    (
        STUDY,
        "child below the age of 15 is imprisonment for between one to five years.",
        [under("below the age of 15", 15)],
    ),
    (
        STUDY,
        "children under age 18 are prohibited from entering and working in these establishments",
        [under("under age 18", 18)],
    ),
    (
        STUDY,
        "Under 16\t14\t4.5\n16 – 18\t134\t42.9\nOver 18\t164\t52.6",
        [under("Under 16", 16), over("Over 18", 18)],
    ),
    (
        STUDY,
        "girls under age 18 represent almost half of the sample or 47.4 percent. 18-year-old "
        "girls were the largest group in the study, representing one-fifth of the sample or 22.4 "
        "percent. Very few women in prostitution are over 25 years of age, because “youth is a "
        "strongly desired criterion by Asian customers”. The analysis also noted that the ages as "
        "reported by respondents may be inaccurate given that children under 18 are not legally "
        "allowed to enter beer shops or night clubs.¹¹ Field research conducted for this study "
        "confirmed that many girls working in beer shops in all five provinces studied were under "
        "18 but were reluctant",
        [
            under("under age 18", 18),
            exact("18-year-old", 18),
            over("over 25 years of age", 25),
            under("under 18", 18),
            under("under 18", 18),
        ],
    ),
    (
        STUDY,
        "who appeared to range in age from 14 – 19.",
        [band("in age from 14 – 19", 14, 19)],
    ),
    (
        STUDY,
        "One girl interviewed stated that she was 16 years old and originally from Luang Prabang.",
        [exact("16 years old", 16)],
    ),
    (
        STUDY,
        "She said that she was 18 years old and her sister was 15.",
        [exact("18 years old", 18)],
    ),
    (
        STUDY,
        "drop out of school around the age of 13 – 15.",
        [band("age of 13 – 15", 13, 15)],
    ),
    (
        STUDY,
        "In cases where girls were not under 18 or in school",
        [under("under 18", 18)],
    ),
    (
        STUDY,
        "without necessarily realizing that they are under 18 years of age.",
        [under("under 18 years of age", 18)],
    ),
    (
        STUDY,
        "welfare of girls under 18 who are being exploited for commercial sex. Reported cases of "
        "13 and 14 year old girls being treated for STIs",
        [under("under 18", 18), band("13 and 14 year old", 13, 14)],
    ),
    (
        STUDY,
        "A 13 year old female student was pursued by a 21 year old man for several months",
        [exact("13 year old", 13), exact("21 year old", 21)],
    ),
    (
        STUDY,
        "convicted for selling a clip of sex with a 17 year old female Lao student.",
        [exact("17 year old", 17)],
    ),
    (
        STUDY,
        "Technically, website users are supposed to be 18 and over, but younger boys",
        [at_least("18 and over", 18)],
    ),
    (
        STUDY,
        "are reportedly over 18 years of age but there is concern that younger boys",
        [over("over 18 years of age", 18)],
    ),
    (
        STUDY,
        "locations for prostitution of foreign girls, many under 18, for Chinese tourists",
        [under("under 18", 18)],
    ),
    (
        STUDY,
        "travel to Thailand after leaving school after age 13 – 15.",
        [band("age 13 – 15", 13, 15)],
    ),
    (
        STUDY,
        "The Lao partner lured boys aged between 8 – 10 years of age to make pornographic videos",
        [band("aged between 8 – 10 years of age", 8, 10)],
    ),
    (
        STUDY,
        "some as young as 13 or 14 years of age.",
        [at_least("as young as 13 or 14 years of age", 13)],
    ),
    (
        STUDY,
        "- **Girls under 18 are trafficked into Lao PDR from China and Vietnam to be exploited",
        [under("under 18", 18)],
    ),
    (
        STUDY,
        "the majority of females trafficked from Lao PDR (60%) are between the ages of 12 – 18 "
        "and that 35 percent",
        [band("between the ages of 12 – 18", 12, 18)],
    ),
    (
        STUDY,
        "defines a child as any person under the age of 18 and includes",
        [under("under the age of 18", 18)],
    ),
    (
        STUDY,
        "Penalty for sex with a child (defined as under 15 years of age, the age of consent) is "
        "1-5 years' imprisonment",
        [under("under 15 years of age", 15)],
    ),
    (
        STUDY,
        "Article 120 Prohibits sexual relations with a male or female child below the age of 15 "
        "is imprisonment for between 1 to 5 years.",
        [under("below the age of 15", 15)],
    ),
    (
        STUDY,
        "If the person who is procured for prostitution is below 18 years old or is under the "
        "offender's responsibility",
        [under("below 18 years old", 18)],
    ),
    (
        STUDY,
        "rape of a girl who is between fifteen (15) and eighteen (18) years old will be imprisoned "
        "from one (1) to five (5) years",
        [band("between fifteen (15) and eighteen (18) years old", 15, 18)],
    ),
    (
        STUDY,
        "a girl or a boy whose age is under fifteen (15) will be imprisoned",
        [under("under fifteen (15)", 15)],
    ),
    (
        STUDY,
        "makes a girl who is below fifteen (15) years of age become a prostitute",
        [under("below fifteen (15) years of age", 15)],
    ),
    (
        STUDY,
        "Where the child is between 15 and 18 – 3 months to 1 year imprisonment",
        [band("between 15 and 18", 15, 18)],
    ),
    (
        STUDY,
        "Where the child is between 12 and 15 – 1 to 5 years imprisonment",
        [band("between 12 and 15", 12, 15)],
    ),
    (
        STUDY,
        "Sexual relations with a child under 12 by any means is rape",
        [under("under 12", 12)],
    ),
    (
        STUDY,
        "where the victim is a minor, defined as under 18 years of age)",
        [under("under 18 years of age", 18)],
    ),
    (
        STUDY,
        "particularly children under 18, are not criminalized.",
        [under("under 18", 18)],
    ),
    (
        STUDY,
        "support children to remain in school until age 18, could reduce vulnerability",
        [up_to("until age 18", 18)],
    ),
    # 004
    (STATE, "In 2017, a boy age 17 was repatriated from Thailand", [exact("age 17", 17)]),
    (
        STATE,
        "The Savannakhet province reported assisting 18 children under age 15 who were victims",
        [under("under age 15", 15)],
    ),
    (
        STATE,
        "The children recommended that children under 18 should not be allowed to work in bars",
        [under("under 18", 18)],
    ),
    (
        STATE,
        "For children less than 18 years of age, there does not need to be any deception",
        [under("less than 18 years of age", 18)],
    ),
    # 004 ¶74: the three bands tile the ages under 18 (see the reading in ages.py)
    (
        STATE,
        "any person having sexual intercourse with a girl or boy under eighteen to fifteen years "
        "by paying or giving any type of benefit shall be punished by one to three years "
        "imprisonment and a fine not exceeding 5million Kip. Any person having sexual intercourse "
        "with a girl or boy under fifteen to twelve years by paying or giving any type of benefit "
        "shall be punished by three to five years imprisonment and a fine not exceeding 7million "
        "Kip. Any person who has sexual intercourse with a girl or boy less than twelve years of "
        "age by any means shall be considered as having committed rape and that person shall be "
        "punished by ten to fifteen years of imprisonment and a fine not exceeding 15million Kip. "
        "Any person who has requested, provided, recruited or offered children less than eighteen "
        "years of age to become prostitutes",
        [
            under_to("under eighteen to fifteen years", 15, 18),
            under_to("under fifteen to twelve years", 12, 15),
            under("less than twelve years of age", 12),
            under("less than eighteen years of age", 18),
        ],
    ),
    (
        STATE,
        "Any person forcing another person who is under 18 years of age into prostitution",
        [under("under 18 years of age", 18)],
    ),
    # 004 ¶79
    (
        STATE,
        "when the victim of a rape is a girl between fifteen and eighteen years, the offender "
        "shall be punished by six to ten years of imprisonment and a fine not exceeding 50million "
        "Kip. If the victim of a rape is a girl under fifteen years of age, the offender",
        [
            band("between fifteen and eighteen years", 15, 18),
            under("under fifteen years of age", 15),
        ],
    ),
    # 004 ¶80
    (
        STATE,
        "a person who has sexual intercourse with a girl or boy less than twelve years of age by "
        "any means shall be considered as having committed rape and that person shall be punished "
        "by ten to fifteen years of imprisonment and a fine not exceeding 15million Kip (Article "
        "250). Forcible sexual intercourse (using trickery to make a person have sex against their "
        "will) with a child from under eighteen to twelve years of age is punishable",
        [
            under("less than twelve years of age", 12),
            under_to("from under eighteen to twelve years of age", 12, 18),
        ],
    ),
    # 004 shelter statistics table
    (
        STATE,
        "\tUnder 18 years old\n\tOver 18 years old",
        [under("Under 18 years old", 18), over("Over 18 years old", 18)],
    ),
    (
        STATE,
        "the Savannakhet shelter interviewed 18 children under age 15 who were victims",
        [under("under age 15", 15)],
    ),
]

# Phrases of the corpus with numbers near age words that are not ages.
NOT_AGES: list[tuple[str, str]] = [
    (SR, "with 60 per cent of its over 6 million inhabitants"),
    (SR, "registered as assisted victims of trafficking in Thailand between 2012 and 2015."),
    (SR, "8. Between 1990 and 2015, the Lao People's Democratic Republic"),
    (SR, "the Ministry of Justice, between 2008 and 2017 there were 378"),
    (SR, "prohibits the adoption of a child before it is born and until 6 weeks after it is born"),
    (SR, "which are punishable by a penalty of up to three years of imprisonment."),
    (STUDY, "These small-scale shops employ between two and ten (or more) girls"),
    (STUDY, "is imprisonment for between one to five years."),
    (STUDY, "16 – 18\t134\t42.9"),
    (STUDY, "the bar owner is subjected to a fine, in some cases of up to 20 million kip"),
    (STUDY, "with approximately 16 – 20 girls returned each month."),
    (STATE, "allows cases that result in damages of under 1million Kip may be settled"),
    (SR, "The country has also ratified the Minimum Age Convention, 1973 (No. 138)"),
]

FORMS: list[tuple[str, list[Expected]]] = [
    ("under eighteen to fifteen years", [under_to("under eighteen to fifteen years", 15, 18)]),
    ("between 12 and 18", [band("between 12 and 18", 12, 18)]),
    ("under the age of 15", [under("under the age of 15", 15)]),
    ("below 18", [under("below 18", 18)]),
    ("less than twelve years of age", [under("less than twelve years of age", 12)]),
    ("aged 12–14", [band("aged 12–14", 12, 14)]),
    ("from the age of 18 onwards", [at_least("from the age of 18 onwards", 18)]),
    ("over 18", [over("over 18", 18)]),
    ("under 12 years of age", [under("under 12 years of age", 12)]),
    ("children under 18", [under("under 18", 18)]),
    (
        "between fifteen and eighteen years",
        [band("between fifteen and eighteen years", 15, 18)],
    ),
    ("under fifteen years of age", [under("under fifteen years of age", 15)]),
    ("under 18 years of age", [under("under 18 years of age", 18)]),
    ("as young as 12", [at_least("as young as 12", 12)]),
    ("below the age of 15", [under("below the age of 15", 15)]),
    ("under age 18", [under("under age 18", 18)]),
    # variants
    ("younger than twelve", [under("younger than twelve", 12)]),
    ("12 or older", [at_least("12 or older", 12)]),
    ("aged 16 and over", [at_least("aged 16 and over", 16)]),
    ("between 18 and 12.", [band("between 18 and 12", 12, 18)]),
    ("a twenty-five-year-old", [exact("twenty-five-year-old", 25)]),
    ("from age 16", [at_least("from age 16", 16)]),
    # not ages
    ("under 200 years", []),
    ("until 2015", []),
    ("up to three years", []),
    ("under eighteen to eighteen years", [under("under eighteen", 18)]),  # no band; "under" left
    ("", []),
]


@cache
def doc_texts() -> dict[str, str]:
    return {d.meta.id: d.text for d in load_corpus()}


def _id(row: tuple[Any, ...]) -> str:
    return fold_whitespace(str(row[1]))[:50]


def test_table_sizes() -> None:
    """The tables cannot shrink silently: 20 + 6 + 48 + 16 bands."""
    assert len(SOURCE) == 70
    assert sum(len(expected) for _, _, expected in SOURCE) == 90
    assert len(NOT_AGES) == 13


@pytest.mark.parametrize("doc, quote, expected", SOURCE, ids=[_id(r) for r in SOURCE])
def test_source_phrases(doc: str, quote: str, expected: list[Expected]) -> None:
    assert fold_whitespace(quote) in fold_whitespace(doc_texts()[doc]), "quote not in document"
    assert actual(quote) == expected


@pytest.mark.parametrize("doc, quote", NOT_AGES, ids=[_id(r) for r in NOT_AGES])
def test_not_ages(doc: str, quote: str) -> None:
    assert fold_whitespace(quote) in fold_whitespace(doc_texts()[doc]), "quote not in document"
    assert parse_age_bands(quote) == []


@pytest.mark.parametrize("text, expected", FORMS, ids=[f[0][:50] or "empty" for f in FORMS])
def test_forms(text: str, expected: list[Expected]) -> None:
    assert actual(text) == expected


@pytest.mark.parametrize("doc", [SR, CRC, STUDY, STATE])
def test_every_age_in_the_corpus_is_in_the_table(doc: str) -> None:
    """Whole document parsed == the table's rows for it, in order: nothing missed, nothing extra."""
    expected = [e for d, _, rows in SOURCE if d == doc for e in rows]
    assert actual(doc_texts()[doc]) == expected


def test_spanish_edition_annex_gives_the_same_bands() -> None:
    assert actual(doc_texts()["a-hrc-40-51-add-1-es"]) == actual(doc_texts()[SR])


def test_004_bands_tile_the_ages_under_18() -> None:
    """004 ¶74's three bands cover 0..17 with no gap and no overlap (the reason for the reading)."""
    quote = (
        "under eighteen to fifteen years ... under fifteen to twelve years ... less than twelve "
        "years of age"
    )
    bands = parse_age_bands(quote)

    def holds(b: AgeBand, age: int) -> bool:
        lo_ok = b.min_age is None or age > b.min_age or (age == b.min_age and b.min_inclusive)
        hi_ok = b.max_age is None or age < b.max_age or (age == b.max_age and b.max_inclusive)
        return bool(lo_ok and hi_ok)

    for age in range(0, 18):
        assert sum(holds(b, age) for b in bands) == 1, age
    assert not any(holds(b, 18) for b in bands)


# --------------------------------------------------------------------------------------------
# parse_age_band, errors, the model
# --------------------------------------------------------------------------------------------


def test_parse_age_band_one() -> None:
    b = parse_age_band("rape of all children under 18 years of age")
    assert (b.max_age, b.max_inclusive, b.span) == (18, False, (21, 42))


def test_parse_age_band_none_names_the_place() -> None:
    with pytest.raises(AgeParseError) as info:
        parse_age_band("no ages here", file="data/readings/x.yaml", line=3, locator="30(d)")
    assert isinstance(info.value, LexgapError)
    assert "data/readings/x.yaml:3" in str(info.value)
    assert "paragraph 30(d)" in str(info.value)


def test_parse_age_band_several() -> None:
    with pytest.raises(AgeParseError, match="2 age bands found"):
        parse_age_band("children under 18 and adults over 18")


def test_model_is_strict() -> None:
    with pytest.raises(ValidationError):
        AgeBand(min_age=18, min_inclusive=True, max_age=12, max_inclusive=True, span=(0, 1))
    with pytest.raises(ValidationError):
        AgeBand(min_age=12, min_inclusive=False, max_age=12, max_inclusive=True, span=(0, 1))
    with pytest.raises(ValidationError):
        AgeBand(max_inclusive=True, span=(0, 1))
    with pytest.raises(ValidationError):
        AgeBand(max_age=12, max_inclusive=False, span=(0, 1), sex="girls")  # type: ignore[call-arg]


# --------------------------------------------------------------------------------------------
# Properties
# --------------------------------------------------------------------------------------------

_UNITS = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
_TEENS = ["ten", "eleven", "twelve", "thirteen", "fourteen"]
_TEENS += ["fifteen", "sixteen", "seventeen", "eighteen", "nineteen"]
_TENS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


def words(n: int) -> str:
    """English words for 1 <= n <= 999, written independently of the parser's data."""
    if n >= 100:
        head, rest = divmod(n, 100)
        return f"{_UNITS[head - 1]} hundred" + (f" and {words(rest)}" if rest else "")
    if n >= 20:
        ten, unit = divmod(n, 10)
        return _TENS[ten - 2] + (f"-{_UNITS[unit - 1]}" if unit else "")
    return _TEENS[n - 10] if n >= 10 else _UNITS[n - 1]


ages = st.integers(1, MAX_AGE)
spelling = st.sampled_from(["words", "digits", "echo"])


def spell(n: int, how: str) -> str:
    """n as words, digits, or words with the digits echoed ("fifteen (15)")."""
    return {"words": words(n), "digits": str(n), "echo": f"{words(n)} ({n})"}[how]


@settings(max_examples=150, deadline=None)
@given(n=ages, how=spelling, form=st.sampled_from(["under {} years of age", "below the age of {}"]))
def test_upper_bound_round_trip(n: int, how: str, form: str) -> None:
    (b,) = parse_age_bands("children " + form.format(spell(n, how)) + ".")
    assert (b.min_age, b.max_age, b.max_inclusive) == (None, n, False)


@settings(max_examples=150, deadline=None)
@given(a=st.integers(1, 99), b=st.integers(1, 99), how=spelling)
def test_between_round_trip(a: int, b: int, how: str) -> None:
    """Below 100: "between one hundred and one ..." is ambiguous English (101, or 100 and 1)."""
    (band_,) = parse_age_bands(f"girls aged between {spell(a, how)} and {spell(b, how)} years")
    assert (band_.min_age, band_.max_age) == (min(a, b), max(a, b))
    assert band_.min_inclusive is True and band_.max_inclusive is True


@settings(max_examples=150, deadline=None)
@given(hi=st.integers(2, MAX_AGE), data=st.data(), how=spelling)
def test_under_to_round_trip(hi: int, data: st.DataObject, how: str) -> None:
    lo = data.draw(st.integers(1, hi - 1))
    (b,) = parse_age_bands(f"a girl or boy under {spell(hi, how)} to {spell(lo, how)} years by")
    assert (b.min_age, b.min_inclusive, b.max_age, b.max_inclusive) == (lo, True, hi, False)


@settings(max_examples=200, deadline=None)
@given(
    a=st.integers(0, 300),
    b=st.integers(0, 300),
    form=st.sampled_from(
        [
            "between {} and {}",
            "aged {}–{}",
            "under {} to {} years",
            "{} to {} years of age",
            "aged {} or {}",
            "as young as {} or {}",
        ]
    ),
)
def test_min_never_exceeds_max(a: int, b: int, form: str) -> None:
    for band_ in parse_age_bands(form.format(a, b) + "."):
        assert band_.min_age is None or band_.max_age is None or band_.min_age <= band_.max_age
        for age in (band_.min_age, band_.max_age):
            assert age is None or 0 <= age <= MAX_AGE


_VOCAB = [
    "under",
    "below",
    "over",
    "less than",
    "between",
    "and",
    "to",
    "or",
    "aged",
    "age",
    "the",
    "age of",
    "years",
    "year",
    "old",
    "of age",
    "–",
    "-",
    "(15)",
    "15",
    "eighteen",
    "twelve",
    "twenty-five",
    "hundred",
    "2015",
    "million",
    "kip",
    "%",
    "and over",
    "onwards",
    "from",
    "as young as",
    "until",
    "up to",
    "minimum age for employment at",
    "imprisonment",
    ",",
    ".",
]


@settings(max_examples=300, deadline=None)
@given(
    st.one_of(st.text(max_size=200), st.lists(st.sampled_from(_VOCAB), max_size=30).map(" ".join))
)
def test_arbitrary_text_never_crashes(text: str) -> None:
    for b in parse_age_bands(text):
        assert 0 <= b.span[0] <= b.span[1] <= len(text)
    with contextlib.suppress(AgeParseError):
        parse_age_band(text)
