"""The embedded on-disk store (pyoxigraph) that `lexgap ask` and friends open.

Why: answering a question should not re-read five documents, re-check 250 quotes and re-run
SHACL. `lexgap build` persists the validated graph into an Oxigraph store under the output
folder; query commands open it read-only and answer in milliseconds.

Layout: every output of one build is one *generation* folder, and one symbolic link says which
generation is live, so the Turtle file and the store are published together:

    {out}/lexgap.ttl        -> store/current/lexgap.ttl   (a link made once, never changed)
    {out}/store/current     -> g-<fingerprint>-<pid>-<random>   (the one atomic switch)
    {out}/store/previous    -> the generation `current` named before (a reader may be in it)
    {out}/store/g-.../      .lexgap-generation (the mark of a folder a build made), lexgap.ttl,
                            oxigraph/ (the Oxigraph store, with stamp.json written last)

A build writes a whole new generation beside the live one, then replaces `current` with one
`rename` of a new link, and only then removes generations other than `current` and `previous`.
At every instant `lexgap.ttl` and the store resolve through the same `current`: a reader sees
the old set or the new one, never a mix (tested by killing builds between every write). A build
killed, interrupted or out of disk space before the switch leaves the old set; what it wrote is
removed by itself, or by the next build. Builds hold the `store/` folder itself locked (no lock
file), and only ever delete folders carrying their mark (or, once, the `CURRENT` + `s-*` store
of the layout before generations, which the first build after an upgrade takes over without a
moment of inconsistency).

The fingerprint is a SHA-256 over every input that shapes the graph: the sources and their
manifest, the curated data files, the lookup tables, the ontology and taxonomy, the graph and
loader code, and the base IRI. A store whose fingerprint differs from the inputs' is stale and is
rebuilt, and only then. This module imports neither rdflib nor pydantic.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import json
import os
import re
import threading
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import BinaryIO, cast

import pyoxigraph as ox

from lexgap.core import options
from lexgap.core.errors import BuildLocked, LexgapError, StoreError
from lexgap.core.record import record

STORE_FOLDER = "store"
POINTER = "current"
PREVIOUS = "previous"
GRAPH_FILE = "lexgap.ttl"
DATABASE = "oxigraph"
MARK = ".lexgap-generation"
STAMP = "stamp.json"
FORMAT_VERSION = 1
# The layout before generations: store/CURRENT naming a store folder s-<fp>-<pid>-<hex>.
LEGACY_CURRENT = "CURRENT"
LEGACY_LOCK = ".lock"
_LEGACY_STORE = re.compile(r"^s-[0-9a-f]{16}-\d+-[0-9a-f]{6}$")
_GENERATION = re.compile(r"^g-[0-9a-f]{16}-(\d+)-[0-9a-f]{6}$")
CRASH_ENV = "LEXGAP_TEST_CRASH_AT"  # tests only: the build kills itself at that step


@record(frozen=True)
class Inputs:
    """The folders a build reads; None means the bundled ones."""

    sources: Path | None = None
    readings: Path | None = None
    targets: Path | None = None
    base: str | None = None

    def resolved(self) -> dict[str, Path]:
        return {
            "sources": self.sources or options.BUNDLED_SOURCES,
            "readings": self.readings or options.BUNDLED_READINGS,
            "targets": self.targets or options.BUNDLED_RECOMMENDATIONS,
            "tables": options.DATA,
            "ontology": options.ONTOLOGY,
            "graph-code": options.PACKAGE / "graph",
            "loader-code": options.PACKAGE / "loaders",
        }


_SUFFIXES = {"tables": (".yaml",), "graph-code": (".py",), "loader-code": (".py",)}
# Graph code that writes a built graph but does not shape it.
_NOT_SHAPING = {"persist.py", "store.py", "serialize.py"}


def _input_files(inputs: Inputs) -> Iterator[tuple[str, Path | None]]:
    """(section, file) for every file a build reads, in a fixed order; (section, None) for a
    folder that is missing."""
    for key, folder in sorted(inputs.resolved().items()):
        suffixes = _SUFFIXES.get(key)
        if not folder.is_dir():
            yield key, None
            continue
        for path in sorted(p for p in folder.iterdir() if p.is_file()):
            if path.name.startswith(".") or (suffixes and path.suffix not in suffixes):
                continue
            if key == "graph-code" and path.name in _NOT_SHAPING:
                continue
            yield key, path


def _base(inputs: Inputs) -> str:
    return inputs.base or os.environ.get("LEXGAP_BASE") or ""


def fingerprint(inputs: Inputs) -> str:
    """SHA-256 over the bytes and names of every input file, and the base IRI."""
    import hashlib  # only when the listing changed (is_fresh) or a build stamps its inputs

    h = hashlib.sha256(f"lexgap-store-v{FORMAT_VERSION}\n".encode())
    h.update(f"base={_base(inputs)}\n".encode())
    section = None
    for key, path in _input_files(inputs):
        if key != section:
            h.update(f"[{key}]\n".encode())
            section = key
        if path is None:
            h.update(b"missing\n")
            continue
        h.update(path.name.encode() + b"\0")
        with path.open("rb") as fh:  # streamed: a huge source is refused later, not read here
            h.update(hashlib.file_digest(fh, "sha256").digest())
    return h.hexdigest()


def listing(inputs: Inputs) -> str:
    """The names, sizes and modification times of every input file, and the base IRI, as
    text: what `is_fresh` compares first, since reading every file's bytes to hash them is most
    of a cold `lexgap ask`'s cost when nothing changed (the usual case)."""
    parts = [f"lexgap-listing-v{FORMAT_VERSION}", f"base={_base(inputs)}"]
    for key, path in _input_files(inputs):
        if path is None:
            parts.append(f"[{key}] missing")
        else:
            st = path.stat()
            parts.append(f"[{key}] {path.name} {st.st_size} {st.st_mtime_ns}")
    # The text itself, not a digest of it: comparing a few hundred bytes needs no hashlib, whose
    # import was a measurable part of a cold `lexgap ask` (issue 22).
    return "\n".join(parts)


