"""The citation form: one citation per bundled document, checked against the document's own text.

A citation is only as good as what a reader finds when they follow it: the paragraph must
exist in the document, and the symbol and date it gives must be the ones the document shows
(or, where the document does not print its own symbol, what it does print must agree with it
and another source must cite it so). The rest tests the pieces: dates at the precision the
source gives, the study's page-free locators, what a user may type for a document or locator.
"""

from __future__ import annotations

import re

import pytest

from lexgap.core.errors import UsageError
from lexgap.loaders.citation_form import (
    DocumentRef,
    citation,
    format_date,
    locator_of,
    locator_phrase,
    resolve,
)
from lexgap.loaders.corpus import Corpus, LoadedDocument, read_corpus

pytestmark = pytest.mark.unit

MONTH_YEAR = re.compile(
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
    r" (\d{4})"
)


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    return read_corpus()


def _doc(corpus: Corpus, number: str) -> tuple[LoadedDocument, DocumentRef]:
    loaded = corpus.by_id(number)
    return loaded, DocumentRef.of(loaded.source.meta)


def _passage_text(loaded: LoadedDocument, locator: str) -> str:
    found = [p.text for p in loaded.passages if p.locator == locator]
    assert found, f"{loaded.id} has no passage {locator!r}"
    return found[0]


def test_sr_report_by_symbol_paragraph_and_date(corpus: Corpus) -> None:
    loaded, doc = _doc(corpus, "000")
    assert citation(doc, "27") == "A/HRC/40/51/Add.1, para. 27 (21 January 2019)"
    assert _passage_text(loaded, "27").startswith("Article 89 of the Law on the Protection")
    text = loaded.source.text
    assert "21 January 2019" in text  # the date line of the cover
    # The report does not print its own symbol; what it prints agrees with it: a document of
    # the Human Rights Council (A/HRC/...) for its fortieth session (.../40/...).
    assert "Human Rights Council" in text and "Fortieth session" in text
    assert doc.symbol is not None and doc.symbol.startswith("A/HRC/40/")


def test_spanish_edition_as_the_spanish_edition_of_the_symbol(corpus: Corpus) -> None:
    loaded, doc = _doc(corpus, "001")
    assert citation(doc, "summary") == (
        "Spanish edition of A/HRC/40/51/Add.1, summary (21 January 2019)"
    )
    assert citation(doc, "66(b)") == (
        "Spanish edition of A/HRC/40/51/Add.1, para. 66(b) (21 January 2019)"
    )
    assert _passage_text(loaded, "summary").startswith("En el presente informe")
    assert _passage_text(loaded, "66(b)")
    text = loaded.source.text
    assert "21 de enero de 2019" in text and "40º período de sesiones" in text
    assert "Consejo de Derechos Humanos" in text and "[Inglés únicamente]" in text


def test_committee_observations_by_symbol_paragraph_and_date(corpus: Corpus) -> None:
    loaded, doc = _doc(corpus, "002")
    assert citation(doc, "29(c)") == "CRC/C/OPSC/LAO/CO/1, para. 29(c) (5 June 2015)"
    assert _passage_text(loaded, "29(c)")
    text = loaded.source.text
    assert "adopted the following concluding observations at its 2024th meeting" in text
    assert "held on 5 June 2015" in text
    # The observations on the initial report CRC/C/OPSC/LAO/1: their symbol is the report's
    # with CO, and the State's follow-up report cites them by it.
    assert "(CRC/C/OPSC/LAO/1)" in text
    assert "CRC/C/OPSC/LAO/CO/1" in corpus.by_id("004").source.text


def test_study_by_title_section_and_page_free_locator(corpus: Corpus) -> None:
    loaded, doc = _doc(corpus, "003")
    locator = "V. Legal & Policy Framework > Child Prostitution > Penal Code table 1"
    assert citation(doc, locator) == (
        "Research Study on the Commercial Sexual Exploitation of Children in Lao PDR, "
        "section “V. Legal & Policy Framework › Child Prostitution › Penal Code”, table 1 "
        "(February 2011)"
    )
    assert citation(doc, "Executive Summary #13") == (
        "Research Study on the Commercial Sexual Exploitation of Children in Lao PDR, "
        "section “Executive Summary”, para. 13 (February 2011)"
    )
    assert _passage_text(loaded, locator) and _passage_text(loaded, "Executive Summary #13")
    text = loaded.source.text
    words = " ".join(text.replace("**", "").split())  # the cover's title is bold, on two lines
    assert doc.symbol is None and doc.title in words and "Technical Report · February 2011" in text
    assert "page" not in citation(doc, locator).lower()


