"""Running a query a user wrote: read-only, bounded in time, one clear line when it fails.

Why a separate path from the shipped queries: a user's query may not parse, may be an update
(the embedded store is opened read-only, and lexgap never changes a store behind its own build),
or may run for ever (a cross join over the whole graph). The query runs in a forked child
process that is killed at the time limit, so neither the CLI nor a notebook calling
`lexgap.sparql(...)` hangs; the child's rows come back through a pipe.
"""

from __future__ import annotations

import multiprocessing
import re
from collections.abc import Callable
from typing import Any

from lexgap.core.errors import EXIT_USAGE, LexgapError, QueryError
from lexgap.core.options import check_timeout
from lexgap.queries.engine import Engine, RemoteEngine, check_query, code_only

_UPDATE = re.compile(
    r"^\s*(?:(?:PREFIX\s+[^\s:]*:\s*|BASE\s*)\s*)*"
    r"(INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)\b",
    re.IGNORECASE,
)


def refuse_updates(text: str) -> None:
    """A SPARQL Update is refused with its own message before anything runs (looked for in
    the query with its comments, strings and IRIs blanked, so `PREFIX x: <...> # note` before
    it hides nothing)."""
    if _UPDATE.match(code_only(text)):
        raise QueryError(
            "updates are not allowed: lexgap sparql only reads",
            hint="change the graph through the data files and `lexgap build`",
        )


def _parse_child(text: str, conn: Any) -> None:
    import pyoxigraph as ox

    try:
        # On an empty store: a syntax error is raised before anything is evaluated.
        result = ox.Store().query(text, default_graph=[], named_graphs=[])
        del result
        conn.send(("parsed", ""))
    except SyntaxError as exc:
        conn.send(("error", " ".join(str(exc).split())[:240]))
    except Exception:  # it parsed, and failed while evaluating on no data: not our concern
        conn.send(("parsed", ""))
    finally:
        conn.close()


def _in_child(target: Callable[..., None], args: tuple[Any, ...], wait: float) -> Any:
    """Start `target(*args, conn)` in a forked child and return what it sends within `wait`
    seconds (None when it sends nothing in time); the child is killed in every case. Raises
    EOFError when the child ended without an answer."""
    ctx = multiprocessing.get_context("fork")
    parent, child = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=target, args=(*args, child), daemon=True)
    proc.start()
    child.close()
    try:
        return parent.recv() if parent.poll(wait) else None
    finally:
        if proc.is_alive():
            proc.kill()
        proc.join()
        parent.close()


def parse_only(text: str, budget: float = 2.0) -> None:
    """Check that `text` parses, without running it on any data: Oxigraph's parser in a forked
    child, which reports a syntax error at once and is killed if it is still evaluating (on an
    empty dataset) after `budget` seconds. For queries sent to a remote store."""
    try:
        message = _in_child(_parse_child, (text,), budget) or ("parsed", "")
    except EOFError:
        message = ("error", "the parser stopped without an answer")
    if message[0] == "error":
        raise QueryError(f"query does not parse: {message[1]}")


def _child(make_engine: Callable[[], Engine], text: str, conn: Any) -> None:
    try:
        conn.send(("rows", make_engine().select(text)))
    except LexgapError as exc:
        conn.send(("error", exc.exit_code, exc.render()))
    finally:
        conn.close()


def run_with_timeout(make_engine: Callable[[], Engine], text: str, timeout: float) -> list[Any]:
    """Run `text` on a fresh engine in a child process; kill it after `timeout` seconds."""
    try:
        message = _in_child(_child, (make_engine, text), timeout)
    except EOFError:
        raise QueryError("the query process ended without an answer") from None
    if message is None:
        raise QueryError(
            f"the query ran longer than {timeout:g} s and was stopped",
            hint="narrow it, or raise --timeout",
        )
    if message[0] == "error":
        err = LexgapError(message[2])
        err.exit_code = message[1] if isinstance(message[1], int) else EXIT_USAGE
        raise err
    rows: list[Any] = message[1]
    return rows


def run_user_query(
    text: str,
    make_engine: Callable[[], Engine],
    *,
    timeout: float,
    remote: bool,
    allow_service: bool = False,
) -> list[dict[str, Any]]:
    """Run a user's query on the engine `make_engine` opens (the API's, for the CLI and the
    library alike): checked first, then in a child process within `timeout`; a `remote` store
    is sent the query, which it runs within the same time limit."""
    check_timeout(timeout)
    refuse_updates(text)
    check_query(text, allow_service=allow_service)
    if remote:
        # Parsed here, never evaluated here; the store runs it within --timeout.
        parse_only(text, budget=min(timeout, 2.0))
    engine = make_engine()  # builds a stale store here, outside the time limit
    if isinstance(engine, RemoteEngine):
        engine.timeout = timeout
        return engine.select(text)
    # The child opens its own handle on the store rather than sharing the parent's.
    return run_with_timeout(make_engine, text, timeout)
