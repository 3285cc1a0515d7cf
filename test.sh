#!/usr/bin/env bash
# The test command: set-up on a fresh machine, then lint, types, layer contracts, tests.
set -euo pipefail
cd "$(dirname "$0")"
./scripts/bootstrap.sh
VENV=.venv/bin
"$VENV/ruff" check .
"$VENV/ruff" format --check .
"$VENV/mypy" domain application adapters entrypoints
"$VENV/lint-imports"
"$VENV/pytest" "$@"