def test_state_report_by_title_undated_with_its_facts_year(corpus: Corpus) -> None:
    loaded, doc = _doc(corpus, "004")
    assert citation(doc, "77") == (
        "Report of the Lao PDR to the Committee on the Rights of the Child following up the "
        "OPSC concluding observations (CRC/C/OPSC/LAO/CO/1), para. 77 (undated; facts up to "
        "2017)"
    )
    assert _passage_text(loaded, "77")
    text = loaded.source.text
    assert doc.date is None
    # Its latest dated facts are of 2017; the one later date is a plan ("expected ... in April
    # 2018"), which is why the manifest gives facts up to 2017 and no date.
    years = {int(m.group(1)): m for m in MONTH_YEAR.finditer(text)}
    assert max(y for y in years if y <= 2017) == 2017
    for year, m in years.items():
        if year > 2017:
            assert "expected" in text[m.start() - 120 : m.start()]


def test_every_documents_passages_can_be_cited(corpus: Corpus) -> None:
    for loaded in corpus.documents:
        doc = DocumentRef.of(loaded.source.meta)
        for p in loaded.passages:
            cited = citation(doc, p.locator)
            assert cited.startswith(doc.name + ", ") and cited.endswith(f"({doc.when})")
            assert " > " not in cited and "#" not in cited and "fn " not in cited
            # what a citation says is found again as the locator
            phrase = locator_phrase(p.locator)
            assert locator_of(phrase) == p.locator, (loaded.id, p.locator)


@pytest.mark.parametrize(
    ("iso", "words"),
    [("2015-06-05", "5 June 2015"), ("2011-02", "February 2011"), ("2017", "2017")],
)
def test_dates_keep_the_precision_the_source_gives(iso: str, words: str) -> None:
    assert format_date(iso) == words


@pytest.mark.parametrize(
    ("typed", "locator"),
    [
        ("29(c)", "29(c)"),
        ("para. 29 (c)", "29(c)"),
        ("¶29(c)", "29(c)"),
        ("paragraph 77", "77"),
        ("footnote 4", "fn 4"),
        ("fn 4", "fn 4"),
        ("summary", "summary"),
        ("Executive Summary › Key #3", "Executive Summary > Key #3"),
    ],
)
def test_a_locator_as_a_user_may_type_it(typed: str, locator: str) -> None:
    assert locator_of(typed) == locator


def test_a_document_by_id_number_or_symbol(corpus: Corpus) -> None:
    docs = [DocumentRef.of(d.source.meta) for d in corpus.documents]
    assert resolve(docs, "000").id == "a-hrc-40-51-add-1"
    assert resolve(docs, "A/HRC/40/51/Add.1").id == "a-hrc-40-51-add-1"  # the original
    assert resolve(docs, "a/hrc/40/51/add.1").id == "a-hrc-40-51-add-1"
    assert resolve(docs, "001").id == "a-hrc-40-51-add-1-es"
    assert resolve(docs, "CRC/C/OPSC/LAO/CO/1").id == "crc-c-opsc-lao-co-1"
    assert resolve(docs, "lao-opsc-followup-report").number == "004"
    with pytest.raises(UsageError, match="unknown document") as info:
        resolve(docs, "CRC/C/LAO/CO/2")
    assert "crc-c-opsc-lao-co-1 (002, CRC/C/OPSC/LAO/CO/1)" in (info.value.hint or "")
    # the corpus look-up behind --doc of `citations` and `statements` takes the symbol too
    assert corpus.by_id("CRC/C/OPSC/LAO/CO/1").id == "crc-c-opsc-lao-co-1"
    assert corpus.by_id("A/HRC/40/51/Add.1").id == "a-hrc-40-51-add-1"
