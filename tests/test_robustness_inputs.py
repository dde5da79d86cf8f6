"""Issue 10, input side: every bad source, manifest, data file or output folder stops the build
with a message naming the file and line, a documented exit code, and no output written or changed.

Each case breaks a copy of the bundled inputs in one way and runs `lexgap build` in-process
against a copy of a previous build, then checks the message, the exit code, and that every byte
of the previous output is as it was.

Catalogue item -> test (`bad[...]` is test_bad_source_or_manifest, `readings[...]`
test_bad_readings_file, `targets[...]` test_bad_targets_file):

- source missing, empty: bad[missing], bad[empty] (also tests/test_sources.py)
- source binary: bad[pdf], bad[pdf-not-rehashed], bad[utf-16], bad[folder]
- source not UTF-8: bad[not-utf8], bad[cp1252-copy]
- source UTF-8 with BOM (accepted, stripped): test_bom_is_accepted_and_stripped
- source with Windows line endings: bad[crlf-copy] (refused, says so),
  test_crlf_corpus_with_its_own_hashes_reads_like_the_original (accepted)
- source of 50 MB: bad[fifty-mb], test_size_limit_is_configurable
- manifest with a wrong hash: bad[wrong-hash], bad[changed-text], bad[final-newline],
  bad[malformed-hash]; upper-case hex accepted: test_manifest_hash_in_upper_case_is_accepted
- manifest with a missing field: bad[missing-field]; and bad[yaml-syntax], bad[unknown-key],
  bad[wrong-type], bad[unknown-layout], bad[duplicate-id], bad[duplicate-key],
  bad[path-outside-corpus]; all at once: test_every_manifest_problem_is_reported_together
- several bad documents: test_several_bad_documents_are_reported_together
- data file YAML syntax error: targets[yaml-syntax], readings[duplicate-key],
  readings[alias-bomb], readings[deeply-nested], test_data_file_not_utf8_names_the_line
  (readings: tests/test_readings.py yaml-syntax)
- unknown key: targets[unknown-key] (readings: tests/test_readings.py unknown-key)
- wrong type: targets[wrong-type], readings[number-locator] (and tests/test_readings.py)
- duplicate id: readings[duplicate-id], targets[duplicate-target]
- quote not in its passage: targets[quote-not-in-passage] (and tests/test_readings.py)
- locator that does not exist: targets[unknown-locator], targets[not-a-recommendation],
  targets[answers-unknown] (and tests/test_readings.py)
- offence notation that does not exist: targets[unknown-offence] (and tests/test_readings.py)
- penalty minimum above its maximum: readings[penalty-min-above-max]
- age band outside 0-25: readings[age-above-25], readings[age-negative]
- every error of a data file at once: test_every_problem_of_a_readings_file_at_once
- output folder that does not exist (created): test_build_creates_a_missing_output_folder
- output folder that cannot be written: test_unwritable_output_folder_is_refused
- --debug shows the traceback: test_debug_shows_the_traceback
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from lexgap.cli.main import main
from lexgap.core.errors import (
    EXIT_INPUT,
    EXIT_REMOTE,
    EXIT_USAGE,
    DataFileError,
    ErrorGroup,
    QueryError,
    RemoteStoreError,
    SourceError,
    UsageError,
)
from lexgap.loaders.corpus import Corpus, read_corpus
from lexgap.loaders.readings import bundled_readings_dir
from lexgap.loaders.sources import bundled_sources_dir, load_manifest
from lexgap.loaders.targets import bundled_targets_dir

pytestmark = pytest.mark.integration

CRC_TEXT = "crc-opsc-co-2015.txt"
CRC_ID = "crc-c-opsc-lao-co-1"
CRC_YAML = f"{CRC_ID}.yaml"
STATE_YAML = "lao-opsc-followup-report.yaml"
MANIFEST = "manifest.yaml"


# --------------------------------------------------------------------------------------------
# Helpers: a previous output, its snapshot, and one failing build
# --------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def previous_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A complete build of the bundled corpus into a folder that did not exist (nor its parent)."""
    out = tmp_path_factory.mktemp("previous") / "new" / "dir"
    assert main(["build", "--out", str(out)]) == 0
    return out


@pytest.fixture()
def out(previous_build: Path, tmp_path: Path) -> Path:
    """A writable copy of the previous build, for a build that must leave it untouched."""
    target = tmp_path / "out"
    shutil.copytree(previous_build, target)
    return target


def snapshot(folder: Path) -> dict[str, str]:
    """Every file and folder under `folder` with the SHA-256 of its bytes."""
    if not folder.exists():
        return {}
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        if p.is_file()
        else "<dir>"
        for p in sorted(folder.rglob("*"))
    }


