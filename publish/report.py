"""The brief to share: `lexgap report`, one printable document an advocate can hand on.

The content is built once (publish/brief.py: the gap matrix, each answer with its reasons,
provisions, findings, recommendations and conflicts, every claim footnoted with its citation
and verbatim quote) and written in the format asked for: one self-contained HTML page that
works offline and prints as a paper (publish/report_html.py), or Markdown with footnotes
(publish/report_md.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from lexgap.publish.brief import Brief, brief
from lexgap.publish.report_html import html_page
from lexgap.publish.report_md import markdown

FORMATS = ("html", "md")


@dataclass(frozen=True)
class Report:
    """What `lexgap.api.report` made: the text, where it was written (None: not written) and
    the brief it says."""

    path: Path | None
    format: str
    text: str
    brief: Brief = field(repr=False)


def render(b: Brief, fmt: str) -> str:
    """The brief as one HTML page ("html") or as Markdown ("md")."""
    return html_page(b) if fmt == "html" else markdown(b)


__all__ = ["FORMATS", "Brief", "Report", "brief", "render"]
