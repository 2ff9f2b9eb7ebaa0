#!/usr/bin/env bash
# Makes sure a Chromium is installed for the dashboard's browser test (driven over CDP by PuppeteerSharp; nothing is
# downloaded at run time). Installs Debian's package when missing and possible (root with apt-get), else fails with
# how to install it. FLEET_CHROMIUM names another browser binary. Used by make test and CI.
set -euo pipefail
if [ -n "${FLEET_CHROMIUM:-}" ] && [ -x "$FLEET_CHROMIUM" ]; then
  exit 0
fi
if command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing chromium (apt-get)..." >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq chromium >/dev/null
  exit 0
fi
echo "Chromium was not found. Install it with: apt-get install -y chromium (Debian), or set FLEET_CHROMIUM to a Chrome/Chromium binary" >&2
exit 1