@dataclass
class Failure:
    code: int
    err: str

    def lines_naming(self, path: Path) -> set[int]:
        """The line numbers the message gives for `path` ("path:12: ..." or "path:12, ...")."""
        return {int(n) for n in re.findall(re.escape(f"{path}:") + r"(\d+)[:,]", self.err)}


def fail_build(args: list[str], out: Path, capsys: pytest.CaptureFixture[str]) -> Failure:
    """Run `lexgap build ARGS --out OUT`; it must fail with exit 1, print only `lexgap: error:`
    lines on stderr, and leave OUT exactly as it was."""
    before = snapshot(out)
    code = main(["build", *args, "--out", str(out)])
    captured = capsys.readouterr()
    assert code == EXIT_INPUT, captured.err
    assert captured.err.startswith("lexgap: error: "), captured.err
    assert "Traceback" not in captured.err
    assert snapshot(out) == before
    return Failure(code, captured.err)


def line_of(path: Path, text: str) -> int:
    """1-based line where `text` (which must occur once) starts in `path`."""
    content = path.read_text("utf-8")
    assert content.count(text) == 1, text
    return content[: content.index(text)].count("\n") + 1


def edit(path: Path, old: str, new: str) -> int:
    """Replace `old` (once) by `new` in `path`; return the line `old` started on."""
    line = line_of(path, old)
    path.write_text(path.read_text("utf-8").replace(old, new), "utf-8")
    return line


def rehash(sources: Path, file: str) -> None:
    """Put `file`'s current hash in the manifest, in place (line numbers unchanged)."""
    manifest = sources / MANIFEST
    meta = next(d for d in load_manifest(bundled_sources_dir()).documents if d.file == file)
    digest = hashlib.sha256((sources / file).read_bytes()).hexdigest()
    manifest.write_text(manifest.read_text("utf-8").replace(meta.sha256, digest), "utf-8")


def copy_of(folder: Path, tmp_path: Path, name: str) -> Path:
    target = tmp_path / name
    shutil.copytree(folder, target)
    return target


# --------------------------------------------------------------------------------------------
# Source documents and the manifest
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Expect:
    """What the message must say: the file it names, the line (None: none given), and words."""

    file: str
    line: int | None
    words: tuple[str, ...]


def _missing(s: Path) -> Expect:
    (s / CRC_TEXT).unlink()
    return Expect(CRC_TEXT, None, ("source document is missing", f"listed as {CRC_ID}"))


def _empty(s: Path) -> Expect:
    (s / CRC_TEXT).write_bytes(b"")
    rehash(s, CRC_TEXT)
    return Expect(CRC_TEXT, None, ("source document is empty",))


def _pdf(rehashed: bool) -> Callable[[Path], Expect]:
    def apply(s: Path) -> Expect:
        (s / CRC_TEXT).write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj <</Length 5\x00>>")
        if rehashed:
            rehash(s, CRC_TEXT)
        return Expect(CRC_TEXT, 3, ("not a text file", "looks like a PDF file", "convert"))

    return apply


def _utf16(s: Path) -> Expect:
    text = (bundled_sources_dir() / CRC_TEXT).read_text("utf-8")
    (s / CRC_TEXT).write_bytes(text.encode("utf-16"))
    return Expect(CRC_TEXT, 1, ("saved as UTF-16 text", "save it again as UTF-8"))


def _not_utf8(s: Path) -> Expect:
    lines = (bundled_sources_dir() / CRC_TEXT).read_bytes().split(b"\n")
    lines[6] = lines[6] + " café".encode("cp1252")
    (s / CRC_TEXT).write_bytes(b"\n".join(lines))
    rehash(s, CRC_TEXT)
    return Expect(CRC_TEXT, 7, ("not valid UTF-8 (byte 0xe9", "save the document as UTF-8"))


def _cp1252_copy(s: Path) -> Expect:
    text = (bundled_sources_dir() / CRC_TEXT).read_text("utf-8")
    (s / CRC_TEXT).write_bytes(text.encode("cp1252"))
    return Expect(CRC_TEXT, None, ("hash mismatch", "legacy encoding", "save it again as UTF-8"))


def _crlf_copy_of(sources: Path, file: str) -> None:
    data = (bundled_sources_dir() / file).read_bytes()
    (sources / file).write_bytes(data.replace(b"\n", b"\r\n"))


def _crlf_copy(s: Path) -> Expect:
    _crlf_copy_of(s, CRC_TEXT)
    manifest_line = line_of(s / MANIFEST, f"id: {CRC_ID}\n")
    return Expect(
        CRC_TEXT,
        1,
        (
            f"hash mismatch: manifest.yaml:{manifest_line} says",
            "Windows line endings (CRLF)",
            "dos2unix",
        ),
    )


