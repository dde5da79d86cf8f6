"""The notebooks in notebooks/ run from a clean folder, every cell, without raising.

They are committed without outputs (checked here), executed with nbclient on the project's own
Python (ipykernel), each in a fresh temporary working folder so that what they build or export
lands there and never in the repository.
"""

from __future__ import annotations

import time
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

pytestmark = [pytest.mark.integration, pytest.mark.slow]

NOTEBOOKS = sorted((Path(__file__).parent.parent / "notebooks").glob("*.ipynb"))


def test_the_three_notebooks_are_there() -> None:
    assert [p.name for p in NOTEBOOKS] == [
        "01-provisions-by-offence.ipynb",
        "02-gap-map-and-recommendations.ipynb",
        "03-export-and-sparql.ipynb",
    ]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_is_committed_without_outputs_and_says_what_and_how_long(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)  # type: ignore[no-untyped-call]
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, path.name
    first = nb.cells[0]
    assert first.cell_type == "markdown"
    assert "What this shows" in first.source and "How long it takes" in first.source


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_runs_every_cell(path: Path, tmp_path: Path) -> None:
    nb = nbformat.read(path, as_version=4)  # type: ignore[no-untyped-call]
    client = NotebookClient(
        nb,
        timeout=60,
        kernel_name="python3",
        resources={"metadata": {"path": str(tmp_path)}},
    )
    started = time.perf_counter()
    client.execute()  # raises CellExecutionError, naming the cell, if any cell raises
    elapsed = time.perf_counter() - started
    errors = [
        o for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"
    ]
    assert errors == []
    # The first cell promises under a minute; hold the notebook to it.
    assert elapsed < 60, f"{path.name} took {elapsed:.0f} s"
