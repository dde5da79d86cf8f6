"""Running a query a user wrote: read-only, bounded in time, one clear line when it fails.

Why a separate path from the shipped queries: a user's query may not parse, may be an update
(the embedded store is opened read-only, and lexgap never changes a store behind its own build),
or may run for ever (a cross join over the whole graph). The query runs in a forked child
process that is killed at the time limit, so neither the CLI nor a notebook calling
`lexgap.sparql(...)` hangs; the child's rows come back through a pipe.
"""

from __future__ import annotations

import argparse
import multiprocessing
import re
from collections.abc import Callable
from typing import Any

from lexgap.loaders.errors import EXIT_USAGE, LexgapError, QueryError
from lexgap.queries.engine import Engine, RemoteEngine

_UPDATE = re.compile(
    r"^\s*(?:(?:PREFIX\s+\S*:\s*<[^>]*>|BASE\s+<[^>]*>)\s*)*"
    r"(INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)\b",
    re.IGNORECASE,
)


def _strip_comments(text: str) -> str:
    """Drop whole-line comments (a `#` inside a line may belong to an IRI)."""
    return "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))


def refuse_updates(text: str) -> None:
    """A SPARQL Update is refused with its own message before anything runs."""
    if _UPDATE.match(_strip_comments(text)):
        raise QueryError(
            "updates are not allowed: lexgap sparql only reads",
            hint="change the graph through the data files and `lexgap build`",
        )


def _child(make_engine: Callable[[], Engine], text: str, conn: Any) -> None:
    try:
        conn.send(("rows", make_engine().select(text)))
    except LexgapError as exc:
        conn.send(("error", exc.exit_code, exc.render()))
    finally:
        conn.close()


def run_with_timeout(make_engine: Callable[[], Engine], text: str, timeout: float) -> list[Any]:
    """Run `text` on a fresh engine in a child process; kill it after `timeout` seconds."""
    ctx = multiprocessing.get_context("fork")
    parent, child = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(make_engine, text, child), daemon=True)
    proc.start()
    child.close()
    try:
        if not parent.poll(timeout):
            raise QueryError(
                f"the query ran longer than {timeout:g} s and was stopped",
                hint="narrow it, or raise --timeout",
            )
        try:
            message = parent.recv()
        except EOFError:
            raise QueryError("the query process ended without an answer") from None
    finally:
        if proc.is_alive():
            proc.kill()
        proc.join()
        parent.close()
    if message[0] == "error":
        err = LexgapError(message[2])
        err.exit_code = message[1] if isinstance(message[1], int) else EXIT_USAGE
        raise err
    rows: list[Any] = message[1]
    return rows


def run_user_query(args: argparse.Namespace, text: str, timeout: float) -> list[dict[str, Any]]:
    """The CLI's and the API's entry point: options name the engine (see cli_common)."""
    from lexgap.queries.cli_common import engine_for

    if timeout <= 0:
        raise QueryError("--timeout must be a positive number of seconds")
    refuse_updates(text)
    engine = engine_for(args)  # builds a stale store here, outside the time limit
    if isinstance(engine, RemoteEngine):
        engine.timeout = timeout
        return engine.select(text)

    def reopen() -> Engine:
        # The child opens its own handle on the store rather than sharing the parent's.
        fresh = argparse.Namespace(**{k: v for k, v in vars(args).items() if k != "_engine"})
        return engine_for(fresh)

    return run_with_timeout(reopen, text, timeout)