def _final_newline(s: Path) -> Expect:
    with (s / CRC_TEXT).open("ab") as fh:
        fh.write(b"\n")
    return Expect(CRC_TEXT, None, ("hash mismatch", "only the final newline differs"))


def _changed_text(s: Path) -> Expect:
    path = s / CRC_TEXT
    path.write_text(path.read_text("utf-8").replace("Committee", "Comittee", 1), "utf-8")
    manifest_line = line_of(s / MANIFEST, f"id: {CRC_ID}\n")
    return Expect(
        CRC_TEXT,
        None,
        (f"manifest.yaml:{manifest_line} says 6617", "must stay byte for byte", "sha256"),
    )


def _wrong_hash(s: Path) -> Expect:
    """A well-formed hash that is not this file's (another document's, pasted by mistake)."""
    docs = load_manifest(bundled_sources_dir()).documents
    crc = next(d for d in docs if d.id == CRC_ID)
    other = next(d for d in docs if d.id != CRC_ID)
    manifest = s / MANIFEST
    manifest.write_text(
        manifest.read_text("utf-8").replace(f"sha256: {crc.sha256}", f"sha256: {other.sha256}"),
        "utf-8",
    )
    line = line_of(manifest, f"id: {CRC_ID}\n")
    return Expect(CRC_TEXT, None, (f"hash mismatch: manifest.yaml:{line} says {other.sha256}",))


