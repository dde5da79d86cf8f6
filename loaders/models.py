"""The typed boundary between the loaders and everything after them.

Everything a loader extracts is validated here: a passage with its stable locator, a citation
with its span into that passage's text. Models are frozen and forbid unknown fields so that a
typo in a data file or a loader bug surfaces as a validation error instead of a silent gap.
"""

from __future__ import annotations

import datetime
import re
from pathlib import PurePosixPath
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator


class Model(BaseModel):
    """Shared config: strict about unknown keys, immutable once built."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    def model_post_init(self, context: Any, /) -> None:
        """Share one set of the names of the fields given (pydantic's `model_fields_set`)
        among all instances given the same fields. Why: pydantic makes that set anew for every
        instance, 728 bytes, most of a passage's memory beside its 272-byte field dict; a
        100,000-paragraph source makes 184,000 passages, citations and recommendations, and
        the sets were 134 MB of the 240 MB they took. Safe because the models are frozen:
        pydantic adds to the set only when a field is assigned, which they refuse, and
        `model_copy` copies the set before it changes it."""
        del context
        given = self.__pydantic_fields_set__
        shared = _FIELDS_GIVEN.setdefault(frozenset(given), given)
        if shared is not given:
            object.__setattr__(self, "__pydantic_fields_set__", shared)


# One set of field names per distinct set given (a handful per model), see `Model`.
_FIELDS_GIVEN: dict[frozenset[str], set[str]] = {}


DATE_RE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def _real_date(value: str) -> bool:
    """A YYYY, YYYY-MM or YYYY-MM-DD that exists in the calendar (not 2015-02-30 or 2015-13)."""
    try:
        if len(value) == 10:
            datetime.date.fromisoformat(value)
        elif len(value) == 7 and not 1 <= int(value[5:]) <= 12:
            return False
    except ValueError:
        return False
    return True


Layout = Literal["sr-report", "crc-export", "study-pdf", "state-report"]
Language = Literal["en", "es", "fr"]


class DocumentMeta(Model):
    """One entry of a corpus manifest: what the document is, and the hash of its bytes."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    number: str
    file: str
    original_file: str | None = None
    title: str
    issued_by: str
    body: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    date: str | None
    date_note: str | None = None
    # For an undated document: the latest year its own facts come from. Used only to place it
    # in a timeline (always shown as "undated"), never as its date.
    facts_up_to: str | None = None
    language: Language
    symbol: str | None = None
    layout: Layout
    edition_of: str | None = None
    # The jurisdiction whose national law the document discusses, when it is not the one the
    # instrument table gives (la): its statutes then get their own nodes, `{base}<jurisdiction>/
    # penal-code/...`, so two countries' Penal Codes are never one law. International
    # instruments stay shared (`{base}int/...`). "int" itself is refused by the graph builder.
    jurisdiction: str | None = Field(default=None, pattern=r"^[a-z][a-z0-9-]*$")
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")

    @field_validator("file")
    @classmethod
    def _inside_corpus(cls, value: str) -> str:
        parts = PurePosixPath(value.replace("\\", "/")).parts
        if not parts or value.startswith(("/", "\\")) or ":" in parts[0] or ".." in parts:
            raise ValueError("file must be a path inside the corpus folder, such as report.txt")
        return value

    @field_validator("sha256", mode="before")
    @classmethod
    def _lower_hex(cls, value: object) -> object:
        # PowerShell's Get-FileHash prints upper-case hex; the hash is the same.
        return value.strip().lower() if isinstance(value, str) else value

    @field_validator("date", "facts_up_to")
    @classmethod
    def _iso_date(cls, value: str | None) -> str | None:
        if value is not None and not DATE_RE.match(value):
            raise ValueError("date must be YYYY, YYYY-MM or YYYY-MM-DD (or null when not given)")
        if value is not None and not _real_date(value):
            raise ValueError(f"{value} is not a date in the calendar")
        return value

    @property
    def year(self) -> int | None:
        return int(self.date[:4]) if self.date else None


class Manifest(Model):
    documents: list[DocumentMeta] = Field(min_length=1)


PassageKind = Literal["paragraph", "item", "footnote", "heading", "table", "front", "bullet"]


class Passage(Model):
    """A stable, citable unit of a document's text.

    `locator` is what a reader would write to point at it: "29", "66(b)", "fn 4", or for the
    unnumbered study a section path plus ordinal ("V. Legal & Policy Framework > Penal Code #3").
    `text` is cleaned (artefacts removed, lines that a page break or footnote split joined back
    with one space); quotes are checked against it. `lines` are the 1-based first and last lines of
    the source file the passage came from, so errors can point back into the document.
    """

    doc_id: str
    locator: str
    kind: PassageKind
    text: str
    context: tuple[str, ...] = ()
    parent: str | None = None
    line_start: int = Field(ge=1)
    line_end: int = Field(ge=1)
    ordinal: int = Field(ge=0)


class Citation(Model):
    """One mention of a statute (whole or by article) or of an international instrument's article.

    `instrument` is the canonical id from the alias table (data/instruments.yaml). `year` is the
    year the source gives for that law (stated in the mention, or inherited from a context the
    source itself states); None when the source gives none: never guessed. `span` indexes into the
    passage's cleaned text and `matched` is that slice.
    """

    doc_id: str
    locator: str
    instrument: str
    article: str | None
    year: int | None
    year_source: Literal["stated", "context", "none"] = "none"
    span: tuple[int, int]
    matched: str
