"""The penalty parser (`lexgap.loaders.penalties`).

SOURCE holds every penalty phrase of the bundled corpus, in document order: each row is a
verbatim excerpt (checked to be in its document) and the penalties it states, with the matched
phrase and the numbers read off the text by hand (years are written as years in the `years=`
factory argument and multiplied by 12 there; ranges mixing months and years are written in
months). `test_every_penalty_in_the_corpus_is_in_the_table` parses each whole document and
checks the parser finds exactly these phrases, no more and no fewer, so the table cannot drift
from the sources.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from lexgap.core.errors import DataFileError, LexgapError, PenaltyParseError
from lexgap.loaders import patterns_legal
from lexgap.loaders.clean import fold_whitespace
from lexgap.loaders.patterns_legal import number_value
from lexgap.loaders.penalties import Penalty, parse_penalties, parse_penalty
from lexgap.loaders.sources import load_corpus

M = 1_000_000

# --------------------------------------------------------------------------------------------
# Factories for the expected side
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Expected:
    """A penalty as the test expects it: the matched phrase and every numeric field."""

    matched: str
    fields: dict[str, Any]


def pen(
    matched: str,
    *,
    years: tuple[int | None, int | None] | None = None,
    months: tuple[int | None, int | None] = (None, None),
    fine: tuple[int | None, int | None] = (None, None),
    death: bool = False,
    re_education: bool = False,
    confiscation: bool = False,
    alternatives: bool = False,
) -> Expected:
    if years is not None:
        months = (
            None if years[0] is None else years[0] * 12,
            None if years[1] is None else years[1] * 12,
        )
    return Expected(
        matched,
        {
            "prison_min_months": months[0],
            "prison_max_months": months[1],
            "fine_min_kip": fine[0],
            "fine_max_kip": fine[1],
            "death_penalty": death,
            "re_education": re_education,
            "confiscation": confiscation,
            "alternatives": alternatives,
        },
    )


def fine_max(matched: str, kip: int) -> Expected:
    return pen(matched, fine=(None, kip))


def actual(text: str) -> list[Expected]:
    """What the parser found, in the Expected shape (matched phrase whitespace-folded)."""
    return [
        Expected(
            fold_whitespace(text[p.span[0] : p.span[1]]),
            p.model_dump(exclude={"span"}),
        )
        for p in parse_penalties(text)
    ]


# --------------------------------------------------------------------------------------------
# Every penalty phrase of the corpus (document, verbatim excerpt, expected penalties)
# --------------------------------------------------------------------------------------------

SR = "a-hrc-40-51-add-1"
STUDY = "csec-study-2011"
STATE = "lao-opsc-followup-report"

SOURCE: list[tuple[str, str, list[Expected]]] = [
    # 000 ¶27 (Law on the Protection of the Rights and Interests of Children, art. 89)
    (
        SR,
        "although the penalties are low (three months to five years of imprisonment)",
        [pen("three months to five years of imprisonment", months=(3, 60))],
    ),
    (
        SR,
        "carries a heavier sanction (7 to 15 years of imprisonment)",
        [pen("7 to 15 years of imprisonment", years=(7, 15))],
    ),
    # 000 ¶28 (Penal Code 2005 arts. 128, 133; Penal Code 2017 art. 252)
    (
        SR,
        "rape of children carries a higher penalty (5 to 15 years of imprisonment)",
        [pen("5 to 15 years of imprisonment", years=(5, 15))],
    ),
    (
        SR,
        "with a high penalty (10 to 20 years of imprisonment)",
        [pen("10 to 20 years of imprisonment", years=(10, 20))],
    ),
    (
        SR,
        "criminalizes marital rape with possible imprisonment from three months to one year with "
        "fines, and from one to five years with fines if the rape results in injuries",
        [
            pen("imprisonment from three months to one year", months=(3, 12)),
            pen("from one to five years", years=(1, 5)),
        ],
    ),
    # 000 ¶30 (Anti-Trafficking Law art. 89)
    (
        SR,
        "trafficking in children is an offence that carries 15 to 20 years of imprisonment",
        [pen("15 to 20 years of imprisonment", years=(15, 20))],
    ),
    # 000 ¶43 (Law on Juvenile Criminal Procedure art. 36)
    (
        SR,
        "which are punishable by a penalty of up to three years of imprisonment. The more serious "
        "cases – punishable by a penalty of more than three years of imprisonment – are referred",
        [
            pen("a penalty of up to three years of imprisonment", months=(None, 36)),
            pen("a penalty of more than three years of imprisonment", months=(36, None)),
        ],
    ),
    # 003, chapter on child prostitution
    (
        STUDY,
        "punishment for having sexual relations with a male or female child below the age of 15 "
        "is imprisonment for between one to five years.",
        [pen("imprisonment for between one to five years", years=(1, 5))],
    ),
    (
        STUDY,
        "are punishable by law with sentencing ranging from between three months to one year.",
        [pen("sentencing ranging from between three months to one year", months=(3, 12))],
    ),
    (
        STUDY,
        "the bar owner is subjected to a fine, in some cases of up to 20 million kip (Euro €1,835 "
        "/ USD \\$2,500), in addition to a jail sentence.",
        [fine_max("a fine, in some cases of up to 20 million kip", 20 * M)],
    ),
    # 003, chapter on child pornography
    (
        STUDY,
        "a person can be punished with a fine of between 5,000 (Euro €0.46 / USD \\$0.63) and "
        "50,000 Kip (Euro €4.60 / USD \\$6.26) for making",
        [
            pen(
                "a fine of between 5,000 (Euro €0.46 / USD \\$0.63) and 50,000 Kip",
                fine=(5_000, 50_000),
            )
        ],
    ),
    (
        STUDY,
        "prohibits child pornography with punishment of imprisonment and a 2-6 million kip (Euro "
        "€185 / USD \\$250 – Euro €556 / USD \\$750) fine.",
        [
            pen(
                "a 2-6 million kip (Euro €185 / USD \\$250 – Euro €556 / USD \\$750) fine",
                fine=(2 * M, 6 * M),
            )
        ],
    ),
    # 003, chapter on child sex tourism (a fine imposed in a case)
    (
        STUDY,
        "The Lao partner was arrested for sale of pornography and fined 10,664,000 Kip (Euro €978 "
        "/ USD \\$1,333)",
        [pen("fined 10,664,000 Kip", fine=(10_664_000, 10_664_000))],
    ),
    # 003, legal framework table: child prostitution
    (
        STUDY,
        "Penalty for sex with a child (defined as under 15 years of age, the age of consent) is "
        "1-5 years' imprisonment and a fine of 500,000 to three million kip (Euro €46.18 – 277 / "
        "USD \\$62.50 – 375)",
        [
            pen(
                "1-5 years' imprisonment and a fine of 500,000 to three million kip",
                years=(1, 5),
                fine=(500_000, 3 * M),
            )
        ],
    ),
    (
        STUDY,
        "Article 120 Prohibits sexual relations with a male or female child below the age of 15 "
        "is imprisonment for between 1 to 5 years.",
        [pen("imprisonment for between 1 to 5 years", years=(1, 5))],
    ),
    (
        STUDY,
        "are punishable by law with sentencing ranging from between 3 months and one year.",
        [pen("sentencing ranging from between 3 months and one year", months=(3, 12))],
    ),
    (
        STUDY,
        "Article 123 Punishes with imprisonment ranging from 6 months to 3 years anyone who",
        [pen("imprisonment ranging from 6 months to 3 years", months=(6, 36))],
    ),
    (
        STUDY,
        "is forced to be prostituted the punishment is imprisonment ranging from 3 to 5 years.",
        [pen("imprisonment ranging from 3 to 5 years", years=(3, 5))],
    ),
    (
        STUDY,
        "Punishes the act of sexual relations with a close family member, including children, by "
        "imprisonment of six months to one year.",
        [pen("imprisonment of six months to one year", months=(6, 12))],
    ),
    (
        STUDY,
        "An individual who has committed rape of a girl who is between fifteen (15) and eighteen "
        "(18) years old will be imprisoned from one (1) to five (5) years, and fined from ten (10) "
        "to fifty (50) million kips.",
        [
            pen(
                "imprisoned from one (1) to five (5) years, and fined from ten (10) to fifty (50) "
                "million kips",
                years=(1, 5),
                fine=(10 * M, 50 * M),
            )
        ],
    ),
    (
        STUDY,
        "whose age is under fifteen (15) will be imprisoned from one (1) to five (5) years, and "
        "fined from two (2) to five (5) million kips.",
        [
            pen(
                "imprisoned from one (1) to five (5) years, and fined from two (2) to five (5) "
                "million kips",
                years=(1, 5),
                fine=(2 * M, 5 * M),
            )
        ],
    ),
    (
        STUDY,
        "or forces a woman under his guardianship to be a prostitute, will be imprisoned from "
        "three to five years, and fined from 10 to 50 million kips.",
        [
            pen(
                "imprisoned from three to five years, and fined from 10 to 50 million kips",
                years=(3, 5),
                fine=(10 * M, 50 * M),
            )
        ],
    ),
    # 003, Law on the Protection of the Rights and Interests of Children 2006 (art. 89)
    (
        STUDY,
        "Where the child is between 15 and 18 – 3 months to 1 year imprisonment or reeducation "
        "without deprivation of liberty and a fine of 1 million to 2 million kip",
        [
            pen(
                "3 months to 1 year imprisonment or reeducation without deprivation of liberty "
                "and a fine of 1 million to 2 million kip",
                months=(3, 12),
                fine=(1 * M, 2 * M),
                re_education=True,
                alternatives=True,
            )
        ],
    ),
    (
        STUDY,
        "Where the child is between 12 and 15 – 1 to 5 years imprisonment and a fine of 2 million "
        "to 5 million kip",
        [
            pen(
                "1 to 5 years imprisonment and a fine of 2 million to 5 million kip",
                years=(1, 5),
                fine=(2 * M, 5 * M),
            )
        ],
    ),
    (
        STUDY,
        "Sexual relations with a child under 12 by any means is rape, with a penalty of 7 to 15 "
        "years imprisonment and a fine of 7 million to 15 million kip",
        [
            pen(
                "7 to 15 years imprisonment and a fine of 7 million to 15 million kip",
                years=(7, 15),
                fine=(7 * M, 15 * M),
            )
        ],
    ),
    # 003, legal framework table: child pornography
    (
        STUDY,
        "A person can be punished with a fine of between 5,000 and 50,000 Kip (Euro €0.47 – 4.62 "
        "/ USD \\$0.63 – 6.25)",
        [pen("a fine of between 5,000 and 50,000 Kip", fine=(5_000, 50_000))],
    ),
    (
        STUDY,
        "with a penalty of 1 to 3 years imprisonment and a fine of 2 million to 6 million kip "
        "(Euro €185 / USD \\$250 – Euro €556 / USD \\$750).",
        [
            pen(
                "1 to 3 years imprisonment and a fine of 2 million to 6 million kip",
                years=(1, 3),
                fine=(2 * M, 6 * M),
            )
        ],
    ),
    (
        STUDY,
        "(with a penalty of 3 months to 1 year imprisonment or re-education without deprivation "
        "of liberty and a fine of 50,000 to 200,000 kip)",
        [
            pen(
                "3 months to 1 year imprisonment or re-education without deprivation of liberty "
                "and a fine of 50,000 to 200,000 kip",
                months=(3, 12),
                fine=(50_000, 200_000),
                re_education=True,
                alternatives=True,
            )
        ],
    ),
    (
        STUDY,
        "will be imprisoned from three (3) months to one (1) year, and fined from two hundred "
        "thousand (200,000) kips to five million (5,000,000) kip.",
        [
            pen(
                "imprisoned from three (3) months to one (1) year, and fined from two hundred "
                "thousand (200,000) kips to five million (5,000,000) kip",
                months=(3, 12),
                fine=(200_000, 5 * M),
            )
        ],
    ),
    # 003, legal framework table: trafficking
    (
        STUDY,
        "(with a penalty of 15 to 20 years imprisonment and a fine of 100 million to 500 million "
        "kip and confiscation of assets where the victim is a minor, defined as under 18 years of "
        "age)",
        [
            pen(
                "15 to 20 years imprisonment and a fine of 100 million to 500 million kip and "
                "confiscation of assets",
                years=(15, 20),
                fine=(100 * M, 500 * M),
                confiscation=True,
            )
        ],
    ),
    (
        STUDY,
        "(with a penalty of 5 to 25 years imprisonment where the victim is a child)",
        [pen("5 to 25 years imprisonment", years=(5, 25))],
    ),
    (
        STUDY,
        "(with a penalty of 5 to 15 years imprisonment, a fine of 10 million to 100 million kip "
        "and the confiscation of assets)",
        [
            pen(
                "5 to 15 years imprisonment, a fine of 10 million to 100 million kip and the "
                "confiscation of assets",
                years=(5, 15),
                fine=(10 * M, 100 * M),
                confiscation=True,
            )
        ],
    ),
    # 004 ¶56 (Law on Prevention and Combating of Cyber Crime): re-education among measures
    (
        STATE,
        "measures taken against violators such as warning, re-education, discipline and fines, "
        "and civil or criminal measures",
        [pen("re-education", re_education=True)],
    ),
    # 004 ¶62 (regulation No. 159/PM): a fine as a percentage (not kip), confiscation
    (
        STATE,
        "a fine of 25% of the value of the property may be imposed, the materials and the money "
        "which the hotel or guesthouse made from the conduct of such business confiscated and "
        "their license to operate canceled.",
        [pen("confiscated", confiscation=True)],
    ),
    # 004 ¶70 (Anti-Trafficking Law art. 89)
    (
        STATE,
        "Where the victims are children, the offender committing human trafficking shall be "
        "punished by fifteen to twenty years of imprisonment and a fine not exceeding 500million "
        "Kip and their assets confiscated.",
        [
            pen(
                "fifteen to twenty years of imprisonment and a fine not exceeding 500million Kip "
                "and their assets confiscated",
                years=(15, 20),
                fine=(None, 500 * M),
                confiscation=True,
            )
        ],
    ),
    # 004 ¶71 (Penal Code art. 216)
    (
        STATE,
        "by seven to fifteen years of imprisonment and a fine not exceeding 100million Kip.",
        [
            pen(
                "seven to fifteen years of imprisonment and a fine not exceeding 100million Kip",
                years=(7, 15),
                fine=(None, 100 * M),
            )
        ],
    ),
    # 004 ¶73 (Amended Labor Law art. 179)
    (
        STATE,
        "Any individual or legal entity that violates the law is subject to re-education, "
        "warning, fine, temporary suspension of business",
        [pen("re-education", re_education=True)],
    ),
    # 004 ¶74 (Penal Code art. 250), whole paragraph: the age bands must not read as terms
    (
        STATE,
        "74. Under the Penal Code, any person having sexual intercourse with a girl or boy under "
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
        [
            pen(
                "one to three years imprisonment and a fine not exceeding 5million Kip",
                years=(1, 3),
                fine=(None, 5 * M),
            ),
            pen(
                "three to five years imprisonment and a fine not exceeding 7million Kip",
                years=(3, 5),
                fine=(None, 7 * M),
            ),
            pen(
                "ten to fifteen years of imprisonment and a fine not exceeding 15million Kip",
                years=(10, 15),
                fine=(None, 15 * M),
            ),
            pen(
                "ten to twenty years of imprisonment and a fine not exceeding 150million Kip",
                years=(10, 20),
                fine=(None, 150 * M),
            ),
        ],
    ),
    # 004 ¶75 (Penal Code arts. 253, 254)
    (
        STATE,
        "Any person forcing another person who is under 18 years of age into prostitution shall "
        "be punished by ten to twenty years of imprisonment and a fine not exceeding 150million "
        "Kip (Article 253). Any person generating income through procuring prostitution of "
        "another person in any manner whatsoever shall be punished by six months to three years "
        "of imprisonment and a fine not exceeding 20million Kip. Where procuring prostitution of "
        "another person involves the prostitution of a minor or the forcing of a person under the "
        "offender's guardianship into prostitution, the offender shall be punished from three to "
        "seven years of imprisonment and shall be fined not exceeding 100million Kip "
        "(Article 254).",
        [
            pen(
                "ten to twenty years of imprisonment and a fine not exceeding 150million Kip",
                years=(10, 20),
                fine=(None, 150 * M),
            ),
            pen(
                "six months to three years of imprisonment and a fine not exceeding 20million Kip",
                months=(6, 36),
                fine=(None, 20 * M),
            ),
            pen(
                "from three to seven years of imprisonment and shall be fined not exceeding "
                "100million Kip",
                years=(3, 7),
                fine=(None, 100 * M),
            ),
        ],
    ),
    # 004 ¶76 (Penal Code art. 260)
    (
        STATE,
        "Any person engaging in prostitution shall be punished by three months to one year of "
        "imprisonment or by re-education without deprivation of liberty and a fine not exceeding "
        "3million Kip. Any person assisting or facilitating prostitution shall be punished by "
        "three months to one year of imprisonment or re-education without deprivation of liberty "
        "and a fine not exceeding 15million Kip.",
        [
            pen(
                "three months to one year of imprisonment or by re-education without deprivation "
                "of liberty and a fine not exceeding 3million Kip",
                months=(3, 12),
                fine=(None, 3 * M),
                re_education=True,
                alternatives=True,
            ),
            pen(
                "three months to one year of imprisonment or re-education without deprivation of "
                "liberty and a fine not exceeding 15million Kip",
                months=(3, 12),
                fine=(None, 15 * M),
                re_education=True,
                alternatives=True,
            ),
        ],
    ),
    # 004 ¶77 (Penal Code arts. 256, 257)
    (
        STATE,
        "The Penal Code imposes a one to three year term of imprisonment and a fine of between "
        "3million and 15million Kip for any person who produces",
        [
            pen(
                "one to three year term of imprisonment and a fine of between 3million and "
                "15million Kip",
                years=(1, 3),
                fine=(3 * M, 15 * M),
            )
        ],
    ),
    (
        STATE,
        "is punished with a term of three months to one year imprisonment and a fine not "
        "exceeding 3million Kip (Article 257).",
        [
            pen(
                "a term of three months to one year imprisonment and a fine not exceeding "
                "3million Kip",
                months=(3, 12),
                fine=(None, 3 * M),
            )
        ],
    ),
    # 004 ¶78 (Penal Code art. 262)
    (
        STATE,
        "shall be punished from one to five years imprisonment and a fine not exceeding 20million "
        "Kip. Any person who provides, disseminates, facilitates travelers in child sex tourism "
        "shall be imprisoned from six months to two years and a fine not exceeding 10million Kip "
        "(Article 262).",
        [
            pen(
                "from one to five years imprisonment and a fine not exceeding 20million Kip",
                years=(1, 5),
                fine=(None, 20 * M),
            ),
            pen(
                "imprisoned from six months to two years and a fine not exceeding 10million Kip",
                months=(6, 24),
                fine=(None, 10 * M),
            ),
        ],
    ),
    # 004 ¶79 (Penal Code art. 248)
    (
        STATE,
        "The Penal Code provides that when the victim of a rape is a girl between fifteen and "
        "eighteen years, the offender shall be punished by six to ten years of imprisonment and a "
        "fine not exceeding 50million Kip. If the victim of a rape is a girl under fifteen years "
        "of age, the offender shall be punished by ten to twenty years imprisonment and a fine not "
        "exceeding 70million Kip or shall be subject to the death penalty.",
        [
            pen(
                "six to ten years of imprisonment and a fine not exceeding 50million Kip",
                years=(6, 10),
                fine=(None, 50 * M),
            ),
            pen(
                "ten to twenty years imprisonment and a fine not exceeding 70million Kip or shall "
                "be subject to the death penalty",
                years=(10, 20),
                fine=(None, 70 * M),
                death=True,
                alternatives=True,
            ),
        ],
    ),
    # 004 ¶80 (Penal Code arts. 250, 251)
    (
        STATE,
        "that person shall be punished by ten to fifteen years of imprisonment and a fine not "
        "exceeding 15million Kip (Article 250). Forcible sexual intercourse (using trickery to "
        "make a person have sex against their will) with a child from under eighteen to twelve "
        "years of age is punishable from five to ten years of imprisonment and a fine not "
        "exceeding 50million Kip (Article 251).",
        [
            pen(
                "ten to fifteen years of imprisonment and a fine not exceeding 15million Kip",
                years=(10, 15),
                fine=(None, 15 * M),
            ),
            pen(
                "from five to ten years of imprisonment and a fine not exceeding 50million Kip",
                years=(5, 10),
                fine=(None, 50 * M),
            ),
        ],
    ),
    # 004 ¶82 (Law on Criminal Procedure, three tiers of offence)
    (
        STATE,
        "major offenses (punishable by re-education without detention or three months to 10 years "
        "of imprisonment or a fine) and crimes (punishable by imprisonment from five years to the "
        "death penalty).",
        [
            pen(
                "re-education without detention or three months to 10 years of imprisonment",
                months=(3, 120),
                re_education=True,
                alternatives=True,
            ),
            pen(
                "imprisonment from five years to the death penalty",
                years=(5, None),
                death=True,
            ),
        ],
    ),
]

# Phrases of the corpus that look like penalties and are not (amounts without a fine, spans of
# time, fines in other currencies or as a percentage, a table's calendar years).
NOT_PENALTIES: list[tuple[str, str]] = [
    (SR, "On average, children stay an average of two to three months in the centre."),
    (SR, "Members of village mediation units go through a basic three-month training programme"),
    (SR, "with 60 per cent of its over 6 million inhabitants estimated to be under 25 years"),
    (STUDY, "a monthly tax of 30,000 to 35,000 kip (Euro €2.75 – 3.22 / USD \\$3.75 – 4.38)"),
    (STUDY, "could expand rapidly in the next five to ten years."),
    (STUDY, "three convictions with sentences averaging six years in prison."),
    (STUDY, "Lao police may confiscate passports and impose fines of up to \\$5,000 on foreigners"),
    (STUDY, "for a fee of 15,000 kip per girl."),
    (STUDY, "the bar owner typically charges a set fee of approximately 50,000 kip"),
    (STUDY, "The court did not sentence him to jail but his freedom of movement was restricted"),
    (STATE, "NCAW-MC received a budget from Government of 663.330.000 kip for the dissemination"),
    (STATE, "allows cases that result in damages of under 1million Kip may be settled by means"),
    (STATE, "a fine of 25% of the value of the property may be imposed, the materials"),
    (STATE, "The People’s Supreme Court has published 20.000 copies of the juvenile cases"),
    (
        STATE,
        "shelter (Champasack province) 2016-2017\n\n\tYear\n\tResidential",
    ),
]

# The forms named in the task, as short phrases.
FORMS: list[tuple[str, list[Expected]]] = [
    (
        "ten to twenty years of imprisonment",
        [pen("ten to twenty years of imprisonment", years=(10, 20))],
    ),
    ("three months to one year", [pen("three months to one year", months=(3, 12))]),
    (
        "(3 months to 5 years of imprisonment)",
        [pen("3 months to 5 years of imprisonment", months=(3, 60))],
    ),
    ("7 to 15 years", [pen("7 to 15 years", years=(7, 15))]),
    (
        "15 to 20 years of imprisonment",
        [pen("15 to 20 years of imprisonment", years=(15, 20))],
    ),
    (
        "a fine not exceeding 150million Kip",
        [fine_max("a fine not exceeding 150million Kip", 150 * M)],
    ),
    (
        "a fine of between 3million and 15million Kip",
        [pen("a fine of between 3million and 15million Kip", fine=(3 * M, 15 * M))],
    ),
    ("a 2-6 million kip fine", [pen("a 2-6 million kip fine", fine=(2 * M, 6 * M))]),
    (
        "fined from ten (10) to fifty (50) million kips",
        [pen("fined from ten (10) to fifty (50) million kips", fine=(10 * M, 50 * M))],
    ),
    ("or shall be subject to the death penalty", [pen("the death penalty", death=True)]),
    (
        "re-education without deprivation of liberty",
        [pen("re-education without deprivation of liberty", re_education=True)],
    ),
    (
        "a one to three year term of imprisonment",
        [pen("one to three year term of imprisonment", years=(1, 3))],
    ),
    (
        "a term of three months to one year",
        [pen("a term of three months to one year", months=(3, 12))],
    ),
    (
        "a fine of 7 million to 15 million kip",
        [pen("a fine of 7 million to 15 million kip", fine=(7 * M, 15 * M))],
    ),
    (
        "a fine of 10 million to 100 million kip and the confiscation of assets",
        [
            pen(
                "a fine of 10 million to 100 million kip and the confiscation of assets",
                fine=(10 * M, 100 * M),
                confiscation=True,
            )
        ],
    ),
    ("six months to three years", [pen("six months to three years", months=(6, 36))]),
    (
        "punishable by a penalty of up to three years of imprisonment",
        [pen("a penalty of up to three years of imprisonment", months=(None, 36))],
    ),
    # variants the sources' vocabulary allows
    ("5 to twenty-five years", [pen("5 to twenty-five years", years=(5, 25))]),
    ("twenty-five years of imprisonment", []),  # a single term, no range or bound
    (
        "a fine not exceeding 663.330.000 kip",
        [fine_max("a fine not exceeding 663.330.000 kip", 663_330_000)],
    ),
    ("a fine of up to 1.5 million kip", [fine_max("a fine of up to 1.5 million kip", 1_500_000)]),
    ("sentenced to death", [pen("sentenced to death", death=True)]),
    (
        "2 to 3 years and one to two years",
        [pen("2 to 3 years", years=(2, 3)), pen("one to two years", years=(1, 2))],
    ),
    (
        "one hundred to two hundred months",
        [pen("one hundred to two hundred months", months=(100, 200))],
    ),
    # not penalties
    ("between fifteen and eighteen years", []),
    ("under eighteen to fifteen years", []),
    ("twenty to twenty-five years of age", []),
    ("one year and three years", []),
    ("sent to a re-education camp", []),
    ("Penalties include re-educational, disciplinary, civil or penal measures.", []),
    ("", []),
]


@cache
def doc_texts() -> dict[str, str]:
    return {d.meta.id: d.text for d in load_corpus()}


def _id(row: tuple[Any, ...]) -> str:
    return fold_whitespace(str(row[1]))[:50]


def test_table_sizes() -> None:
    """The tables cannot shrink silently: 9 + 25 + 24 penalties in 7 + 25 + 14 excerpts."""
    assert len(SOURCE) == 46
    assert sum(len(expected) for _, _, expected in SOURCE) == 58
    assert len(NOT_PENALTIES) == 15


@pytest.mark.parametrize("doc, quote, expected", SOURCE, ids=[_id(r) for r in SOURCE])
def test_source_phrases(doc: str, quote: str, expected: list[Expected]) -> None:
    assert fold_whitespace(quote) in fold_whitespace(doc_texts()[doc]), "quote not in document"
    assert actual(quote) == expected


@pytest.mark.parametrize("doc, quote", NOT_PENALTIES, ids=[_id(r) for r in NOT_PENALTIES])
def test_not_penalties(doc: str, quote: str) -> None:
    assert fold_whitespace(quote) in fold_whitespace(doc_texts()[doc]), "quote not in document"
    assert parse_penalties(quote) == []


@pytest.mark.parametrize("text, expected", FORMS, ids=[f[0][:50] or "empty" for f in FORMS])
def test_forms(text: str, expected: list[Expected]) -> None:
    assert actual(text) == expected


@pytest.mark.parametrize("doc", [SR, "crc-c-opsc-lao-co-1", STUDY, STATE], ids=lambda d: str(d))
def test_every_penalty_in_the_corpus_is_in_the_table(doc: str) -> None:
    """Whole document parsed == the table's rows for it, in order: nothing missed, nothing extra."""
    expected = [e for d, _, rows in SOURCE if d == doc for e in rows]
    assert actual(doc_texts()[doc]) == expected


