"""Curated links from recommendations to what they press on, and the State's responses.

One YAML file per document in `data/recommendations/<document-id>.yaml`:

- `targets`: for a recommendation (by locator: "66(b)", "30(c)", or a 003 bullet's locator),
  the kinds of action it asks for, the offence concepts and provisions it presses on (or
  `no_law: true` for training, budget and the like), and a verbatim quote from the
  recommendation's passage that justifies the link;
- `responses` (the State party's report): which of the Committee's recommendations a passage
  answers, how (reports a law, reports action, declines, partly), the provisions it cites in
  reply, and a quote.

Every entry is checked like the curated readings: the passage exists, the quote is in it
(whitespace folded), offences and instruments exist, targets point at a recommendation the
extractor found, responses at a recommendation of the document they answer. All failures are
listed at once with file and line.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from pydantic import Field, model_validator

from lexgap.core import options
from lexgap.core.errors import (
    DataFileError,
    ErrorGroup,
    LexgapError,
    in_file_order,
)
from lexgap.loaders.models import Model, Passage
from lexgap.loaders.readings import ProvisionRef, anchor_quote, check_names
from lexgap.loaders.yaml_lines import line_of, load_yaml_with_lines, validate_sections

Action = Literal[
    "criminalise",
    "amend",
    "adopt-law",
    "prohibit",
    "ratify",
    "withdraw-reservation",
    "enforce",
    "train",
    "resource",
    "collect-data",
    "coordinate",
    "provide-services",
    "raise-awareness",
    "cooperate-internationally",
    "protect-victims",
    "regulate",
    "research",
    "other",
]
ResponseKind = Literal["reports-law", "reports-action", "declines", "partial"]


class Target(Model):
    locator: str
    actions: list[Action] = Field(min_length=1)
    offences: list[str] = Field(default_factory=list)
    provisions: list[ProvisionRef] = Field(default_factory=list)
    no_law: bool = False
    quote: str = Field(min_length=3)
    note: str | None = None

    @model_validator(mode="after")
    def _targets_something(self) -> Target:
        if not self.no_law and not self.offences and not self.provisions:
            raise ValueError("a target names offences or provisions, or says no_law: true")
        if self.no_law and self.provisions:
            raise ValueError("no_law: true cannot name provisions")
        return self


class Response(Model):
    locator: str
    answers: list[str] = Field(min_length=1)
    kind: ResponseKind
    provisions: list[ProvisionRef] = Field(default_factory=list)
    quote: str = Field(min_length=3)
    note: str | None = None


class TargetsFile(Model):
    document: str
    answers_document: str | None = None  # for responses: the document whose recommendations
    targets: list[Target] = Field(default_factory=list)
    responses: list[Response] = Field(default_factory=list)


SECTIONS: dict[str, type[Model]] = {"targets": Target, "responses": Response}


@dataclass
class LocatedTarget:
    entry: Target
    document: str
    line: int | None
    quote_span: tuple[int, int]


@dataclass
class LocatedResponse:
    entry: Response
    document: str
    answers_document: str
    line: int | None
    quote_span: tuple[int, int]


@dataclass
class Targets:
    targets: list[LocatedTarget] = field(default_factory=list)
    responses: list[LocatedResponse] = field(default_factory=list)


def bundled_targets_dir() -> Path:
    return options.BUNDLED_RECOMMENDATIONS


def load_targets(
    passages: Mapping[str, Mapping[str, Passage]],
    recommendations: Mapping[str, set[str]],
    instruments: Iterable[str],
    offences: Iterable[str],
    targets_dir: Path | None = None,
) -> Targets:
    """Load and check every targets file.

    `passages`: document id -> locator -> passage; `recommendations`: document id -> locators
    of the recommendations the extractor found there.
    """
    folder = targets_dir if targets_dir is not None else bundled_targets_dir()
    known_instruments = set(instruments)
    known_offences = set(offences)
    out = Targets()
    errors: list[LexgapError] = []
    if not folder.is_dir():
        raise DataFileError("recommendation targets folder not found", file=folder)
    for path in sorted(folder.glob("*.yaml")):
        try:
            loaded = load_yaml_with_lines(path)
            if not isinstance(loaded, dict):
                raise DataFileError(
                    "expected a mapping with document/targets/responses", file=path, line=1
                )
        except LexgapError as exc:
            errors.append(exc)
            continue
        # Schema problems are reported, and the valid entries still checked against the text.
        parsed, kept, problems = validate_sections(TargetsFile, loaded, path, SECTIONS)
        errors.extend(problems)
        if parsed is None:
            continue
        data, raw = parsed, {**loaded, **kept}
        doc = data.document
        doc_passages = passages.get(doc)
        if doc_passages is None:
            errors.append(
                DataFileError(
                    f"unknown document {doc!r}",
                    file=path,
                    line=line_of(raw),
                    hint="known: " + ", ".join(sorted(passages)),
                )
            )
            continue

        def check_common(
            entry: Target | Response,
            line: int | None,
            refs: list[ProvisionRef],
            notations: list[str],
            _path: Path = path,
            _doc_passages: Mapping[str, Passage] = doc_passages,
            _doc: str = doc,
        ) -> tuple[int, int] | None:
            def fail(message: str, hint: str | None = None) -> None:
                errors.append(
                    DataFileError(message, file=_path, line=line, locator=entry.locator, hint=hint)
                )

            check_names(notations, refs, known_offences, known_instruments, fail)
            anchored = anchor_quote(entry.locator, entry.quote, _doc, _doc_passages, fail)
            return None if anchored is None else anchored[1]

        raw_targets = list(raw.get("targets") or [])
        seen: dict[str, int | None] = {}
        for entry, raw_entry in zip(data.targets, raw_targets, strict=True):
            line = line_of(raw_entry)
            if entry.locator in seen:
                errors.append(
                    DataFileError(
                        f"second target entry for {entry.locator!r}",
                        file=path,
                        line=line,
                        hint=f"first at line {seen[entry.locator]}; merge them",
                    )
                )
                continue
            seen[entry.locator] = line
            span = check_common(entry, line, entry.provisions, entry.offences)
            if entry.locator not in recommendations.get(doc, set()):
                errors.append(
                    DataFileError(
                        f"{entry.locator!r} is not a recommendation of {doc}",
                        file=path,
                        line=line,
                        hint="targets attach to recommendations the extractor finds",
                    )
                )
                continue
            if span is not None:
                out.targets.append(LocatedTarget(entry, doc, line, span))
        raw_responses = list(raw.get("responses") or [])
        if data.responses and data.answers_document is None:
            errors.append(
                DataFileError("responses need answers_document", file=path, line=line_of(raw))
            )
            continue
        for response, raw_entry in zip(data.responses, raw_responses, strict=True):
            line = line_of(raw_entry)
            span = check_common(response, line, response.provisions, [])
            answered = recommendations.get(data.answers_document or "", set())
            missing = [a for a in response.answers if a not in answered]
            if missing:
                errors.append(
                    DataFileError(
                        f"answers {', '.join(missing)}: not recommendation(s) of "
                        f"{data.answers_document}",
                        file=path,
                        line=line,
                    )
                )
                continue
            if span is not None:
                out.responses.append(
                    LocatedResponse(response, doc, data.answers_document or "", line, span)
                )
    if errors:
        raise ErrorGroup(
            in_file_order(errors), f"{len(errors)} problem(s) in the recommendation targets"
        )
    return out
