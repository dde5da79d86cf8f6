"""Reads a corpus: its manifest, and each document's text after checking its bytes.

A corpus is a folder with `manifest.yaml` and the documents it lists. The bundled corpus ships
inside the package (`lexgap.data/sources`), so an installed wheel builds with no checkout; a user
adds a country or a report by pointing `--sources` at a folder of their own.

What a document must be, checked in this order so the first message is the most useful one:

1. a regular file no larger than `max_source_bytes()` (4 MiB, about 30 times the largest bundled
   document; `LEXGAP_MAX_SOURCE_MB` raises it): a bigger file is refused before it is read;
2. not empty, and text: a NUL byte means a binary file (a PDF or Word file saved under a .txt
   name), or UTF-16 text;
3. the bytes the manifest pins (`sha256`). A leading UTF-8 byte-order mark is not part of the
   text: the hash is checked on the bytes after it (or, for a manifest written over a file with
   its BOM, on all of them) and the BOM is dropped from the text. Everything else must stay
   byte for byte: a copy with Windows line endings, another encoding or an added final newline
   fails, and the message says which of these it is and how to undo it;
4. valid UTF-8 (a document whose own hash is in the manifest can still be in another encoding).

All documents are checked, and all their problems are reported together.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from lexgap.core import options
from lexgap.core.errors import LexgapError, SourceError, UsageError, combine, raise_all
from lexgap.loaders.files import read_input
from lexgap.loaders.models import DocumentMeta, Manifest
from lexgap.loaders.yaml_lines import (
    MAX_DATA_FILE_BYTES,
    line_of,
    load_yaml_with_lines,
    strip_lines,
    validation_errors,
)

MANIFEST_NAME = "manifest.yaml"
BOM = b"\xef\xbb\xbf"
MAX_SOURCE_MB_DEFAULT = 4
MAX_SOURCE_ENV = "LEXGAP_MAX_SOURCE_MB"

# The first bytes of the binary formats a document is most often mistaken for.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "a PDF file"),
    (b"PK\x03\x04", "a ZIP container (a Word .docx or OpenDocument file?)"),
    (b"\xd0\xcf\x11\xe0", "an old Word .doc file"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
)


def bundled_sources_dir() -> Path:
    """The folder of the corpus that ships with lexgap."""
    return options.BUNDLED_SOURCES


def max_source_bytes() -> int:
    """The largest source document lexgap reads ($LEXGAP_MAX_SOURCE_MB, default 4 MiB)."""
    value = os.environ.get(MAX_SOURCE_ENV)
    if value is None or not value.strip():
        return MAX_SOURCE_MB_DEFAULT * 1024 * 1024
    try:
        megabytes = float(value)
    except ValueError:
        megabytes = -1.0
    if not (0 < megabytes <= 1024 * 1024):  # nan, inf, 0 and negatives too
        raise UsageError(
            f"{MAX_SOURCE_ENV}={value[:40]!r} is not a positive number of megabytes (at most "
            "1048576)",
            hint=f"unset it for the default of {MAX_SOURCE_MB_DEFAULT}",
        )
    return int(megabytes * 1024 * 1024)


@dataclass(frozen=True)
class SourceDocument:
    """A document's metadata and its verified text (decoded, line endings as in the file)."""

    meta: DocumentMeta
    path: Path
    text: str


def load_manifest(sources_dir: Path) -> Manifest:
    """Parse and validate `manifest.yaml`; every problem names the file and, if known, the line.
    All problems of the manifest are reported at once."""
    manifest, _ = _load_manifest_with_lines(sources_dir)
    return manifest


def _load_manifest_with_lines(sources_dir: Path) -> tuple[Manifest, dict[str, int | None]]:
    """The manifest and, per document id, the line its entry starts on."""
    path = sources_dir / MANIFEST_NAME
    if not path.is_file():
        raise SourceError(
            "manifest not found", file=path, hint="a corpus folder needs manifest.yaml"
        )
    raw = load_yaml_with_lines(path, error=SourceError, max_bytes=MAX_DATA_FILE_BYTES)
    if not isinstance(raw, dict):
        raise SourceError("manifest must be a mapping with a 'documents' list", file=path, line=1)
    try:
        manifest = Manifest.model_validate(strip_lines(raw))
    except ValidationError as exc:
        errors = validation_errors(exc, raw, path, error=SourceError)
        raise combine(errors, f"{path}: {len(errors)} problem(s) in the manifest") from exc
    entries = raw.get("documents")
    lines = {d.id: line_of(e) for d, e in zip(manifest.documents, entries or [], strict=True)}
    problems: list[LexgapError] = []
    first: dict[str, int | None] = {}
    for doc, entry in zip(manifest.documents, entries or [], strict=True):
        for key, value in (("id", doc.id), ("file", doc.file)):
            seen = first.setdefault(f"{key}={value}", line_of(entry))
            if seen != line_of(entry):
                problems.append(
                    SourceError(
                        f"duplicate document {key} {value!r}",
                        file=path,
                        line=line_of(entry),
                        hint=f"first at line {seen}",
                    )
                )
    raise_all(problems, f"{path}: {len(problems)} problem(s) in the manifest")
    return manifest, lines


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _line_at(data: bytes, offset: int) -> int:
    return data[:offset].count(b"\n") + 1


