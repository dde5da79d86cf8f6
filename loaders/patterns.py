"""Regular expressions of the citation extractor, each with a comment saying what it matches.

The extractor (`citations.py`) decides what a match means; this module only says what text looks
like a citation. Instrument *names* are not here: they are data (`data/instruments.yaml`), and
`name_pattern` turns that table into one alternation. Everything else the sources write around a
name (its year, its law number, the word "article" and the numbers after it) is here, so the
vocabulary of the five documents can be read, and extended, in one place.

Conventions: patterns are matched against a passage's cleaned text (whitespace folded to single
spaces), so a single space is written as " " or `\\s`; a year is four digits from 1900 to 2099.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache

# A plausible year of a law: 1900-2099, not part of a longer number.
YEAR = r"(?:19|20)\d{2}"

# Month names, for "in April 2017" and "adoption, in December 2014, of".
MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"

# --------------------------------------------------------------------------------------------
# Instrument names
# --------------------------------------------------------------------------------------------

# What may not touch a name on the left: a letter or digit (inside a word), "/" or "-" (inside a
# UN symbol such as "CRC/C/OPSC/LAO/CO/1" or a compound such as "UN-CRC", matched as a whole).
NAME_LEFT_GUARD = r"(?<![\w/\-])"
# What may not touch a name on the right: a letter or digit ("Optional Protocols", "CRCs"), "/"
# (a UN symbol), or "-" followed by a letter ("CRC-related").
NAME_RIGHT_GUARD = r"(?![\w/])(?!-\w)"


def _alias_regex(alias: str) -> str:
    """One alias as a regex: literal, except that a straight or curly apostrophe matches both
    ("Children's Law" / "Children’s Law") and a space matches any run of whitespace."""
    parts: list[str] = []
    for char in alias:
        if char in "'’":
            parts.append("['’]")
        elif char == " ":
            parts.append(r"\s+")
        else:
            parts.append(re.escape(char))
    return "".join(parts)


def name_pattern(aliases: Iterable[str]) -> re.Pattern[str]:
    """Any of the given names, case-sensitive, as whole words; longest alternative first so that
    "Optional Protocol on a communications procedure" wins over "Optional Protocol"."""
    ordered = sorted(set(aliases), key=lambda a: (-len(a), a))
    body = "|".join(_alias_regex(a) for a in ordered)
    return re.compile(f"{NAME_LEFT_GUARD}(?:{body}){NAME_RIGHT_GUARD}")


# A canonical instrument id: a lower-case slug ("penal-code", "ilo-c138").
INSTRUMENT_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


@cache
def abbreviation_after(abbreviations: tuple[str, ...]) -> re.Pattern[str]:
    """An instrument's abbreviation in brackets right after its name: " (ATIP)", "(OPSC)"."""
    body = "|".join(re.escape(a) for a in sorted(abbreviations, key=lambda a: (-len(a), a)))
    return re.compile(rf"\s?\((?:{body})\)")


# A law number written after a name: "Family Law No. 97/P", "(No.70/PO)", "(No. 159/PM)".
LAW_NUMBER_AFTER = re.compile(r"\s*\(?No\.?\s?\d+/[A-Z]+\)?")

# "(Amended)" after a name: "the 2012 Law on Criminal Procedure (Amended)".
AMENDED_AFTER = re.compile(r"\s\(Amended\)")

# --------------------------------------------------------------------------------------------
# Years stated with a name
# --------------------------------------------------------------------------------------------

# A year in brackets right after a name: "Penal Code (2005)". Not a period: "(2016-2025)".
YEAR_IN_BRACKETS = re.compile(rf"\s?\((?P<year>{YEAR})\)")

# "of <year>" right after a name: "The Labour Law of 2014", "Decree ... of 2014". Not a range.
YEAR_OF = re.compile(rf" of (?P<year>{YEAR})\b(?!\s?[-–]\s?\d)")

# An adoption phrase after a name: "promulgated in 2017", ", which was promulgated in 2016",
# ", promulgated in 2007", "adopted by the National Assembly in 2006", "in April 2017".
YEAR_ADOPTED_AFTER = re.compile(
    rf",?\s(?:which\s)?(?:(?:was|were|has\sbeen)\s)?(?:adopted|promulgated|enacted|passed|issued)"
    rf"(?:\sby\sthe\sNational\sAssembly)?\sin\s(?:{MONTH}\s)?(?P<year>{YEAR})\b"
)

