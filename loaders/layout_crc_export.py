"""Paragraph loader for the 'crc-export' layout (placeholder until implemented)."""

from __future__ import annotations

from lexgap.loaders.models import Passage
from lexgap.loaders.sources import SourceDocument


def parse(doc: SourceDocument) -> list[Passage]:
    raise NotImplementedError("layout crc-export is not implemented yet")