def store_root(out: Path) -> Path:
    return out / STORE_FOLDER


def _stamp(folder: Path) -> dict[str, object] | None:
    try:
        stamp = json.loads((folder / STAMP).read_text("utf-8"))
    except (OSError, ValueError):
        return None
    return stamp if isinstance(stamp, dict) and "fingerprint" in stamp else None


def live_generation(out: Path) -> Path | None:
    """The live generation folder (the target of `store/current`, resolved once so that a
    reader stays in one generation), or None when there is none."""
    pointer = store_root(out) / POINTER
    if not pointer.is_dir():
        return None
    return Path(os.path.realpath(pointer))


def current(out: Path) -> tuple[Path, dict[str, object]] | None:
    """The live store folder and its stamp, or None if there is no complete store."""
    generation = live_generation(out)
    if generation is not None:
        folder = generation / DATABASE
        stamp = _stamp(folder)
        return (folder, stamp) if stamp is not None else None
    return _legacy_current(out)


def _legacy_current(out: Path) -> tuple[Path, dict[str, object]] | None:
    root = store_root(out)
    try:
        name = (root / LEGACY_CURRENT).read_text("utf-8").strip()
    except (OSError, ValueError):
        return None
    if not _LEGACY_STORE.match(name):
        return None
    stamp = _stamp(root / name)
    return (root / name, stamp) if stamp is not None else None


def is_fresh(out: Path, inputs: Inputs) -> bool:
    """Whether the live store was built from exactly these inputs: the cheap listing (sizes
    and times) first; only when that differs (a file touched, or a checkout) the bytes are
    hashed, and a store whose inputs are unchanged after all gets the new listing in its stamp
    so that the next check is cheap again."""
    found = current(out)
    if found is None:
        return False
    folder, stamp = found
    seen = listing(inputs)
    if stamp.get("listing") == seen:
        return True
    if stamp.get("fingerprint") != fingerprint(inputs):
        return False
    with contextlib.suppress(OSError):  # a read-only store stays correct, only slower
        _replace_file(folder / STAMP, _stamp_bytes({**stamp, "listing": seen}))
    return True


