"""The wheel carries everything a build needs, under the one import name `lexgap`."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

pytestmark = [pytest.mark.integration, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    # Build from a copy: setuptools writes build/ and *.egg-info beside the sources, and the
    # repository root is the package, so building in place would litter the checkout.
    src = tmp_path_factory.mktemp("src") / "lexgap"
    shutil.copytree(
        ROOT,
        src,
        ignore=shutil.ignore_patterns(
            ".venv",
            ".git",
            "build",
            "*.egg-info",
            "lexgap-out",
            "__pycache__",
            ".*_cache",
            ".hypothesis",
        ),
    )
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(out),
            str(src),
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    (path,) = out.glob("lexgap-*.whl")
    return path


def test_wheel_has_only_the_lexgap_package_and_its_data(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    top = {n.split("/")[0] for n in names if not n.startswith("lexgap-")}
    assert top == {"lexgap"}
    for needed in (
        "lexgap/data/sources/manifest.yaml",
        "lexgap/data/sources/csec-study-2011.txt",
        "lexgap/data/readings/lao-opsc-followup-report.yaml",
        "lexgap/data/instruments.yaml",
        "lexgap/data/recommendations/crc-c-opsc-lao-co-1.yaml",
        "lexgap/queries/sparql/timeline.rq",
        "lexgap/ontology/offences.ttl",
        "lexgap/ontology/shapes.ttl",
        "lexgap/queries/sparql/statements.rq",
        "lexgap/queries/sparql/gap-csam-possession.rq",
        "lexgap/ontology/context.jsonld",
        "lexgap/gapmap/page.js",
        "lexgap/gapmap/page.html",
        "lexgap/py.typed",
    ):
        assert needed in names, needed
    assert not any(n.startswith("lexgap/tests/") for n in names)


def test_installed_wheel_builds_with_no_checkout(wheel: Path, tmp_path: Path) -> None:
    target = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--no-deps",
            "-q",
            "--target",
            str(target),
            str(wheel),
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    code = (
        "import sys; sys.path.insert(0, sys.argv[1]); import lexgap; "
        "assert lexgap.__file__.startswith(sys.argv[1]), lexgap.__file__; "
        "from lexgap.cli.main import main; sys.exit(main(['build', '--out', 'o']))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(target)],
        cwd=elsewhere,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert (elsewhere / "o" / "lexgap.ttl").stat().st_size > 100_000
