#!/usr/bin/env bash
# The WhatsApp bridge's limits that can be measured without WhatsApp: the packaged server on the whatsapp
# engine with WhatsApp Web behind a black hole (a local port that accepts and never answers), so every
# session keeps trying to connect with the default timeouts and backoff. Prints the bridge's RSS idle and
# with each number of sessions, the per-call overhead of a Ping round trip (idle and under that load),
# and how long the REST API takes to list sessions meanwhile. See src/bench/README.md.
#   src/bench/bridge-sessions.sh [counts="50 200"] [settle_seconds=30]
#
# Environment: BENCH_PORT (first port tried, 18094), BENCH_HOLE_PORT (the black hole, 18095), BENCH_DB
# (wapi_bench_bridge), BENCH_SERVER_OPTS (JVM options for the server, -Xmx1g if unset), BENCH_BUILD=1
# (rebuild the jar), BENCH_KEEP=1 (keep the work directory), BENCH_DRY=1 (check the set-up only); see lib.sh.
# Needs Node.js 20+ (src/scripts/node.sh installs the bridge's dependencies), jq and ss.
BENCH_DB=${BENCH_DB:-wapi_bench_bridge}
BENCH_PORT=${BENCH_PORT:-18094}
BENCH_SERVER_OPTS=${BENCH_SERVER_OPTS:--Xmx1g}
BENCH_NEEDS_WRK=0
. "$(dirname "$0")/lib.sh"
# shellcheck source=../scripts/node.sh
. src/scripts/node.sh
COUNTS=${1:-50 200}
SETTLE=${2:-30}
HOLE_PORT=${BENCH_HOLE_PORT:-18095}

HOLE=""
bench_extra_cleanup() {
  if [ -n "$HOLE" ]; then kill "$HOLE" 2>/dev/null || true; fi
}
# The black hole: holds every connection open and never writes (no TLS, no WebSocket upgrade). Started
# before the server, whose port search then passes over it; not in a dry run, which starts nothing.
if [ "${BENCH_DRY:-0}" != 1 ]; then
  node -e "require('net').createServer(() => {}).listen($HOLE_PORT, '127.0.0.1')" &
  HOLE=$!
fi
start_server WAPI_ENGINE=whatsapp WAPI_MASTER_KEY="$(head -c 32 /dev/urandom | base64)" \
  WAPI_BRIDGE_DIR=src/bridge WAPI_BRIDGE_WS_URL="ws://127.0.0.1:$HOLE_PORT/ws/chat"
# Healthy is not yet ready: the bridge may still be starting.
for _ in $(seq 120); do
  curl -sf "$BASE/health/ready" > /dev/null 2>&1 && break
  sleep 0.5
done
bridge() { curl -s "$BASE/health/ready" | jq -r ".checks[] | select(.name==\"bridge\") | .data.$1"; }
BPID=$(bridge pid)
BPORT=$(ss -ltnpH | grep "pid=$BPID," | awk '{print $4}' | sed 's/.*://' | head -1)
rss_mib() { awk '/VmRSS/ {printf "%.0f", $2 / 1024}' "/proc/$BPID/status"; }
# The peak over a few seconds: sockets come and go as attempts time out and back off.
rss_peak() { local m=0 r; for _ in $(seq 10); do r=$(rss_mib); [ "$r" -gt "$m" ] && m=$r; sleep 0.5; done; echo "$m"; }
list_ms() {
  local t; t=$(curl -s -o /dev/null -w '%{time_total}' -H "X-API-Key: $KEY" "$BASE/api/whatsapp/sessions")
  awk -v t="$t" 'BEGIN {printf "%.1f", t * 1000}'
}

curl -sf -X PUT -H "X-Admin-Key: $ADMIN_KEY" -H 'Content-Type: application/json' "$BASE/api/admin/plans/bench" \
  -d '{"name":"bench","maxSessions":2000,"dailyMessageLimit":100000000}' > /dev/null
KEY=$(curl -sf -X POST -H "X-Admin-Key: $ADMIN_KEY" -H 'Content-Type: application/json' "$BASE/api/admin/tenants" \
  -d '{"name":"Bench","email":"bench@example.com","plan":"bench"}' | jq -r .apiKey)

echo "bridge pid=$BPID port=$BPORT node=$(node --version) baileys=$(jq -r .version src/bridge/node_modules/@whiskeysockets/baileys/package.json)"
sleep 3
IDLE=$(rss_peak)
echo "idle: sessions=0 rss_mib=$IDLE $(node src/bench/bridge-ping.mjs "$BPORT") list_ms=$(list_ms)"
created=0
for n in $COUNTS; do
  while [ "$created" -lt "$n" ]; do
    curl -sf -X POST -H "X-API-Key: $KEY" -H 'Content-Type: application/json' "$BASE/api/whatsapp/session" \
      -d "{\"sessionId\":\"s$created\"}" > /dev/null
    created=$((created + 1))
  done
  sleep "$SETTLE"
  peak=$(rss_peak)
  down=$(curl -s -H "X-API-Key: $KEY" "$BASE/api/whatsapp/sessions" | jq '[.sessions[] | select(.status=="disconnected")] | length')
  echo "load: sessions=$n on_bridge=$(bridge sessions) disconnected=$down rss_peak_mib=$peak" \
    "per_session_kib=$(( (peak - IDLE) * 1024 / n ))" \
    "$(node src/bench/bridge-ping.mjs "$BPORT") list_ms=$(list_ms) black_hole_connections=$(ss -tnH state established "( sport = :$HOLE_PORT )" | wc -l)"
done
