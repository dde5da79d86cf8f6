"""Regenerate the benchmark tables from a run's JSON, so no figure is typed by hand.

    python benchmarks/readme_table.py [benchmarks/out/results.json] [benchmarks/README.md]

Replaces what lies between `<!-- benchmark-table:start -->` and `<!-- benchmark-table:end -->`
in benchmarks/README.md (the developers' page; the top-level README is the users' guide)
with the run's command, machine, the size table and every target with its figure, limit,
verdict and ratio to the limit (all from one run, so they compare like with like).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import runner  # beside this script: benchmarks/runner.py

HERE = Path(__file__).resolve().parent
START, END = "<!-- benchmark-table:start -->", "<!-- benchmark-table:end -->"


def markdown(report: dict[str, Any]) -> str:
    """The run as Markdown: one line on what ran where, the size table, the targets."""
    results = {int(k): v for k, v in report["results"].items()}
    m = report["machine"]
    lines = [
        f"`{report.get('command', 'benchmarks/run')}`: {m.get('cpus')} cores, {m.get('cpu')}, "
        f"{m.get('memory_gb')} GB, Python {m.get('python')}; load average at start "
        f"{', '.join(f'{x:.1f}' for x in m.get('load_average_at_start', []))}; "
        f"{report.get('total_s', 0) / 60:.0f} minutes.",
        "",
    ]
    text = runner.table(results).splitlines()
    head = text[0].split()
    lines.append("| | " + " | ".join(head) + " |")
    lines.append("|---" * (len(head) + 1) + "|")
    for row in text[2:]:
        label, cells = row[: len(row) - 12 * len(head)].rstrip(), row[-12 * len(head) :].split()
        lines.append(f"| {label.strip()} | " + " | ".join(cells) + " |")
    lines += ["", "| target | figure | limit | verdict | figure / limit |", "|---|---|---|---|---|"]
    for t in report.get("targets", []):
        verdict = {True: "met", False: "**missed**", None: "-"}[t["met"]]
        lines.append(
            f"| {t['target']} | {runner.fmt(t['value'], 2)} | {t['limit']} | {verdict} | "
            f"{runner.limit_ratio(t)} |"
        )
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    results = Path(argv[0]) if argv else HERE / "out" / "results.json"
    readme = Path(argv[1]) if len(argv) > 1 else HERE / "README.md"
    report = json.loads(results.read_text("utf-8"))
    text = readme.read_text("utf-8")
    if START not in text or END not in text:
        print(f"{readme} has no {START} ... {END} section", file=sys.stderr)
        return 1
    before, rest = text.split(START, 1)
    after = rest.split(END, 1)[1]
    readme.write_text(f"{before}{START}\n{markdown(report)}\n{END}{after}", "utf-8")
    print(f"wrote the benchmark tables of {results} into {readme}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
