"""Writes graphs to disk: deterministic bytes, atomic replacement.

Determinism: the graph has no blank nodes, and its triples are written sorted (by subject,
predicate, object), so the same input gives byte-identical files (tested). Atomicity: we write to a
temporary file in the target folder and `os.replace` it over the old one, so an interrupted build
leaves the previous output intact and readers never see half a file.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import IO, BinaryIO, cast

import pyoxigraph as ox
from rdflib import Graph
from rdflib.namespace import OWL, RDFS, XSD

from lexgap.core.errors import OutputError
from lexgap.graph.namespaces import PREFIXES

#: The prefixes the Turtle files declare (and use wherever an IRI's local part allows).
TURTLE_PREFIXES = {
    **{name: str(ns) for name, ns in PREFIXES.items()},
    "owl": str(OWL),
    "rdfs": str(RDFS),
    "xsd": str(XSD),
}


def check_output_folder(out: Path) -> None:
    """Refuse an output folder that cannot be created or written, before seconds of work.
    A folder that does not exist yet is fine (it is created with its parents when written);
    the nearest existing ancestor must then be a writable folder."""
    probe = out
    while not probe.exists():
        if probe.parent == probe:
            break
        probe = probe.parent
    if probe.exists() and not probe.is_dir():
        raise OutputError(
            f"cannot create the output folder: {probe} is a file",
            file=out,
            hint="choose another --out",
        )
    if probe.is_dir() and not os.access(probe, os.W_OK | os.X_OK):
        raise OutputError(
            f"cannot create the output folder: {probe} is not writable",
            file=out,
            hint="choose another --out",
        )
    # What the build publishes: lexgap.ttl (a link it makes) and the store/ folder.
    turtle, store = out / "lexgap.ttl", out / "store"
    if turtle.is_dir() and not turtle.is_symlink():
        raise OutputError(
            "is a folder, where the build writes its Turtle file",
            file=turtle,
            hint="move it away or choose another --out",
        )
    if (store.exists() or store.is_symlink()) and not (store.is_dir() and not store.is_symlink()):
        raise OutputError(
            "is not a folder, where the build writes its store",
            file=store,
            hint="move it away or choose another --out",
        )


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Replace `path` with `data` in one step; never leave a partial file behind."""
    folder = path.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise OutputError(f"cannot write output: {exc.strerror}", file=path) from exc
    try:
        # mkstemp creates the file 0600; a written output is as readable as any new file.
        umask = os.umask(0)
        os.umask(umask)
        os.fchmod(fd, 0o666 & ~umask)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException as exc:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, OSError):  # a full disk, a size limit: one line, nothing replaced
            raise OutputError(
                f"cannot write output: {exc.strerror or exc}; the previous file (if any) is "
                "unchanged",
                file=path,
            ) from None
        raise


def ntriples_bytes(graph: Graph) -> bytes:
    """The graph as N-Triples (rdflib's writer; unsorted). The build writes it once and makes
    both the Turtle file and the store from it.

    Written through an anonymous temporary file rather than in memory: rdflib's in-memory
    output grows a buffer and then copies it, which at 100 jurisdictions held twice its 270 MB
    next to the graph itself; the file is unlinked from the start, so even a killed build
    leaves nothing behind."""
    with tempfile.TemporaryFile(prefix="lexgap-ntriples-") as fh:
        graph.serialize(destination=fh, format="nt", encoding="utf-8")
        fh.seek(0)
        return fh.read()


def turtle_from_ntriples(data: bytes) -> bytes:
    """Sorted Turtle from N-Triples, written by Oxigraph. Why not rdflib's Turtle writer: it
    took a third of a 100-jurisdiction build (two minutes for 1.8 million triples). Here the
    N-Triples lines are sorted as bytes (subject, then predicate, then object: the bytes stay
    deterministic) and streamed through Oxigraph's parser and writer, in seconds and without a
    Python object per triple."""
    lines = data.split(b"\n")
    lines.sort()
    body = b"\n".join(line for line in lines if line) + b"\n"
    del lines
    return turtle_from_sorted(body)


def turtle_from_sorted(body: bytes) -> bytes:
    """Turtle from N-Triples whose lines are already sorted as bytes (a build's, made by
    graph/ntriples.py): `turtle_from_ntriples` without sorting again."""
    out = ox.serialize(
        ox.parse(body, format=ox.RdfFormat.N_TRIPLES),
        format=ox.RdfFormat.TURTLE,
        prefixes=TURTLE_PREFIXES,
    )
    assert out is not None  # no output file given: the bytes are returned
    # The @prefix lines sorted too, whatever order the writer keeps its prefixes in (only
    # they are split off: the body stays one piece of bytes).
    end = 0
    while out.startswith(b"@prefix ", end) and (cut := out.find(b"\n", end)) >= 0:
        end = cut + 1
    return b"".join(sorted(out[:end].splitlines(keepends=True))) + out[end:]


def write_turtle(ntriples: BinaryIO, out: BinaryIO) -> None:
    """`turtle_from_sorted`, streamed: N-Triples whose lines are sorted as bytes, read from
    `ntriples`, written to `out` as Turtle, its @prefix lines sorted the same way. Neither
    the N-Triples nor the Turtle is held in memory (160 MB at 100 jurisdictions)."""
    head = _SortedHead(out)
    ox.serialize(
        ox.parse(ntriples, format=ox.RdfFormat.N_TRIPLES),
        cast("IO[bytes]", head),  # Oxigraph calls only `write` and `flush`
        format=ox.RdfFormat.TURTLE,
        prefixes=TURTLE_PREFIXES,
    )
    head.finish()


class _SortedHead:
    """A writable file that passes Oxigraph's Turtle on to `out`, the @prefix lines it opens
    with sorted (what `turtle_from_sorted` does to the whole bytes)."""

    def __init__(self, out: BinaryIO) -> None:
        self.out = out
        self.pending = b""
        self.scanned = 0  # where the first line not yet known to be a @prefix line starts
        self.done = False

    def write(self, data: bytes) -> int:
        if self.done:
            self.out.write(data)
            return len(data)
        self.pending += bytes(data)
        while len(self.pending) - self.scanned >= len(b"@prefix "):
            if not self.pending.startswith(b"@prefix ", self.scanned):
                self.finish()
                break
            end = self.pending.find(b"\n", self.scanned)
            if end < 0:
                break
            self.scanned = end + 1
        return len(data)

    def flush(self) -> None:
        self.out.flush()

    def finish(self) -> None:
        """Write the sorted head and whatever came after it (also at the end of the data)."""
        if self.done:
            return
        self.done = True
        head, rest = self.pending[: self.scanned], self.pending[self.scanned :]
        self.out.write(b"".join(sorted(head.splitlines(keepends=True))) + rest)
        self.pending = b""


def turtle_bytes(graph: Graph) -> bytes:
    """The graph as deterministic Turtle (see `turtle_from_ntriples`)."""
    return turtle_from_ntriples(ntriples_bytes(graph))
