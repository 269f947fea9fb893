#!/usr/bin/env bash
# Every check of the template: lint and types of hooks/ and tests/, then the whole
# pytest suite (hook unit tests, bad answers, baked variants, fresh-venv install).
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ ! -x .venv/bin/python ]]; then
    python3 -m venv .venv
fi
if ! .venv/bin/python -m uv --version >/dev/null 2>&1; then
    .venv/bin/python -m pip install --quiet uv
fi
# Runs every time: quick when nothing changed, and it keeps in uv's cache every
# wheel that the fresh-venv test installs offline.
.venv/bin/python -m uv pip install --quiet --python .venv/bin/python --group dev

.venv/bin/python -m ruff check hooks tests
.venv/bin/python -m ruff format --check hooks tests
.venv/bin/python -m mypy hooks tests
.venv/bin/python -m pytest -n auto "$@"