def _fifty_mb(s: Path) -> Expect:
    line = b"The Penal Code (2017), article 257, punishes possession of such material.\n"
    mebibyte = (line * (1024 * 1024 // len(line) + 1))[: 1024 * 1024]
    with (s / CRC_TEXT).open("wb") as fh:
        for _ in range(50):
            fh.write(mebibyte)
    return Expect(CRC_TEXT, None, ("source document is 50.0 MB", "up to 4.0 MB"))


def _folder(s: Path) -> Expect:
    (s / CRC_TEXT).unlink()
    (s / CRC_TEXT).mkdir()
    return Expect(CRC_TEXT, None, ("not a regular file",))


def _malformed_hash(s: Path) -> Expect:
    line = edit(s / MANIFEST, "sha256: 661770bec", "sha256: 661770xyz")
    return Expect(MANIFEST, line, ("documents.2.sha256: String should match pattern",))


SOURCE_CASES: dict[str, Callable[[Path], Expect]] = {
    "missing": _missing,
    "empty": _empty,
    "pdf": _pdf(rehashed=True),
    "pdf-not-rehashed": _pdf(rehashed=False),
    "utf-16": _utf16,
    "not-utf8": _not_utf8,
    "cp1252-copy": _cp1252_copy,
    "crlf-copy": _crlf_copy,
    "final-newline": _final_newline,
    "changed-text": _changed_text,
    "wrong-hash": _wrong_hash,
    "malformed-hash": _malformed_hash,
    "fifty-mb": _fifty_mb,
    "folder": _folder,
}


def _manifest_edit(old: str, new: str, *words: str, at: str = "") -> Callable[[Path], Expect]:
    """Edit the manifest; the message must name the line where `at` starts (default: the edit)."""

    def apply(s: Path) -> Expect:
        line = edit(s / MANIFEST, old, new)
        return Expect(MANIFEST, line_of(s / MANIFEST, at) if at else line, words)

    return apply


MANIFEST_CASES: dict[str, Callable[[Path], Expect]] = {
    "missing-field": _manifest_edit(
        "    layout: crc-export\n",
        "",
        "documents.2.layout: Field required",
        at=f"  - id: {CRC_ID}\n",  # the entry that lacks it
    ),
    "yaml-syntax": _manifest_edit(
        "    layout: crc-export\n", "    layout: [crc-export\n", "invalid YAML"
    ),
    "unknown-key": _manifest_edit(
        "    layout: crc-export\n",
        "    layout: crc-export\n    auther: someone\n",
        "documents.2.auther: Extra inputs are not permitted",
        at="    auther: someone",
    ),
    "wrong-type": _manifest_edit(
        'date: "2015-06-05"',
        "date: 2015-06-05",
        "documents.2.date: Input should be a valid string",
        "put it in quotes",
    ),
    "unknown-layout": _manifest_edit(
        "layout: crc-export",
        "layout: spreadsheet",
        "documents.2.layout: Input should be",
        "'crc-export'",
    ),
    "duplicate-id": _manifest_edit(
        "  - id: csec-study-2011\n",
        f"  - id: {CRC_ID}\n",
        f"duplicate document id {CRC_ID!r}",
        "first at line",
    ),
    "path-outside-corpus": _manifest_edit(
        f"file: {CRC_TEXT}",
        "file: ../../etc/passwd",
        "file must be a path inside the corpus folder",
    ),
    "duplicate-key": _manifest_edit(
        "    layout: crc-export\n",
        "    layout: crc-export\n    date_note: again\n",
        "duplicate key 'date_note'",
        at="    date_note: again",
    ),
}


def test_case_lists_are_complete() -> None:
    # Guards against the parametrised lists shrinking silently.
    assert len(SOURCE_CASES) == 14
    assert len(MANIFEST_CASES) == 8
    assert len(READING_CASES) == 8
    assert len(TARGET_CASES) == 9


@pytest.mark.parametrize("case", sorted(SOURCE_CASES) + sorted(MANIFEST_CASES))
def test_bad_source_or_manifest(
    case: str,
    sources_copy: Path,
    out: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    started = time.perf_counter()
    expect = (SOURCE_CASES | MANIFEST_CASES)[case](sources_copy)
    failure = fail_build(["--sources", str(sources_copy)], out, capsys)
    path = sources_copy / expect.file
    assert f"{path}" in failure.err, failure.err
    if expect.line is None:
        assert not failure.lines_naming(path), failure.err
    else:
        assert failure.lines_naming(path) == {expect.line}, failure.err
    for words in expect.words:
        assert words in failure.err, failure.err
    # One bad input, one error line: nothing else is blamed.
    assert len(failure.err.strip().splitlines()) == 1, failure.err
    # A bad source is refused before anything slow happens (the 50 MB file is not parsed).
    assert time.perf_counter() - started < 15


def test_several_bad_documents_are_reported_together(
    sources_copy: Path, out: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _empty(sources_copy)
    _crlf_copy_of(sources_copy, "state-followup-report.txt")
    failure = fail_build(["--sources", str(sources_copy)], out, capsys)
    lines = failure.err.strip().splitlines()
    assert lines[0] == f"lexgap: error: 2 problem(s) in the sources in {sources_copy}"
    assert f"{sources_copy / CRC_TEXT}: source document is empty" in lines[1]
    assert f"{sources_copy / 'state-followup-report.txt'}:1: hash mismatch" in lines[2]
    assert "Windows line endings" in lines[2]


def test_every_manifest_problem_is_reported_together(
    sources_copy: Path, out: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    manifest = sources_copy / MANIFEST
    first = edit(manifest, "layout: crc-export", "layout: spreadsheet")
    second = edit(manifest, "language: es", "language: lo")
    failure = fail_build(["--sources", str(sources_copy)], out, capsys)
    assert "2 problem(s) in the manifest" in failure.err
    assert failure.lines_naming(manifest) == {first, second}


def _signature(corpus: Corpus) -> list[tuple[str, list[tuple[str, str, int]], list[str]]]:
    """What a corpus yields: per document, its passages (locator, text, first line) and
    citations."""
    return [
        (
            d.id,
            [(p.locator, p.text, p.line_start) for p in d.passages],
            [f"{c.locator}:{c.span}:{c.instrument}:{c.article}:{c.year}" for c in d.citations],
        )
        for d in corpus.documents
    ]


@pytest.mark.parametrize("rehashed", [False, True], ids=["bundled-hash", "own-hash"])
def test_bom_is_accepted_and_stripped(corpus: Corpus, sources_copy: Path, rehashed: bool) -> None:
    """Decision: a UTF-8 byte-order mark is not part of the text. An editor that adds one changes
    no character, line or quote, so the pinned bytes after it still match, and the BOM is dropped.
    A manifest that hashed the file with its BOM is accepted too."""
    for meta in load_manifest(sources_copy).documents:
        path = sources_copy / meta.file
        path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
        if rehashed:
            rehash(sources_copy, meta.file)
    loaded = read_corpus(sources_copy)
    assert not any(d.source.text.startswith("\ufeff") for d in loaded.documents)
    assert _signature(loaded) == _signature(corpus)


def test_crlf_corpus_with_its_own_hashes_reads_like_the_original(
    corpus: Corpus, sources_copy: Path
) -> None:
    """A corpus written on Windows, hashed as it is, is read with the same passages, lines and
    citations as the LF original: only a CRLF *copy* of pinned LF bytes is refused."""
    for meta in load_manifest(sources_copy).documents:
        _crlf_copy_of(sources_copy, meta.file)
        rehash(sources_copy, meta.file)
    manifest = sources_copy / MANIFEST
    manifest.write_bytes(b"\xef\xbb\xbf" + manifest.read_bytes().replace(b"\n", b"\r\n"))
    assert _signature(read_corpus(sources_copy)) == _signature(corpus)


def test_manifest_hash_in_upper_case_is_accepted(corpus: Corpus, sources_copy: Path) -> None:
    """PowerShell's Get-FileHash prints upper-case hex; it is the same hash."""
    manifest = sources_copy / MANIFEST
    for meta in load_manifest(sources_copy).documents:
        manifest.write_text(
            manifest.read_text("utf-8").replace(meta.sha256, meta.sha256.upper()), "utf-8"
        )
    assert _signature(read_corpus(sources_copy)) == _signature(corpus)


def test_size_limit_is_configurable(
    sources_copy: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = sources_copy / CRC_TEXT
    path.write_bytes(b"x" * (5 * 1024 * 1024))
    out = sources_copy.parent / "never"
    assert main(["build", "--sources", str(sources_copy), "--out", str(out)]) == EXIT_INPUT
    assert "source document is 5.0 MB; lexgap reads documents up to 4.0 MB" in (
        capsys.readouterr().err
    )
    monkeypatch.setenv("LEXGAP_MAX_SOURCE_MB", "6")
    assert main(["build", "--sources", str(sources_copy), "--out", str(out)]) == EXIT_INPUT
    assert "hash mismatch" in capsys.readouterr().err  # read, then refused for its bytes
    monkeypatch.setenv("LEXGAP_MAX_SOURCE_MB", "lots")
    assert main(["build", "--sources", str(sources_copy), "--out", str(out)]) == EXIT_USAGE
    assert "LEXGAP_MAX_SOURCE_MB='lots' is not a positive number" in capsys.readouterr().err
    assert not out.exists()


def test_missing_sources_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    assert main(["build", "--sources", str(tmp_path / "nope"), "--out", str(out)]) == EXIT_INPUT
    assert f"{tmp_path / 'nope'}: sources folder not found" in capsys.readouterr().err
    assert not out.exists()


# --------------------------------------------------------------------------------------------
# Curated data files: readings (data/readings) and recommendation targets (data/recommendations)
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DataEdit:
    """One edit of a data file and what the message must say. The line it must name is where
    `anchor` (unique in the edited file; default: `new`) starts, or with `entry`, the first line
    of the list entry holding it; `anchor=""` means the message names no line."""

    file: str
    old: str
    new: str
    words: tuple[str, ...]
    anchor: str | None = None
    entry: bool = False

    def apply(self, folder: Path) -> None:
        edit(folder / self.file, self.old, self.new)

    def expected_line(self, folder: Path) -> int | None:
        if self.anchor == "":
            return None
        path = folder / self.file
        line = line_of(path, self.anchor or self.new)
        if self.entry:
            lines = path.read_text("utf-8").splitlines()
            line = max(n for n in range(1, line + 1) if lines[n - 1].startswith("  - "))
        return line


READING_CASES: dict[str, DataEdit] = {
    "duplicate-id": DataEdit(
        CRC_YAML,
        "  - id: crc-23-decree-on-adoption\n",
        "  - id: crc-29d-penal-code-rape-of-girls-only\n",
        (
            "paragraph 23: duplicate id 'crc-29d-penal-code-rape-of-girls-only'",
            f"first in {CRC_YAML}:",
        ),
        anchor='    locator: "23"',
        entry=True,
    ),
    "penalty-min-above-max": DataEdit(
        CRC_YAML,
        "    victim_sex: girls\n",
        "    victim_sex: girls\n    penalty: {prison_min_months: 120, prison_max_months: 60}\n",
        ("statements.0.penalty: prison minimum 120 is above its maximum 60",),
        anchor="    penalty: {prison_min_months: 120",
    ),
    "age-above-25": DataEdit(
        CRC_YAML,
        "    victim_sex: girls\n",
        "    victim_sex: girls\n    age:\n      min: 15\n      min_inclusive: true\n"
        "      max: 30\n      max_inclusive: false\n",
        ("statements.0.age.max: Input should be less than or equal to 25",),
        anchor="      max: 30",
    ),
    "age-negative": DataEdit(
        CRC_YAML,
        "    victim_sex: girls\n",
        "    victim_sex: girls\n    age: {min: -1, min_inclusive: true}\n",
        ("statements.0.age.min: Input should be greater than or equal to 0",),
        anchor="    age: {min: -1",
    ),
    "number-locator": DataEdit(
        CRC_YAML,
        'locator: "23"',
        "locator: 23",
        ("statements.1.locator: Input should be a valid string", "put it in quotes"),
    ),
    "duplicate-key": DataEdit(
        CRC_YAML,
        "    victim_sex: girls\n",
        "    victim_sex: girls\n    victim_sex: boys\n",
        ("invalid YAML: duplicate key 'victim_sex'",),
        anchor="    victim_sex: boys",
    ),
    "alias-bomb": DataEdit(
        CRC_YAML,
        "document: crc-c-opsc-lao-co-1\n",
        "document: crc-c-opsc-lao-co-1\nx0: &x0 [a, a, a, a, a, a, a, a, a, a]\n"
        + "".join(f"x{i}: &x{i} [{', '.join([f'*x{i - 1}'] * 10)}]\n" for i in range(1, 9)),
        ("aliases (*name) are not allowed in lexgap data files",),
        anchor="x1: &x1",
    ),
    "deeply-nested": DataEdit(
        CRC_YAML,
        "document: crc-c-opsc-lao-co-1\n",
        "document: crc-c-opsc-lao-co-1\nx: " + "[" * 3000 + "]" * 3000 + "\n",
        ("nested too deeply",),
        anchor="",
    ),
}

TARGET_CASES: dict[str, DataEdit] = {
    "yaml-syntax": DataEdit(
        CRC_YAML, '  - locator: "10"\n', '  - locator: "10\n', ("invalid YAML",)
    ),
    "unknown-key": DataEdit(
        CRC_YAML,
        '  - locator: "10"\n',
        '  - locator: "10"\n    urgency: high\n',
        ("targets.1.urgency: Extra inputs are not permitted",),
        anchor="    urgency: high",
    ),
    "wrong-type": DataEdit(
        CRC_YAML,
        '    actions: [other]\n    no_law: true\n    quote: "develop a new national plan',
        '    actions: other\n    no_law: true\n    quote: "develop a new national plan',
        ("targets.1.actions: Input should be a valid list",),
    ),
    "quote-not-in-passage": DataEdit(
        CRC_YAML,
        '"develop a new national plan',
        '"develop an old national plan',
        ("paragraph 10: quote not found in its passage",),
        entry=True,
    ),
    "unknown-locator": DataEdit(
        CRC_YAML, '  - locator: "10"\n', '  - locator: "10(z)"\n', ("no passage '10(z)'",)
    ),
    "unknown-offence": DataEdit(
        CRC_YAML,
        "    offences: [csam-distribution]\n",
        "    offences: [csam-distribution, child-grooming-online]\n",
        ("unknown offence notation(s) child-grooming-online", "valid notations:"),
        entry=True,
    ),
    "duplicate-target": DataEdit(
        CRC_YAML,
        '  - locator: "12"\n',
        '  - locator: "10"\n',
        ("second target entry for '10'", "merge them"),
        anchor='    quote: "strengthen coordination among',
        entry=True,
    ),
    "not-a-recommendation": DataEdit(
        CRC_YAML, '  - locator: "10"\n', '  - locator: "9"\n', ("'9' is not a recommendation",)
    ),
    "answers-unknown": DataEdit(
        STATE_YAML,
        '    answers: ["43"]\n',
        '    answers: ["43(q)"]\n',
        ("answers 43(q): not recommendation(s) of crc-c-opsc-lao-co-1",),
        entry=True,
    ),
}


def _check_data_failure(case: DataEdit, folder: Path, failure: Failure) -> None:
    path = folder / case.file
    assert f"{path}" in failure.err, failure.err
    expected = case.expected_line(folder)
    assert failure.lines_naming(path) == (set() if expected is None else {expected}), failure.err
    for words in case.words:
        assert words in failure.err, failure.err


@pytest.mark.parametrize("case", sorted(READING_CASES))
def test_bad_readings_file(case: str, out: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = copy_of(bundled_readings_dir(), out.parent, "readings")
    started = time.perf_counter()
    READING_CASES[case].apply(folder)
    failure = fail_build(["--readings", str(folder)], out, capsys)
    assert time.perf_counter() - started < 20  # an alias bomb is refused, not expanded
    _check_data_failure(READING_CASES[case], folder, failure)


@pytest.mark.parametrize("case", sorted(TARGET_CASES))
def test_bad_targets_file(case: str, out: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = copy_of(bundled_targets_dir(), out.parent, "recommendations")
    TARGET_CASES[case].apply(folder)
    failure = fail_build(["--recommendations", str(folder)], out, capsys)
    _check_data_failure(TARGET_CASES[case], folder, failure)


ALL_AT_ONCE = [
    DataEdit(  # quote not in its passage: the entry's first line
        CRC_YAML,
        'quote: "The Penal Law criminalizes only the rape of girls, not that of boys"',
        'quote: "The Penal Law criminalizes only the rape of boys, not that of girls"',
        ("quote not found in its passage",),
        entry=True,
    ),
    DataEdit(  # unknown key: its own line
        CRC_YAML,
        '    verdict: no-law\n    considered: []\n    quote: "The lack of',
        '    verdict: no-law\n    verdikt: maybe\n    considered: []\n    quote: "The lack of',
        ("verdikt: Extra inputs are not permitted",),
        anchor="    verdikt: maybe",
    ),
    DataEdit(  # wrong type: the line of the mapping holding it
        CRC_YAML,
        "{instrument: decree-on-adoption, year: null,",
        "{instrument: decree-on-adoption, year: soon,",
        ("provision.year: Input should be a valid integer",),
    ),
    DataEdit(  # unknown offence notation
        CRC_YAML,
        "offences: [sale-of-children]",
        "offences: [sale-of-kids]",
        ("unknown offence notation(s) sale-of-kids",),
        entry=True,
    ),
    DataEdit(  # a locator that does not exist
        CRC_YAML,
        '  - id: crc-29a-sale-for-organs-not-distinct\n    locator: "29(a)"',
        '  - id: crc-29a-sale-for-organs-not-distinct\n    locator: "29(x)"',
        ("no passage '29(x)'",),
    ),
    DataEdit(  # duplicate id
        CRC_YAML,
        "  - id: crc-29b-child-prostitution-only-up-to-15\n",
        "  - id: crc-29a-sale-not-distinct-from-trafficking\n",
        ("duplicate id 'crc-29a-sale-not-distinct-from-trafficking'",),
        anchor='    locator: "29(b)"',
        entry=True,
    ),
    DataEdit(  # minimum above maximum, in an entry of its own
        CRC_YAML,
        "\nassessments:\n",
        '\n  - id: crc-29d-extra\n    locator: "29(d)"\n'
        "    provision: {instrument: penal-code, year: null, article: null}\n"
        "    effect: creates-offence\n    offences: [child-rape]\n"
        '    quote: "criminalizes only the rape of girls"\n'
        "    penalty: {fine_min_kip: 900, fine_max_kip: 100}\n"
        "\nassessments:\n",
        ("statements.4.penalty: fine minimum 900 is above its maximum 100",),
        anchor="    penalty: {fine_min_kip: 900",
    ),
]


def test_every_problem_of_a_readings_file_at_once(
    out: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Schema problems (unknown key, wrong type, bounds) and text problems (quote, passage,
    offence, duplicate id) of one file come in one run, one line each with its own line number:
    an entry the schema refuses does not hide the checks of the others."""
    folder = copy_of(bundled_readings_dir(), out.parent, "readings")
    for case in ALL_AT_ONCE:
        case.apply(folder)
    failure = fail_build(["--readings", str(folder)], out, capsys)
    lines = failure.err.strip().splitlines()
    assert lines[0] == f"lexgap: error: {len(ALL_AT_ONCE)} problem(s) in the curated readings"
    assert len(lines) == 1 + len(ALL_AT_ONCE), failure.err
    path = folder / CRC_YAML
    for case in ALL_AT_ONCE:
        line = case.expected_line(folder)
        named = [ln for ln in lines if f"{path}:{line}:" in ln or f"{path}:{line}," in ln]
        assert any(all(w in ln for w in case.words) for ln in named), (line, case, failure.err)


def test_data_file_not_utf8_names_the_line(out: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = copy_of(bundled_readings_dir(), out.parent, "readings")
    path = folder / CRC_YAML
    anchor = "the State party has passed a new decree"
    line = line_of(path, anchor)
    path.write_bytes(
        path.read_bytes().replace(anchor.encode(), "the State – party".encode("cp1252"))
    )
    failure = fail_build(["--readings", str(folder)], out, capsys)
    assert failure.lines_naming(path) == {line}
    assert "not UTF-8 text (byte 0x96" in failure.err


def test_missing_data_folders_are_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A mistyped --readings or --recommendations folder is an error, not an empty data set."""
    for option, words in (
        ("--readings", "readings folder not found"),
        ("--recommendations", "recommendation targets folder not found"),
    ):
        out = tmp_path / "out"
        assert main(["build", option, str(tmp_path / "typo"), "--out", str(out)]) == EXIT_INPUT
        assert f"{tmp_path / 'typo'}: {words}" in capsys.readouterr().err
        assert not out.exists()


def test_control_characters_in_messages_are_escaped(
    out: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """User text in a message (a locator here) cannot break the one-line format or send escape
    sequences to the terminal."""
    folder = copy_of(bundled_readings_dir(), out.parent, "readings")
    edit(folder / CRC_YAML, 'locator: "23"', 'locator: "23\\e[2J\\nfake: line"')
    failure = fail_build(["--readings", str(folder)], out, capsys)
    assert "\x1b" not in failure.err
    assert "paragraph 23\\x1b[2J\\x0afake: line" in failure.err
    assert len(failure.err.strip().splitlines()) == 2  # the summary and the one error


# --------------------------------------------------------------------------------------------
# Output folders
# --------------------------------------------------------------------------------------------


def test_build_creates_a_missing_output_folder(previous_build: Path) -> None:
    """`lexgap build --out new/dir` creates the folder and its parents (see the fixture)."""
    assert previous_build.parent.name == "new"
    assert sorted(p.name for p in previous_build.iterdir()) == ["lexgap.ttl", "store"]


@pytest.mark.parametrize("where", ["under-a-file", "is-a-file", "proc"])
def test_unwritable_output_folder_is_refused(
    where: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Tests run as root, so permissions cannot make a folder unwritable: a path under a regular
    file, a regular file itself, and a folder under /proc cannot be created by anyone."""
    blocker = tmp_path / "notes.txt"
    blocker.write_text("a file where a folder was expected\n")
    target = {
        "under-a-file": blocker / "out",
        "is-a-file": blocker,
        "proc": Path(f"/proc/lexgap-test-{os.getpid()}/out"),
    }[where]
    code = main(["build", "--out", str(target)])
    err = capsys.readouterr().err
    assert code == EXIT_INPUT, err
    assert err.startswith(f"lexgap: error: {target}"), err
    assert len(err.strip().splitlines()) == 1
    assert blocker.read_text() == "a file where a folder was expected\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]
    assert not Path(f"/proc/lexgap-test-{os.getpid()}").exists()


# --------------------------------------------------------------------------------------------
# Exit codes and --debug
# --------------------------------------------------------------------------------------------


def test_documented_exit_codes() -> None:
    assert (EXIT_INPUT, EXIT_USAGE, EXIT_REMOTE) == (1, 2, 3)
    assert SourceError("x").exit_code == DataFileError("x").exit_code == EXIT_INPUT
    assert UsageError("x").exit_code == QueryError("x").exit_code == EXIT_USAGE
    assert RemoteStoreError("x").exit_code == EXIT_REMOTE
    # A group exits with the most serious code of its errors, and stays flat.
    group = ErrorGroup([SourceError("a"), ErrorGroup([UsageError("b")], "inner")], "outer")
    assert group.exit_code == EXIT_USAGE
    assert group.render().splitlines() == ["outer", "  a", "  b"]


def _console(*args: str) -> subprocess.CompletedProcess[str]:
    exe = Path(sys.executable).with_name("lexgap")
    return subprocess.run([str(exe), *args], capture_output=True, text=True, check=False)


def test_debug_shows_the_traceback(sources_copy: Path, tmp_path: Path) -> None:
    """End to end through the console script: one line and exit 1 without --debug, the
    traceback with it; nothing written either way."""
    _empty(sources_copy)
    out = tmp_path / "out"
    plain = _console("build", "--sources", str(sources_copy), "--out", str(out))
    assert plain.returncode == EXIT_INPUT
    assert plain.stderr == (
        f"lexgap: error: {sources_copy / CRC_TEXT}: source document is empty (listed as {CRC_ID})\n"
    )
    debug = _console("--debug", "build", "--sources", str(sources_copy), "--out", str(out))
    assert debug.returncode != 0
    assert "Traceback (most recent call last)" in debug.stderr
    assert "SourceError" in debug.stderr and "source document is empty" in debug.stderr
    assert not out.exists()


def test_a_runaway_passage_is_refused_naming_its_place(
    sources_copy: Path, out: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A document whose paragraphs the layout cannot find becomes one giant passage; citation
    finding on it would take minutes, so it is refused with the file, line and paragraph."""
    from lexgap.loaders.paragraphs import MAX_PASSAGE_CHARS

    target = sources_copy / "sr-report-2019-en.txt"
    lines = target.read_text("utf-8").splitlines(keepends=True)
    at = next(i for i, line in enumerate(lines) if line.startswith("29. "))
    filler = "Article 89 of the Penal Code and article 257 apply. " * (MAX_PASSAGE_CHARS // 40)
    lines.insert(at + 1, filler + "\n")
    target.write_text("".join(lines), "utf-8")
    rehash(sources_copy, "sr-report-2019-en.txt")
    failure = fail_build(["--sources", str(sources_copy)], out, capsys)
    assert at + 1 in failure.lines_naming(target)
    assert "paragraph 29" in failure.err
    assert f"lexgap reads passages up to {MAX_PASSAGE_CHARS:,}" in failure.err