def _refuse_binary(path: Path, data: bytes) -> None:
    """A NUL byte, or the magic bytes of a known binary format: UTF-16 text or a binary file;
    name which, and where (a PDF may hold no NUL byte at all)."""
    nul = data.find(b"\x00")
    if nul < 0:
        kind = next((name for magic, name in _MAGIC if data.startswith(magic)), None)
        if kind is not None:
            raise SourceError(
                f"not a text file: it looks like {kind}",
                file=path,
                line=1,
                hint="lexgap reads plain UTF-8 text: convert the document to text first",
            )
        return
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise SourceError(
            "saved as UTF-16 text",
            file=path,
            line=1,
            hint="lexgap reads UTF-8: save it again as UTF-8",
        )
    kind = next((name for magic, name in _MAGIC if data.startswith(magic)), "a binary file")
    raise SourceError(
        f"not a text file: it looks like {kind} (NUL byte at offset {nul})",
        file=path,
        line=_line_at(data, nul),
        hint="lexgap reads plain UTF-8 text: convert the document to text first",
    )


def _final_newline(data: bytes, expected: str) -> str | None:
    """'added' or 'removed' if `data` is the pinned text but for its final newline."""
    if data.endswith(b"\n") and _sha256(data[:-1]) == expected:
        return "added"
    if _sha256(data + b"\n") == expected:
        return "removed"
    return None


def _explain_mismatch(data: bytes, expected: str) -> tuple[str, int | None] | None:
    """If `data` is the pinned text changed only in a way editors and tools do silently (line
    endings, encoding, final newline), say which and how to undo it, with the first line
    concerned when there is one."""
    crlf = data.find(b"\r\n")
    if crlf >= 0:
        lf = data.replace(b"\r\n", b"\n")
        change = None if _sha256(lf) == expected else _final_newline(lf, expected)
        if _sha256(lf) == expected or change:
            also = f"; a final newline was also {change}" if change else ""
            return (
                "the file has Windows line endings (CRLF) where the pinned text has LF: convert "
                "it back, e.g. with `dos2unix FILE`, or in git set core.autocrlf to false and "
                f"check the file out again{also}",
                _line_at(data, crlf),
            )
    change = _final_newline(data, expected)
    if change:
        return f"only the final newline differs: an editor {change} it on save; undo that", None
    try:
        as_utf8 = data.decode("cp1252").encode("utf-8")
    except UnicodeDecodeError:
        return None
    if as_utf8 != data and _sha256(as_utf8) == expected:
        return (
            "the file was saved in a legacy encoding, Windows-1252 or Latin-1, where the pinned "
            "text is UTF-8: save it again as UTF-8",
            None,
        )
    return None


def read_document(
    sources_dir: Path, meta: DocumentMeta, *, manifest_line: int | None = None
) -> SourceDocument:
    """Read one document, refusing it if missing, too large, binary, changed, undecodable or
    empty. `manifest_line` (the line of its manifest entry) is named in a hash mismatch."""
    path = sources_dir / meta.file
    if not path.exists() and not path.is_symlink():
        raise SourceError("source document is missing", file=path, hint=f"listed as {meta.id}")
    data = read_input(
        path,
        max_bytes=max_source_bytes(),
        error=SourceError,
        within=sources_dir,
        what="source document",
        limit_noun="documents",
        too_big_hint=f"is this the right file? If it is, set {MAX_SOURCE_ENV} to raise the limit",
    )
    body = data[len(BOM) :] if data.startswith(BOM) else data
    if not body.strip():
        raise SourceError("source document is empty", file=path, hint=f"listed as {meta.id}")
    _refuse_binary(path, data)
    if meta.sha256 not in (_sha256(body), _sha256(data)):
        pinned = f"{MANIFEST_NAME}:{manifest_line}" if manifest_line else MANIFEST_NAME
        explained = _explain_mismatch(body, meta.sha256)
        hint, line = explained or (
            "the text must stay byte for byte: restore the original, or, for a new text, put "
            "the file's sha256 in the manifest and re-check every reading that quotes it",
            None,
        )
        raise SourceError(
            f"hash mismatch: {pinned} says {meta.sha256}, file has {_sha256(body)}",
            file=path,
            line=line,
            hint=hint,
        )
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        offset = exc.start + len(data) - len(body)
        raise SourceError(
            f"not valid UTF-8 (byte 0x{body[exc.start]:02x} at offset {offset})",
            file=path,
            line=_line_at(body, exc.start),
            hint="save the document as UTF-8 text",
        ) from None
    if not text.strip():
        raise SourceError("source document is empty", file=path, hint=f"listed as {meta.id}")
    return SourceDocument(meta=meta, path=path, text=text)


def load_corpus(sources_dir: Path | None = None) -> list[SourceDocument]:
    """All documents of a corpus, in manifest order, each verified; every bad document is
    reported (one error alone, several as an `ErrorGroup`)."""
    folder = sources_dir if sources_dir is not None else bundled_sources_dir()
    if not folder.is_dir():
        raise SourceError("sources folder not found", file=folder)
    manifest, lines = _load_manifest_with_lines(folder)
    documents: list[SourceDocument] = []
    errors: list[LexgapError] = []
    for meta in manifest.documents:
        try:
            documents.append(read_document(folder, meta, manifest_line=lines.get(meta.id)))
        except SourceError as exc:
            errors.append(exc)
    raise_all(errors, f"{len(errors)} problem(s) in the sources in {folder}")
    return documents
