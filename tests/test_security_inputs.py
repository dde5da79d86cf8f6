"""Issue 20, input side: what a hostile corpus, data file, environment or argument tried. Each
is one line on stderr with its exit code, and writes nothing: no output folder is created.

- a source or data file that is a FIFO (hung the build), a link to /dev/zero (read past the
  size limit), a link out of its folder (/etc/passwd went into the graph, and its hash into the
  message): refused on the open file, the target never named;
- impossible dates, `!!timestamp junk`, a 5,000-digit integer, a `__line__:` key;
- LEXGAP_MAX_SOURCE_MB=inf/nan, a PDF without NUL bytes, `--base 'http://x y/'`, bytes that
  are not UTF-8 in an argument, an ill-typed integer given to `lexgap validate`, `NaN` in JSON,
  escape codes in data on a terminal, a full disk while writing the gap map.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import resource
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from lexgap.cli.main import main
from lexgap.core.errors import EXIT_INPUT, EXIT_USAGE
from lexgap.loaders.readings import bundled_readings_dir

pytestmark = pytest.mark.integration

LEXGAP = str(Path(sys.executable).with_name("lexgap"))
CRC_TEXT = "crc-opsc-co-2015.txt"
READINGS = "crc-c-opsc-lao-co-1.yaml"


def run(*args: str, timeout: float = 120, **kw: object) -> subprocess.CompletedProcess[str]:
    """The command in its own process: a hang is a failed test, not a stuck suite."""
    result: subprocess.CompletedProcess[str] = subprocess.run(
        [LEXGAP, *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
        **kw,  # type: ignore[call-overload]
    )
    return result


def one_line(err: str) -> str:
    assert err.startswith("lexgap: error: "), err
    assert err.count("\n") == 1, err
    return err


def data_file_error(err: str) -> str:
    """A data file's problem: the readings loader reports its file's problems as one group,
    a summary line and one line per problem (here exactly one)."""
    assert err.startswith("lexgap: error: "), err
    lines = err.splitlines()
    if len(lines) == 2:
        assert "problem(s)" in lines[0] and lines[1].startswith("  "), err
    else:
        assert len(lines) == 1, err
    assert "Traceback" not in err
    return lines[-1]


def failed_build(out: Path, *args: str, code: int = EXIT_INPUT, **kw: Any) -> str:
    result = run("build", "--out", str(out), *args, **kw)
    assert result.returncode == code, result.stderr[-2000:]
    assert not out.exists(), "a failed build created its output folder"
    return result.stderr


@pytest.fixture()
def readings_copy(tmp_path: Path) -> Path:
    import shutil

    target = tmp_path / "readings"
    shutil.copytree(bundled_readings_dir(), target)
    return target


def _replace_in_manifest(sources: Path, old: str, new: str) -> None:
    manifest = sources / "manifest.yaml"
    text = manifest.read_text("utf-8")
    assert old in text, old
    manifest.write_text(text.replace(old, new, 1), "utf-8")


def _rehash(sources: Path, name: str, data: bytes) -> None:
    """Pin the manifest's hash of `name` to `data`'s (as someone who meant it would)."""
    manifest = sources / "manifest.yaml"
    text = manifest.read_text("utf-8")
    old = hashlib.sha256((sources / name).read_bytes()).hexdigest()
    assert old in text
    manifest.write_text(text.replace(old, hashlib.sha256(data).hexdigest()), "utf-8")


# --- files that are not regular files, or not in their folder -------------------------------


def test_a_source_that_is_a_fifo_is_refused_at_once(sources_copy: Path, tmp_path: Path) -> None:
    (sources_copy / CRC_TEXT).unlink()
    os.mkfifo(sources_copy / CRC_TEXT)
    err = failed_build(tmp_path / "out", "--sources", str(sources_copy), timeout=60)
    expected = f"{sources_copy / CRC_TEXT}: source document is a named pipe (FIFO), not a regular"
    assert expected + " file" in one_line(err)


def test_a_data_file_that_is_a_fifo_is_refused_at_once(readings_copy: Path, tmp_path: Path) -> None:
    (readings_copy / READINGS).unlink()
    os.mkfifo(readings_copy / READINGS)
    err = failed_build(tmp_path / "out", "--readings", str(readings_copy), timeout=60)
    assert f"{readings_copy / READINGS}: data file is a named pipe (FIFO)" in data_file_error(err)


def test_a_data_file_linked_to_dev_zero_is_refused(readings_copy: Path, tmp_path: Path) -> None:
    (readings_copy / READINGS).unlink()
    (readings_copy / READINGS).symlink_to("/dev/zero")
    err = data_file_error(
        failed_build(tmp_path / "out", "--readings", str(readings_copy), timeout=60)
    )
    assert f"{readings_copy / READINGS}: data file is a symbolic link to a file outside" in err
    assert "/dev/zero" not in err


def test_a_data_file_that_is_a_device_in_its_folder_is_refused(tmp_path: Path) -> None:
    """Size checked on the open file: a device reports size 0 to stat and never ends."""
    from lexgap.core.errors import DataFileError
    from lexgap.loaders.files import read_input

    with pytest.raises(DataFileError, match="is a character device, not a regular file"):
        read_input(Path("/dev/zero"), max_bytes=1024, error=DataFileError, what="data file")


def test_a_file_growing_past_its_limit_while_read_is_refused(tmp_path: Path) -> None:
    from lexgap.core.errors import DataFileError
    from lexgap.loaders.files import read_input

    path = tmp_path / "f.yaml"
    path.write_bytes(b"x" * 2048)
    with pytest.raises(DataFileError, match=r"data file is 0.0 MB; lexgap reads files up to"):
        read_input(path, max_bytes=1024, error=DataFileError, what="data file")
    assert read_input(path, max_bytes=4096, error=DataFileError) == b"x" * 2048


def test_a_source_linked_out_of_the_corpus_is_refused_without_naming_its_target(
    sources_copy: Path, tmp_path: Path
) -> None:
    secret = tmp_path / "elsewhere" / "passwd"
    secret.parent.mkdir()
    secret.write_text("root:x:0:0:root:/root:/bin/bash\n" * 40, "utf-8")
    _rehash(sources_copy, CRC_TEXT, secret.read_bytes())
    (sources_copy / CRC_TEXT).unlink()
    (sources_copy / CRC_TEXT).symlink_to(secret)
    err = one_line(failed_build(tmp_path / "out", "--sources", str(sources_copy)))
    expected = f"{sources_copy / CRC_TEXT}: source document is a symbolic link to a file outside"
    assert expected + " its folder" in err
    assert str(secret) not in err and "passwd" not in err
    assert hashlib.sha256(secret.read_bytes()).hexdigest() not in err


def test_a_source_linked_inside_the_corpus_is_read(sources_copy: Path, tmp_path: Path) -> None:
    (sources_copy / "texts").mkdir()
    (sources_copy / CRC_TEXT).rename(sources_copy / "texts" / CRC_TEXT)
    (sources_copy / CRC_TEXT).symlink_to(Path("texts") / CRC_TEXT)
    result = run("build", "--sources", str(sources_copy), "--out", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr


# --- values a YAML file or the environment should not make into tracebacks -------------------


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ('date: "2019-01-21"', "date: 2015-02-30", "'2015-02-30' is not a valid date"),
        ('date: "2019-01-21"', 'date: "2015-02-30"', "2015-02-30 is not a date in the calendar"),
        ('date: "2019-01-21"', 'date: "2015-13"', "2015-13 is not a date in the calendar"),
        ('date: "2019-01-21"', "date: !!timestamp junk", "'junk' is not a valid date"),
        ('number: "000"', "number: " + "9" * 5000, "is not a valid integer"),
        ("layout: sr-report", "layout: sr-report\n    __line__: 3", "'__line__' is a reserved key"),
    ],
    ids=[
        "impossible-date",
        "quoted-impossible-date",
        "month-13",
        "timestamp-junk",
        "huge-int",
        "line-key",
    ],
)
def test_bad_values_in_the_manifest_are_one_line(
    old: str, new: str, message: str, sources_copy: Path, tmp_path: Path
) -> None:
    _replace_in_manifest(sources_copy, old, new)
    err = failed_build(tmp_path / "out", "--sources", str(sources_copy))
    assert f"{sources_copy / 'manifest.yaml'}:" in err
    assert message in err
    assert "Traceback" not in err


@pytest.mark.parametrize("value", ["2015-02-30", "!!timestamp junk", "9" * 5000])
def test_bad_values_in_a_data_file_are_one_line(
    value: str, readings_copy: Path, tmp_path: Path
) -> None:
    path = readings_copy / READINGS
    path.write_text(f"oddity: {value}\n" + path.read_text("utf-8"), "utf-8")
    err = data_file_error(failed_build(tmp_path / "out", "--readings", str(readings_copy)))
    assert f"{path}:1: invalid YAML: " in err and "is not a valid" in err


@pytest.mark.parametrize("value", ["inf", "nan", "-inf", "1e400"])
def test_a_source_size_limit_that_is_no_number_is_a_usage_error(value: str, tmp_path: Path) -> None:
    env = {**os.environ, "LEXGAP_MAX_SOURCE_MB": value}
    err = one_line(failed_build(tmp_path / "out", code=EXIT_USAGE, env=env))
    assert "is not a positive number of megabytes" in err


def test_a_pdf_without_nul_bytes_is_named_as_a_pdf(sources_copy: Path, tmp_path: Path) -> None:
    pdf = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
    _rehash(sources_copy, CRC_TEXT, pdf)
    (sources_copy / CRC_TEXT).write_bytes(pdf)
    err = one_line(failed_build(tmp_path / "out", "--sources", str(sources_copy)))
    assert "not a text file: it looks like a PDF file" in err


def test_a_base_iri_with_a_space_is_a_usage_error(tmp_path: Path) -> None:
    err = one_line(failed_build(tmp_path / "out", "--base", "http://x y/", code=EXIT_USAGE))
    assert "not a valid base IRI: 'http://x y/'" in err


# --- arguments, outputs and terminals --------------------------------------------------------


def test_an_argument_that_is_not_utf8_is_a_usage_error(built_out: Path) -> None:
    result = subprocess.run(
        [LEXGAP.encode(), b"statements", b"--article", b"\xff\xfe", b"--out", bytes(built_out)],
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == EXIT_USAGE
    err = result.stderr.decode("utf-8")
    assert one_line(err) == "lexgap: error: an argument is not UTF-8 text: '\\udcff\\udcfe'\n"


def test_validate_names_an_ill_typed_integer_instead_of_crashing(
    built_out: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import re

    text = (built_out / "lexgap.ttl").read_text("utf-8")
    bad = re.sub(r"(lex:prisonMinMonths) \d+", r'\1 "three"^^xsd:integer', text, count=1)
    assert bad != text
    (tmp_path / "bad.ttl").write_text(bad, "utf-8")
    assert main(["validate", str(tmp_path / "bad.ttl")]) == EXIT_INPUT
    captured = capsys.readouterr()
    assert "'three' is not a valid http://www.w3.org/2001/XMLSchema#integer" in captured.out
    assert one_line(captured.err).endswith(
        "does not conform to the SHACL shapes: 1 violation(s), listed above\n"
    )


def test_json_never_holds_nan_or_infinity(
    built_out: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    query = (
        "PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>\n"
        'SELECT ?nan ?inf ?bad WHERE { BIND(xsd:double("NaN") AS ?nan) '
        'BIND(xsd:double("INF") AS ?inf) BIND("x1"^^xsd:decimal AS ?bad) }'
    )
    assert main(["sparql", query, "--out", str(built_out), "--format", "json"]) == 0
    out = capsys.readouterr().out

    def refuse(name: str) -> None:
        raise AssertionError(f"{name} in JSON output")

    assert json.loads(out, parse_constant=refuse) == [{"nan": "NaN", "inf": "INF", "bad": "x1"}]


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_escape_codes_in_data_do_not_reach_a_terminal(
    built_out: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    query = 'SELECT ?x WHERE { BIND("\\u001b[2J\\u001b]0;owned\\u0007red\\u009b31m" AS ?x) }'
    terminal = FakeTerminal()
    monkeypatch.setattr(sys, "stdout", terminal)
    assert main(["sparql", query, "--out", str(built_out)]) == 0
    shown = terminal.getvalue()
    assert "\x1b" not in shown and "\x07" not in shown and "\x9b" not in shown
    assert "\\x1b[2J\\x1b]0;owned\\x07red\\x9b31m" in shown
    # into a pipe or a file the data is passed through as it is (JSON escapes it itself)
    piped = io.StringIO()
    monkeypatch.setattr(sys, "stdout", piped)
    assert main(["sparql", query, "--out", str(built_out), "--format", "csv"]) == 0
    assert "\x1b[2J" in piped.getvalue()


def _file_size_limit(limit: int) -> Callable[[], None]:
    def limited() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return limited


def test_a_full_disk_while_writing_the_gap_map_is_one_line(built_out: Path, tmp_path: Path) -> None:
    page = tmp_path / "map" / "gapmap.html"
    page.parent.mkdir()
    page.write_text("the previous map", "utf-8")
    result = run(
        "gapmap",
        "--out",
        str(page),
        env={**os.environ, "LEXGAP_OUT": str(built_out)},
        preexec_fn=_file_size_limit(20_000),
    )
    assert result.returncode == EXIT_INPUT, result.stderr[-2000:]
    err = one_line(result.stderr)
    assert f"{page}: cannot write output: File too large; the previous file (if any) is " in err
    assert page.read_text("utf-8") == "the previous map"
    assert sorted(p.name for p in page.parent.iterdir()) == ["gapmap.html"]


@pytest.mark.parametrize("kind", ["fifo", "device"])
def test_a_query_file_that_is_not_a_regular_file_is_refused(
    kind: str, built_out: Path, tmp_path: Path
) -> None:
    path = Path("/dev/zero")
    if kind == "fifo":
        path = tmp_path / "query.rq"
        os.mkfifo(path)
    result = run("sparql", "--file", str(path), "--out", str(built_out), timeout=60)
    assert result.returncode == EXIT_USAGE
    assert "query file is a " in one_line(result.stderr)
    assert "not a regular file" in result.stderr


def test_a_line_key_in_a_data_file_is_refused(readings_copy: Path, tmp_path: Path) -> None:
    path = readings_copy / READINGS
    path.write_text("__line__: 3\n" + path.read_text("utf-8"), "utf-8")
    err = data_file_error(failed_build(tmp_path / "out", "--readings", str(readings_copy)))
    assert f"{path}:1: invalid YAML: '__line__' is a reserved key" in err


def test_a_graph_file_that_is_a_fifo_is_refused(tmp_path: Path) -> None:
    fifo = tmp_path / "graph.ttl"
    os.mkfifo(fifo)
    result = run("ask", "csam-possession", "--graph", str(fifo), timeout=60)
    assert result.returncode == EXIT_USAGE
    assert one_line(result.stderr) == f"lexgap: error: {fifo}: graph file is not a regular file\n"
