"""Writes graphs to disk: deterministic bytes, atomic replacement.

Determinism: the graph has no blank nodes, and rdflib's Turtle writer orders subjects and
predicates, so the same input gives byte-identical files (tested). Atomicity: we write to a
temporary file in the target folder and `os.replace` it over the old one, so an interrupted build
leaves the previous output intact and readers never see half a file.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from rdflib import Graph

from lexgap.loaders.errors import LexgapError


class OutputError(LexgapError):
    """The output location cannot be written."""


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
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def turtle_bytes(graph: Graph) -> bytes:
    data = graph.serialize(format="turtle", encoding="utf-8")
    return data if isinstance(data, bytes) else data.encode("utf-8")


def write_turtle(graph: Graph, path: Path) -> None:
    atomic_write_bytes(path, turtle_bytes(graph))