def _stamp_bytes(stamp: dict[str, object]) -> bytes:
    return json.dumps(stamp, indent=1, sort_keys=True).encode()


def _replace_file(path: Path, data: bytes) -> None:
    """Write `path` whole or not at all (a reader sees the old or the new stamp)."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{os.urandom(3).hex()}")
    try:
        tmp.write_bytes(data)
        os.replace(tmp, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()


def checkpoint(step: str) -> None:
    """A named step of writing the outputs. The kill tests set LEXGAP_TEST_CRASH_AT to a step
    (`write:store`) for the build to be killed exactly there, or to `STEP@SIGINT` for a
    Ctrl-C there, or `STEP@ENOSPC` for a full disk there."""
    wanted = os.environ.get(CRASH_ENV)
    if not wanted:
        return
    import signal

    if wanted == step:
        os.kill(os.getpid(), signal.SIGKILL)
    elif wanted == f"{step}@SIGINT":
        os.kill(os.getpid(), signal.SIGINT)
    elif wanted == f"{step}@ENOSPC":  # the disk filling up exactly here
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def _holder(root: Path) -> str:
    """Which process is writing: the pid in the name of a generation still being written."""
    with contextlib.suppress(OSError):
        for entry in root.iterdir():
            m = _GENERATION.match(entry.name)
            if m and not (entry / DATABASE / STAMP).exists():
                return f"pid {m.group(1)}"
    return "another process"


@contextlib.contextmanager
def build_lock(out: Path) -> Iterator[None]:
    """Hold the output folder for one build; a second concurrent build gets a clear error.
    The lock is the `store/` folder itself (flock on its descriptor): nothing is left behind.
    Folders this call creates are removed again if nothing was written into them."""
    root = store_root(out)
    created: list[Path] = []
    probe = root
    while not probe.exists() and probe.parent != probe:
        created.append(probe)
        probe = probe.parent
    try:
        root.mkdir(parents=True, exist_ok=True)
        fd = os.open(root, os.O_RDONLY | os.O_DIRECTORY)
    except OSError as exc:
        raise StoreError(f"cannot write the store: {exc.strerror}", file=root) from None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise BuildLocked(
                f"another build is writing this output folder ({_holder(root)})",
                file=out,
                hint="wait for it to finish, or use another --out",
            ) from None
        remove_leftovers(out)
        yield
    finally:
        os.close(fd)
        for folder in created:  # innermost first; only while still empty
            with contextlib.suppress(OSError):
                folder.rmdir()


def _is_generation(folder: Path) -> bool:
    return (
        bool(_GENERATION.match(folder.name))
        and (folder / MARK).is_file()
        and not (folder.is_symlink())
    )


def _is_legacy_store(folder: Path) -> bool:
    """A store folder of the layout before generations (a build's, not a user's: named as
    builds named them and holding an Oxigraph database)."""
    if not _LEGACY_STORE.match(folder.name) or folder.is_symlink() or not folder.is_dir():
        return False
    return (folder / STAMP).is_file() or any(folder.glob("OPTIONS-*"))


def _target(link: Path) -> str | None:
    try:
        return os.readlink(link)
    except OSError:
        return None


def remove_leftovers(out: Path) -> None:
    """What earlier builds left that nothing reads (call under the lock): generations other
    than `current` and `previous`, temporary links, and the stores of the old layout once a
    generation has taken over. Only what a build made is removed."""
    import shutil  # writers only: a reader (a cold `lexgap ask`) never imports it

    root = store_root(out)
    keep = {_target(root / POINTER), _target(root / PREVIOUS)}
    legacy_in_use: set[str] = set()
    for name in keep:
        if name is not None:
            link = _target(root / name / DATABASE)
            if link is not None:  # a generation that took over an old-layout store
                legacy_in_use.add(Path(link).name)
    try:
        entries = list(root.iterdir())
    except OSError:
        return
    taken_over = live_generation(out) is not None
    for entry in entries:
        try:
            if entry.name.startswith(".link.") and entry.is_symlink():
                entry.unlink()
            elif _is_generation(entry) and entry.name not in keep:
                shutil.rmtree(entry)
                checkpoint("cleanup:generation")
            elif not taken_over or entry.is_symlink():
                continue
            elif _is_legacy_store(entry) and entry.name not in legacy_in_use:
                shutil.rmtree(entry)
            elif entry.is_file() and (
                entry.name.startswith(f".{LEGACY_CURRENT}.")
                or entry.name in (LEGACY_CURRENT, LEGACY_LOCK)
            ):
                entry.unlink()
        except OSError:
            continue  # best effort: a leftover that cannot go now goes next time
    for leftover in out.glob(".lexgap.ttl.*.tmp"):  # the old layout's temporary Turtle files
        with contextlib.suppress(OSError):
            if leftover.is_file() and not leftover.is_symlink():
                leftover.unlink()


def _link(target: str, path: Path) -> None:
    """Make `path` a symbolic link to `target` in one step (a new link renamed over it)."""
    tmp = path.parent / f".link.{os.getpid()}.{os.urandom(3).hex()}"
    os.symlink(target, tmp)
    try:
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


def _fsync_folder(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _write_file(path: Path, data: bytes | Callable[[BinaryIO], None]) -> None:
    """A new file (`data`, or what the function `data` writes into it), synced to disk."""
    umask = os.umask(0)
    os.umask(umask)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666 & ~umask)
    with os.fdopen(fd, "wb") as fh:
        if isinstance(data, bytes):
            fh.write(data)
        else:
            data(fh)
        fh.flush()
        os.fsync(fh.fileno())


def _new_generation(root: Path, stamp_fingerprint: str) -> Path:
    name = f"g-{stamp_fingerprint[:16]}-{os.getpid()}-{os.urandom(3).hex()}"
    folder = root / name
    folder.mkdir()
    _write_file(folder / MARK, b"written by lexgap build; removed by a later build\n")
    return folder


def _adopt_legacy(out: Path) -> None:
    """Before the first switch in an output folder of the old layout: make its live store and
    Turtle file a generation (the Turtle hard-linked, the store linked, nothing copied or
    moved) and point `current` and `lexgap.ttl` at it, so that the switch to the new build is
    still one rename."""
    root = store_root(out)
    found = _legacy_current(out)
    turtle = out / GRAPH_FILE
    if found is None or not turtle.is_file() or turtle.is_symlink():
        return
    folder = _new_generation(root, str(found[1].get("fingerprint", "0" * 16)))
    os.link(turtle, folder / GRAPH_FILE)
    os.symlink(os.path.join("..", found[0].name), folder / DATABASE)
    _fsync_folder(folder)
    checkpoint("adopt:generation")
    _link(folder.name, root / POINTER)
    checkpoint("adopt:pointer")
    _link(os.path.join(STORE_FOLDER, POINTER, GRAPH_FILE), turtle)
    checkpoint("adopt:turtle-link")


def _publish(out: Path, generation: Path) -> None:
    """The switch: `current` names `generation` (and `lexgap.ttl` resolves through it)."""
    root = store_root(out)
    turtle = out / GRAPH_FILE
    link = os.path.join(STORE_FOLDER, POINTER, GRAPH_FILE)
    pointer = root / POINTER
    for name in (PREVIOUS, POINTER):
        # An output folder copied without its links holds real folders here: make each a
        # generation of its own (a rename) and link to it.
        path = root / name
        if path.is_dir() and not path.is_symlink():
            moved = root / f"g-{'0' * 16}-{os.getpid()}-{os.urandom(3).hex()}"
            os.rename(path, moved)
            if not (moved / MARK).exists():
                _write_file(moved / MARK, b"written by lexgap build\n")
            _link(moved.name, path)
    if not pointer.is_symlink():
        _adopt_legacy(out)
    old = _target(pointer)
    if old is not None:
        _link(old, root / PREVIOUS)
        checkpoint("publish:previous")
        if _target(turtle) != link:  # lexgap.ttl follows the pointer from before the switch
            _link(link, turtle)
            checkpoint("publish:turtle-link")
    _link(generation.name, pointer)
    _fsync_folder(root)


def _link_turtle(out: Path) -> None:
    """`lexgap.ttl` as the link through `current` (made once; after the first switch)."""
    turtle = out / GRAPH_FILE
    link = os.path.join(STORE_FOLDER, POINTER, GRAPH_FILE)
    if _target(turtle) != link:
        _link(link, turtle)
        checkpoint("publish:turtle-link-after")
    _fsync_folder(out)


# How much N-Triples one bulk load reads (see `bulk_load`).
LOAD_CHUNK_BYTES = 32 * 1024 * 1024


def release_freed_memory() -> None:
    """Hand the memory the C allocator holds free back to the system (glibc's `malloc_trim`;
    elsewhere nothing). Why: the build's large short-lived buffers (the sorted runs, the
    pieces of N-Triples, Oxigraph's load batches) are freed into glibc's heap, which keeps
    them resident; before the store load, after each piece of it and before validation, each
    of which then takes hundreds of megabytes of its own, that was 30 to 50 MB of a
    100,000-paragraph source's peak. Nothing is freed that is in use, and nothing is cached:
    it is the allocator's own free list."""
    import sys

    if not sys.platform.startswith("linux"):
        return
    import ctypes

    try:
        libc = ctypes.CDLL("libc.so.6")
        trim = libc.malloc_trim
    except (OSError, AttributeError):  # not glibc (musl has no malloc_trim)
        return
    trim(0)


