#!/usr/bin/env bash
# Makes sure redis-server and redis-benchmark are on PATH: installs the Debian package when missing and
# possible (root with apt-get), else fails with how to install them. Used by make run/test/bench and CI.
set -euo pipefail
if command -v redis-server >/dev/null 2>&1 && command -v redis-benchmark >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing redis-server (apt-get)..." >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq redis-server redis-tools >/dev/null
  exit 0
fi
echo "redis-server was not found on PATH. Install it with: apt-get install -y redis-server (Debian/Ubuntu), or brew install redis (macOS)" >&2
exit 1
