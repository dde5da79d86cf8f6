"""Curated readings: every way a data file can be wrong stops the build with file and line.

Each case copies the bundled readings, breaks one entry of the 002 file in one way, and checks
that `lexgap build` exits 1, names the file and the line of the broken entry, and writes nothing.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from lexgap.cli.main import main
from lexgap.loaders.readings import bundled_readings_dir

CRC = "crc-c-opsc-lao-co-1.yaml"


def _copy(tmp_path: Path) -> Path:
    target = tmp_path / "readings"
    shutil.copytree(bundled_readings_dir(), target)
    return target


def _edit(old: str, new: str) -> Callable[[Path], int]:
    """Replace `old` (which must occur once) in the 002 file; return the 1-based line edited."""

    def apply(folder: Path) -> int:
        path = folder / CRC
        text = path.read_text()
        assert text.count(old) == 1, old
        line = text[: text.index(old)].count("\n") + 1
        path.write_text(text.replace(old, new))
        return line

    return apply


# Each case: a breaking edit, the words the message must contain, and how the reported line
# relates to the edited one (the entry's first line is reported for entry-level problems).
CASES: dict[str, tuple[Callable[[Path], int], str, int]] = {
    "quote-not-in-passage": (
        _edit(
            'quote: "The Penal Law criminalizes only the rape of girls, not that of boys"',
            'quote: "The Penal Law criminalizes the rape of girls and boys"',
        ),
        "quote not found in its passage",
        -5,
    ),
    "unknown-offence": (
        _edit("offences: [child-sex-tourism]", "offences: [child-sex-tourisme]"),
        "unknown offence notation(s) child-sex-tourisme",
        -2,
    ),
    "unknown-locator": (
        _edit('locator: "27(a)"', 'locator: "27(z)"'),
        "no passage '27(z)'",
        -1,
    ),
    "penalty-disagrees": (
        _edit(
            "    victim_sex: girls\n",
            "    victim_sex: girls\n    penalty: {prison_min_months: 60, prison_max_months: 180}\n",
        ),
        "penalty disagrees with the quote",
        -6,
    ),
    "yaml-syntax": (
        _edit('locator: "27(a)"', 'locator: "27(a)'),
        "invalid YAML",
        0,  # reported where the unclosed quote starts
    ),
    "unknown-key": (
        _edit(
            "    offences: [child-sex-tourism]\n",
            "    offences: [child-sex-tourism]\n    verdikt: maybe\n",
        ),
        "verdikt: Extra inputs are not permitted",
        -3,
    ),
    "wrong-type": (
        _edit(
            "provision: {instrument: decree-on-adoption, year: null, article: null}",
            "provision: {instrument: decree-on-adoption, year: twenty, article: null}",
        ),
        "year: Input should be a valid integer",
        0,
    ),
    "min-above-max": (
        _edit(
            "    victim_sex: girls\n",
            "    victim_sex: girls\n    age: {min: 18, min_inclusive: true, max: 15, "
            "max_inclusive: false}\n",
        ),
        "age minimum 18 is above its maximum 15",
        0,
    ),
}


def test_case_count() -> None:
    assert len(CASES) == 8


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_readings_stop_the_build(
    case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    breaker, words, offset = CASES[case]
    folder = _copy(tmp_path)
    edited_line = breaker(folder)
    out = tmp_path / "out"
    code = main(["build", "--readings", str(folder), "--out", str(out)])
    err = capsys.readouterr().err
    assert code == 1, err
    assert words in err, err
    path = folder / CRC
    located = [ln for ln in err.splitlines() if f"{path}:" in ln]
    assert located, err
    lines = {int(ln.split(f"{path}:")[1].split(":")[0].split(",")[0]) for ln in located}
    # The message points at the broken entry: the edited line or the first line of its entry.
    assert any(edited_line + offset - 1 <= n <= edited_line + 1 for n in lines), (lines, err)
    assert not out.exists()


def test_every_failure_is_listed_at_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = _copy(tmp_path)
    CASES["quote-not-in-passage"][0](folder)
    CASES["unknown-offence"][0](folder)
    assert main(["build", "--readings", str(folder), "--out", str(tmp_path / "o")]) == 1
    err = capsys.readouterr().err
    assert "2 problem(s) in the curated readings" in err
    assert "quote not found" in err and "unknown offence" in err


def test_override_needs_a_reason(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = _copy(tmp_path)
    _edit(
        "    victim_sex: girls\n",
        "    victim_sex: girls\n    penalty: {prison_min_months: 60, prison_max_months: 180}\n"
        "    override: {checks: [penalty], reason: ''}\n",
    )(folder)
    assert main(["build", "--readings", str(folder), "--out", str(tmp_path / "o")]) == 1
    assert "reason" in capsys.readouterr().err
