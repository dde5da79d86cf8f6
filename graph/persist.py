"""One build, written out: the Turtle file and the embedded store, under the build lock.

`lexgap build` and the query commands (when the store is missing or stale) both come here, so
there is one way outputs are made: assemble the graph as sorted N-Triples, load them into a new
store generation (the Turtle file is written from them in a thread beside the load), validate
that store (`validate.check_store`), then publish both with one switch
(`graph.store.write_outputs`). A graph that fails validation, a
failure or an interruption at any point leaves every previous output as it was, and says so.
"""

from __future__ import annotations

import contextlib
import gc
import os
from collections.abc import Iterator
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from lexgap.core.errors import StoreError
from lexgap.core.progress import BUILD_STAGES, Progress
from lexgap.graph import validate
from lexgap.graph.assemble import Assembled, assemble
from lexgap.graph.ntriples import SortedTriples
from lexgap.graph.serialize import check_output_folder, write_turtle

if TYPE_CHECKING:
    import pyoxigraph as ox

from lexgap.graph.store import (
    GRAPH_FILE,
    LOAD_CHUNK_BYTES,
    Inputs,
    build_lock,
    current,
    fingerprint,
    listing,
    release_freed_memory,
    write_outputs,
)

__all__ = ["GRAPH_FILE", "build_outputs"]


@contextlib.contextmanager
def _gc_paused() -> Iterator[None]:
    """Python's cycle collector off for the build. Why: each full collection walks every live
    object, and the build's live objects (rdflib's indexes, millions of terms) grow with the
    corpus, so collections that the allocations keep triggering made the build superlinear
    (about a quarter of its time at 10 jurisdictions). The graph's terms, tuples and dicts form
    no reference cycles to reclaim: peak memory is the same with the collector off."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def check_base(base: str | None) -> None:
    """The base IRI (--base, else $LEXGAP_BASE) must make valid IRIs, checked before any work:
    `http://x y/` would fail only when the graph is written, as a traceback."""
    import pyoxigraph as ox

    from lexgap.core.errors import UsageError

    given = base or os.environ.get("LEXGAP_BASE")
    if not given:
        return
    try:
        ox.NamedNode(given + "doc/x")
        valid = ":" in given and not any(c.isspace() for c in given)
    except ValueError:
        valid = False
    if not valid:
        raise UsageError(
            f"not a valid base IRI: {given!r}",
            hint="an absolute IRI without spaces, e.g. https://example.org/id/",
        )


def build_outputs(
    inputs: Inputs, out: Path, *, keep_graph: bool = True, keep_inputs: bool = True
) -> Assembled:
    """Assemble, then write `{out}/lexgap.ttl` and the store `{out}/store/`, validated.

    `keep_graph=False` (the `lexgap build` command) drops the graph's N-Triples from the
    returned result once they are in the store: the writers need them once, and at 100
    jurisdictions they are a quarter of a gigabyte. The returned result then holds an empty
    graph. `keep_inputs=False` (the same command) drops the loaded corpus, readings,
    recommendations and targets before the store is loaded (`Assembled.drop_inputs`: the
    counts, coverage and tallies stay): the store load and its validation then do not sit on
    top of them, which was 150 MB of a 100,000-paragraph source's peak."""
    check_output_folder(out)
    check_base(inputs.base)
    # Taken before the inputs are read: a file changed during the build makes the store stale.
    seen = listing(inputs)
    stamp = fingerprint(inputs)
    # A bar on stderr when it is a terminal and the build runs past a couple of seconds.
    with _gc_paused(), Progress(BUILD_STAGES, label="lexgap build") as bar:
        try:
            built = assemble(
                inputs.sources,
                inputs.readings,
                base=inputs.base,
                targets_dir=inputs.targets,
                shacl=False,  # the store is validated below, before anything is published
                progress=bar,
            )
        except OSError as exc:
            # The sorted N-Triples' temporary file, the one file assemble writes (a full disk,
            # a size limit). A file it reads fails with its name, as the loaders report it.
            if exc.filename is not None:
                raise
            raise StoreError(
                f"cannot write the build outputs: {exc.strerror or exc}; "
                + (
                    "the previous outputs were left as they were"
                    if current(out)
                    else "nothing was written"
                ),
                file=out,
            ) from None
        triples = built.triples
        if not keep_inputs:
            built.drop_inputs()
            # Some of what was dropped is held in reference cycles, and the collector is
            # paused for the build: collected here, once, it is 50 MB more given back.
            gc.collect()
        if not keep_graph:
            built.triples = SortedTriples.empty()

        def validated(store: ox.Store) -> None:
            bar.stage("validating (SHACL)")
            release_freed_memory()
            validate.check_store(store, literals=triples.literals)
            bar.stage("writing Turtle")  # begun beside the load; what is left of it

        def turtle(out: BinaryIO) -> None:
            # Beside the store's load, in a thread of its own (graph.store.write_outputs):
            # read through a position of its own, not the one the load's pieces move.
            with triples.reader() as ntriples:
                write_turtle(ntriples, out)

        try:
            # The lock is taken only once there is something to write: a build that fails on
            # its input creates nothing, not even the output folder (nor does one whose graph
            # fails validation: its generation is removed, and the folders the lock made).
            with build_lock(out):
                bar.stage("loading store")
                release_freed_memory()
                write_outputs(
                    turtle,
                    triples.pieces(LOAD_CHUNK_BYTES),
                    out,
                    stamp,
                    asdict(built.counts),
                    seen,
                    check=validated,
                )
        finally:
            if not keep_graph:
                triples.close()
    return built
