#!/usr/bin/env bash
# Sets everything up, then runs every check: lint, types, and the whole test suite (headless).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export QT_QPA_PLATFORM=offscreen
echo "== ruff"; .venv/bin/ruff check . && .venv/bin/ruff format --check .
echo "== mypy"; .venv/bin/mypy
echo "== import-linter (layering)"; .venv/bin/lint-imports
echo "== pytest"
# pytest exits 5 when it collected no test: that fails this script like any other non-zero code.
.venv/bin/python -m pytest "$@"
