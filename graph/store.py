"""The embedded on-disk store (pyoxigraph) that `lexgap ask` and friends open.

Why: answering a question should not re-read five documents, re-check 250 quotes and re-run
SHACL. `lexgap build` persists the validated graph into an Oxigraph store under the output
folder; query commands open it read-only and answer in milliseconds.

Layout of `{out}/store/`:

    CURRENT              the name of the live store folder (replaced atomically)
    s-<fingerprint>-<n>/ an Oxigraph store, with `stamp.json` written after it is complete
    .lock                held by a build while it writes (a second build is refused)

A build writes a new folder beside the live one, then replaces CURRENT in one `os.replace`, then
removes older folders. A build killed at any point leaves CURRENT naming a complete store.

The fingerprint is a SHA-256 over every input that shapes the graph: the sources and their
manifest, the curated data files, the lookup tables, the ontology and taxonomy, the graph and
loader code, and the base IRI. A store whose fingerprint differs from the inputs' is stale and is
rebuilt, and only then. This module imports neither rdflib nor pydantic.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import shutil
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

from lexgap.loaders.errors import LexgapError

if TYPE_CHECKING:
    from lexgap.queries.engine import OxigraphEngine

STORE_FOLDER = "store"
CURRENT = "CURRENT"
STAMP = "stamp.json"
LOCK = ".lock"
FORMAT_VERSION = 1


class StoreError(LexgapError):
    """The embedded store cannot be written or opened."""


class BuildLocked(LexgapError):
    """Another build holds the output folder."""


PACKAGE = Path(__file__).resolve().parent.parent  # the installed `lexgap` package


@dataclass(frozen=True)
class Inputs:
    """The folders a build reads; None means the bundled ones."""

    sources: Path | None = None
    readings: Path | None = None
    targets: Path | None = None
    base: str | None = None

    def resolved(self) -> dict[str, Path]:
        # Paths from the package's own folder, not importlib.resources: every query command
        # resolves them, and importing that machinery cost a cold `lexgap ask` 10 ms.
        data = PACKAGE / "data"
        return {
            "sources": self.sources or data / "sources",
            "readings": self.readings or data / "readings",
            "targets": self.targets or data / "recommendations",
            "tables": data,
            "ontology": PACKAGE / "ontology",
            "graph-code": PACKAGE / "graph",
            "loader-code": PACKAGE / "loaders",
        }


_SUFFIXES = {"tables": (".yaml",), "graph-code": (".py",), "loader-code": (".py",)}
# Graph code that writes or ships a built graph but does not shape it.
_NOT_SHAPING = {"export.py", "remote.py", "persist.py", "store.py", "serialize.py"}


def fingerprint(inputs: Inputs) -> str:
    """SHA-256 over the bytes and names of every input file, and the base IRI."""
    h = hashlib.sha256(f"lexgap-store-v{FORMAT_VERSION}\n".encode())
    base = inputs.base or os.environ.get("LEXGAP_BASE") or ""
    h.update(f"base={base}\n".encode())
    for key, folder in sorted(inputs.resolved().items()):
        suffixes = _SUFFIXES.get(key)
        h.update(f"[{key}]\n".encode())
        if not folder.is_dir():
            h.update(b"missing\n")
            continue
        for path in sorted(p for p in folder.iterdir() if p.is_file()):
            if path.name.startswith(".") or (suffixes and path.suffix not in suffixes):
                continue
            if key == "graph-code" and path.name in _NOT_SHAPING:
                continue
            h.update(path.name.encode() + b"\0")
            with path.open("rb") as fh:  # streamed: a huge source is refused later, not read here
                h.update(hashlib.file_digest(fh, "sha256").digest())
    return h.hexdigest()


def store_root(out: Path) -> Path:
    return out / STORE_FOLDER


def current(out: Path) -> tuple[Path, dict[str, object]] | None:
    """The live store folder and its stamp, or None if there is no complete store."""
    root = store_root(out)
    try:
        name = (root / CURRENT).read_text("utf-8").strip()
        folder = root / name
        stamp = json.loads((folder / STAMP).read_text("utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(stamp, dict) or "fingerprint" not in stamp:
        return None
    return folder, stamp


def is_fresh(out: Path, inputs: Inputs) -> bool:
    found = current(out)
    return found is not None and found[1].get("fingerprint") == fingerprint(inputs)


@contextlib.contextmanager
def build_lock(out: Path) -> Iterator[None]:
    """Hold the output folder for one build; a second concurrent build gets a clear error."""
    root = store_root(out)
    try:
        root.mkdir(parents=True, exist_ok=True)
        fh = open(root / LOCK, "a+")  # noqa: SIM115 - held for the whole build
    except OSError as exc:
        raise StoreError(f"cannot write the store: {exc.strerror}", file=root) from None
    try:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            fh.seek(0)
            holder = fh.read().strip() or "another process"
            raise BuildLocked(
                f"another build is writing this output folder ({holder})",
                file=out,
                hint="wait for it to finish, or use another --out",
            ) from None
        fh.seek(0)
        fh.truncate()
        fh.write(f"pid {os.getpid()}")
        fh.flush()
        _remove_leftovers(out)
        yield
    finally:
        fh.close()


def _remove_leftovers(out: Path) -> None:
    """Temporary files of builds that were killed (they are never read); safe under the lock."""
    for pattern, folder in ((f".{CURRENT}.*.tmp", store_root(out)), (".lexgap.ttl.*.tmp", out)):
        for leftover in folder.glob(pattern):
            if leftover.is_file():
                leftover.unlink(missing_ok=True)


def write_store(ntriples: bytes, out: Path, stamp_fingerprint: str, counts: dict[str, int]) -> Path:
    """Persist the graph (as N-Triples) as the live store (call inside `build_lock`). Returns
    its folder."""
    root = store_root(out)
    live = current(out)
    previous = live[0].name if live else None
    name = f"s-{stamp_fingerprint[:16]}-{os.getpid()}-{os.urandom(3).hex()}"
    folder = root / name
    try:
        store = ox.Store(str(folder))
        store.bulk_load(ntriples, format=ox.RdfFormat.N_TRIPLES)
        store.optimize()
        store.flush()
        del store
        stamp = {"fingerprint": stamp_fingerprint, "format": FORMAT_VERSION, **counts}
        (folder / STAMP).write_text(json.dumps(stamp, indent=1, sort_keys=True), "utf-8")
        tmp = root / f".{CURRENT}.{os.getpid()}.tmp"
        tmp.write_text(name + "\n", "utf-8")
        os.replace(tmp, root / CURRENT)
    except OSError as exc:
        shutil.rmtree(folder, ignore_errors=True)
        raise StoreError(f"cannot write the store: {exc}", file=folder) from None
    # Keep the store CURRENT named until now: a reader may have opened it a moment ago and be
    # reading its files. Only older ones (and those of killed builds) go.
    for old in root.iterdir():
        if old.is_dir() and old.name not in (name, previous) and old.name.startswith("s-"):
            shutil.rmtree(old, ignore_errors=True)
    return folder


def open_engine(
    out: Path, inputs: Inputs, *, rebuild: bool = True, quiet: bool = False
) -> OxigraphEngine:
    """An engine on the live store, building (or rebuilding a stale) store first if allowed."""
    from lexgap.queries.engine import open_store_engine

    if not is_fresh(out, inputs):
        if not rebuild:
            raise StoreError(
                "no up-to-date store here", file=store_root(out), hint="run `lexgap build` first"
            )
        if not quiet:
            print(
                f"lexgap: the store in {out} is missing or older than its inputs; building it",
                file=sys.stderr,
            )
        from lexgap.graph.persist import build_outputs

        build_outputs(inputs, out)
    # A build may replace CURRENT between our reading it and opening the store it names; the
    # store it names then is complete, so read CURRENT again and open that one.
    for _ in range(3):
        found = current(out)
        if found is None:  # pragma: no cover - build_outputs wrote one or raised
            raise StoreError("no store after building", file=store_root(out))
        try:
            return open_store_engine(found[0])
        except StoreError:
            again = current(out)
            if again is None or again[0] == found[0]:
                raise
    raise StoreError("the store kept changing while being opened", file=store_root(out))
