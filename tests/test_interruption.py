"""Issues 10 and 20, interruption and concurrency: the Turtle file and the store are one set of
outputs, published by one switch. A build killed (SIGKILL, which nothing can catch) at any
moment, interrupted (Ctrl-C) or out of disk space leaves `lexgap.ttl` and the store agreeing,
triple for triple, with each other: the old set, or the new one once the switch is made. Two
builds at once never corrupt the store; leftovers are removed by the next build, and nothing a
build did not make is ever removed.

The builds run as real processes (the console script next to the interpreter). The old set and
the new one differ in every IRI (two base IRIs), so which one a reader sees is unambiguous.
Delays of the random kills are seeded, so a failure can be replayed.
"""

from __future__ import annotations

import os
import random
import resource
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox
import pytest

from lexgap.graph.store import (
    CRASH_ENV,
    DATABASE,
    GRAPH_FILE,
    LEGACY_CURRENT,
    MARK,
    POINTER,
    STAMP,
    STORE_FOLDER,
    build_lock,
    current,
)

pytestmark = pytest.mark.integration

LEXGAP = str(Path(sys.executable).with_name("lexgap"))
BASE_A = "https://lexgap.example.org/id/"  # the default base
BASE_B = "https://b.example.org/id/"
SEED = 20190121
KILLS = 8
# Every step of writing and publishing, in order (graph.store.checkpoint).
STEPS_BEFORE_SWITCH = [
    "write:generation",
    "write:turtle",
    "write:loaded",
    "write:store",
    "write:stamp",
    "publish:previous",
]
STEPS_AFTER_SWITCH = ["publish:switched", "cleanup", "cleanup:generation"]
ADOPT_STEPS = ["adopt:generation", "adopt:pointer", "adopt:turtle-link"]


def lexgap(
    *args: str, env: dict[str, str] | None = None, **kw: object
) -> subprocess.CompletedProcess[str]:
    result: subprocess.CompletedProcess[str] = subprocess.run(
        [LEXGAP, *args],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, **(env or {})},
        **kw,  # type: ignore[call-overload]
    )
    return result


def build(out: Path, base: str, **env: str) -> subprocess.CompletedProcess[str]:
    return lexgap("build", "--out", str(out), "--base", base, env=env)


def start_build(out: Path, base: str = BASE_B) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [LEXGAP, "build", "--out", str(out), "--base", base],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )


def which_set(out: Path) -> str:
    """'A' or 'B': the set `lexgap.ttl` and the store both hold, after checking that they hold
    exactly the same triples (a reader sees one set, never a mix)."""
    found = current(out)
    assert found is not None, "no live store"
    store = ox.Store.read_only(str(found[0]))
    in_store = {q.triple for q in store.quads_for_pattern(None, None, None)}
    del store
    in_file = {q.triple for q in ox.parse(path=str(out / GRAPH_FILE), format=ox.RdfFormat.TURTLE)}
    assert in_store == in_file, "lexgap.ttl and the store disagree"
    docs = {
        str(t.subject.value)
        for t in in_file
        if t.predicate.value == "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
        and t.object.value == "https://lexgap.example.org/ns#SourceDocument"
    }
    assert docs
    bases = {"A" if d.startswith(BASE_A) else "B" if d.startswith(BASE_B) else "?" for d in docs}
    assert len(bases) == 1 and "?" not in bases, bases
    return bases.pop()


def ours(out: Path) -> set[str]:
    """What a build may leave in the store folder: the two links and generations."""
    return {p.name for p in (out / STORE_FOLDER).iterdir()}


@pytest.fixture(scope="module")
def set_a(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, float]:
    """A complete build with base A, and how long a build takes."""
    out = tmp_path_factory.mktemp("set-a") / "out"
    started = time.monotonic()
    result = build(out, BASE_A)
    took = time.monotonic() - started
    assert result.returncode == 0, result.stderr
    assert which_set(out) == "A"
    return out, took


def copy(source: Path, target: Path) -> Path:
    shutil.copytree(source, target, symlinks=True)
    return target


def test_a_build_publishes_the_turtle_file_and_the_store_together(
    set_a: tuple[Path, float], tmp_path: Path
) -> None:
    out = copy(set_a[0], tmp_path / "out")
    assert (out / GRAPH_FILE).is_symlink()
    assert os.readlink(out / GRAPH_FILE) == os.path.join(STORE_FOLDER, POINTER, GRAPH_FILE)
    assert build(out, BASE_B).returncode == 0
    assert which_set(out) == "B"
    names = ours(out)
    assert {"current", "previous"} <= names and len(names) == 4, names  # new and previous set