# "in <year>" right after a name: "the Anti-Trafficking Law in 2016". Counts only when the
# sentence says the law was adopted or promulgated (see ADOPTION_TRIGGER); "in April 2017" too.
YEAR_IN = re.compile(rf" in (?:{MONTH} )?(?P<year>{YEAR})\b(?!\s?[-–]\s?\d)")

# A bare year right after a name: "Law on the Protection of ... Children 2006 (Article 89)".
# Not the start of a period ("2014–2020") and not a count ("2006 cases").
YEAR_BARE_AFTER = re.compile(rf" (?P<year>{YEAR})\b(?!\s?[-–]\s?\d)(?=\s*[(.,;:)]|\s*$)")

# A year right before a name: "the 2012 Law on Criminal Procedure", "The 1997 regulation ...".
YEAR_BEFORE = re.compile(rf"\b(?P<year>{YEAR}) $")

# The year between "adoption" and the name: "the adoption, in December 2014, of the Law on ...".
YEAR_ADOPTION_BEFORE = re.compile(
    rf"\b(?:adoption|promulgation|enactment),\s+in\s+(?:{MONTH}\s+)?(?P<year>{YEAR}),\s+of\s+"
    r"(?:the\s+)?$"
)

# A sentence that opens with the year and says the law was made then: "In 2016, Lao PDR adopted
# the Law on Anti-Trafficking in Persons", "In May 2017, the Prime Minister issued the Decree ...".
# Matched on the sentence's text up to the name.
YEAR_SENTENCE_OPENING_BEFORE = re.compile(
    rf"^In\s+(?:{MONTH}\s+)?(?P<year>{YEAR}),\s+[^.;]{{0,80}}?"
    r"\b(?:adopted|promulgated|enacted|issued|passed)\s+(?:the\s+|a\s+)?$"
)

# Words by which a sentence says a law was made, so that "<name> in <year>" gives its year:
# "the adoption of the Anti-Trafficking Law in 2016", "adopted a decree on ... in 2014".
# "adoption" alone is not enough (child adoption is a subject of these documents): it must be
# "adoption of".
ADOPTION_TRIGGER = re.compile(
    r"\b(?:adopted|promulgated|enacted|passed|issued|published"
    r"|(?:adoption|promulgation|enactment|publication) of)\b"
)

# The sentence that dates a new version for the rest of its section: "The National Assembly
# adopted a new penal code in April 2017." Matched on the text just before a name.
NEW_VERSION_BEFORE = re.compile(r"\b(?:adopted|promulgated|enacted|passed)\s+(?:a|the)\s+new\s+$")

# --------------------------------------------------------------------------------------------
# Articles
# --------------------------------------------------------------------------------------------

# The word that opens an article reference: "Article", "article", "Articles", "ARTICLE",
# "art.", "arts.".
ARTICLE_KEYWORD = r"(?:[Aa]rticles?|ARTICLES?|[Aa]rts?\.)"

# One subdivision in brackets: "(2)", "(a)", "(i)", "(iv)"; at most one space before it.
SUBDIVISION = r"\s?\((?:\d{1,3}|[a-z]|[ivx]{1,5})\)"

# An article number with its subdivisions: "89", "12.4", "5 (2)", "5(2)", "3 (1) (a) (i)".
ARTICLE_NUMBER = rf"\d{{1,4}}(?:\.\d{{1,3}})*(?:{SUBDIVISION})*"

# What may not follow a number for it to be an article: a measure ("12 years", "15 to 20",
# "5-6", "per cent") or more digits.
NOT_A_MEASURE = (
    r"(?!\s?[-–]\s?\d)(?![\d%])"
    r"(?!\s+(?:to|years?|months?|weeks?|days?|per|million|percent)\b)"
)

