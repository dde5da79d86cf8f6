"""Reads a corpus: its manifest, and each document's text after checking its bytes.

A corpus is a folder with `manifest.yaml` and the documents it lists. The bundled corpus ships
inside the package (`lexgap.data/sources`), so an installed wheel builds with no checkout; a user
adds a country or a report by pointing `--sources` at a folder of their own.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import yaml
from pydantic import ValidationError

from lexgap.loaders.errors import SourceError
from lexgap.loaders.models import DocumentMeta, Manifest

MANIFEST_NAME = "manifest.yaml"


def bundled_sources_dir() -> Path:
    """The folder of the corpus that ships with lexgap."""
    return Path(str(resources.files("lexgap.data") / "sources"))


@dataclass(frozen=True)
class SourceDocument:
    """A document's metadata and its verified text (decoded, line endings as in the file)."""

    meta: DocumentMeta
    path: Path
    text: str


def load_manifest(sources_dir: Path) -> Manifest:
    """Parse and validate `manifest.yaml`; every problem names the file and, if known, the line."""
    path = sources_dir / MANIFEST_NAME
    if not path.is_file():
        raise SourceError(
            "manifest not found", file=path, hint="a corpus folder needs manifest.yaml"
        )
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        raise SourceError(f"manifest is not valid YAML: {exc}", file=path, line=line) from exc
    except UnicodeDecodeError as exc:
        raise SourceError("manifest is not UTF-8 text", file=path) from exc
    try:
        manifest = Manifest.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = ".".join(str(p) for p in first["loc"])
        raise SourceError(f"manifest field {loc}: {first['msg']}", file=path) from exc
    ids = [d.id for d in manifest.documents]
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    if dupes:
        raise SourceError(f"duplicate document id(s): {', '.join(dupes)}", file=path)
    return manifest


def read_document(sources_dir: Path, meta: DocumentMeta) -> SourceDocument:
    """Read one document, refusing it if missing, changed, undecodable or empty."""
    path = sources_dir / meta.file
    if not path.is_file():
        raise SourceError("source document is missing", file=path, hint=f"listed as {meta.id}")
    data = path.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    if digest != meta.sha256:
        raise SourceError(
            f"hash mismatch: manifest says {meta.sha256}, file has {digest}",
            file=path,
            hint="the text must stay byte-for-byte; change the manifest only for a new text",
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise SourceError(
            f"not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start})",
            file=path,
            line=line,
        ) from exc
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text.strip():
        raise SourceError("source document is empty", file=path)
    return SourceDocument(meta=meta, path=path, text=text)


def load_corpus(sources_dir: Path | None = None) -> list[SourceDocument]:
    """All documents of a corpus, in manifest order, each verified."""
    folder = sources_dir if sources_dir is not None else bundled_sources_dir()
    if not folder.is_dir():
        raise SourceError("sources folder not found", file=folder)
    manifest = load_manifest(folder)
    return [read_document(folder, meta) for meta in manifest.documents]
