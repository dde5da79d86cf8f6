"""Issue 10, interruption and concurrency: a build killed at any moment leaves the previous
Turtle file and store usable, and two builds at once never corrupt the store.

The builds run as real processes (the console script next to the interpreter) and are killed
with SIGKILL, which nothing can catch: what survives is what the atomic writes guarantee.
Delays are seeded, so a failure can be replayed.
"""

from __future__ import annotations

import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from lexgap.graph.store import STORE_FOLDER, build_lock, current

LEXGAP = str(Path(sys.executable).with_name("lexgap"))
QUESTION = "csam-possession"
SEED = 20190121
KILLS = 10


def lexgap(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([LEXGAP, *args], capture_output=True, text=True, check=False)


def start_build(out: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [LEXGAP, "build", "--out", str(out)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )


def answer(out: Path) -> str:
    """The question answered from the store in `out`, which must be used as it is."""
    result = lexgap("ask", QUESTION, "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert "building it" not in result.stderr, "the store was not usable: it was rebuilt"
    return result.stdout


def writing_started(out: Path, before: set[str]) -> bool:
    """True once a build has begun to write: a temporary Turtle file or a new store folder."""
    if any(p.name.startswith(".lexgap.ttl.") for p in out.iterdir()):
        return True
    return any(p.name not in before for p in (out / STORE_FOLDER).iterdir())


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, bytes, str, float]:
    """A complete build, its Turtle bytes, its answer to the question, and how long it took."""
    out = tmp_path_factory.mktemp("reference") / "out"
    started = time.monotonic()
    result = lexgap("build", "--out", str(out))
    took = time.monotonic() - started
    assert result.returncode == 0, result.stderr
    return out, (out / "lexgap.ttl").read_bytes(), answer(out), took


def assert_intact(out: Path, ttl: bytes, expected: str) -> None:
    assert (out / "lexgap.ttl").read_bytes() == ttl
    assert current(out) is not None
    assert answer(out) == expected


def test_killed_builds_leave_the_previous_outputs_usable(
    reference: tuple[Path, bytes, str, float], tmp_path: Path
) -> None:
    source, ttl, expected, took = reference
    out = tmp_path / "out"
    shutil.copytree(source, out)
    rng = random.Random(SEED)
    killed_while_writing = 0
    for attempt in range(KILLS):
        before = {p.name for p in (out / STORE_FOLDER).iterdir()}
        proc = start_build(out)
        if attempt % 2 == 0:
            # Anywhere in the build: starting, reading, checking, validating or writing.
            time.sleep(rng.uniform(0.05, took))
        else:
            # In the writing phase, the one the atomic writes protect.
            deadline = time.monotonic() + 30
            while proc.poll() is None and time.monotonic() < deadline:
                if writing_started(out, before):
                    killed_while_writing += 1
                    break
                time.sleep(0.005)
            time.sleep(rng.uniform(0.0, 0.3))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        assert_intact(out, ttl, expected)
    assert killed_while_writing >= KILLS // 4, "too few kills landed while writing"
    # A build that completes afterwards still works, and removes what the killed builds left:
    # only its own store and the one it replaced (a reader may still be in it) remain.
    result = lexgap("build", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert_intact(out, ttl, expected)
    stores = [p.name for p in (out / STORE_FOLDER).iterdir() if p.name.startswith("s-")]
    assert 1 <= len(stores) <= 2, stores
    assert (out / STORE_FOLDER / "CURRENT").read_text("utf-8").strip() in stores
    assert not list((out / STORE_FOLDER).glob(".CURRENT.*.tmp"))
    # A killed writer may leave its private temporary files (never read), and nothing else.
    leftovers = {p.name for p in out.iterdir()} - {"lexgap.ttl", STORE_FOLDER}
    assert all(name.startswith(".lexgap.ttl.") for name in leftovers), leftovers


def test_two_builds_at_once_do_not_corrupt_the_store(
    reference: tuple[Path, bytes, str, float], tmp_path: Path
) -> None:
    """Both may succeed one after the other, or one is refused while the other writes; either
    way the store and the Turtle file are whole afterwards."""
    source, ttl, expected, _ = reference
    out = tmp_path / "out"
    shutil.copytree(source, out)
    first, second = start_build(out), start_build(out)
    results = [(p.wait(), p.stderr.read() if p.stderr else "") for p in (first, second)]
    for code, err in results:
        assert code == 0 or (code == 1 and "another build is writing" in err), (code, err)
    assert any(code == 0 for code, _ in results), results
    assert_intact(out, ttl, expected)


def test_a_build_is_refused_while_another_holds_the_folder(
    reference: tuple[Path, bytes, str, float], tmp_path: Path
) -> None:
    source, ttl, expected, _ = reference
    out = tmp_path / "out"
    shutil.copytree(source, out)
    before = sorted(p.name for p in (out / STORE_FOLDER).iterdir())
    with build_lock(out):
        result = lexgap("build", "--out", str(out))
        assert result.returncode == 1, result.stderr
        assert result.stderr.startswith(
            f"lexgap: error: {out}: another build is writing this output folder (pid "
        ), result.stderr
        assert "wait for it to finish, or use another --out" in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1
        assert sorted(p.name for p in (out / STORE_FOLDER).iterdir()) == before
        # Readers are not locked out while a build writes.
        assert answer(out) == expected
    assert (out / "lexgap.ttl").read_bytes() == ttl
    assert lexgap("build", "--out", str(out)).returncode == 0
    assert_intact(out, ttl, expected)