def test_spanish_edition_annex_gives_the_same_penalties() -> None:
    """001's annex is 000's English text with other line wrapping: same penalties."""
    assert actual(doc_texts()["a-hrc-40-51-add-1-es"]) == actual(doc_texts()[SR])


def test_spans_index_the_given_text() -> None:
    text = "a fine of between 5,000 (Euro €0.46 / USD \\$0.63) and 50,000 Kip, and"
    (p,) = parse_penalties(text)
    assert p.span == (0, text.index(" Kip") + 4)


# --------------------------------------------------------------------------------------------
# parse_penalty, errors, the model
# --------------------------------------------------------------------------------------------


def test_parse_penalty_one() -> None:
    p = parse_penalty(
        "seven to fifteen years of imprisonment and a fine not exceeding 100million Kip"
    )
    assert (p.prison_min_months, p.prison_max_months, p.fine_max_kip) == (84, 180, 100 * M)


def test_parse_penalty_none_names_the_place() -> None:
    with pytest.raises(PenaltyParseError) as info:
        parse_penalty("no numbers here", file="data/readings/x.yaml", line=12, locator="74")
    assert isinstance(info.value, LexgapError)
    assert "data/readings/x.yaml:12" in str(info.value)
    assert "paragraph 74" in str(info.value)
    assert "no penalty found" in str(info.value)