# An article reference: keyword, then the first item, then more items joined by commas, "and",
# "or": "Article 89", "articles 250 and 251", "Articles 355, 356 and 358", "art. 9 (1) and (2)",
# "arts. 3, 4 (2) and (3), 5, 6 and 7", "articles 2 (a) and 3 (1) (a) (i)", "Article 5(2)".
# A first item may be a subdivision alone, as in 003's "Article (c) of the Optional Protocol".
# "Paragraph N" after the numbers belongs to the (last) article: "Article 128 Paragraph 2".
ARTICLE_REF = re.compile(
    rf"\b{ARTICLE_KEYWORD}\s?"
    rf"(?P<items>(?:{ARTICLE_NUMBER}|\([a-z]\)){NOT_A_MEASURE}"
    rf"(?:(?:\s?,\s?(?:and\s|or\s)?|\s(?:and|or)\s)(?:{ARTICLE_NUMBER}|\((?:\d{{1,3}}|[a-z]|[ivx]{{1,5}})\)){NOT_A_MEASURE})*)"
    rf"(?:\s[Pp]aragraph\s(?P<paragraph>\d{{1,3}})\b)?"
)

# The joint between two items of ARTICLE_REF: ", ", ", and ", " and ", " or ".
ITEM_SEPARATOR = re.compile(r"\s?,\s?(?:and\s|or\s)?|\s(?:and|or)\s")

# One item inside ARTICLE_REF's items, with its position: a number with subdivisions, or
# subdivisions alone ("(2)" in "9 (1) and (2)", which belong to the number before them).
ARTICLE_ITEM = re.compile(rf"(?P<number>\d{{1,4}}(?:\.\d{{1,3}})*)?(?P<subs>(?:{SUBDIVISION})*)")

# One subdivision, to normalise "3 (1) (a) (i)" to "3(1)(a)(i)".
SUBDIVISION_ONE = re.compile(r"\((\d{1,3}|[a-z]|[ivx]{1,5})\)")

# An anaphor must not be the start of a name the table does not know: "the Law on Something"
# is a law we cannot name, not "the Law" named before.
ANAPHOR_RIGHT_GUARD = r"(?![\w/])(?!\s(?:on|No\.?|for)\b)"


def anaphor_pattern(phrases: Iterable[str]) -> re.Pattern[str]:
    """Any of the anaphor phrases of the table ("the Law", "the decree"), as whole words and not
    followed by what would make them the start of a name."""
    body = "|".join(re.escape(p) for p in sorted(set(phrases), key=lambda s: (-len(s), s)))
    return re.compile(f"{NAME_LEFT_GUARD}(?:{body}){ANAPHOR_RIGHT_GUARD}")


# After the numbers: the instrument follows ("of the Penal Code", "of the Law", "under the ...").
ARTICLE_OF = re.compile(r"\s(?:of|under)\s(?P<the>the\s)?")

# After the numbers: "thereof" points back at the instrument just named.
ARTICLE_THEREOF = re.compile(r"\sthereof\b")

# After the numbers: a name that was not recognised ("of the Council of Europe Convention ..."
# if it were not in the table). Such a reference is reported as unresolved, never attached to
# whatever instrument came earlier.
ARTICLE_OF_UNKNOWN = re.compile(r"\sof\s(?:the\s)?[A-Z]")

# Between a name and the keyword, for the forms where the name comes first:
#   "Law on ... Children 2006 (Article 89)"   -> " ("
#   "Contract Law: Article 7"                  -> ": "
#   "(Penal Code, Article 120)", "CRC Article 34", "Child LawArticle 36" -> ", " / " " / ""
NAME_THEN_BRACKET = re.compile(r"\s?\($")
NAME_THEN_ARTICLE = re.compile(r"^(?:\s?[:,])?\s?$")

# After the numbers in "(Article 127, Penal Code)": a comma, then the name, then ")".
ARTICLE_COMMA_NAME = re.compile(r",\s")

# A closing bracket right after the numbers (for "Name (Article 89)").
CLOSE_BRACKET = re.compile(r"\s?\)")

# --------------------------------------------------------------------------------------------
# Footnotes
# --------------------------------------------------------------------------------------------

# A run of superscript digits, the footnote anchors of 000/001/003 ("abuse.⁴⁴").
SUPERSCRIPT_RUN = re.compile(r"[⁰¹²³⁴⁵⁶⁷⁸⁹]+")

# A footnote's locator: "fn 44".
FOOTNOTE_LOCATOR = re.compile(r"^fn (?P<number>\d+)$")
