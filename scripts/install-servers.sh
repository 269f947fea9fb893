#!/usr/bin/env bash
# Install the Debian packages of PostgreSQL and Redis, whose binaries the template's
# tests start and stop as their own servers, Chromium, which opens a baked
# project's Swagger UI headless, and wrk, the load generator of bench/run.py.
set -euo pipefail
# shellcheck source=scripts/steps.sh
source "$(dirname "$0")/steps.sh"

sudo=""
if [[ $(id -u) -ne 0 ]]; then
    command -v sudo >/dev/null || { echo "Run as root, or install postgresql and redis-server." >&2; exit 1; }
    sudo="sudo"
fi
packages=(postgresql redis-server chromium wrk)
step "apt-get update" $sudo apt-get update
step "apt-get install ${packages[*]}" \
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${packages[@]}"
