"""Namespaces and the IRI scheme.

IRIs are readable and stable, built from one configurable base so that a user publishing the
graph can mint IRIs under their own domain (`--base` / `LEXGAP_BASE`):

    {base}doc/crc-c-opsc-lao-co-1                     a source document
    {base}doc/crc-c-opsc-lao-co-1/para/30/c           its paragraph 30(c)
    {base}doc/a-hrc-40-51-add-1/fn/4                  a footnote
    {base}doc/csec-study-2011/passage/v-legal-...-3   a passage of the unnumbered study
    {base}la/penal-code                               an instrument (Lao law)
    {base}la/penal-code/2017                          the version a source names with that year
    {base}la/penal-code/year-not-stated               ... or with no year
    {base}la/penal-code/2017/art/257                  an article of that version
    {base}int/opsc/art/5-2                            an article of an international instrument
    {base}x007/penal-code/2017/art/257                the same for a document whose manifest entry
                                                      names another jurisdiction (x007)

Our own terms live in one namespace (LEX), defined in ontology/lexgap.ttl.
"""

from __future__ import annotations

import os
import re

from rdflib import Namespace, URIRef

from lexgap.core import options

LEX = Namespace("https://lexgap.example.org/ns#")
ELI = Namespace("http://data.europa.eu/eli/ontology#")
OA = Namespace("http://www.w3.org/ns/oa#")
PROV = Namespace("http://www.w3.org/ns/prov#")

DEFAULT_BASE = "https://lexgap.example.org/id/"

# The jurisdiction of international instruments; every other one is a country's national law.
INTERNATIONAL = "int"
# The country of the bundled corpus and of the instrument table's national laws
# (data/instruments.yaml: jurisdiction la; core/options.py). A document whose manifest names no
# jurisdiction is about it.
HOME = options.HOME

# ISO 639-1 codes as IRIs (Library of Congress), for dcterms:language, whose range is a
# linguistic system: a resource, not the bare code.
LANGUAGE_BASE = "http://id.loc.gov/vocabulary/iso639-1/"

# eli:jurisdiction names the place a legal resource originates from by an IRI of the EU
# country authority table. Only the countries whose code we know get one; every jurisdiction
# keeps its short key as lex:jurisdiction, which the queries join on.
COUNTRY_AUTHORITY = "http://publications.europa.eu/resource/authority/country/"
ELI_JURISDICTIONS = {"la": "LAO"}

PREFIXES = {
    "lex": LEX,
    "eli": ELI,
    "oa": OA,
    "prov": PROV,
    "dcterms": Namespace("http://purl.org/dc/terms/"),
    "skos": Namespace("http://www.w3.org/2004/02/skos/core#"),
}

# Locator shapes with their own readable IRI path.
_PARA = re.compile(r"^(\d+)$")  # "29"
_ITEM = re.compile(r"^(\d+)\(([a-z]+)\)$")  # "66(b)"
_FOOTNOTE = re.compile(r"^fn (\S+)$")  # "fn 4", "fn *"
_NON_SLUG = re.compile(r"[^a-z0-9]+")


def slug(text: str) -> str:
    """Lower-case, ASCII letters and digits joined by hyphens: '3 (1) (a) (i)' -> '3-1-a-i'."""
    return _NON_SLUG.sub("-", text.lower()).strip("-") or "x"


class IRIs:
    """Mints every IRI of the graph from one base."""

    def __init__(self, base: str | None = None) -> None:
        base = base or os.environ.get("LEXGAP_BASE") or DEFAULT_BASE
        self.base = base if base.endswith(("/", "#")) else base + "/"

    def _iri(self, path: str) -> URIRef:
        return URIRef(self.base + path)

    def document(self, doc_id: str) -> URIRef:
        return self._iri(f"doc/{doc_id}")

    def passage(self, doc_id: str, locator: str) -> URIRef:
        if m := _PARA.match(locator):
            return self._iri(f"doc/{doc_id}/para/{m.group(1)}")
        if m := _ITEM.match(locator):
            return self._iri(f"doc/{doc_id}/para/{m.group(1)}/{m.group(2)}")
        if m := _FOOTNOTE.match(locator):
            note = m.group(1).replace("*", "star-").strip("-") if "*" in m.group(1) else m.group(1)
            return self._iri(f"doc/{doc_id}/fn/{slug(note)}")
        return self._iri(f"doc/{doc_id}/passage/{slug(locator)}")

    def citation(self, doc_id: str, locator: str, start: int) -> URIRef:
        return URIRef(f"{self.passage(doc_id, locator)}/cite/{start}")

    def agent(self, name: str) -> URIRef:
        """The body that issued a document (dcterms:creator), one node per name."""
        return self._iri(f"agent/{slug(name)}")

    def offence(self, notation: str) -> URIRef:
        return self._iri(f"offence/{notation}")

    def statement(self, statement_id: str) -> URIRef:
        return self._iri(f"statement/{statement_id}")

    def assessment(self, assessment_id: str) -> URIRef:
        return self._iri(f"assessment/{assessment_id}")

    def recommendation(self, doc_id: str, locator: str) -> URIRef:
        """{base}recommendation/crc-c-opsc-lao-co-1/30/c, beside the passage it comes from."""
        path = str(self.passage(doc_id, locator))[len(self.base) + len(f"doc/{doc_id}/") :]
        for prefix in ("para/", "passage/"):
            if path.startswith(prefix):
                path = path[len(prefix) :]
        return self._iri(f"recommendation/{doc_id}/{path}")

    def response(self, doc_id: str, locator: str) -> URIRef:
        path = str(self.passage(doc_id, locator))[len(self.base) + len(f"doc/{doc_id}/") :]
        return self._iri(f"response/{doc_id}/{path}")

    def version_status(self, status_id: str) -> URIRef:
        return self._iri(f"version-status/{status_id}")

    def instrument(self, jurisdiction: str, instrument_id: str) -> URIRef:
        return self._iri(f"{jurisdiction}/{instrument_id}")

    def version(self, jurisdiction: str, instrument_id: str, year: int | None) -> URIRef:
        label = str(year) if year is not None else "year-not-stated"
        return self._iri(f"{jurisdiction}/{instrument_id}/{label}")

    def provision(
        self, jurisdiction: str, instrument_id: str, year: int | None, article: str
    ) -> URIRef:
        """A national law's article is part of the version a source names; an international
        instrument's is part of the instrument (sources give treaties no competing years)."""
        if jurisdiction != INTERNATIONAL:
            return URIRef(f"{self.version(jurisdiction, instrument_id, year)}/art/{slug(article)}")
        return URIRef(f"{self.instrument(jurisdiction, instrument_id)}/art/{slug(article)}")
