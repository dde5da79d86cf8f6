"""Reading an input file safely: a regular file only, its size checked on the open file.

Why: a data file that is a FIFO hangs a build at `read`, one that is a link to `/dev/zero` reads
forever past any size limit checked with `stat` beforehand, and a source that is a symbolic link
to `/etc/passwd` puts that file into the graph. Here the file is opened without blocking (a FIFO
opens at once), checked with `fstat` on the open descriptor (what is read is what was checked),
required to be a regular file, and read up to its limit plus one byte, so even a file that grows
while it is read is refused. A symbolic link is followed only when its target lies inside the
folder it is read from (`within`), checked on the opened file itself; the target is never named.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from lexgap.core.errors import LexgapError

_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def _inside(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def read_input(
    path: Path,
    *,
    max_bytes: int,
    error: type[LexgapError],
    within: Path | None = None,
    what: str = "file",
    limit_noun: str = "files",
    too_big_hint: str | None = None,
) -> bytes:
    """The bytes of the regular file `path` (at most `max_bytes`); `error` otherwise, naming
    the file and never what a link points to."""
    if within is not None:
        real = os.path.realpath(path)
        if not _inside(real, os.path.realpath(within)):
            raise error(
                f"{what} is a symbolic link to a file outside its folder {within}",
                file=path,
                hint="copy the file into the folder instead of linking to it",
            )
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC | os.O_NOCTTY)
    except FileNotFoundError:
        raise error(f"{what} not found", file=path) from None
    except IsADirectoryError:
        raise error(f"{what} is a folder, not a file", file=path) from None
    except OSError as exc:
        raise error(f"cannot read {what}: {exc.strerror}", file=path) from None
    try:
        info = os.fstat(fd)
        for test, kind in _KINDS:
            if test(info.st_mode):
                raise error(f"{what} is {kind}, not a regular file", file=path)
        if within is not None:
            opened = f"/proc/self/fd/{fd}"
            real = os.readlink(opened) if os.path.islink(opened) else os.path.realpath(path)
            if not _inside(real, os.path.realpath(within)):
                raise error(
                    f"{what} is a symbolic link to a file outside its folder {within}",
                    file=path,
                    hint="copy the file into the folder instead of linking to it",
                )
        size = info.st_size
        if size > max_bytes:
            raise _too_big(error, path, what, limit_noun, size, max_bytes, too_big_hint)
        os.set_blocking(fd, True)
        chunks: list[bytes] = []
        got = 0
        while got <= max_bytes:
            chunk = os.read(fd, min(1 << 20, max_bytes + 1 - got))
            if not chunk:
                break
            chunks.append(chunk)
            got += len(chunk)
        if got > max_bytes:
            raise _too_big(error, path, what, limit_noun, got, max_bytes, too_big_hint)
        return b"".join(chunks)
    except OSError as exc:
        raise error(f"cannot read {what}: {exc.strerror}", file=path) from None
    finally:
        os.close(fd)


def _too_big(
    error: type[LexgapError],
    path: Path,
    what: str,
    noun: str,
    size: int,
    limit: int,
    hint: str | None,
) -> LexgapError:
    return error(
        f"{what} is {size / 1048576:.1f} MB; lexgap reads {noun} up to {limit / 1048576:.1f} MB",
        file=path,
        hint=hint,
    )
