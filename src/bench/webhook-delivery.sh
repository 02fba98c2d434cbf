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
# for the server), BENCH_BUILD=1 (rebuild the jar), BENCH_KEEP=1 (keep the work directory); see lib.sh.
# Needs: MariaDB on 127.0.0.1:3306 as root without password (and the mariadb client), a JDK >= 22
# (the client is two source files run with the source launcher), Maven only if the jar has to be built.
BENCH_DB=${BENCH_DB:-wapi_bench_webhook}
BENCH_PORT=${BENCH_PORT:-18280}
BENCH_JAVA_MIN=22
BENCH_NEEDS_WRK=0
. "$(dirname "$0")/lib.sh"

EVENTS=${1:-10000}
SESSIONS=${2:-8}
RUNS=${3:-3}
RATES=${BENCH_RATES:-100,300,600}
SECONDS_PER_RATE=${BENCH_SECONDS:-10}
CONCURRENCY=${BENCH_WEBHOOK_CONCURRENCY:-4}
RETRY_INITIAL_MS=${BENCH_RETRY_INITIAL_MS:-50}
RETRY_MAX_MS=${BENCH_RETRY_MAX_MS:-200}

# --- database and server ------------------------------------------------------------------------------
log "webhook concurrency per endpoint $CONCURRENCY, retries ${RETRY_INITIAL_MS}..${RETRY_MAX_MS} ms"
start_server WAPI_ALLOW_PRIVATE_NETWORKS=true WAPI_WEBHOOK_CONCURRENCY_PER_ENDPOINT="$CONCURRENCY" \
  WAPI_WEBHOOK_RETRY_INITIAL_MS="$RETRY_INITIAL_MS" WAPI_WEBHOOK_RETRY_MAX_INTERVAL_MS="$RETRY_MAX_MS" \
  -- "-Xlog:gc:file=$WORK/gc.log:uptime"
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
