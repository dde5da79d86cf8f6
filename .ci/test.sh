#!/usr/bin/env bash
# The whole test suite, from a fresh clone: set-up, lint, types, tests.
# Usage: bash .ci/test.sh [pytest args...]
set -euo pipefail
cd "$(dirname "$0")/.."

python3 -m venv .venv
.venv/bin/python -m pip install -q --disable-pip-version-check -e '.[test]'

echo "== ruff"
.venv/bin/ruff check .
.venv/bin/ruff format --check .

echo "== mypy (strict)"
# The repository root is the `lexgap` package; mypy sees it through a symlink named lexgap.
# tests/ and benchmarks/ are outside the package's import path (benchmarks/synth.py is
# imported as `synth`, tests/offline_browser.py as `offline_browser`), checked by the same run.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
ln -s "$PWD" "$tmp/lexgap"
MYPYPATH="$tmp:$PWD/benchmarks:$PWD/tests" .venv/bin/mypy -p lexgap

echo "== pytest"
.venv/bin/python -m pytest "$@"
