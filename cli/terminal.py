"""What reaches a terminal: text from the sources and the stores, with control characters shown
escaped instead of run.

Why: quotes, titles and remote answers are data, and data may hold escape sequences (`ESC [ 2 J`
clears the screen, others retitle the window or fake a prompt). When standard output is a
terminal, every control character but newline and tab is written as `\\xNN`; into a file or a
pipe, the bytes are passed through unchanged (JSON escapes them itself, CSV keeps the data).
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, TextIO

_CONTROL = {
    c: f"\\x{c:02x}" for c in (*range(0x20), 0x7F, *range(0x80, 0xA0)) if c not in (0x09, 0x0A)
}


def escape(text: str) -> str:
    return text.translate(_CONTROL)


class SafeTerminal:
    """A text stream that escapes control characters on their way to `inner`."""

    def __init__(self, inner: TextIO) -> None:
        self._inner = inner

    def write(self, text: str) -> int:
        self._inner.write(escape(text))
        return len(text)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)


@contextmanager
def safe_stdout() -> Iterator[None]:
    """Standard output escaped while it is a terminal (see the module docstring)."""
    original = sys.stdout
    try:
        tty = original.isatty()
    except (AttributeError, ValueError):
        tty = False
    if not tty:
        yield
        return
    sys.stdout = SafeTerminal(original)
    try:
        yield
    finally:
        sys.stdout = original
