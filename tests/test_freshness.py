"""A store is reused when its inputs are unchanged and rebuilt when they changed; the check
costs file sizes and times when nothing changed, and hashes the bytes only when those moved."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from lexgap.graph import store
from lexgap.graph.persist import build_outputs
from lexgap.graph.store import Inputs, current, is_fresh

pytestmark = pytest.mark.integration


@pytest.fixture()
def built(sources_copy: Path, tmp_path: Path) -> tuple[Inputs, Path]:
    inputs = Inputs(sources=sources_copy)
    out = tmp_path / "out"
    build_outputs(inputs, out)
    return inputs, out


def _stamp(out: Path) -> dict[str, object]:
    found = current(out)
    assert found is not None
    return json.loads((found[0] / store.STAMP).read_text("utf-8"))  # type: ignore[no-any-return]


def test_unchanged_inputs_are_fresh_without_hashing_a_byte(
    built: tuple[Inputs, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    inputs, out = built
    assert _stamp(out)["listing"] == store.listing(inputs)

    def no_hashing(_inputs: Inputs) -> str:
        raise AssertionError("hashed the inputs although none changed")

    monkeypatch.setattr(store, "fingerprint", no_hashing)
    assert is_fresh(out, inputs)


def test_a_touched_file_is_hashed_once_and_the_stamp_remembers(
    built: tuple[Inputs, Path], sources_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    inputs, out = built
    source = sources_copy / "csec-study-2011.txt"
    st = source.stat()
    os.utime(source, ns=(st.st_atime_ns, st.st_mtime_ns + 5_000_000_000))
    assert store.listing(inputs) != _stamp(out)["listing"]
    assert is_fresh(out, inputs)  # same bytes: hashed, found equal
    assert _stamp(out)["listing"] == store.listing(inputs)  # and remembered
    monkeypatch.setattr(store, "fingerprint", lambda _i: "must not be called")
    assert is_fresh(out, inputs)


def test_a_changed_byte_makes_the_store_stale(
    built: tuple[Inputs, Path], sources_copy: Path
) -> None:
    inputs, out = built
    manifest = sources_copy / "manifest.yaml"
    manifest.write_text(manifest.read_text("utf-8") + "\n", encoding="utf-8")
    assert not is_fresh(out, inputs)


def test_a_changed_byte_with_the_same_size_and_time_is_found_by_the_hash_after_a_touch(
    built: tuple[Inputs, Path], sources_copy: Path
) -> None:
    """Same size, restored time: the listing cannot see it (as make and git cannot); any
    later touch brings the hash back in, which does."""
    inputs, out = built
    source = sources_copy / "csec-study-2011.txt"
    st = source.stat()
    data = bytearray(source.read_bytes())
    data[-2] = ord("x") if data[-2] != ord("x") else ord("y")
    source.write_bytes(bytes(data))
    os.utime(source, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert is_fresh(out, inputs)  # documented limit of the cheap check
    os.utime(source, ns=(st.st_atime_ns, st.st_mtime_ns + 1))
    assert not is_fresh(out, inputs)