@pytest.mark.parametrize("step", STEPS_BEFORE_SWITCH + STEPS_AFTER_SWITCH)
def test_a_build_killed_between_any_two_writes_leaves_one_whole_set(
    step: str, set_a: tuple[Path, float], tmp_path: Path
) -> None:
    out = copy(set_a[0], tmp_path / "out")
    # a previous set B first, so that a cleanup has something to remove
    if step.startswith("cleanup"):
        assert build(out, BASE_B).returncode == 0
        assert build(out, BASE_A).returncode == 0
    result = build(out, BASE_B, **{CRASH_ENV: step})
    assert result.returncode == -signal.SIGKILL, result.stderr
    expected = "A" if step in STEPS_BEFORE_SWITCH else "B"
    assert which_set(out) == expected
    # the next build removes what the killed one left, and publishes its own set
    assert build(out, BASE_A).returncode == 0
    assert which_set(out) == "A"
    assert len(ours(out)) <= 4, ours(out)


def test_builds_killed_at_random_moments_leave_one_whole_set(
    set_a: tuple[Path, float], tmp_path: Path
) -> None:
    out, took = set_a
    out = copy(out, tmp_path / "out")
    rng = random.Random(SEED)
    seen = set()
    for attempt in range(KILLS):
        base = BASE_B if attempt % 2 == 0 else BASE_A
        proc = start_build(out, base)
        time.sleep(rng.uniform(0.05, took * 1.1))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        seen.add(which_set(out))
    result = build(out, BASE_A)
    assert result.returncode == 0, result.stderr
    assert which_set(out) == "A"
    assert len(ours(out)) <= 4, ours(out)
    assert not [p for p in out.iterdir() if p.name not in (GRAPH_FILE, STORE_FOLDER)]


def _legacy(source: Path, target: Path) -> Path:
    """The output folder as builds wrote it before generations: a real lexgap.ttl file, and
    store/CURRENT naming a store folder s-<fingerprint>-<pid>-<hex> with its stamp."""
    target.mkdir()
    shutil.copyfile(source / GRAPH_FILE, target / GRAPH_FILE)  # follows the link: a real file
    found = current(source)
    assert found is not None
    name = "s-0123456789abcdef-42-abcdef"
    shutil.copytree(found[0], target / STORE_FOLDER / name)
    (target / STORE_FOLDER / LEGACY_CURRENT).write_text(name + "\n", "utf-8")
    (target / STORE_FOLDER / ".lock").write_text("pid 42", "utf-8")
    assert which_set(target) == "A"
    return target


@pytest.mark.parametrize("step", [*ADOPT_STEPS, None])
def test_an_output_folder_of_the_old_layout_is_taken_over_without_a_mixed_moment(
    step: str | None, set_a: tuple[Path, float], tmp_path: Path
) -> None:
    out = _legacy(set_a[0], tmp_path / "out")
    if step is not None:
        result = build(out, BASE_B, **{CRASH_ENV: step})
        assert result.returncode == -signal.SIGKILL, result.stderr
        assert which_set(out) == "A"
    assert build(out, BASE_B).returncode == 0
    assert which_set(out) == "B"
    assert build(out, BASE_A).returncode == 0  # the old store is no longer anyone's previous
    assert which_set(out) == "A"
    assert not (out / STORE_FOLDER / LEGACY_CURRENT).exists()
    assert not list((out / STORE_FOLDER).glob("s-*")), "the old layout's store was not removed"


@pytest.mark.parametrize(
    ("step", "expected", "message"),
    [
        ("write:store", "A", "lexgap: interrupted; the previous outputs were left as they were"),
        ("publish:switched", "B", "lexgap: interrupted; the new outputs were already published"),
        ("cleanup", "B", "lexgap: interrupted; the new outputs were already published"),
    ],
)
def test_ctrl_c_says_truthfully_what_it_left(
    step: str, expected: str, message: str, set_a: tuple[Path, float], tmp_path: Path
) -> None:
    out = copy(set_a[0], tmp_path / "out")
    before = ours(out)
    result = build(out, BASE_B, **{CRASH_ENV: f"{step}@SIGINT"})
    assert result.returncode == 130, result.stderr
    assert result.stderr.strip() == message
    assert which_set(out) == expected
    if expected == "A":
        assert ours(out) == before, "the interrupted build left its generation behind"


def _file_size_limit(limit: int) -> Callable[[], None]:
    def limited() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails (EFBIG)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return limited


@pytest.mark.parametrize("limit", [64_000, 1_000_000, 1_700_000])
def test_a_full_disk_leaves_the_previous_set_and_says_so(
    limit: int, set_a: tuple[Path, float], tmp_path: Path
) -> None:
    """A file-size limit stands in for a full disk: every write past it fails as a write to a
    full disk does, at whatever output the build is writing then."""
    out = copy(set_a[0], tmp_path / "out")
    before = ours(out)
    result = lexgap(
        "build", "--out", str(out), "--base", BASE_B, preexec_fn=_file_size_limit(limit)
    )
    assert result.returncode == 1, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"lexgap: error: {out}: cannot write the build outputs: ")
    assert lines[0].endswith("the previous outputs were left as they were"), lines[0]
    assert which_set(out) == "A"
    assert ours(out) == before


