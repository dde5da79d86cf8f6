"""User-facing errors.

Every failure a user can cause (a bad source file, a malformed data file, a quote that is not in
its passage, an unknown offence, a bad query) is raised as a `LexgapError` that names *where* the
problem is (file, line, paragraph) and, when we know it, what to do about it. The CLI prints these
as one line each and exits with the error's `exit_code`; anything else is a bug and keeps its
traceback.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

EXIT_INPUT = 1
EXIT_USAGE = 2
EXIT_REMOTE = 3


class LexgapError(Exception):
    """An error caused by input, with its location and an optional hint."""

    exit_code = EXIT_INPUT

    def __init__(
        self,
        message: str,
        *,
        file: str | Path | None = None,
        line: int | None = None,
        locator: str | None = None,
        hint: str | None = None,
    ) -> None:
        self.message = message
        self.file = str(file) if file is not None else None
        self.line = line
        self.locator = locator
        self.hint = hint
        super().__init__(self.render())

    def where(self) -> str:
        parts: list[str] = []
        if self.file:
            parts.append(self.file if self.line is None else f"{self.file}:{self.line}")
        if self.locator:
            parts.append(f"paragraph {self.locator}")
        return ", ".join(parts)

    def render(self) -> str:
        where = self.where()
        text = f"{where}: {self.message}" if where else self.message
        if self.hint:
            text += f" ({self.hint})"
        return text


class SourceError(LexgapError):
    """A source document or its manifest is missing, changed, undecodable or empty."""


class DataFileError(LexgapError):
    """A curated data file (YAML) is malformed or disagrees with the sources."""


class UsageError(LexgapError):
    """The user asked for something that does not exist (unknown document, offence, query)."""

    exit_code = EXIT_USAGE


class QueryError(LexgapError):
    """A SPARQL query does not parse or cannot run."""

    exit_code = EXIT_USAGE


class RemoteStoreError(LexgapError):
    """A remote SPARQL store is down, refuses us, or rejects the payload."""

    exit_code = EXIT_REMOTE


class ErrorGroup(LexgapError):
    """Several errors found in one pass (e.g. every bad quote of a data file), reported together."""

    def __init__(self, errors: Iterable[LexgapError], summary: str) -> None:
        self.errors = list(errors)
        super().__init__(summary)
        self.exit_code = max((e.exit_code for e in self.errors), default=EXIT_INPUT)

    def render(self) -> str:
        lines = [self.message] + [f"  {e.render()}" for e in getattr(self, "errors", [])]
        return "\n".join(lines)
