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

import io
import os
import re
import tempfile
from collections.abc import Iterator
from typing import TYPE_CHECKING, BinaryIO, cast

if TYPE_CHECKING:
    from _typeshed import WriteableBuffer

from rdflib import Literal, Namespace
from rdflib.plugins.serializers.nt import _quoteLiteral

XSD = "http://www.w3.org/2001/XMLSchema#"
_INTEGER = f"^^<{XSD}integer>"
TRUE = f'"true"^^<{XSD}boolean>'
FALSE = f'"false"^^<{XSD}boolean>'

# A typed literal the SHACL check's ill-typed scan passes over anyway (validate.py's
# `_LITERALS_TO_CHECK`): an integer in its canonical form (what `integer` makes) and the two
# booleans (what `boolean` makes).
_CANONICAL_INTEGER = re.compile(rf'"(0|-?[1-9][0-9]*)"{re.escape(_INTEGER)}')

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
    cites one article twice states `lex:cites` twice; `sorted` keeps one).

    Why runs: the lines of a 100,000-paragraph source are 1.9 million bytes objects, 360 MB
    held at once, the build's peak. Every `run_lines` lines are sorted, de-duplicated and
    written to an anonymous temporary file as one sorted run, and `sorted` merges the runs;
    only one run is in memory at a time. A graph smaller than one run (the bundled corpus,
    tests) is sorted in memory as before."""

    def __init__(self, run_lines: int | None = None) -> None:
        self.lines: list[bytes] = []
        # Every typed literal added but a canonical integer or boolean: the only literals the
        # SHACL check's ill-typed scan can report (see `SortedTriples.literals`).
        self.literals: set[str] = set()
        self._run_lines = run_lines or RUN_LINES
        self._runs: list[tuple[int, int]] = []  # (start, end) of each run in `_spilled`
        self._spilled: BinaryIO | None = None
        self._spilled_lines = 0

    def add(self, subject: str, predicate: str, obj: str) -> None:
        """One triple of N-Triples terms (`iri`, `text`, `integer`, ...)."""
        lines = self.lines
        lines.append(f"{subject} {predicate} {obj} .".encode())
        if obj[-1] == ">" and obj[0] == '"':  # a typed literal (an IRI starts with "<")
            self._typed(obj)
        if len(lines) >= self._run_lines:
            self._spill()

    def _typed(self, obj: str) -> None:
        if obj != TRUE and obj != FALSE and not _CANONICAL_INTEGER.fullmatch(obj):
            self.literals.add(obj)

    def extend(self, data: bytes) -> None:
        """Add the lines of an N-Triples document (rdflib's writer: the ontology, the
        taxonomy)."""
        lines = [line for line in data.split(b"\n") if line.strip()]
        for line in lines:
            # Subjects and predicates hold no quote (IRIs, blank nodes): a literal object
            # starts at the line's first one and ends before its " ." (a typed one with ">").
            quote = line.find(b'"')
            if quote >= 0:
                obj = line[quote:].rstrip()[:-1].rstrip()
                if obj.endswith(b">"):
                    self._typed(obj.decode())
        self.lines.extend(lines)
        if len(self.lines) >= self._run_lines:
            self._spill()

    def __len__(self) -> int:
        return self._spilled_lines + len(self.lines)

    def everything(self) -> Iterator[bytes]:
        """Every triple added so far as lines, spilled runs first (not sorted as a whole; a
        line repeated within one run comes once; nothing is emptied): what
        `GraphBuilder.graph` parses."""
        if self._spilled is not None:
            for start, end in self._runs:
                for block in _blocks(self._spilled.fileno(), start, end):
                    yield from block
        yield from self.lines

    def ntriples(self) -> tuple[bytes, int]:
        """The N-Triples document (`sorted`, in memory) and how many triples it holds."""
        with self.sorted() as done:
            return done.read(), done.count

    def _spill(self) -> None:
        """The lines in memory, sorted and each once, appended to the runs' file."""
        lines, self.lines = self.lines, []
        self._spilled_lines += len(lines)
        if self._spilled is None:
            self._spilled = _temporary()
        start = self._spilled.seek(0, 2)
        _write_sorted(lines, self._spilled)
        self._spilled.flush()  # the runs are read back with os.pread, below the buffer
        self._runs.append((start, self._spilled.tell()))

    def sorted(self) -> SortedTriples:
        """The lines sorted as bytes (subject, predicate, object), each once, written to an
        anonymous temporary file. Empties this object.

        Why a file: at 1.9 million triples the lines are 290 MB, and joined in memory they
        were as much again beside the list; written out piece by piece, each piece's lines
        freed as it goes, they take no memory once sorted, and Oxigraph reads them from the
        file (the store, the Turtle file). The file is unlinked from the start, so even a
        killed build leaves nothing behind."""
        if self._spilled is not None:
            return self._merged()
        lines, self.lines = self.lines, []
        fh = _temporary()
        try:
            count = _write_sorted(lines, fh)
            fh.flush()
        except BaseException:
            fh.close()
            raise
        return SortedTriples(fh, count, self._take_literals())

    def _take_literals(self) -> frozenset[str]:
        literals, self.literals = frozenset(self.literals), set()
        return literals

    def _merged(self) -> SortedTriples:
        """`sorted` once runs were spilled: the last run spilled too, then all merged (each
        line once, also across runs), and the runs' file closed."""
        if self.lines:
            self._spill()
        spilled, runs = self._spilled, self._runs
        assert spilled is not None
        self._spilled, self._runs, self._spilled_lines = None, [], 0
        fh = _temporary()
        try:
            count = _merge(spilled.fileno(), runs, fh)
            fh.flush()
        except BaseException:
            fh.close()
            raise
        finally:
            spilled.close()
        return SortedTriples(fh, count, self._take_literals())


