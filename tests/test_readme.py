"""The README is the users' guide (issue 18, item 7): its quick starts run as written in a new
shell, and the `notebooks` extra installs what the notebooks import.

The quick starts are the fenced blocks that follow a `<!-- quickstart: WHO -->` line. Each is
run by bash, as a user would paste it, in a fresh environment (no virtualenv active, PATH of
the system) from a folder holding `.venv` (a link to the environment running these tests), with
LEXGAP_OUT pointed at a temporary folder so nothing is written into the repository.
"""

from __future__ import annotations

import ast
import json
import re
import subprocess
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
QUICKSTART = re.compile(r"<!-- quickstart: (\w+) -->\n```sh\n(.*?)```", re.S)


def quick_starts() -> dict[str, str]:
    return dict(QUICKSTART.findall((ROOT / "README.md").read_text("utf-8")))


@pytest.mark.unit
def test_there_is_a_short_quick_start_per_reader() -> None:
    found = quick_starts()
    assert set(found) == {"lawyer", "advocate", "data"}
    for who, block in found.items():
        lines = [line for line in block.splitlines() if line.strip()]
        assert lines[0] == ". .venv/bin/activate", who  # activation explained once, used here
        assert len(lines) <= 6, who


@pytest.mark.integration
@pytest.mark.slow
def test_quick_starts_run_as_written_in_a_fresh_shell(tmp_path: Path) -> None:
    venv = Path(sys.prefix)
    assert (venv / "bin" / "activate").is_file(), "the tests must run in a virtualenv"
    here = tmp_path / "checkout"
    here.mkdir()
    (here / ".venv").symlink_to(venv)
    env = {
        "PATH": "/usr/local/bin:/usr/bin:/bin",
        "HOME": str(tmp_path / "home"),
        "LEXGAP_OUT": str(tmp_path / "out"),
        "LANG": "C.UTF-8",
    }
    for who, block in quick_starts().items():
        run = subprocess.run(
            ["bash", "-e", "-o", "pipefail", "-c", block],
            cwd=here,
            env=env,
            capture_output=True,
            text=True,
            timeout=900,
        )
        assert run.returncode == 0, f"{who}: {run.stderr[-2000:]}"
        assert run.stdout.strip(), who
    assert (tmp_path / "out" / "gapmap.html").is_file()
    assert (tmp_path / "out" / "export" / "csv").is_dir()
    assert json.loads((here / "statements.json").read_text("utf-8"))
    assert not (tmp_path / "home").exists()  # LEXGAP_OUT, not the per-user folder, was used


def _imports(notebook: Path) -> set[str]:
    cells = json.loads(notebook.read_text("utf-8"))["cells"]
    found: set[str] = set()
    for cell in cells:
        if cell["cell_type"] != "code":
            continue
        tree = ast.parse("".join(cell["source"]))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                found |= {a.name.split(".")[0] for a in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                found.add(node.module.split(".")[0])
    return found


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~\[ ;]", requirement, maxsplit=1)[0].lower().replace("_", "-")


@pytest.mark.unit
def test_notebooks_extra_installs_what_the_notebooks_import() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    declared = {_name(r) for r in project["dependencies"]}
    declared |= {_name(r) for r in project["optional-dependencies"]["notebooks"]}
    dists = packages_distributions()
    needed: dict[str, str] = {}
    for notebook in sorted((ROOT / "notebooks").glob("*.ipynb")):
        for module in _imports(notebook) - set(sys.stdlib_module_names) - {"lexgap"}:
            names = dists.get(module)
            assert names, f"{notebook.name} imports {module}, which nothing installed provides"
            needed[module] = _name(names[0])
    missing = {m: d for m, d in needed.items() if d not in declared}
    assert not missing, f"add to the notebooks extra: {missing}"
    assert {"pandas", "matplotlib"} <= set(needed)