def bulk_load(store: ox.Store, ntriples: bytes | Iterable[bytes]) -> None:
    """Load N-Triples into `store`: bytes, or pieces of them that each end at a line's end
    (`LOAD_CHUNK_BYTES` long, from graph/ntriples.py's `SortedTriples.pieces`). Why pieces:
    Oxigraph's bulk loader holds what it is given in memory while it sorts it into the
    store's indexes; in one call a 100,000-paragraph source (1.9 million triples, 290 MB) took
    1.3 GB beside the data, in 32 MB pieces 0.3 GB, in the same time."""
    for piece in [ntriples] if isinstance(ntriples, bytes) else ntriples:
        if piece:
            store.bulk_load(piece, format=ox.RdfFormat.N_TRIPLES)
            release_freed_memory()


class _Abandonable:
    """The open Turtle file as the background writer sees it: each write fails once the build
    has abandoned the file (a failed load or check, Ctrl-C), so the writer stops there."""

    def __init__(self, fh: BinaryIO, abandoned: threading.Event) -> None:
        self._fh = fh
        self._abandoned = abandoned

    def write(self, data: bytes) -> int:
        if self._abandoned.is_set():
            raise OSError(errno.ECANCELED, "the build abandoned this Turtle file")
        return self._fh.write(data)

    def flush(self) -> None:
        self._fh.flush()


