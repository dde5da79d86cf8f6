"""The corpus as shipped, and every way a source can be bad.

Each bad-input case must give one clear error naming the file, exit non-zero, and write no
output (and leave a previous output untouched).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
import yaml

from lexgap.cli.main import main
from lexgap.core.errors import SourceError
from lexgap.loaders.sources import bundled_sources_dir, load_corpus, load_manifest

SHARED = Path(__file__).resolve().parents[2] / "shared" / "sources"


def test_bundled_corpus_has_five_documents_in_manifest_order() -> None:
    docs = load_corpus()
    assert [d.meta.number for d in docs] == ["000", "001", "002", "003", "004"]
    assert [d.meta.id for d in docs] == [
        "a-hrc-40-51-add-1",
        "a-hrc-40-51-add-1-es",
        "crc-c-opsc-lao-co-1",
        "csec-study-2011",
        "lao-opsc-followup-report",
    ]
    # Dates as the sources give them; the State report gives none and none is invented.
    assert [d.meta.date for d in docs] == [
        "2019-01-21",
        "2019-01-21",
        "2015-06-05",
        "2011-02",
        None,
    ]


@pytest.mark.skipif(not SHARED.is_dir(), reason="../shared is not beside this checkout")
def test_vendored_copies_are_byte_identical_to_shared_sources() -> None:
    for meta in load_manifest(bundled_sources_dir()).documents:
        assert meta.original_file is not None
        ours = (bundled_sources_dir() / meta.file).read_bytes()
        assert ours == (SHARED / meta.original_file).read_bytes(), meta.file


def _set_hash(sources: Path, file: str, data: bytes) -> None:
    (sources / file).write_bytes(data)
    manifest_path = sources / "manifest.yaml"
    manifest = yaml.safe_load(manifest_path.read_text())
    for doc in manifest["documents"]:
        if doc["file"] == file:
            doc["sha256"] = hashlib.sha256(data).hexdigest()
    manifest_path.write_text(yaml.safe_dump(manifest, allow_unicode=True))


def _break(kind: str, sources: Path) -> str:
    """Break the corpus in one way; return the file name the error must mention."""
    target = "crc-opsc-co-2015.txt"
    if kind == "missing":
        (sources / target).unlink()
    elif kind == "changed-hash":
        with (sources / target).open("ab") as fh:
            fh.write(b"\nAn extra line.\n")
    elif kind == "undecodable":
        _set_hash(sources, target, (sources / target).read_bytes()[:500] + b"\xff\xfe bad")
    elif kind == "empty":
        _set_hash(sources, target, b"  \n\n")
    elif kind == "no-manifest":
        (sources / "manifest.yaml").unlink()
        return "manifest.yaml"
    elif kind == "manifest-field":
        path = sources / "manifest.yaml"
        path.write_text(path.read_text().replace("layout: crc-export", "layout: spreadsheet"))
        return "manifest.yaml"
    else:  # pragma: no cover
        raise AssertionError(kind)
    return target


CASES = ["missing", "changed-hash", "undecodable", "empty", "no-manifest", "manifest-field"]


def test_case_list_is_complete() -> None:
    # Guards against the parametrised list shrinking silently.
    assert len(CASES) == 6


@pytest.mark.parametrize("kind", CASES)
def test_bad_source_gives_one_clear_error_and_writes_nothing(
    kind: str, sources_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    expected_file = _break(kind, sources_copy)
    out = tmp_path / "out"
    code = main(["build", "--sources", str(sources_copy), "--out", str(out)])
    err = capsys.readouterr().err
    assert code == 1
    assert err.startswith("lexgap: error: ")
    assert len(err.strip().splitlines()) == 1, err
    assert expected_file in err
    assert not out.exists()


def test_changed_hash_names_both_hashes(sources_copy: Path) -> None:
    _break("changed-hash", sources_copy)
    with pytest.raises(SourceError) as info:
        load_corpus(sources_copy)
    message = info.value.render()
    assert "661770bec746082ee99565e9a8319966f95c353d7027bfdaadd6df4df51b27c4" in message
    data = (sources_copy / "crc-opsc-co-2015.txt").read_bytes()
    assert hashlib.sha256(data).hexdigest() in message


def test_undecodable_bytes_name_the_line(sources_copy: Path) -> None:
    _break("undecodable", sources_copy)
    with pytest.raises(SourceError) as info:
        load_corpus(sources_copy)
    assert info.value.line is not None
    assert "0xff" in info.value.render()


@pytest.mark.integration
def test_failed_build_leaves_previous_output_intact(sources_copy: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert main(["build", "--sources", str(sources_copy), "--out", str(out)]) == 0
    before = (out / "lexgap.ttl").read_bytes()
    store_before = sorted(p.name for p in (out / "store").iterdir())
    _break("changed-hash", sources_copy)
    assert main(["build", "--sources", str(sources_copy), "--out", str(out)]) == 1
    assert (out / "lexgap.ttl").read_bytes() == before
    assert sorted(p.name for p in out.iterdir()) == ["lexgap.ttl", "store"]
    assert sorted(p.name for p in (out / "store").iterdir()) == store_before
