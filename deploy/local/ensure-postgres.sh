#!/usr/bin/env bash
# Makes sure PostgreSQL's server programs (initdb, postgres) are installed: the archive's tests and `make run` start
# their own server in a temporary directory. Installs Debian's package when missing and possible (root with apt-get),
# else fails with how to install it. Used by make run/test/bench and CI.
set -euo pipefail
if compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || command -v initdb >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing postgresql (apt-get)..." >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq postgresql >/dev/null
  exit 0
fi
echo "PostgreSQL was not found. Install it with: apt-get install -y postgresql (Debian/Ubuntu), or brew install postgresql (macOS)" >&2
exit 1
