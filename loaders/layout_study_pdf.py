"""Paragraph loader for the 'study-pdf' layout (placeholder until implemented)."""

from __future__ import annotations

from lexgap.loaders.models import Passage
from lexgap.loaders.sources import SourceDocument


def parse(doc: SourceDocument) -> list[Passage]:
    raise NotImplementedError("layout study-pdf is not implemented yet")
