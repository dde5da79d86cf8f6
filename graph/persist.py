"""One build, written out: the Turtle file and the embedded store, under the build lock.

`lexgap build` and the query commands (when the store is missing or stale) both come here, so
there is one way outputs are made: assemble and validate the graph in memory first, then write
the Turtle file and the store as one new generation and publish both with one switch
(`graph.store.write_outputs`). A failure or interruption at any point leaves every previous
output as it was, and says so.
"""

from __future__ import annotations

import contextlib
import gc
import os
from collections.abc import Iterator
from dataclasses import asdict
from pathlib import Path

from rdflib import Graph

from lexgap.core.errors import StoreError
from lexgap.core.progress import BUILD_STAGES, Progress
from lexgap.graph.assemble import Assembled, assemble
from lexgap.graph.serialize import check_output_folder, ntriples_bytes, turtle_from_ntriples
from lexgap.graph.store import (
    GRAPH_FILE,
    Inputs,
    build_lock,
    current,
    fingerprint,
    listing,
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


def build_outputs(inputs: Inputs, out: Path, *, keep_graph: bool = True) -> Assembled:
    """Assemble, validate, then write `{out}/lexgap.ttl` and the store `{out}/store/`.

    `keep_graph=False` (the `lexgap build` command) drops the in-memory graph once it is
    serialised, before the Turtle file and the store are written: the rdflib graph is most of a
    build's memory (2.4 GB at 100 jurisdictions), and the writers need only its N-Triples. The
    returned result then holds an empty graph."""
    check_output_folder(out)
    check_base(inputs.base)
    # Taken before the inputs are read: a file changed during the build makes the store stale.
    seen = listing(inputs)
    stamp = fingerprint(inputs)
    # A bar on stderr when it is a terminal and the build runs past a couple of seconds.
    with _gc_paused(), Progress(BUILD_STAGES, label="lexgap build") as bar:
        built = assemble(
            inputs.sources,
            inputs.readings,
            base=inputs.base,
            targets_dir=inputs.targets,
            progress=bar,
        )
        # The lock is taken only once there is something to write: a build that fails on its
        # input creates nothing, not even the output folder.
        with build_lock(out):
            bar.stage("writing Turtle")
            try:
                triples = ntriples_bytes(built.graph)
            except OSError as exc:  # the temporary N-Triples file: a full disk, a size limit
                raise StoreError(
                    f"cannot write the build outputs: {exc.strerror or exc}; "
                    + (
                        "the previous outputs were left as they were"
                        if current(out)
                        else "nothing was written"
                    ),
                    file=out,
                ) from None
            if not keep_graph:
                # The graph sits in reference cycles (graph, store, namespace manager) and the
                # collector is paused: collect once, or nothing is freed.
                built.graph = Graph()
                gc.collect()
            turtle = turtle_from_ntriples(triples)
            bar.stage("writing store")
            write_outputs(turtle, triples, out, stamp, asdict(built.counts), seen)
    return built
