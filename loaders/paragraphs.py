"""Turns a verified source document into passages with stable locators.

Each of the four layouts in the corpus has its own module (`layout_*`); this module only picks
the right one from the manifest's `layout` field and checks what comes back (unique locators,
non-empty text) so that a layout bug cannot leak duplicate or empty passages into the graph.
"""

from __future__ import annotations

from collections.abc import Callable

from lexgap.core.errors import SourceError
from lexgap.loaders import (
    layout_crc_export,
    layout_sr_report,
    layout_state_report,
    layout_study_pdf,
)
from lexgap.loaders.locators import UniqueLocators
from lexgap.loaders.models import Passage
from lexgap.loaders.sources import SourceDocument

LayoutParser = Callable[[SourceDocument], list[Passage]]

LAYOUTS: dict[str, LayoutParser] = {
    "sr-report": layout_sr_report.parse,
    "crc-export": layout_crc_export.parse,
    "study-pdf": layout_study_pdf.parse,
    "state-report": layout_state_report.parse,
}


# The longest bundled passage has 2,377 characters. A passage a hundred times longer means the
# layout did not find the paragraph breaks (a wrong `layout:` in the manifest, or a text that
# lost its numbering); refusing it names the place, where citation finding, which grows with
# the square of the mentions in one passage, would otherwise run for minutes.
MAX_PASSAGE_CHARS = 50_000


def load_passages(doc: SourceDocument) -> list[Passage]:
    """All passages of one document, in reading order."""
    parser = LAYOUTS[doc.meta.layout]
    passages = parser(doc)
    if not passages:
        raise SourceError("no passages found", file=doc.path, hint=f"layout {doc.meta.layout}")
    locators = UniqueLocators(file=doc.path)
    for passage in passages:
        locators.add(passage.locator, passage.line_start)
        if not passage.text:
            raise SourceError(
                "empty passage", file=doc.path, line=passage.line_start, locator=passage.locator
            )
        if len(passage.text) > MAX_PASSAGE_CHARS:
            raise SourceError(
                f"passage of {len(passage.text):,} characters (lines {passage.line_start}-"
                f"{passage.line_end}); lexgap reads passages up to {MAX_PASSAGE_CHARS:,}",
                file=doc.path,
                line=passage.line_start,
                locator=passage.locator,
                hint=f"check that layout {doc.meta.layout} fits this document's paragraphs",
            )
    return passages