def test_parse_penalty_several() -> None:
    with pytest.raises(PenaltyParseError, match="2 penalties found"):
        parse_penalty("5 to 15 years of imprisonment, while the other gives 10 to 20 years")


def test_model_is_strict() -> None:
    with pytest.raises(ValidationError):
        Penalty(prison_min_months=24, prison_max_months=12, span=(0, 1))
    with pytest.raises(ValidationError):
        Penalty(span=(0, 1), life=True)  # type: ignore[call-arg]
    p = Penalty(span=(0, 1))
    with pytest.raises(ValidationError):
        p.death_penalty = True  # type: ignore[misc]


@pytest.mark.parametrize(
    "text, value",
    [
        ("7", 7),
        ("twenty-five", 25),
        ("twenty five", 25),
        ("one hundred", 100),
        ("one hundred and twenty", 120),
        ("two hundred thousand", 200_000),
        ("5,000", 5_000),
        ("10,664,000", 10_664_000),
        ("663.330.000", 663_330_000),
        ("20.000", 20_000),
        ("1.5", 1.5),
        ("Fifteen", 15),
    ],
)
def test_number_value(text: str, value: float) -> None:
    assert number_value(text) == pytest.approx(value)


@pytest.mark.parametrize(
    "content, message",
    [
        ("units: {one: 1}\n", "section 'teens' is missing"),
        ("units: [one\n", "not valid YAML"),
        (
            "units: {one: 1}\nteens: {ten: 10}\ntens: {twenty: 20}\nmultipliers: {hundred: 100}\n"
            "scales: {million: 1000000}\n",
            "multipliers must be",
        ),
        ("units: {One: 1}\n", "not a lower-case word"),
        ("units: {one: -1}\n", "not a positive integer"),
        ("units: {one: 1}\nordinals: {first: 1}\n", "unknown section"),
    ],
)
def test_number_words_file_errors(
    content: str, message: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A broken number_words.yaml is a DataFileError naming the file (and line for bad YAML)."""
    (tmp_path / "number_words.yaml").write_text(content, encoding="utf-8")
    monkeypatch.setattr("lexgap.core.options.DATA", tmp_path)
    with pytest.raises(DataFileError, match=message) as info:
        patterns_legal.load_number_words.__wrapped__()
    assert "number_words.yaml" in str(info.value)


# --------------------------------------------------------------------------------------------
# Properties
# --------------------------------------------------------------------------------------------

_UNITS = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
_TEENS = ["ten", "eleven", "twelve", "thirteen", "fourteen"]
_TEENS += ["fifteen", "sixteen", "seventeen", "eighteen", "nineteen"]
_TENS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


def words(n: int) -> str:
    """English words for 1 <= n < 1,000,000, written independently of the parser's data."""
    assert 0 < n < 1_000_000
    if n >= 1000:
        head, rest = divmod(n, 1000)
        return f"{words(head)} thousand" + (f" {words(rest)}" if rest else "")
    if n >= 100:
        head, rest = divmod(n, 100)
        return f"{_UNITS[head - 1]} hundred" + (f" and {words(rest)}" if rest else "")
    if n >= 20:
        ten, unit = divmod(n, 10)
        return _TENS[ten - 2] + (f"-{_UNITS[unit - 1]}" if unit else "")
    return _TEENS[n - 10] if n >= 10 else _UNITS[n - 1]


def digits(n: int, sep: str) -> str:
    return f"{n:,}".replace(",", sep)


render = st.sampled_from(["words", "digits", "comma", "dot"])


def spell(n: int, how: str) -> str:
    """n as words, plain digits, or digits with "," or "." thousands separators."""
    if how == "words":
        return words(n)
    if how == "digits":
        return str(n)
    return digits(n, "," if how == "comma" else ".")


@settings(max_examples=150, deadline=None)
@given(
    lo=st.integers(1, 100),
    span=st.integers(0, 100),
    how_lo=render,
    how_hi=render,
    unit=st.sampled_from(["years", "months"]),
    tail=st.sampled_from(["", " of imprisonment", " imprisonment"]),
)
def test_prison_range_round_trip(
    lo: int, span: int, how_lo: str, how_hi: str, unit: str, tail: str
) -> None:
    hi = lo + span if unit == "months" else min(lo + span, 100)
    text = f"shall be punished by {spell(lo, how_lo)} to {spell(hi, how_hi)} {unit}{tail}."
    factor = 12 if unit == "years" else 1
    (p,) = parse_penalties(text)
    assert (p.prison_min_months, p.prison_max_months) == (lo * factor, hi * factor)


@settings(max_examples=150, deadline=None)
@given(
    lo=st.integers(1, 999_999),
    hi=st.integers(1, 999_999),
    how=render,
    glue=st.sampled_from(["", " "]),
    million=st.booleans(),
)
def test_fine_round_trip(lo: int, hi: int, how: str, glue: str, million: bool) -> None:
    lo, hi = min(lo, hi), max(lo, hi)
    scale = f"{glue}million" if million and how != "words" else (" million" if million else "")
    factor = M if million else 1
    text = f"and a fine of {spell(lo, how)}{scale} to {spell(hi, how)}{scale} Kip."
    (p,) = parse_penalties(text)
    assert (p.fine_min_kip, p.fine_max_kip) == (lo * factor, hi * factor)
    text = f"and a fine not exceeding {spell(hi, how)}{scale} Kip."
    (p,) = parse_penalties(text)
    assert (p.fine_min_kip, p.fine_max_kip) == (None, hi * factor)


@settings(max_examples=150, deadline=None)
@given(
    a=st.integers(0, 150),
    b=st.integers(0, 150),
    ua=st.sampled_from(["", " months", " years"]),
    ub=st.sampled_from([" months", " years"]),
    fine=st.booleans(),
)
def test_min_never_exceeds_max(a: int, b: int, ua: str, ub: str, fine: bool) -> None:
    text = f"{a}{ua} to {b}{ub} of imprisonment" if not fine else f"a fine of {a} to {b} kip"
    for p in parse_penalties(text):
        for lo, hi in (
            (p.prison_min_months, p.prison_max_months),
            (p.fine_min_kip, p.fine_max_kip),
        ):
            assert lo is None or hi is None or lo <= hi


_VOCAB = [
    "to",
    "and",
    "or",
    "-",
    "–",
    " ",
    ",",
    ".",
    "(",
    ")",
    "years",
    "year",
    "months",
    "of",
    "imprisonment",
    "a fine",
    "fined",
    "fine",
    "not exceeding",
    "up to",
    "more than",
    "between",
    "from",
    "million",
    "Kip",
    "kips",
    "the death penalty",
    "re-education without detention",
    "confiscation of assets",
    "under",
    "aged",
    "old",
    "(10)",
    "ten",
    "twenty-five",
    "hundred",
    "thousand",
    "one",
    "5",
    "1,000",
    "663.330.000",
    "150million",
    "1.5",
    "0",
    "999999999999",
    "(Euro €1 / USD \\$1)",
    "shall be",
    "term of",
    "sentencing ranging",
    "next",
    "girl",
]


@settings(max_examples=300, deadline=None)
@given(
    st.one_of(st.text(max_size=200), st.lists(st.sampled_from(_VOCAB), max_size=30).map(" ".join))
)
def test_arbitrary_text_never_crashes(text: str) -> None:
    found = parse_penalties(text)
    for p in found:
        assert 0 <= p.span[0] <= p.span[1] <= len(text)
    with contextlib.suppress(PenaltyParseError):
        parse_penalty(text)
