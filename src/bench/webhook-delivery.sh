#!/usr/bin/env bash
# Webhook delivery benchmark. Starts the packaged server on MariaDB with the sandbox engine, readies
# SESSIONS sessions and points the tenant's webhook (message events, signed) at a fast receiver inside
# the client (java/WebhookBench.java). Incoming messages injected through the sandbox API become one
# `message` event and one delivery each. Measures, after a warm-up:
#   1. deliveries/s with EVENTS queued: the receiver answers 503 while they are injected, then 200;
#      the clock runs from that switch until the last one arrived (plus server/MariaDB CPU per delivery);
#   2. p50/p99 from event creation (the payload's timestamp) to receipt, at steady incoming rates.
# Each part RUNS times; medians, with the targets (>= 1,000 deliveries/s; p99 < 200 ms below
# saturation) marked met or MISSED. See src/bench/README.md.
#
#   src/bench/webhook-delivery.sh [events=10000] [sessions=8] [runs=3]
#
# Environment: BENCH_RATES (100,300,600 incoming events/s for part 2), BENCH_SECONDS (10 s per rate),
# BENCH_WEBHOOK_CONCURRENCY (the server's WAPI_WEBHOOK_CONCURRENCY_PER_ENDPOINT, 4 = its default),
# BENCH_RETRY_INITIAL_MS / BENCH_RETRY_MAX_MS (50 / 200: short backoffs so that the 503s of part 1 do
# not leave deliveries waiting long after the switch), BENCH_WARMUP_EVENTS (4000 per warm-up round),
# BENCH_PORT (first port tried, 18280), BENCH_DB (wapi_bench_webhook), BENCH_SERVER_OPTS (JVM options
# for the server), BENCH_BUILD=1 (rebuild the jar), BENCH_KEEP=1 (keep the work directory).
# Needs: MariaDB on 127.0.0.1:3306 as root without password (and the mariadb client), a JDK >= 22
# (the client is two source files run with the source launcher), Maven only if the jar has to be built.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
BENCH=$ROOT/src/bench

