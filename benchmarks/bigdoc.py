"""One large source document: many short paragraphs in a single file (issue 22).

Why: the synthetic corpora of `synth.py` grow by adding documents, each the size of a real one,
so they never show a cost that grows with the size of ONE document. A user who adds a long
report (a 4 MB text of 100,000 short paragraphs took 88 s and 3 GB to build) meets exactly
that. This writes such a corpus: a manifest with one document in the Committee's `crc-export`
layout (numbered paragraphs on one line each, with section headings, sub-headings, lettered
items and inline footnotes), whose paragraphs cycle through short sentences that give every
loader real work: concerns, recommendations (and their items), citations of national law and
treaties by article, and plain text. The readings and recommendations folders are empty: this
measures the loader and the graph for the text, not curated data.

Usage: `python benchmarks/bigdoc.py --paragraphs 100000 --out DIR` writes DIR/sources (manifest
and text), DIR/readings and DIR/recommendations (empty); `lexgap build --sources DIR/sources
--readings DIR/readings --recommendations DIR/recommendations` builds it. The output depends
only on `--paragraphs`: the same number gives byte-identical files.
"""

from __future__ import annotations

import argparse
import hashlib
import shutil
import sys
from collections.abc import Sequence
from pathlib import Path

DOC_ID = "crc-c-big-co-1"
BIG_PARAGRAPHS = 100_000  # the size issue 22 sets a target for
FILE = "big-document.txt"
# The 4 MiB limit of a source document (loaders/sources.py); the full-size case stays under it.
MAX_BYTES = 4 * 1024 * 1024

# Short paragraph texts, cycled. Their mix (about one in four recommends, one in five cites a
# national law by article) keeps recommendation finding and citation extraction busy as in a
# real concluding observation, while each stays a line of about 30 characters.
TEXTS: tuple[str, ...] = (
    "The Committee is concerned.",
    "The Committee recommends action.",
    "See article {n} of the Penal Code.",
    "Data remain scarce.",
    "The Committee urges action.",
    "Victims lack support.",
    "Article {n} of the Penal Code applies.",
    "The Committee notes that data lack.",
    "Shelters are few.",
    "See article {m} of the Optional Protocol.",
    "The Committee recommends that the State party:",
    "Training is needed.",
)
# Lettered items follow a paragraph ending in ':' (a lead-in).
ITEMS: tuple[str, ...] = ("Adopt a law;", "Train judges.")


def document_text(paragraphs: int) -> str:
    """The document: a title line, then `paragraphs` numbered paragraphs under headings."""
    lines = [
        " Committee on the Rights of the Child",
        "\t\tConcluding observations on a large synthetic report[footnoteRef:1]*"
        " [1: \t*\tA benchmark document.]",
    ]
    section = 0
    for number in range(1, paragraphs + 1):
        if number % 1000 == 1:
            section += 1
            lines.append(f"\t{_roman(section)}.\tSection {section}")
            lines.append(f"\t\tTopic {section}")
        text = TEXTS[number % len(TEXTS)].format(n=number % 300 + 1, m=number % 12 + 1)
        if number % 97 == 0:  # now and then an inline footnote, cut into its own passage
            text += f" [{number + 1}: \t{number + 1}\tA note.]"
        lines.append(f"{number}.\t{text}")
        if text.endswith(":"):
            lines += [f"({letter})\t{item}" for letter, item in zip("ab", ITEMS, strict=True)]
    return "\n".join(lines) + "\n"


def _roman(value: int) -> str:
    """`value` in capital roman numerals (section headings: 'I.', 'XL.', 'C.')."""
    out = []
    for number, letters in (
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ):
        while value >= number:
            out.append(letters)
            value -= number
    return "".join(out)


def generate(paragraphs: int, out: Path) -> Path:
    """Write the corpus of one document of `paragraphs` paragraphs to `out` (replaced)."""
    if paragraphs < 1:
        raise ValueError("a document needs at least one paragraph")
    if out.exists():
        shutil.rmtree(out)
    for folder in ("sources", "readings", "recommendations"):
        (out / folder).mkdir(parents=True)
    data = document_text(paragraphs).encode("utf-8")
    if len(data) > MAX_BYTES:
        raise ValueError(f"{len(data):,} bytes is over the 4 MiB a source may have")
    (out / "sources" / FILE).write_bytes(data)
    manifest = (
        f"# One large document of {paragraphs} short paragraphs (benchmarks/bigdoc.py).\n"
        "documents:\n"
        f"  - id: {DOC_ID}\n"
        '    number: "900"\n'
        f"    file: {FILE}\n"
        f"    original_file: {FILE}\n"
        "    title: Concluding observations on a large synthetic report\n"
        "    issued_by: UN Committee on the Rights of the Child\n"
        "    body: crc-committee\n"
        '    date: "2020-01-31"\n'
        '    date_note: "Synthetic."\n'
        "    language: en\n"
        "    symbol: null\n"
        "    layout: crc-export\n"
        f"    sha256: {hashlib.sha256(data).hexdigest()}\n"
    )
    (out / "sources" / "manifest.yaml").write_text(manifest, "utf-8")
    return out


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--paragraphs", type=int, default=BIG_PARAGRAPHS)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    generate(args.paragraphs, args.out)
    size = (args.out / "sources" / FILE).stat().st_size
    print(f"wrote {args.paragraphs:,} paragraphs ({size:,} bytes) to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
