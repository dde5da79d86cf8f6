"""One build, written out: the Turtle file and the embedded store, under the build lock.

`lexgap build` and the query commands (when the store is missing or stale) both come here, so
there is one way outputs are made: assemble and validate the graph in memory first, then write
each output atomically. A failure before the writes leaves every previous output as it was.
"""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

from lexgap.graph.assemble import Assembled, assemble
from lexgap.graph.serialize import write_turtle
from lexgap.graph.store import Inputs, build_lock, fingerprint, write_store

GRAPH_FILE = "lexgap.ttl"


def build_outputs(inputs: Inputs, out: Path) -> Assembled:
    """Assemble, validate, then write `{out}/lexgap.ttl` and the store `{out}/store/`."""
    stamp = fingerprint(inputs)
    built = assemble(inputs.sources, inputs.readings, base=inputs.base, targets_dir=inputs.targets)
    # The lock is taken only once there is something to write: a build that fails on its input
    # creates nothing, not even the output folder.
    with build_lock(out):
        write_turtle(built.graph, out / GRAPH_FILE)
        write_store(built.graph, out, stamp, asdict(built.counts))
    return built