class _TurtleInBackground:
    """The Turtle file written in a thread of its own while the store is loaded and checked.

    Why: writing it is about 3 s of Python at 1.9 M triples (the serialiser pulls every triple
    through the interpreter), while Oxigraph's bulk load runs on one core and leaves the GIL
    part of the time; side by side (the file is done before the load at 100,000 paragraphs),
    the build's wall time fell by 2-3 s there. Nothing changes in what is published or when:
    the file lies in the unpublished generation, `result` is awaited before the switch, and a
    build that fails first abandons it (the writer stops at its next write) before the
    generation is removed."""

    def __init__(self, path: Path, turtle: bytes | Callable[[BinaryIO], None]) -> None:
        self._abandoned = threading.Event()
        self._error: BaseException | None = None
        self._thread = threading.Thread(
            target=self._run, args=(path, turtle), name="lexgap-turtle", daemon=True
        )
        self._thread.start()

    def _run(self, path: Path, turtle: bytes | Callable[[BinaryIO], None]) -> None:
        try:
            if isinstance(turtle, bytes):
                _write_file(path, turtle)
            else:
                # The writer calls only `write` and `flush` (graph/serialize.py).
                _write_file(
                    path, lambda fh: turtle(cast(BinaryIO, _Abandonable(fh, self._abandoned)))
                )
        except BaseException as exc:  # handed to the build's own thread by `result`
            self._error = exc

    def result(self) -> None:
        """Wait for the file; raise what writing it raised."""
        self._thread.join()
        if self._error is not None:
            raise self._error

    def abandon(self) -> None:
        """Stop the writer at its next write and wait for it (the generation is removed next)."""
        self._abandoned.set()
        self._thread.join()