def _write_sorted(lines: list[bytes], fh: BinaryIO) -> int:
    """Sort `lines`, write each once to `fh` (a line feed after each), emptying the list as
    it goes; returns how many were written."""
    lines.sort()
    count = 0
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
    lines.clear()
    return count


def _merge(fd: int, runs: list[tuple[int, int]], fh: BinaryIO) -> int:
    """Merge sorted runs (byte ranges of the file `fd`) into `fh`, each line once; returns how
    many lines were written.

    Why not `heapq.merge`: a Python step per line cost a second at 1.9 million lines. Here
    each round takes, from every run's current block, the lines up to the smallest of the
    blocks' last lines (the fence): every copy of a line up to the fence, from every run, is
    in this round and none in a later one, so sorting the round (`list.sort` merges the
    already sorted pieces it is given) and keeping each line once (`dict.fromkeys`, order
    kept) writes the merged lines in order, each once."""
    from bisect import bisect_right

    sources = [_blocks(fd, start, end) for start, end in runs]
    heads: list[tuple[list[bytes], Iterator[list[bytes]]]] = []
    for source in sources:
        first = next(source, None)
        if first is not None:
            heads.append((first, source))
    count = 0
    while heads:
        fence = min(block[-1] for block, _ in heads)
        batch: list[bytes] = []
        following: list[tuple[list[bytes], Iterator[list[bytes]]]] = []
        for block, source in heads:
            cut = bisect_right(block, fence)
            if cut == len(block):
                batch += block
                refill = next(source, None)
                if refill is not None:
                    following.append((refill, source))
            else:
                batch += block[:cut]
                following.append((block[cut:], source))
        heads = following
        batch.sort()
        unique = list(dict.fromkeys(batch))
        unique.append(b"")
        fh.write(b"\n".join(unique))
        count += len(unique) - 1
    return count


def _blocks(fd: int, start: int, end: int) -> Iterator[list[bytes]]:
    """The lines of one sorted run, bytes `start` to `end` of the file `fd`, a non-empty list
    of lines per block read (`os.pread`: every run reads the one file at its own offset)."""
    rest = b""
    at = start
    while at < end:
        block = os.pread(fd, min(_READ_BYTES, end - at), at)
        if not block:
            raise OSError(f"the sorted run ended early, at byte {at} of {end}")
        at += len(block)
        lines = (rest + block).split(b"\n")
        rest = lines.pop()
        if lines:
            yield lines
    if rest:
        yield [rest]


class _PositionalReader(io.RawIOBase):
    """Reads the file `fd` from its start with `os.pread`: the descriptor's own offset, which
    other readers move, is neither used nor moved (and the descriptor is not closed)."""

    def __init__(self, fd: int) -> None:
        super().__init__()
        self._fd = fd
        self._at = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: WriteableBuffer) -> int:
        with memoryview(buffer) as view:
            data = os.pread(self._fd, len(view), self._at)
            view[: len(data)] = data
        self._at += len(data)
        return len(data)


def _temporary() -> BinaryIO:
    """An anonymous temporary file (the caller closes it: a SortedTriples owns it)."""
    return tempfile.TemporaryFile(prefix="lexgap-ntriples-")


# How many lines `Triples.sorted` joins and writes at a time.
_WRITE_LINES = 100_000
# How many lines a graph being built holds before it writes them out as one sorted run
# (about 40 MB of bytes objects; a 100,000-paragraph source makes ten runs).
RUN_LINES = 200_000
# How much of one run a merge reads at a time.
_READ_BYTES = 1 << 20


class SortedTriples:
    """A graph's N-Triples, sorted and each once (`count` lines), in an anonymous temporary
    file: read whole (`read`), in pieces that end at a line's end (`pieces`), or streamed
    (`stream`). Close it (or use `with`) to free the file.

    `literals` are the typed literals among the lines other than canonical integers and
    booleans (`Triples` notes them as they are added): the only ones the SHACL check's
    ill-typed scan can report, which then looks up these instead of reading back every
    literal of the store (`validate.store_violations`), 4.5 s of CPU at 1.9 M triples."""

    def __init__(self, fh: BinaryIO, count: int, literals: frozenset[str] = frozenset()) -> None:
        self._fh = fh
        self.count = count
        self.literals = literals

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

    def reader(self) -> BinaryIO:
        """The file from its start, read at an offset of its own (`os.pread`), so that it can
        be read beside `stream` or `pieces`: the build writes the Turtle file from it while the
        store is loaded from the pieces."""
        return cast(BinaryIO, io.BufferedReader(_PositionalReader(self._fh.fileno()), 1 << 20))

    def pieces(self, size: int) -> Iterator[bytes]:
        """The lines in pieces of about `size` bytes, each ending at a line's end."""
        fh = self.stream()
        while piece := fh.read(size):
            # Rebound, not joined into a new name: the piece before the line's end is freed at
            # once rather than held beside the joined one while Oxigraph loads it (32 MB).
            piece += fh.readline()
            yield piece
