#!/usr/bin/env bash
# `make run`: a local Redis (unless REDIS_URL points at one) and the demo against it.
set -euo pipefail
cd "$(dirname "$0")/../.."

if [ -z "${REDIS_URL:-}" ]; then
  deploy/local/ensure-redis.sh

  port=${FLEET_REDIS_PORT:-6390}
  dir=$(mktemp -d)
  redis-server --port "$port" --bind 127.0.0.1 --dir "$dir" --save '' --appendonly no \
    --daemonize yes --pidfile "$dir/redis.pid" --logfile "$dir/redis.log"
  trap 'redis-cli -p "$port" shutdown nosave >/dev/null 2>&1 || true; rm -rf "$dir"' EXIT
  for _ in $(seq 1 50); do
    redis-cli -p "$port" ping >/dev/null 2>&1 && break
    sleep 0.1
  done
  export REDIS_URL="redis://127.0.0.1:$port"
  echo "Started redis-server on $REDIS_URL (data in $dir)"
fi

dotnet run -c "${CONFIGURATION:-Release}" --project samples/Fleet.Events.Demo
