#!/usr/bin/env bash
# Install the Debian packages of PostgreSQL and Redis. The template's tests start
# and stop their own servers from these binaries.
set -euo pipefail

sudo=""
if [[ $(id -u) -ne 0 ]]; then
    command -v sudo >/dev/null || { echo "Run as root, or install postgresql and redis-server." >&2; exit 1; }
    sudo="sudo"
fi
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends \
    postgresql redis-server >/dev/null
