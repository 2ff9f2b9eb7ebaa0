#!/usr/bin/env bash
# `make run` / `make demo` (docs/demo.md): the fleet on this machine. A local redis-server (unless REDIS_URL points
# at one), a local PostgreSQL for the archive, the six services as separate processes (two replicas each of
# file-processor, embedding-generator and market-monitor; one notifier, one dead-letter-reaper and one event-gateway
# with its API keys generated here), and the demo driver (samples/Fleet.Demo: webhook receiver, SMTP sink, uploads,
# market, dead letters, a leader killed, an alert, the archive and a replay through the gateway, summary).
#   deploy/local/run.sh           the scenario, then the fleet keeps running until Ctrl-C
#   deploy/local/run.sh --check   the scenario, then everything stops; exits with the driver's verdict (make demo)
# Service logs go to files in the run directory ($FLEET_RUN_DIR, default a new /tmp/fleet-run.XXXXXX), never to the
# terminal. Nothing is left running: on exit, Ctrl-C or SIGTERM every child gets SIGTERM, then SIGKILL if it lingers.
set -euo pipefail
cd "$(dirname "$0")/../.."
configuration=${CONFIGURATION:-Release}
check=()
if [ "${1:-}" = "--check" ]; then
  check=(--check)
fi

# A run directory given by FLEET_RUN_DIR keeps its archive (PostgreSQL's cluster) for the next run; a new one is all
# removed but the logs.
keep_archive=${FLEET_RUN_DIR:+1}
run_dir=${FLEET_RUN_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/fleet-run.XXXXXX")}
mkdir -p "$run_dir/logs" "$run_dir/storage" "$run_dir/redis" "$run_dir/pids"
# The gateway's API keys of this run (and PostgreSQL's password), readable by this user only.
(umask 077 && mkdir -p "$run_dir/keys")
logs=$run_dir/logs
# <instance>.pid per service: the driver kills the market-monitor leader (SIGKILL) and pauses a consumer (SIGSTOP)
# by these, and this script's own bookkeeping stays in $pids.
pid_dir=$run_dir/pids

exec {stderr_copy}>&2   # the script's stderr, restored by stop_all
pids=()          # the services, in start order
names=()         # their names, for messages
driver=""        # the demo driver while it runs
redis_pid=""     # the redis-server started here, if any
postgres_pid=""  # the PostgreSQL server of the archive

# SIGTERM to the given pids, up to $1 tenths of a second for them to end, then SIGKILL to what is left.
terminate() {
  local tenths=$1
  shift
  kill -TERM "$@" 2>/dev/null
  for _ in $(seq 1 "$tenths"); do
    local alive=0
    for pid in "$@"; do
      if kill -0 "$pid" 2>/dev/null; then alive=1; fi
    done
    if [ "$alive" -eq 0 ]; then break; fi
    sleep 0.1
  done
  for pid in "$@"; do
    if kill -0 "$pid" 2>/dev/null; then
      echo "run.sh: process $pid ignored SIGTERM; killing it" >&2
      kill -KILL "$pid" 2>/dev/null
    fi
    wait "$pid" 2>/dev/null
  done
}

# The driver first, then the services (they finish in-flight work and acknowledge it, so Redis must still be up),
# then redis-server.
stop_all() {
  local status=$?
  trap - EXIT INT TERM
  set +e
  exec 2>&"$stderr_copy"   # a Ctrl-C may land inside the driver's wait, whose stderr is /dev/null
  if [ -n "$driver" ]; then
    terminate 100 "$driver"
  fi
  for i in "${!pids[@]}"; do
    # A service stopped by the driver's SIGSTOP must run again to hear SIGTERM (a no-op for a running one).
    kill -CONT "${pids[$i]}" 2>/dev/null
    # A service that already ended on its own is a finding: say so with its status and log. The market-monitor leader
    # the driver killed on purpose is named by the driver (killed-<instance>).
    if [ -e "$pid_dir/killed-${names[$i]}" ]; then
      # Braces: bash's own "Killed" job report goes to the redirected stderr too.
      { wait "${pids[$i]}"; } 2>/dev/null
      echo "run.sh: ${names[$i]} was killed by the demo (the leader failover step)" >&2
    elif ! kill -0 "${pids[$i]}" 2>/dev/null; then
      wait "${pids[$i]}" 2>/dev/null
      echo "run.sh: ${names[$i]} had exited (status $?); see $logs/${names[$i]}.log" >&2
    fi
  done
  if [ "${#pids[@]}" -gt 0 ]; then
    terminate 150 "${pids[@]}"
  fi
  if [ -n "$redis_pid" ]; then
    terminate 50 "$redis_pid"
  fi
  # SIGTERM is PostgreSQL's smart shutdown: the gateway, its only client, is gone by now, so it checkpoints and exits.
  if [ -n "$postgres_pid" ]; then
    terminate 300 "$postgres_pid"
  fi
  # Uploaded copies, Redis data and the keys belong to this run only; the logs stay for reading, and the archive stays
  # when the run directory was given (FLEET_RUN_DIR).
  rm -rf "$run_dir/storage" "$run_dir/redis" "$run_dir/keys" "$pid_dir"
  if [ -z "$keep_archive" ]; then
    rm -rf "$run_dir/postgres"
  fi
  echo "Stopped the fleet. Logs: $logs/"
  exit "$status"
}
trap stop_all EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# A port nobody listens on, from $1 upward, not handed out before in this run. Sets REPLY.
taken=" "
free_port() {
  local port=$1
  while [[ "$taken" == *" $port "* ]] || (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do
    port=$((port + 1))
  done
  taken+="$port "
  REPLY=$port
}

# Each child runs in its own session (setsid), so a Ctrl-C in the terminal does not hit the services and redis-server
# all at once: this script stops the driver, then the services, then redis-server, in that order.
start() { # name, then environment assignments, then the command
  local name=$1
  shift
  setsid env "$@" >"$logs/$name.log" 2>&1 </dev/null &
  pids+=($!)
  names+=("$name")
  # setsid and env exec (no fork: this script has no job control, so the child is no group leader): $! is dotnet's pid.
  echo "$!" >"$pid_dir/$name.pid"
}

# 32 random bytes in hex: API keys, Redis passwords (URL-safe, as render-acl.sh requires).
random_key() { openssl rand -hex 32 2>/dev/null || head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n'; }

# The redis-server started here loads the fleet's ACL file (deploy/redis/users.acl, docs/deploy/redis-acl.md) with a
# password per user made for this run: each service connects as its own user (service_redis_url), the demo driver as
# admin; the default user is off. With REDIS_URL given, every process uses that URL as it is.
acl_users="file-processor embedding-generator market-monitor notifier dead-letter-reaper event-gateway operator admin"
service_redis_url() { # service name: its URL (its own ACL user's on the redis-server started here)
  if [ -z "$redis_pid" ]; then
    echo "$REDIS_URL"
  else
    echo "redis://$1:$(cat "$run_dir/keys/redis-$1.password")@127.0.0.1:$redis_port"
  fi
}
if [ -z "${REDIS_URL:-}" ]; then
  deploy/local/ensure.sh redis
  free_port "${FLEET_REDIS_PORT:-6390}"
  redis_port=$REPLY
  for user in $acl_users; do
    (umask 077 && random_key >"$run_dir/keys/redis-$user.password")
  done
  # render-acl.sh reads REDIS_PASSWORD_<USER>; a subshell keeps them out of this script's environment (and so out of
  # the services' and the driver's).
  (
    for user in $acl_users; do
      export "REDIS_PASSWORD_$(echo "$user" | tr 'a-z-' 'A-Z_')=$(cat "$run_dir/keys/redis-$user.password")"
    done
    deploy/redis/render-acl.sh deploy/redis/users.acl "$run_dir/keys/users.acl"
  )
  setsid redis-server --port "$redis_port" --bind 127.0.0.1 --dir "$run_dir/redis" --save '' --appendonly no \
    --aclfile "$run_dir/keys/users.acl" >"$logs/redis-server.log" 2>&1 </dev/null &
  redis_pid=$!
  for _ in $(seq 1 100); do
    REDISCLI_AUTH=$(cat "$run_dir/keys/redis-admin.password") redis-cli --user admin -p "$redis_port" ping >/dev/null 2>&1 && break
    sleep 0.1
  done
  export REDIS_URL="redis://admin:$(cat "$run_dir/keys/redis-admin.password")@127.0.0.1:$redis_port"
fi

# PostgreSQL for the archive, the way the tests start theirs (tests/Fleet.Testing/Postgres/PostgresServer.cs): Debian's
# initdb and postgres on a cluster under the run directory, listening on loopback only, but with PostgreSQL's durable
# defaults (fsync, synchronous commit, full-page writes), not the tests' shortcuts. Password authentication
# (scram-sha-256) with a password made here. PostgreSQL refuses to run as root: as root, both run as the `postgres`
# user of the Debian package (setpriv execs, so the pid is the server's).
pg_bin=$(compgen -G "/usr/lib/postgresql/*/bin/postgres" | sort -V | tail -n 1 | xargs -r dirname)
if [ -z "$pg_bin" ]; then
  pg_bin=$(dirname "$(command -v postgres 2>/dev/null || echo /nonexistent/postgres)")
fi
if [ ! -x "$pg_bin/initdb" ]; then
  echo "run.sh: PostgreSQL's initdb and postgres were not found (deploy/local/ensure.sh postgres installs them)" >&2
  exit 1
fi
pg_dir=$run_dir/postgres
as_postgres=()
if [ "$(id -u)" -eq 0 ]; then
  as_postgres=(setpriv --reuid=postgres --regid=postgres --init-groups --)
  chmod o+x "$run_dir"   # the postgres user reaches its cluster through the run directory (mktemp makes it 0700)
fi
if [ ! -s "$pg_dir/data/PG_VERSION" ]; then
  mkdir -p "$pg_dir/data"
  openssl rand -hex 24 >"$run_dir/keys/postgres.password" 2>/dev/null || head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$run_dir/keys/postgres.password"
  # initdb reads the superuser's password from a file the server's user can read; it is removed straight after.
  install -m 600 "$run_dir/keys/postgres.password" "$pg_dir/initdb.pw"
  if [ "${#as_postgres[@]}" -gt 0 ]; then
    chown postgres:postgres "$pg_dir/data" "$pg_dir/initdb.pw"
  fi
  chmod 700 "$pg_dir/data"
  "${as_postgres[@]}" "$pg_bin/initdb" -D "$pg_dir/data" -U fleet --pwfile="$pg_dir/initdb.pw" --auth=scram-sha-256 \
    --encoding=UTF8 --no-locale >"$logs/initdb.log" 2>&1 || {
    rm -f "$pg_dir/initdb.pw"
    tail -n 20 "$logs/initdb.log" >&2
    echo "run.sh: initdb failed; see $logs/initdb.log" >&2
    exit 1
  }
  rm -f "$pg_dir/initdb.pw"
  install -m 600 "$run_dir/keys/postgres.password" "$pg_dir/password"   # kept with the cluster for a later run here
elif [ -s "$pg_dir/password" ]; then
  install -m 600 "$pg_dir/password" "$run_dir/keys/postgres.password"
fi
pg_password=$(cat "$run_dir/keys/postgres.password")
free_port "${FLEET_POSTGRES_PORT:-5440}"
pg_port=$REPLY
# No Unix socket (unix_socket_directories=''): clients connect over TCP on 127.0.0.1 only.
setsid "${as_postgres[@]}" "$pg_bin/postgres" -D "$pg_dir/data" -p "$pg_port" -c listen_addresses=127.0.0.1 \
  -c unix_socket_directories= >"$logs/postgres.log" 2>&1 </dev/null &
postgres_pid=$!
for _ in $(seq 1 300); do
  "$pg_bin/pg_isready" -q -h 127.0.0.1 -p "$pg_port" && break
  if ! kill -0 "$postgres_pid" 2>/dev/null; then
    tail -n 20 "$logs/postgres.log" >&2
    echo "run.sh: PostgreSQL exited at start; see $logs/postgres.log" >&2
    exit 1
  fi
  sleep 0.1
done
if ! PGPASSWORD=$pg_password "$pg_bin/psql" -h 127.0.0.1 -p "$pg_port" -U fleet -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = 'fleet_archive'" | grep -q 1; then
  PGPASSWORD=$pg_password "$pg_bin/createdb" -h 127.0.0.1 -p "$pg_port" -U fleet fleet_archive
fi
archive_connection="Host=127.0.0.1;Port=$pg_port;Username=fleet;Password=$pg_password;Database=fleet_archive"

echo "Building the six services and the demo driver ($configuration; dotnet build deploy/local/processes.proj)..."
dotnet build deploy/local/processes.proj -c "$configuration" --disable-build-servers -v quiet -nologo >"$logs/build.log" 2>&1 || {
  grep -E ": error " "$logs/build.log" | sort -u | head -20 >&2
  echo "run.sh: the build failed; see $logs/build.log" >&2
  exit 1
}
out() { echo "$1/bin/$configuration/net10.0/$2.dll"; }

secret=$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')   # per run, shared by notifier and the receiver only
free_port "${FLEET_WEBHOOK_PORT:-8090}"; webhook_port=$REPLY
free_port "${FLEET_SMTP_PORT:-2525}"; smtp_port=$REPLY

services=()
start_service() { # instance name, project dir, assembly, settings... (the port: the first free one from $first_port)
  local instance=$1 dir=$2 assembly=$3
  shift 3
  free_port "${first_port:-${FLEET_SERVICE_PORT:-8081}}"
  start "$instance" REDIS_URL="$(service_redis_url "${dir#services/}")" Fleet__Events__InstanceName="$instance" Fleet__Http__Port="$REPLY" "$@" \
    dotnet "$(out "$dir" "$assembly")"
  services+=("$instance=http://127.0.0.1:$REPLY")
}
# event-gateway: the archive in the PostgreSQL above, the API and the dashboard on one port (8080 up). Its two API keys
# are made for this run (admin: publish, replay, re-drive, purge; read-only: queries and the dashboard's views), kept
# in $run_dir/keys/ and printed once the fleet is ready. Dashboard__JaegerUrl, when set, reaches it from the
# environment (a link per event to its trace).
admin_key=$(random_key)
read_key=$(random_key)
echo "$admin_key" >"$run_dir/keys/admin.key"
echo "$read_key" >"$run_dir/keys/read-only.key"
first_port=${FLEET_GATEWAY_PORT:-8080} start_service event-gateway-1 services/event-gateway Fleet.EventGateway \
  ConnectionStrings__Archive="$archive_connection" Gateway__ApiKeys__Admin__0="$admin_key" Gateway__ApiKeys__ReadOnly__0="$read_key"
gateway_url=${services[0]#*=}
for i in 1 2; do
  start_service "file-processor-$i" services/file-processor Fleet.FileProcessor FileProcessor__StorageRoot="$run_dir/storage"
  start_service "embedding-generator-$i" services/embedding-generator Fleet.EmbeddingGenerator
done
start_service notifier-1 services/notifier Fleet.Notifier \
  Notifier__Webhook__SigningSecret="$secret" Notifier__Smtp__Host=127.0.0.1 Notifier__Smtp__Port="$smtp_port" \
  Notifier__Smtp__Security=None Notifier__Smtp__From="fleet@fleet.test"
# market-monitor: both replicas campaign for the collector lease; the holder replays samples/market/ticks.csv (in a loop,
# so `make run` keeps ticking) at $market_speed market seconds per second. A short lease so the demo's failover is quick.
market_speed=${FLEET_MARKET_SPEED:-600}
for i in 1 2; do
  start_service "market-monitor-$i" services/market-monitor Fleet.MarketMonitor \
    MarketMonitor__Collector__Speed="$market_speed" MarketMonitor__Collector__Loop=true \
    Fleet__Leadership__LeaseTime=00:00:05 Fleet__Leadership__RenewInterval=00:00:01
done
# dead-letter-reaper with the demo's settings: a max_deliveries dead letter is re-driven 2 s after it failed (not 30 s),
# alerts are evaluated every 2 s and a consumer lag above $lag_threshold alerts (not 1 000), so pausing a consumer
# shows an alert raised and resolved within seconds.
lag_threshold=${FLEET_LAG_THRESHOLD:-20}
start_service dead-letter-reaper-1 services/dead-letter-reaper Fleet.DeadLetterReaper \
  Reaper__Redrive__Cooldown=00:00:02 Alerts__Interval=00:00:02 Alerts__ConsumerLag="$lag_threshold"

if [ -n "$redis_pid" ]; then
  redis_shown="redis://127.0.0.1:$redis_port (a user per service; passwords in $run_dir/keys/redis-<user>.password)"
else
  redis_shown=$REDIS_URL
fi
echo "Redis $redis_shown; PostgreSQL 127.0.0.1:$pg_port (archive, user fleet); run directory $run_dir (service logs in $logs/)"
echo "Waiting for every service's /health/ready..."
ready_deadline=$((SECONDS + ${FLEET_READY_SECONDS:-180}))
for entry in "${services[@]}"; do
  name=${entry%%=*} url=${entry#*=}
  index=0
  for i in "${!names[@]}"; do [ "${names[$i]}" = "$name" ] && index=$i; done
  until curl -fsS -o /dev/null "$url/health/ready" 2>/dev/null; do
    if ! kill -0 "${pids[$index]}" 2>/dev/null; then
      echo "run.sh: $name exited before it was ready; the end of $logs/$name.log:" >&2
      tail -n 15 "$logs/$name.log" >&2
      exit 1
    fi
    if [ "$SECONDS" -ge "$ready_deadline" ]; then
      echo "run.sh: $name is not ready after ${FLEET_READY_SECONDS:-180} s ($url/health/ready: $(curl -s "$url/health/ready" 2>&1 | head -c 300))" >&2
      exit 1
    fi
    sleep 0.5
  done
  echo "  $name ready: $url/health/ready, metrics $url/metrics"
done
echo
echo "Dashboard: $gateway_url/dashboard/  (API and OpenAPI document: $gateway_url/openapi/v1.json)"
echo "  admin key      $admin_key"
echo "  read-only key  $read_key"
echo "  (also in $run_dir/keys/ until the run ends; the dashboard asks for a key, fleetctl takes --gateway $gateway_url --api-key KEY)"

service_args=()
for entry in "${services[@]}"; do service_args+=(--service "$entry"); done
# The driver runs in the background and is waited for, so a SIGTERM or Ctrl-C to this script is handled at once
# (bash defers traps while a foreground command runs); stop_all then stops it first, with SIGTERM (it ends cleanly).
# The keys, the secret and the Redis URL (admin's, REDIS_URL exported above) go by environment (the variables the
# services read), never on the command line where ps shows them.
Notifier__Webhook__SigningSecret="$secret" Gateway__ApiKeys__Admin__0="$admin_key" Gateway__ApiKeys__ReadOnly__0="$read_key" \
  dotnet "$(out samples/Fleet.Demo Fleet.Demo)" \
  --storage-root "$run_dir/storage" --files samples/files --gateway "$gateway_url" \
  --webhook-port "$webhook_port" --smtp-port "$smtp_port" "${service_args[@]}" \
  --pid-dir "$pid_dir" --market-csv samples/market/ticks.csv --lag-threshold "$lag_threshold" "${check[@]}" &
driver=$!
status=0
# Braces with 2>/dev/null: bash reports the killed leader's end ("Killed") when a wait returns; run.sh says it itself.
{ wait "$driver" || status=$?; } 2>/dev/null
driver=""
exit "$status"
