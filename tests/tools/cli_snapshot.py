"""Run every `lexgap` command, in every `--format`, on the bundled corpus and write each
output (stdout, stderr and exit code) to a folder; two folders compare with `diff -r`.

Why: a refactor that moves code between layers must not change one byte a user sees. Capture
before (`python tests/tools/cli_snapshot.py /tmp/before`), change, capture after, compare.
Paths that differ between runs (the output folder, timings) are masked.

Usage: python tests/tools/cli_snapshot.py OUT_FOLDER [--lexgap PATH]
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

QUESTIONS = [
    "age-of-sexual-consent", "buying-sex-from-child", "child-marriage",
    "child-prostitution-under-18", "child-sex-tourism", "child-victims-not-offenders",
    "csam-online-access-live-streaming", "csam-possession", "csam-production-distribution",
    "extradition", "extraterritorial-jurisdiction", "grooming", "mediation-child-sexual-abuse",
    "minimum-age-employment", "rape-of-boys", "sale-for-organs", "sale-of-children",
    "surrogacy-sale", "trafficking-in-children",
]  # fmt: skip
FORMATS = ("table", "json", "csv")
SUBCOMMANDS = [
    "build", "citations", "statements", "recommendations", "timeline", "conflicts",
    "concordance", "ask", "gaps", "history", "provisions", "offences", "sparql", "gapmap",
    "export", "push", "validate", "list",
]  # fmt: skip
DOCUMENTS = "SELECT ?d WHERE { ?d a <https://lexgap.example.org/ns#SourceDocument> } ORDER BY ?d"


def commands() -> list[tuple[str, list[str]]]:
    """(name, arguments) of every command to capture; each query command in every format."""
    plain: list[tuple[str, list[str]]] = [
        ("citations", ["citations"]),
        ("citations-summary", ["citations", "--summary"]),
        ("citations-000", ["citations", "--doc", "000"]),
        ("statements", ["statements"]),
        ("statements-pc248", ["statements", "--instrument", "Penal Code", "--article", "248"]),
        ("statements-doc4", ["statements", "--doc", "004"]),
        ("recommendations", ["recommendations"]),
        ("recommendations-offence", ["recommendations", "--offence", "csam-possession"]),
        ("recommendations-provision", ["recommendations", "--provision", "labour-law/101"]),
        ("recommendations-body", ["recommendations", "--body", "crc-committee"]),
        ("recommendations-unanswered", ["recommendations", "--unanswered"]),
        ("timeline", ["timeline", "csam-possession"]),
        ("conflicts", ["conflicts"]),
        ("concordance", ["concordance"]),
        ("concordance-pc", ["concordance", "--instrument", "penal-code"]),
        ("gaps", ["gaps"]),
        ("gaps-la", ["gaps", "--jurisdiction", "la"]),
        ("gaps-2015", ["gaps", "--as-of", "2015-06-05"]),
        ("provisions", ["provisions", "--offence", "child-rape"]),
        ("provisions-effect", ["provisions", "--offence", "csam", "--effect", "prohibits"]),
        ("offences", ["offences", "--provision", "Penal Code/257"]),
        ("sparql", ["sparql", DOCUMENTS]),
        ("history", ["history", "csam-possession"]),
        *[(f"list-{w}", ["list", w]) for w in ("offences", "effects", "bodies", "documents")],
        ("list-questions", ["list", "questions"]),
    ]  # fmt: skip
    plain += [(f"ask-{q}", ["ask", q]) for q in QUESTIONS]
    out = [(f"{name}.{fmt}", [*args, "--format", fmt]) for name, args in plain for fmt in FORMATS]
    out += [
        ("gapmap-stats", ["gapmap", "--stats"]),
        ("errors-unknown-question", ["ask", "no-such-question"]),
        ("errors-unknown-offence", ["provisions", "--offence", "no-such-offence"]),
        ("errors-bad-doc", ["citations", "--doc", "999"]),
        ("help", ["--help"]),
        ("version", ["--version"]),
    ]
    out += [(f"help-{c}", [c, "--help"]) for c in SUBCOMMANDS]
    return out


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("folder", type=Path)
    p.add_argument("--lexgap", default=str(Path(sys.executable).with_name("lexgap")))
    args = p.parse_args()
    args.folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out"
        env_out = ["--out", str(out)]
        build = subprocess.run([args.lexgap, "build", *env_out], capture_output=True, text=True)
        (args.folder / "build.txt").write_text(_mask(build.stdout, tmp), encoding="utf-8")
        for name, argv in commands():
            full = [args.lexgap, *argv]
            # --out only where the command takes it (query commands): retry without it.
            r = subprocess.run([*full, *env_out], capture_output=True, text=True)
            if r.returncode == 2 and "unrecognized arguments: --out" in r.stderr:
                r = subprocess.run(full, capture_output=True, text=True)
            text = f"exit {r.returncode}\n--- stdout\n{r.stdout}--- stderr\n{r.stderr}"
            (args.folder / f"{name}.txt").write_text(_mask(text, tmp), encoding="utf-8")
        store = ["--build-dir", str(out)]
        for fmt in ("turtle", "trig", "nquads", "jsonld", "csv"):
            target = Path(tmp) / f"export.{fmt}"
            subprocess.run([args.lexgap, "export", "--format", fmt, "--out", str(target), *store])
            if target.is_dir():
                shutil.copytree(target, args.folder / f"export.{fmt}")
            else:
                shutil.copy(target, args.folder / f"export.{fmt}")
        page = Path(tmp) / "gapmap.html"
        subprocess.run([args.lexgap, "gapmap", "--out", str(page), "--store", str(out)])
        shutil.copy(page, args.folder / "gapmap.html")
        valid = subprocess.run(
            [args.lexgap, "validate", str(out / "lexgap.ttl")], capture_output=True, text=True
        )
        (args.folder / "validate.txt").write_text(_mask(valid.stdout + valid.stderr, tmp))
    print(f"wrote {len(list(args.folder.iterdir()))} files to {args.folder}")
    return 0


def _mask(text: str, tmp: str) -> str:
    text = text.replace(tmp, "<TMP>")
    return re.sub(r"in \d+\.\d+s", "in <T>s", text)


if __name__ == "__main__":
    sys.exit(main())
