#!/usr/bin/env bash
# Every check of the template: lint and types of hooks/, tests/ and bench/, then the
# whole pytest suite (extra arguments go to pytest). It owns .venv: it makes it, and
# repairs what it finds there, so a venv or cache another command left cannot break it.
# One line per step says what runs and, once done, how long it took.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/steps.sh
source scripts/steps.sh
uv_trusts_the_system_store

# The real-server tests start their own PostgreSQL and Redis from these packages;
# the docs-page test drives Chromium (or Google Chrome).
if ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 || ! command -v redis-server >/dev/null \
    || ! { command -v chromium || command -v google-chrome; } >/dev/null; then
    bash scripts/install-servers.sh
fi

python=.venv/bin/python
uv=("$python" -m uv)
if ! "$python" -c "" 2>/dev/null; then
    step "venv: .venv (python3 -m venv)" bash -c "rm -rf .venv && python3 -m venv .venv"
fi
again=()
if ! "${uv[@]}" --version >/dev/null 2>&1; then
    step "uv: into .venv (pip)" "$python" -m pip install uv
    again=(--reinstall-package uv)  # through uv, so that its cache holds uv's wheel too
fi
# Quick when nothing changed.
step "uv: the dev dependency group into .venv" \
    "${uv[@]}" pip install --python "$python" --group dev "${again[@]}"

# The fresh-venv test and bench/run.py install a bake offline from uv's cache. uv caches
# only what it installs: a package that pip put in .venv (cookiecutter's, say), or one
# that left the cache since, is missing there. A dry run into an empty venv, offline,
# finds out; installing .venv again through uv fills the cache.
has_every_wheel() {
    local probe status=0
    probe=$(mktemp -d)
    "${uv[@]}" venv --quiet --python "$python" "$probe/venv" \
        && "${uv[@]}" pip install --offline --dry-run --python "$probe/venv/bin/python" --group dev \
        || status=$?
    rm -rf "$probe"
    return "$status"
}
started=$(now_in_ms)
printf '==> uv: does its cache hold every wheel? ... '
if has_every_wheel >/dev/null 2>&1; then
    echo "yes, $(seconds_since "$started")"
else
    echo "no, $(seconds_since "$started")"
    step "uv: .venv installed again through uv, to fill its cache" \
        "${uv[@]}" pip install --reinstall --python "$python" --group dev
    step "uv: its cache holds every wheel now" has_every_wheel
fi
# uv writes no bytecode; without it every baked subprocess compiles its imports anew.
step "bytecode: .venv's packages" "$python" -m compileall -q -j 0 .venv/lib/python3*/site-packages

step "ruff check" "$python" -m ruff check hooks tests bench
step "ruff format --check" "$python" -m ruff format --check hooks tests bench
step "mypy (strict)" "$python" -m mypy hooks tests bench
# pytest's own summary line, last, says how long it took.
echo "==> pytest -n auto${*:+ $*}"
exec "$python" -m pytest -n auto "$@"
