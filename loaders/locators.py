"""The one check that a document's passage locators are unique.

A locator ("29(a)", "fn 2", "V. Legal & Policy Framework #3") is how readings, targets and
answers point into a document, so two passages with one locator would make a quote's passage
ambiguous. Every layout checks while it assembles its passages (where it still knows the source
lines), `paragraphs.load_passages` checks what any layout returns, and `find_recommendations`
checks the passages it is handed; all of them through `UniqueLocators`, so the rule and the
message are the same everywhere.
"""

from __future__ import annotations

from pathlib import Path

from lexgap.core.errors import SourceError


class UniqueLocators:
    """The first line of every locator seen so far in one document; a repeat is an error.

    Fed one passage at a time (`add`), so a caller that validates other things in the same pass
    (empty text, length) reports whichever problem comes first in the document.
    """

    def __init__(self, *, file: str | Path | None = None, doc_id: str | None = None) -> None:
        self.file = file
        self.doc_id = doc_id
        self._first_line: dict[str, int] = {}

    def add(self, locator: str, line: int) -> None:
        """Record `locator`, whose passage starts at `line`; SourceError if it was seen before.

        The error names both lines. With the file known, "file:line" shows the second one and
        the hint the first; without it (passages handed over by a caller) the message names
        the document and both lines, since an error shows a line only next to its file.
        """
        first = self._first_line.get(locator)
        if first is None:
            self._first_line[locator] = line
            return
        if self.file is not None:
            raise SourceError(
                f"locator {locator!r} occurs twice",
                file=self.file,
                line=line,
                hint=f"first at line {first}",
            )
        raise SourceError(
            f"two passages of {self.doc_id} have locator {locator!r} (lines {first} and {line})",
            line=line,
            locator=locator,
        )
