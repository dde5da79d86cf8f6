"""User-facing errors.

Every failure a user can cause (a bad source file, a malformed data file, a quote that is not in
its passage, an unknown offence, a bad query) is raised as a `LexgapError` that names *where* the
problem is (file, line, paragraph) and, when we know it, what to do about it. The CLI prints these
as one line each and exits with the error's `exit_code`; anything else is a bug and keeps its
traceback.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

EXIT_INPUT = 1
EXIT_USAGE = 2
EXIT_REMOTE = 3

# Control characters (newlines, escape sequences) in a message would break "one line per error"
# or drive the terminal; they are shown escaped instead. File names and locators come from the
# user, so they can hold anything.
_CONTROL = {c: f"\\x{c:02x}" for c in (*range(0x20), 0x7F)}


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
        return text.translate(_CONTROL)


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


class OutputError(LexgapError):
    """The output location cannot be written."""


class ExportError(LexgapError):
    """The graph cannot be exported as asked, or the export cannot be written."""


class GraphFileError(LexgapError):
    """A graph file does not parse."""


class ValidationFailed(LexgapError):
    """The graph violates the SHACL shapes."""


class UnsupportedShape(LexgapError):
    """A SHACL shape uses a construct the store-side check cannot translate faithfully."""


class StoreError(LexgapError):
    """The embedded store cannot be written or opened."""


class BuildLocked(LexgapError):
    """Another build holds the output folder."""


class PenaltyParseError(LexgapError):
    """A quote holds no penalty, or more than one where exactly one was expected."""


class AgeParseError(LexgapError):
    """A quote holds no age band, or more than one where exactly one was expected."""


class GapMapTooLarge(UsageError):
    """The map would have more nodes than a browser can lay out usefully."""


class ErrorGroup(LexgapError):
    """Several errors found in one pass (e.g. every bad quote of a data file), reported together."""

    errors: list[LexgapError]

    def __init__(self, errors: Iterable[LexgapError], summary: str) -> None:
        # A group of groups is flattened: every error stays one line under one summary.
        flat: list[LexgapError] = []
        for error in errors:
            flat.extend(error.errors if isinstance(error, ErrorGroup) else [error])
        self.errors = flat
        super().__init__(summary)
        self.exit_code = max((e.exit_code for e in self.errors), default=EXIT_INPUT)

    def render(self) -> str:
        lines = [self.message.translate(_CONTROL)]
        lines += [f"  {e.render()}" for e in getattr(self, "errors", [])]
        return "\n".join(lines)


def combine(errors: Sequence[LexgapError], summary: str) -> LexgapError:
    """One error as itself, several as a group under `summary` (give at least one)."""
    return errors[0] if len(errors) == 1 else ErrorGroup(errors, summary)


def raise_all(errors: Sequence[LexgapError], summary: str) -> None:
    """Raise every error found in one pass (see `combine`); do nothing if there are none."""
    if errors:
        raise combine(errors, summary)


def in_file_order(errors: Iterable[LexgapError]) -> list[LexgapError]:
    """Errors sorted by file, then line (errors without a line first), keeping found order."""
    return sorted(errors, key=lambda e: (e.file or "", e.line or 0))


def choices_hint(
    bad: Iterable[str], known: Iterable[str], what: str, *, list_all: bool = True
) -> str | None:
    """'did you mean X? valid WHAT: a, b, c' for values not among `known` (without the list
    when `list_all` is false: then None when nothing is close)."""
    import difflib  # only on an error: not every command pays for it

    valid = sorted(known)
    close = [m for b in bad for m in difflib.get_close_matches(b, valid, n=1, cutoff=0.6)]
    guess = f"did you mean {', '.join(close)}?" if close else ""
    if not list_all:
        return guess or None
    return f"{guess} valid {what}: {', '.join(valid)}".strip()
