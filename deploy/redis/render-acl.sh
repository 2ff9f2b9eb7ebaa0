#!/bin/sh
# render-acl.sh TEMPLATE OUTPUT: turns deploy/redis/users.acl into the ACL file redis-server loads (`aclfile`).
#
# Every @REDIS_PASSWORD_<USER>@ in TEMPLATE becomes #<sha256 hex> of the environment variable REDIS_PASSWORD_<USER>,
# so the rendered file holds no clear-text password. Comment lines (#...) and blank lines are dropped, and a line that
# starts with a space or tab is joined to the `user` line above it (Redis reads one user per line and no comments).
# Fails, naming the variable, when one is missing, empty or not URL-safe (the password also travels in
# redis://user:password@host URLs). Never prints a password: hashes are computed with the shell's printf built-in
# piped to sha256sum, so no password appears in a process's arguments. OUTPUT is written with mode 0600.
#
# POSIX sh with sed, awk, sort and sha256sum: runs in the redis:7 image (Debian or Alpine/busybox) and on a host.
set -eu

me=render-acl.sh
fail() {
    printf '%s: %s\n' "$me" "$1" >&2
    exit 1
}

[ "$#" -eq 2 ] || { printf 'usage: %s TEMPLATE OUTPUT\n' "$me" >&2; exit 2; }
template=$1
output=$2
[ -f "$template" ] && [ -r "$template" ] || fail "cannot read template '$template'"
command -v sha256sum >/dev/null 2>&1 || fail "sha256sum is not installed"

names=$(grep -o '@REDIS_PASSWORD_[A-Z0-9_]*@' "$template" | tr -d '@' | sort -u) || true
[ -n "$names" ] || fail "template '$template' has no @REDIS_PASSWORD_<USER>@ placeholder"

problems=""
script=""
for name in $names; do
    # $name matched [A-Z0-9_]+ above, so eval only reads a variable.
    eval "value=\${$name-}"
    if [ -z "$value" ]; then
        problems="$problems $name (missing or empty)"
        continue
    fi
    case $value in
        *[!A-Za-z0-9._~-]*)
            problems="$problems $name (not URL-safe: use letters, digits, '-', '.', '_', '~'; e.g. openssl rand -hex 32)"
            continue
            ;;
    esac
    hash=$(printf '%s' "$value" | sha256sum | cut -d ' ' -f 1)
    script="${script}s/@${name}@/#${hash}/g;"
done
value=""
[ -z "$problems" ] || fail "cannot render '$template':$problems"

directory=$(dirname -- "$output")
[ -d "$directory" ] || fail "directory '$directory' of OUTPUT does not exist"
temporary="$output.tmp.$$"
trap 'rm -f "$temporary"' EXIT HUP INT TERM
(
    umask 077
    sed -e "$script" "$template" | awk '
        /^[ \t]*#/ || /^[ \t]*$/ { next }
        /^[ \t]/ { sub(/^[ \t]+/, ""); if (line == "") { bad = NR; exit 1 } line = line " " $0; next }
        { if (line != "") print line; line = $0 }
        END { if (bad) { print "continuation line " bad " has no user line above it" > "/dev/stderr"; exit 1 } if (line != "") print line }
    ' >"$temporary"
) || fail "cannot render '$template'"
if grep -q '@REDIS_PASSWORD_' "$temporary"; then
    fail "a placeholder is left in the rendered file"
fi
chmod 600 "$temporary"
mv -f "$temporary" "$output"
trap - EXIT HUP INT TERM
