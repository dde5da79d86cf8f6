"""N-Triples lines written as text, without an rdflib object per triple.

Why: the build's bulk (documents, passages, citations and their selectors, recommendations) is
most of the graph, and as rdflib terms it cost about 1 KB of memory per triple and most of the
graph-building time (a 100,000-paragraph source: 3 GB). Here a triple is one line of bytes,
the lines are sorted and deduplicated once, and Oxigraph loads them (the store, the Turtle
file); rdflib never holds the graph during a build.

The lines are exactly those rdflib's N-Triples writer gives for the same terms (`rdflib.plugins.
serializers.nt`): IRIs as `<...>`, a literal's text with backslash, line feed, double quote and
carriage return escaped (what the N-Triples grammar requires, STRING_LITERAL_QUOTE), the rest
as UTF-8; integers and booleans in their canonical form with their XSD datatype. So the sorted
lines, and the Turtle written from them, are byte for byte what the rdflib graph gave
(tests/test_ntriples.py compares the two on the bundled corpus). Other typed literals (dates,
years), a handful per document, are formatted by rdflib itself, which also normalises them.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Iterator
from typing import BinaryIO

from rdflib import Literal, Namespace
from rdflib.plugins.serializers.nt import _quoteLiteral

XSD = "http://www.w3.org/2001/XMLSchema#"
_INTEGER = f"^^<{XSD}integer>"
TRUE = f'"true"^^<{XSD}boolean>'
FALSE = f'"false"^^<{XSD}boolean>'

# What an IRIREF may not contain (N-Triples 1.1, [8]): controls, space and <>"{}|^`\ .
_NOT_IRI = re.compile(r'[\x00-\x20<>"{}|^`\\]')


def iri(value: str) -> str:
    """`<value>`; a character no IRI may hold is refused here, not by the parser of the store
    (rdflib refused the same IRIs when it serialised them)."""
    if _NOT_IRI.search(value):
        raise ValueError(f"not a valid IRI: {value!r}")
    return f"<{value}>"


def child(node: str, path: str) -> str:
    """The IRI `{node}{path}` of a node minted below `node` (`/quote`, `/target`)."""
    return iri(node[1:-1] + path)


def text(value: str) -> str:
    """A plain string literal."""
    return (
        '"'
        + value.replace("\\", "\\\\").replace("\n", "\\n").replace('"', '\\"').replace("\r", "\\r")
        + '"'
    )


def lang_text(value: str, lang: str) -> str:
    """A language-tagged string (the tag checked and kept as rdflib keeps it)."""
    return _quoteLiteral(Literal(value, lang=lang))


def integer(value: int) -> str:
    """An xsd:integer literal (`bool` is refused: it is an int to Python, not to RDF)."""
    if isinstance(value, bool):
        raise TypeError("a boolean is not an integer literal")
    return f'"{int(value)}"{_INTEGER}'


def boolean(value: bool) -> str:
    return TRUE if value else FALSE


def typed(lexical: str, datatype: str) -> str:
    """A literal of another datatype, as rdflib forms it (normalised where rdflib normalises:
    the old graph's exact bytes)."""
    return _quoteLiteral(Literal(lexical, datatype=datatype))


class Terms:
    """The IRIs of one namespace as N-Triples terms: `Terms(LEX).text` is
    `<https://lexgap.example.org/ns#text>` (made once per name)."""

    def __init__(self, namespace: Namespace | str) -> None:
        self._base = str(namespace)

    def __getattr__(self, name: str) -> str:
        term = iri(self._base + name)
        setattr(self, name, term)
        return term


class Triples:
    """The lines of a graph being built, in the order made (duplicates allowed: a passage that
    cites one article twice states `lex:cites` twice; `sorted` keeps one)."""

    def __init__(self) -> None:
        self.lines: list[bytes] = []

    def add(self, subject: str, predicate: str, obj: str) -> None:
        """One triple of N-Triples terms (`iri`, `text`, `integer`, ...)."""
        self.lines.append(f"{subject} {predicate} {obj} .".encode())

    def extend(self, data: bytes) -> None:
        """Add the lines of an N-Triples document (rdflib's writer: the ontology, the
        taxonomy)."""
        self.lines.extend(line for line in data.split(b"\n") if line.strip())

    def __len__(self) -> int:
        return len(self.lines)

    def ntriples(self) -> tuple[bytes, int]:
        """The N-Triples document (`sorted`, in memory) and how many triples it holds."""
        with self.sorted() as done:
            return done.read(), done.count

    def sorted(self) -> SortedTriples:
        """The lines sorted as bytes (subject, predicate, object), each once, written to an
        anonymous temporary file. Empties this object.

        Why a file: at 1.9 million triples the lines are 290 MB, and joined in memory they
        were as much again beside the list; written out piece by piece, each piece's lines
        freed as it goes, they take no memory once sorted, and Oxigraph reads them from the
        file (the store, the Turtle file). The file is unlinked from the start, so even a
        killed build leaves nothing behind."""
        lines, self.lines = self.lines, []
        lines.sort()
        fh = _temporary()
        count = 0
        try:
            previous = None
            for start in range(0, len(lines), _WRITE_LINES):
                piece = []
                for i in range(start, min(start + _WRITE_LINES, len(lines))):
                    line = lines[i]
                    lines[i] = b""
                    if line != previous:
                        piece.append(line)
                        previous = line
                if piece:
                    piece.append(b"")
                    fh.write(b"\n".join(piece))
                    count += len(piece) - 1
            fh.flush()
        except BaseException:
            fh.close()
            raise
        return SortedTriples(fh, count)


def _temporary() -> BinaryIO:
    """An anonymous temporary file (the caller closes it: a SortedTriples owns it)."""
    return tempfile.TemporaryFile(prefix="lexgap-ntriples-")


# How many lines `Triples.sorted` joins and writes at a time.
_WRITE_LINES = 100_000


class SortedTriples:
    """A graph's N-Triples, sorted and each once (`count` lines), in an anonymous temporary
    file: read whole (`read`), in pieces that end at a line's end (`pieces`), or streamed
    (`stream`). Close it (or use `with`) to free the file."""

    def __init__(self, fh: BinaryIO, count: int) -> None:
        self._fh = fh
        self.count = count

    def __enter__(self) -> SortedTriples:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._fh.close()

    @classmethod
    def empty(cls) -> SortedTriples:
        return cls(_temporary(), 0)

    def stream(self) -> BinaryIO:
        """The file from its start (one reader at a time)."""
        self._fh.seek(0)
        return self._fh

    def read(self) -> bytes:
        return self.stream().read()

    def pieces(self, size: int) -> Iterator[bytes]:
        """The lines in pieces of about `size` bytes, each ending at a line's end."""
        fh = self.stream()
        while piece := fh.read(size):
            yield piece + fh.readline()
