"""A CLI that guides (issue 18, items 4-6): --version, `lexgap list`, examples and one
data-source heading in every command's help, every closed option refusing an unknown value with
exit 2, the valid values and a "did you mean"; one key style (snake_case) in every JSON output;
the default output folder rule.
"""

from __future__ import annotations

import json
import re
from importlib.metadata import version
from pathlib import Path
from typing import Any, get_args

import pytest

import lexgap
from lexgap.cli.common import SOURCE_HEADING
from lexgap.cli.main import main, make_parser
from lexgap.core import options

SNAKE = re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)*$")


def _subcommands() -> dict[str, Any]:
    parser = make_parser()
    action = next(a for a in parser._actions if a.dest == "command")
    return dict(action.choices)  # type: ignore[arg-type]


# --- version, list, help --------------------------------------------------------------------


@pytest.mark.unit
def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["--version"])
    assert exit_.value.code == 0
    assert capsys.readouterr().out.strip() == f"lexgap {version('lexgap')}"
    assert lexgap.__version__ == version("lexgap")


@pytest.mark.unit
def test_list_offences_is_the_skos_tree_with_labels(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["list", "offences"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert any(line.startswith("child-labour ") and "Child labour" in line for line in lines)
    assert any(line.startswith("  forced-labour ") for line in lines)  # narrower, indented
    rows = lexgap.listing("offences")
    by = {r["notation"]: r for r in rows}
    assert by["forced-labour"]["broader"] == "child-labour" and by["forced-labour"]["depth"] == 1


@pytest.mark.unit
@pytest.mark.parametrize("what", ["effects", "bodies", "documents", "questions"])
def test_list_other_vocabularies(what: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["list", what, "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert rows and all(SNAKE.match(k) for r in rows for k in r)
    expected = {
        "effects": "creates-offence",
        "bodies": "crc-committee",
        "documents": "crc-c-opsc-lao-co-1",
        "questions": "csam-possession",
    }[what]
    assert expected in {next(iter(r.values())) for r in rows}


@pytest.mark.unit
def test_effect_and_body_vocabularies_match_the_loaders() -> None:
    from lexgap.loaders.readings import EFFECT_MEANINGS, Effect
    from lexgap.loaders.recommendations import BODY_NAMES, RULES

    assert list(EFFECT_MEANINGS) == list(get_args(Effect))
    assert set(BODY_NAMES) == set(RULES)


@pytest.mark.unit
def test_every_command_help_ends_with_examples_and_groups_the_data_sources() -> None:
    source_options = {"--sources", "--readings", "--recommendations", "--out", "--graph"}
    for name, sub in _subcommands().items():
        text = sub.format_help()
        assert "\nexamples:\n" in text and text.rstrip().splitlines()[-1].startswith("  "), name
        groups = {g.title: {o for a in g._group_actions for o in a.option_strings}
                  for g in sub._action_groups}  # fmt: skip
        # export's and report's --out is the file they write, push's --graph the named graph it
        # writes to
        writes = {"export": {"--out"}, "report": {"--out"}, "push": {"--graph"}}
        mine = source_options - writes.get(name, set())
        found = mine & {o for opts in groups.values() for o in opts}
        if found:  # every data-source option the command has sits under the one heading
            assert found <= groups[SOURCE_HEADING], name
    assert "examples:" in make_parser().format_help()


# --- closed options refuse unknown values ---------------------------------------------------


def _refused(capsys: pytest.CaptureFixture[str], argv: list[str]) -> str:
    try:
        code = main(argv)
    except SystemExit as exc:  # argparse's own usage errors
        code = int(exc.code or 0)
    err = capsys.readouterr().err
    assert code == 2, (argv, err)
    return err


# (argv, a valid value the message must name, the suggestion it must make); no store needed
WITHOUT_STORE = [
    (["gaps", "--format", "jsn"], "table", "'json'"),
    (["export", "--format", "turtel"], "nquads", "'turtle'"),
    (["export", "--format", "jsonld", "--frame", "document"], "provisions", "'documents'"),
    (["push", "--endpoint", "http://x/update", "--protocol", "gps"], "update", "'gsp'"),
    (["validate", "--input-format", "turtel"], "jsonld", "'turtle'"),
    (["gapmap", "--stats", "presure"], "recommendations-without-provision", "'pressure'"),
    (["list", "offence"], "questions", "'offences'"),
    (["provisions", "--offence", "csam", "--effect", "creates-offense"], "prohibits",
     "creates-offence"),
    (["recommendations", "--body", "crc-comittee"], "special-rapporteur", "crc-committee"),
    (["ask", "csam-posession"], "rape-of-boys", "csam-possession"),
    (["history", "csam-posession"], "rape-of-boys", "csam-possession"),
    (["statements", "--instrument", "Penal Cod"], "labour-law", "penal-code"),
    (["concordance", "--instrument", "penal-cod"], "labour-law", "penal-code"),
    (["recommendations", "--provision", "labour-lw/101"], "penal-code", "labour-law"),
    (["citations", "--doc", "csec-study-201"], "crc-c-opsc-lao-co-1", "csec-study-2011"),
    (["statements", "--doc", "CRC/C/OPSC/LAO/CO/2"], "csec-study-2011", "CRC/C/OPSC/LAO/CO/1"),
    (["show", "csec-study-201", "1"], "crc-c-opsc-lao-co-1", "csec-study-2011"),
    (["documents", "--format", "jsn"], "table", "'json'"),
    (["report", "--format", "htm"], "md", "'html'"),
    (["report", "--question", "csam-posession", "--out", "-"], "rape-of-boys", "csam-possession"),
]  # fmt: skip


@pytest.mark.unit
@pytest.mark.parametrize("argv,valid,guess", WITHOUT_STORE, ids=lambda v: str(v)[:40])
def test_unknown_value_is_refused_with_the_valid_ones_and_a_guess(
    argv: list[str], valid: str, guess: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    err = _refused(capsys, argv)
    assert valid in err and "did you mean" in err and guess in err, err


# Values only the graph knows: offences and jurisdictions.
WITH_STORE = [
    (["provisions", "--offence", "csam-posession"], "child-rape", "csam-possession"),
    (["recommendations", "--offence", "csam-posession"], "child-rape", "csam-possession"),
    (["timeline", "csam-posession"], "child-rape", "csam-possession"),
    (["gapmap", "--stats", "--offence", "csam-posession"], "child-rape", "csam-possession"),
    (["gaps", "--jurisdiction", "laos"], "la", "la"),
    (["ask", "csam-possession", "--jurisdiction", "laos"], "la", "la"),
    (["gapmap", "--stats", "--instrument", "penal-cod"], "labour-law", "penal-code"),
]


@pytest.mark.integration
@pytest.mark.parametrize("argv,valid,guess", WITH_STORE, ids=lambda v: str(v)[:40])
def test_unknown_graph_value_is_refused_with_a_guess(
    argv: list[str], valid: str, guess: str, capsys: pytest.CaptureFixture[str], built_out: Path
) -> None:
    err = _refused(capsys, [*argv, "--out", str(built_out)])
    assert valid in err and "did you mean" in err and guess in err, err


# --- one key style ---------------------------------------------------------------------------

JSON_COMMANDS = [
    ["citations"],
    ["citations", "--summary"],
    ["statements"],
    ["recommendations"],
    ["recommendations", "--unanswered"],
    ["timeline", "csam-possession"],
    ["conflicts"],
    ["concordance"],
    ["ask", "csam-possession"],
    ["ask", "age-of-sexual-consent"],
    ["ask", "--list"],
    ["gaps"],
    ["history", "csam-possession"],
    ["provisions", "--offence", "child-rape"],
    ["offences", "--provision", "Penal Code/257"],
    ["gapmap", "--stats"],
    *[["list", what] for what in ("offences", "effects", "bodies", "documents", "questions")],
    ["documents"],
    ["show", "002", "29(c)"],
    ["show", "004", "77"],
]


def _keys(value: Any) -> set[str]:
    if isinstance(value, dict):
        return set(value) | {k for v in value.values() for k in _keys(v)}
    if isinstance(value, list):
        return {k for v in value for k in _keys(v)}
    return set()


@pytest.mark.integration
def test_every_json_key_is_snake_case(built_out: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Every key lexgap names, in every command's JSON (the user's SPARQL variables are theirs)."""
    bad: dict[str, set[str]] = {}
    for argv in JSON_COMMANDS:
        out = ["--out", str(built_out)] if argv[0] not in ("citations", "list", "documents") else []
        assert main([*argv, "--format", "json", *out]) == 0, argv
        data = json.loads(capsys.readouterr().out)
        assert data, argv
        wrong = {k for k in _keys(data) if not SNAKE.match(k)}
        if wrong:
            bad[" ".join(argv)] = wrong
    assert not bad


@pytest.mark.integration
def test_api_rows_are_snake_case(built_out: Path) -> None:
    for rows in (
        lexgap.statements(instrument="Penal Code", out=built_out),
        lexgap.recommendations(offence="csam-possession", out=built_out),
        lexgap.timeline("csam-possession", out=built_out),
        lexgap.provisions("child-rape", out=built_out),
        lexgap.offences("Penal Code/257", out=built_out),
        lexgap.matrix(out=built_out),
    ):
        assert rows and not {k for k in _keys(rows) if not SNAKE.match(k)}


# --- the default output folder -----------------------------------------------------------------


@pytest.mark.unit
def test_default_out_rule(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("LEXGAP_OUT", str(tmp_path / "given"))
    assert options.default_out() == tmp_path / "given"
    monkeypatch.delenv("LEXGAP_OUT")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert options.default_out() == tmp_path / "xdg" / "lexgap"
    monkeypatch.setenv("XDG_DATA_HOME", "relative/ignored")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert options.default_out() == tmp_path / "home" / ".local" / "share" / "lexgap"
    monkeypatch.delenv("XDG_DATA_HOME")
    assert options.default_out() == tmp_path / "home" / ".local" / "share" / "lexgap"
    # the same folder wherever the caller stands
    monkeypatch.chdir(tmp_path)
    assert options.default_out().is_absolute()
