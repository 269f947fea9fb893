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

python=$PWD/.venv/bin/python
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

# The fresh-venv test, the lock tests and bench/run.py install a bake offline from uv's
# cache. uv caches only what it installs: a package that pip put in .venv (cookiecutter's,
# say), or one that left the cache since, is missing there, and a bake may resolve a
# version .venv does not hold (the default bake takes the newest packaging, which celery
# pins lower here). Dry runs into an empty venv, offline, of the dev group and of a
# default bake find out; installing both through uv fills the cache.
installs() {  # installs [--offline --dry-run]: the dev group, and a default bake, each
    local probe status=0  # into an empty venv of its own
    probe=$(mktemp -d)
    "${uv[@]}" venv --quiet --python "$python" "$probe/dev" \
        && "${uv[@]}" venv --quiet --python "$python" "$probe/bake-venv" \
        && "${uv[@]}" pip install "$@" --python "$probe/dev/bin/python" --group dev \
        && .venv/bin/cookiecutter --no-input . -o "$probe/bake" >/dev/null \
        && (cd "$probe"/bake/* && "${uv[@]}" pip install "$@" \
            --python "$probe/bake-venv/bin/python" -e . --group dev) \
        || status=$?
    rm -rf "$probe"
    return "$status"
}
started=$(now_in_ms)
printf '==> uv: does its cache hold every wheel? ... '
if installs --offline --dry-run >/dev/null 2>&1; then
    echo "yes, $(seconds_since "$started")"
else
    echo "no, $(seconds_since "$started")"
    step "uv: .venv installed again through uv, to fill its cache" \
        "${uv[@]}" pip install --reinstall --python "$python" --group dev
    step "uv: a default bake installed through uv, to fill its cache" installs
    step "uv: its cache holds every wheel now" installs --offline --dry-run
fi
# The lock tests lock bakes offline. A lock holds every platform, so uv reads the
# metadata of wheels no install here fetched (a Windows one, say), and other wheels'
# again when it locks anew from an existing lock. Locking this repository's dev group
# both ways, in a scratch copy, finds out whether the cache has them; online, it adds
# them. Extra arguments go to uv lock.
locks_the_dev_group() {
    local scratch status=0
    scratch=$(mktemp -d)
    cp pyproject.toml "$scratch/"
    "${uv[@]}" lock --project "$scratch" "$@" \
        && "${uv[@]}" lock --project "$scratch" --upgrade-package pytest "$@" \
        || status=$?
    rm -rf "$scratch"
    return "$status"
}
started=$(now_in_ms)
printf '==> uv: does its cache hold what uv lock needs? ... '
if locks_the_dev_group --offline >/dev/null 2>&1; then
    echo "yes, $(seconds_since "$started")"
else
    echo "no, $(seconds_since "$started")"
    step "uv: the dev group locked online, to fill its cache" locks_the_dev_group
fi
# uv writes no bytecode; without it every baked subprocess compiles its imports anew.
step "bytecode: .venv's packages" "$python" -m compileall -q -j 0 .venv/lib/python3*/site-packages

step "ruff check" "$python" -m ruff check hooks tests bench
step "ruff format --check" "$python" -m ruff format --check hooks tests bench
step "mypy (strict)" "$python" -m mypy hooks tests bench
# pytest's own summary line, last, says how long it took.
echo "==> pytest -n auto${*:+ $*}"
exec "$python" -m pytest -n auto "$@"
