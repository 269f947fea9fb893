#!/usr/bin/env bash
# Install the Debian packages of PostgreSQL and Redis, whose binaries the template's
# tests start and stop as their own servers, Chromium, which opens a baked
# project's Swagger UI headless, and wrk, the load generator of bench/run.py.
set -euo pipefail

sudo=""
if [[ $(id -u) -ne 0 ]]; then
    command -v sudo >/dev/null || { echo "Run as root, or install postgresql and redis-server." >&2; exit 1; }
    sudo="sudo"
fi
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends \
    postgresql redis-server chromium wrk >/dev/null
