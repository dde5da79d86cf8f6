"""A progress bar for long work, on a terminal only.

Why: at 100 jurisdictions a build takes minutes; a person at a terminal should see that it is
moving and what it is doing, while a script, a pipe or CI gets clean output. So the bar goes to
stderr, only when stderr is a terminal, and draws nothing until the work has taken a couple of
seconds (a 3-second build on the bundled corpus stays as quiet as before). `LEXGAP_PROGRESS=0`
turns it off, `=1` forces it on (for a terminal the process cannot detect, such as a notebook).

Usage:

    with Progress(["reading sources", "checking readings", "building graph"]) as bar:
        bar.stage("reading sources")
        ...
        bar.stage("checking readings")

Stages are the steps of the work in order; the bar shows how many are done, the current one and
the time elapsed. It is dependency-free and imports nothing heavy, so `lexgap ask` stays fast.
"""

from __future__ import annotations

import os
import sys
import threading
import time
from collections.abc import Sequence
from types import TracebackType
from typing import Protocol, TextIO

#: Draw nothing until the work has run this long (seconds).
DELAY = 2.0
#: Redraw at most this often (seconds); a background thread keeps the clock moving.
TICK = 0.25
WIDTH = 24


def enabled(stream: TextIO) -> bool:
    """Whether to draw on `stream`: LEXGAP_PROGRESS=0/1 decides, else whether it is a terminal."""
    forced = os.environ.get("LEXGAP_PROGRESS")
    if forced is not None and forced.strip() in ("0", "1"):
        return forced.strip() == "1"
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


class Progress:
    """Stages of one piece of work, drawn as `[#####-----] 3/6 building graph  12.3s`."""

    def __init__(
        self,
        stages: Sequence[str],
        *,
        label: str = "lexgap",
        stream: TextIO | None = None,
        delay: float | None = None,
    ) -> None:
        self.stages = list(stages)
        self.label = label
        self.stream = stream if stream is not None else sys.stderr
        self.delay = DELAY if delay is None else delay
        self.active = enabled(self.stream)
        self.done = 0
        self.current = ""
        self.started = time.monotonic()
        self.drawn = False
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def __enter__(self) -> Progress:
        self.started = time.monotonic()
        if self.active:
            self._thread = threading.Thread(target=self._run, name="lexgap-progress", daemon=True)
            self._thread.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
        with self._lock:
            if self.drawn:
                # Clear the line so what follows (the build's report, an error) starts clean.
                self.stream.write("\r\033[2K")
                self.stream.flush()
                self.drawn = False

    def stage(self, name: str) -> None:
        """Start stage `name`; the stages before it count as done."""
        with self._lock:
            if name in self.stages:
                self.done = self.stages.index(name)
            self.current = name
        self._draw()

    def line(self) -> str:
        """The bar as text (without the carriage return)."""
        total = max(len(self.stages), 1)
        filled = round(WIDTH * self.done / total)
        elapsed = time.monotonic() - self.started
        bar = "#" * filled + "-" * (WIDTH - filled)
        return f"{self.label} [{bar}] {self.done}/{total} {self.current}  {elapsed:.1f}s"

    def _draw(self) -> None:
        if not self.active or time.monotonic() - self.started < self.delay:
            return
        with self._lock:
            if self._stop.is_set():
                return
            self.stream.write("\r\033[2K" + self.line())
            self.stream.flush()
            self.drawn = True

    def _run(self) -> None:
        while not self._stop.wait(TICK):
            self._draw()


class Stages(Protocol):
    """What a long step needs from a bar: to say which stage it has reached."""

    def stage(self, name: str) -> None: ...


class _Null:
    """Stands in when a caller passes no bar."""

    def stage(self, name: str) -> None:
        del name


NULL: Stages = _Null()

#: The stages of `lexgap build`, in order (graph.assemble and graph.persist report them).
BUILD_STAGES = (
    "reading sources",
    "checking readings",
    "finding recommendations",
    "building graph",
    "loading store",
    "validating (SHACL)",
    "writing Turtle",
)
