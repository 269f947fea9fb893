#!/usr/bin/env bash
# Every check of the template: lint and types of hooks/ and tests/, then the whole
# pytest suite (hook unit tests, bad answers, baked variants, fresh-venv install).
set -euo pipefail
cd "$(dirname "$0")/.."

# The real-server tests start their own PostgreSQL and Redis from these packages;
# the docs-page test drives Chromium (or Google Chrome).
if ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 || ! command -v redis-server >/dev/null \
    || ! { command -v chromium || command -v google-chrome; } >/dev/null; then
    bash scripts/install-servers.sh
fi

if [[ ! -x .venv/bin/python ]]; then
    python3 -m venv .venv
fi
if ! .venv/bin/python -m uv --version >/dev/null 2>&1; then
    .venv/bin/python -m pip install --quiet uv
fi
# Runs every time: quick when nothing changed, and it keeps in uv's cache every
# wheel that the fresh-venv test installs offline.
.venv/bin/python -m uv pip install --quiet --python .venv/bin/python --group dev
# uv writes no bytecode; without it every baked subprocess compiles its imports anew.
.venv/bin/python -m compileall -q -j 0 .venv/lib/python*/site-packages >/dev/null

.venv/bin/python -m ruff check hooks tests bench
.venv/bin/python -m ruff format --check hooks tests bench
.venv/bin/python -m mypy hooks tests bench
.venv/bin/python -m pytest -n auto "$@"