@pytest.mark.parametrize("step", STEPS_BEFORE_SWITCH)
def test_a_disk_full_at_any_write_leaves_the_previous_set_and_says_so(
    step: str, set_a: tuple[Path, float], tmp_path: Path
) -> None:
    """The disk fills up exactly at one step of writing the outputs (the file-size limit above
    reaches the temporary N-Triples file first, which is larger than the Turtle file)."""
    out = copy(set_a[0], tmp_path / "out")
    before = ours(out)
    result = build(out, BASE_B, **{CRASH_ENV: f"{step}@ENOSPC"})
    assert result.returncode == 1, result.stderr
    assert result.stderr == (
        f"lexgap: error: {out}: cannot write the build outputs: No space left on device; "
        "the previous outputs were left as they were\n"
    )
    assert which_set(out) == "A"
    assert ours(out) - {"previous"} == before - {"previous"}  # no generation left behind


def test_a_failed_first_build_leaves_no_folder_behind(tmp_path: Path) -> None:
    out = tmp_path / "new" / "out"
    result = lexgap("build", "--out", str(out), preexec_fn=_file_size_limit(64_000))
    assert result.returncode == 1, result.stderr
    assert result.stderr.strip().endswith("nothing was written"), result.stderr
    assert not (tmp_path / "new").exists(), list(tmp_path.rglob("*"))


def test_a_build_never_removes_what_it_did_not_make(
    set_a: tuple[Path, float], tmp_path: Path
) -> None:
    out = copy(set_a[0], tmp_path / "out")
    store = out / STORE_FOLDER
    mine = [store / "s-users-folder", store / "g-0123456789abcdef-1-abcdef", store / "notes"]
    for folder in mine:
        folder.mkdir()
        (folder / "keep.txt").write_text("mine", "utf-8")
    (store / "s-0123456789abcdef-7-abcdef").mkdir()  # named like an old store, but not one
    for _ in range(2):
        assert build(out, BASE_B).returncode == 0
    for folder in mine:
        assert (folder / "keep.txt").read_text("utf-8") == "mine"
    assert (store / "s-0123456789abcdef-7-abcdef").is_dir()
    generations = [p for p in store.iterdir() if (p / MARK).is_file() and not p.is_symlink()]
    assert len(generations) == 2


def test_outputs_in_the_way_are_one_line_errors(set_a: tuple[Path, float], tmp_path: Path) -> None:
    out = tmp_path / "out"
    (out / GRAPH_FILE).mkdir(parents=True)
    result = build(out, BASE_A)
    assert result.returncode == 1
    assert result.stderr.strip() == (
        f"lexgap: error: {out / GRAPH_FILE}: is a folder, where the build writes its Turtle "
        "file (move it away or choose another --out)"
    )
    assert sorted(p.name for p in out.iterdir()) == [GRAPH_FILE]


def test_two_builds_at_once_do_not_corrupt_the_store(
    set_a: tuple[Path, float], tmp_path: Path
) -> None:
    """Both may succeed one after the other, or one is refused while the other writes; either
    way the store and the Turtle file are whole afterwards."""
    out = copy(set_a[0], tmp_path / "out")
    first, second = start_build(out), start_build(out)
    results = [(p.wait(), p.stderr.read() if p.stderr else "") for p in (first, second)]
    for code, err in results:
        assert code == 0 or (code == 1 and "another build is writing" in err), (code, err)
    assert any(code == 0 for code, _ in results), results
    assert which_set(out) == "B"


def test_a_build_is_refused_while_another_holds_the_folder(
    set_a: tuple[Path, float], tmp_path: Path
) -> None:
    out = copy(set_a[0], tmp_path / "out")
    before = ours(out)
    with build_lock(out):
        result = build(out, BASE_B)
        assert result.returncode == 1, result.stderr
        assert result.stderr.startswith(
            f"lexgap: error: {out}: another build is writing this output folder ("
        ), result.stderr
        assert "wait for it to finish, or use another --out" in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1
        assert ours(out) == before
        assert which_set(out) == "A"  # readers are not locked out while a build writes
    assert build(out, BASE_B).returncode == 0
    assert which_set(out) == "B"
    assert not list(out.rglob("*.lock")), "a lock file was left behind"
    found = current(out)
    assert found is not None and (found[0] / STAMP).is_file() and found[0].name == DATABASE