EVENTS=${1:-10000}
SESSIONS=${2:-8}
RUNS=${3:-3}
RATES=${BENCH_RATES:-100,300,600}
SECONDS_PER_RATE=${BENCH_SECONDS:-10}
CONCURRENCY=${BENCH_WEBHOOK_CONCURRENCY:-4}
RETRY_INITIAL_MS=${BENCH_RETRY_INITIAL_MS:-50}
RETRY_MAX_MS=${BENCH_RETRY_MAX_MS:-200}
DB=${BENCH_DB:-wapi_bench_webhook}
ADMIN_KEY=bench-admin-key-0123456789
DB_HOST=127.0.0.1
DB_PORT=3306

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# --- JDK >= 22 (multi-file source launcher): JAVA_HOME if new enough, else Temurin 25, else any --------
java_major() { "$1/bin/java" -version 2>&1 | awk -F'"' '/version/ {split($2, v, "."); print (v[1] == "1" ? v[2] : v[1]); exit}'; }
jdk_ok() { [ -x "$1/bin/java" ] && [ "$(java_major "$1")" -ge 22 ] 2>/dev/null; }
if [ -z "${JAVA_HOME:-}" ] || ! jdk_ok "$JAVA_HOME"; then
  JAVA_HOME=""
  for candidate in /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/*; do
    if jdk_ok "$candidate"; then JAVA_HOME=$candidate; break; fi
  done
  [ -n "$JAVA_HOME" ] || die "no JDK 22 or newer found (JAVA_HOME, /usr/lib/jvm)"
fi
export JAVA_HOME
JAVA=$JAVA_HOME/bin/java

command -v mariadb >/dev/null || die "the mariadb client is not installed (Debian: apt-get install -y mariadb-client)"
sql() { mariadb -uroot -h"$DB_HOST" -P"$DB_PORT" -N -B "$@"; }
sql -e 'SELECT 1' >/dev/null 2>&1 || die "MariaDB does not answer on $DB_HOST:$DB_PORT as root without a password"

# --- the server jar, copied so that a rebuild elsewhere during the run cannot pull it away ------------
if [ ! -f server/target/wapi-server.jar ] || [ "${BENCH_BUILD:-0}" = 1 ]; then
  log "building server/target/wapi-server.jar"
  mvn -B -q -DskipTests package
fi
WORK=$(mktemp -d /tmp/wapi-bench-webhook.XXXXXX)
mkdir -p "$WORK/app" "$WORK/data"
cp server/target/wapi-server.jar "$WORK/app/"
cp -r server/target/libs "$WORK/app/libs"

SERVER_PID=""
cleanup() {
  status=$?
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  if [ $status -ne 0 ] && [ -f "$WORK/server.log" ]; then
    log "server log (last 30 lines) of the failed run:"
    tail -30 "$WORK/server.log" >&2
  fi
  if [ "${BENCH_KEEP:-0}" = 1 ] || [ $status -ne 0 ]; then
    log "work directory kept: $WORK"
  else
    rm -rf "$WORK"
  fi
}
trap cleanup EXIT

# --- database and server ------------------------------------------------------------------------------
sql -e "DROP DATABASE IF EXISTS \`$DB\`; CREATE DATABASE \`$DB\`"
port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
PORT=${BENCH_PORT:-18280}
while port_in_use "$PORT"; do PORT=$((PORT + 1)); done
BASE=http://127.0.0.1:$PORT

log "starting the server on port $PORT (JDK $(java_major "$JAVA_HOME"), database $DB, webhook concurrency per endpoint $CONCURRENCY, retries ${RETRY_INITIAL_MS}..${RETRY_MAX_MS} ms)"
# shellcheck disable=SC2086
WAPI_PORT=$PORT WAPI_DATA_DIR=$WORK/data WAPI_DB_URL=jdbc:mariadb://$DB_HOST:$DB_PORT/$DB WAPI_DB_USER=root \
  WAPI_ADMIN_KEY=$ADMIN_KEY WAPI_ENGINE=sandbox WAPI_ALLOW_PRIVATE_NETWORKS=true \
  WAPI_WEBHOOK_CONCURRENCY_PER_ENDPOINT=$CONCURRENCY \
  WAPI_WEBHOOK_RETRY_INITIAL_MS=$RETRY_INITIAL_MS WAPI_WEBHOOK_RETRY_MAX_INTERVAL_MS=$RETRY_MAX_MS \
  "$JAVA" "-Xlog:gc:file=$WORK/gc.log:uptime" ${BENCH_SERVER_OPTS:-} -jar "$WORK/app/wapi-server.jar" \
  > "$WORK/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 240); do
  kill -0 "$SERVER_PID" 2>/dev/null || die "the server exited during start-up"
  [ "$(curl -s -o /dev/null -w '%{http_code}' "$BASE/health" || true)" = 200 ] && break
  sleep 0.5
done
[ "$(curl -s -o /dev/null -w '%{http_code}' "$BASE/health")" = 200 ] || die "the server did not become healthy"
MARIADB_PID=$(pgrep -xo mariadbd || pgrep -xo mysqld || echo 0)

# --- the client: warm-up, throughput runs, latency runs, summary ---------------------------------------
"$JAVA" -Xmx512m "$BENCH/java/WebhookBench.java" "$BASE" "$ADMIN_KEY" "$EVENTS" "$SESSIONS" "$RUNS" "$RATES" \
  "$SECONDS_PER_RATE" "$SERVER_PID" "$MARIADB_PID" "$WORK/summary.txt" > /dev/null

cat "$WORK/summary.txt"
SEVERE=$(grep -c -E 'SEVERE|Exception' "$WORK/server.log" || true)
echo "  server log lines with SEVERE or Exception: $SEVERE"
if [ "$SEVERE" -gt 0 ]; then
  echo "first of them:"; grep -m 5 -E 'SEVERE|Exception' "$WORK/server.log" | cut -c1-300
fi
GC_MAX=$(grep -oE 'Pause[^)]*\) [0-9.]+M->[0-9.]+M\([0-9.]+M\) [0-9.]+ms' "$WORK/gc.log" | awk '{print $NF}' | sort -g | tail -1 || true)
echo "  longest GC pause: ${GC_MAX:-none}"
