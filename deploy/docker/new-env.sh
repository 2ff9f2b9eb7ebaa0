#!/bin/sh
# new-env.sh [OUTPUT]: writes OUTPUT (default .env at the repository root) from .env.example, every empty value given a
# fresh random secret (32 bytes as 64 hex digits: URL-safe, as the Redis URLs need). Values already set in
# .env.example (ports, FLEET_VERSION) are copied as they are. Refuses to overwrite an existing file: the Redis data and
# the PostgreSQL cluster on the volumes keep the passwords they were made with. Prints no secret.
set -eu
root=$(CDPATH= cd -- "$(dirname -- "$0")/../.." && pwd)
output=${1:-$root/.env}
if [ -e "$output" ]; then
    echo "new-env.sh: $output exists; remove it first to make new secrets (the volumes keep the old PostgreSQL password)" >&2
    exit 1
fi

secret() {
    if command -v openssl >/dev/null 2>&1; then
        openssl rand -hex 32
    else
        od -An -tx1 -N32 /dev/urandom | tr -d ' \n'
        echo
    fi
}

umask 077
temporary="$output.tmp.$$"
trap 'rm -f "$temporary"' EXIT HUP INT TERM
while IFS= read -r line || [ -n "$line" ]; do
    case $line in
        [A-Z]*=) printf '%s%s\n' "$line" "$(secret)" ;;
        *) printf '%s\n' "$line" ;;
    esac
done <"$root/.env.example" >"$temporary"
mv "$temporary" "$output"
trap - EXIT HUP INT TERM
echo "new-env.sh: wrote $output (mode 0600) with a new secret for every empty value of .env.example"