def write_outputs(
    turtle: bytes | Callable[[BinaryIO], None],
    ntriples: bytes | Iterable[bytes],
    out: Path,
    stamp_fingerprint: str,
    counts: dict[str, int],
    stamp_listing: str | None = None,
    *,
    check: Callable[[ox.Store], None] | None = None,
) -> Path:
    """Write the Turtle file and the store as one new generation and switch to it (call
    inside `build_lock`). Returns the store folder. On any failure or interruption before the
    switch, the generation is removed and the previous outputs stay live.

    `check` is handed the new store once it is loaded, before anything is published: a graph
    it refuses (ValidationFailed) leaves the previous outputs as they were. Why here and not
    on the graph in memory: the build then holds the graph in one place, the store on disk,
    and validates what it publishes. `turtle` may be a function that writes the file into
    the open file it is given (only `write` and `flush`); it runs in a thread of its own
    while the store is loaded and checked (`_TurtleInBackground`), so it must not share a
    file position with `ntriples`. `ntriples` may come in pieces (see `bulk_load`)."""
    root = store_root(out)
    generation: Path | None = None
    writing: _TurtleInBackground | None = None
    published = False
    try:
        generation = _new_generation(root, stamp_fingerprint)
        checkpoint("write:generation")
        writing = _TurtleInBackground(generation / GRAPH_FILE, turtle)
        store = ox.Store(str(generation / DATABASE))
        bulk_load(store, ntriples)
        checkpoint("write:loaded")
        if check is not None:
            check(store)
        writing.result()
        checkpoint("write:turtle")
        store.optimize()
        store.flush()
        del store
        checkpoint("write:store")
        stamp: dict[str, object] = {
            "fingerprint": stamp_fingerprint,
            "format": FORMAT_VERSION,
            **counts,
        }
        if stamp_listing is not None:
            stamp["listing"] = stamp_listing
        _write_file(generation / DATABASE / STAMP, _stamp_bytes(stamp))
        _fsync_folder(generation / DATABASE)
        _fsync_folder(generation)
        checkpoint("write:stamp")
        _publish(out, generation)
        published = True
        checkpoint("publish:switched")
        _link_turtle(out)
    except BaseException as exc:
        if writing is not None:
            writing.abandon()
        # Whether the switch happened is read off the link itself, not assumed.
        if generation is not None:
            published = _target(root / POINTER) == generation.name
        if not published and generation is not None:
            import shutil

            shutil.rmtree(generation, ignore_errors=True)
        if published and isinstance(exc, KeyboardInterrupt):
            raise BuildInterrupted("interrupted; the new outputs were already published") from None
        if published and isinstance(exc, OSError):
            raise StoreError(
                f"the new store is live but {GRAPH_FILE} could not be linked to it: "
                f"{exc.strerror or exc}",
                file=out / GRAPH_FILE,
                hint="remove what is in its way and build again",
            ) from None
        if published or isinstance(exc, LexgapError):
            raise
        if isinstance(exc, KeyboardInterrupt):
            raise BuildInterrupted(
                "interrupted; the previous outputs were left as they were"
                if current(out) is not None
                else "interrupted; nothing was written"
            ) from None
        if isinstance(exc, OSError | RuntimeError | ValueError):
            detail = getattr(exc, "strerror", None) or " ".join(str(exc).split())[:200]
            left = (
                "the previous outputs were left as they were"
                if current(out) is not None
                else "nothing was written"
            )
            raise StoreError(
                f"cannot write the build outputs: {detail}; {left}", file=out
            ) from None
        raise
    try:
        checkpoint("cleanup")
        remove_leftovers(out)
    except KeyboardInterrupt:
        raise BuildInterrupted("interrupted; the new outputs were already published") from None
    return generation / DATABASE


class BuildInterrupted(KeyboardInterrupt):
    """Ctrl-C during a build, with what it left (the CLI prints `message`)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
