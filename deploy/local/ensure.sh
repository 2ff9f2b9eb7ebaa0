#!/usr/bin/env bash
# Makes sure a program the tests, `make run` or `make bench` need is installed: installs its Debian package when it is
# missing and that is possible (root with apt-get), else fails saying how to install it. Used by the Makefile and CI.
#
#   deploy/local/ensure.sh redis      redis-server and redis-benchmark (tests start their own servers)
#   deploy/local/ensure.sh postgres   initdb and postgres (the archive's tests and `make run` start their own server)
#   deploy/local/ensure.sh chromium   a Chromium for the dashboard's browser test (FLEET_CHROMIUM names another binary)
set -euo pipefail

# found <what>: true when <what> is already installed.
found() {
  case "$1" in
    redis) command -v redis-server >/dev/null 2>&1 && command -v redis-benchmark >/dev/null 2>&1 ;;
    postgres) compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || command -v initdb >/dev/null 2>&1 ;;
    chromium)
      { [ -n "${FLEET_CHROMIUM:-}" ] && [ -x "$FLEET_CHROMIUM" ]; } ||
        command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 ;;
    *) echo "ensure.sh: unknown program '$1' (expected redis, postgres or chromium)" >&2; exit 2 ;;
  esac
}

what="${1:?usage: deploy/local/ensure.sh redis|postgres|chromium}"
case "$what" in
  redis) packages=(redis-server redis-tools); hint="apt-get install -y redis-server (Debian/Ubuntu), or brew install redis (macOS)" ;;
  postgres) packages=(postgresql); hint="apt-get install -y postgresql (Debian/Ubuntu), or brew install postgresql (macOS)" ;;
  chromium) packages=(chromium); hint="apt-get install -y chromium (Debian), or set FLEET_CHROMIUM to a Chrome/Chromium binary" ;;
  *) found "$what" ;;
esac

if found "$what"; then
  exit 0
fi
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing ${packages[*]} (apt-get)..." >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${packages[@]}" >/dev/null
  exit 0
fi
echo "$what was not found. Install it with: $hint" >&2
exit 1
