#!/usr/bin/env bash
# Checks /metrics through a real Prometheus (Debian's, installed here if missing), for CI after `mvn verify`:
#   - promtool checks alerts.yml and runs its unit tests (alerts_test.yml);
#   - starts the packaged server (server/target/wapi-server.jar, built if missing) on the embedded H2 and the
#     sandbox engine, on a free port, in a temporary data directory;
#   - starts a Prometheus of its own (free port, temporary storage, scrape every second, alerts.yml loaded), never
#     the system's service;
#   - creates a sandbox session, links it, sends N messages and receives one, then asks Prometheus' query API
#     for the raw counters (instant queries: exact, where increase() would extrapolate) and the gauges.
# The expectations are polled by expect.py. Prints one line per check; exit status 0 when all passed. The server and Prometheus are stopped on any exit.
#
#   src/deploy/prometheus/check.sh [N]     (N sends, default 20)
set -uo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../../.." && pwd)
SENDS=${1:-20}
FAILED=0
DIR=$(mktemp -d /tmp/wapi-prometheus.XXXXXX)
SERVER_PID=""
PROM_PID=""

step() { printf '%s %s\n' "$(date -u +%H:%M:%S)" "$*"; }
pass() { printf 'ok   %s\n' "$*"; }
fail() {
  printf 'FAIL %s\n' "$*"
  FAILED=1
}

cleanup() {
  local pid
  for pid in "$SERVER_PID" "$PROM_PID"; do
    [ -n "$pid" ] && kill -TERM "$pid" 2>/dev/null
  done
  for pid in "$SERVER_PID" "$PROM_PID"; do
    [ -n "$pid" ] || continue
    for _ in $(seq 1 20); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null
  done
  if [ "$FAILED" != 0 ]; then
    echo "--- last lines of the server log"
    tail -n 30 "$DIR/server.log" 2>/dev/null
    echo "--- last lines of the Prometheus log"
    tail -n 15 "$DIR/prometheus.log" 2>/dev/null
  fi
  rm -rf "$DIR"
  if [ "$FAILED" = 0 ]; then step "prometheus check: all passed in $SECONDS s"; else step "prometheus check: FAILED after $SECONDS s"; fi
  exit "$FAILED"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

wait_for() { # seconds command...: polls the command every 0.2 s
  local deadline=$((SECONDS + $1))
  shift
  until "$@"; do
    [ $SECONDS -lt "$deadline" ] || return 1
    sleep 0.2
  done
}

# ---- tools
missing=()
command -v prometheus >/dev/null 2>&1 || missing+=(prometheus)
command -v curl >/dev/null 2>&1 || missing+=(curl)
command -v python3 >/dev/null 2>&1 || missing+=(python3)
if [ ${#missing[@]} -gt 0 ]; then
  step "installing ${missing[*]} (apt-get)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq "${missing[@]}" >/dev/null || { fail "apt-get install ${missing[*]}"; exit 1; }
fi
# shellcheck source=../../scripts/jdk.sh
. "$REPO/src/scripts/jdk.sh"

# ---- the rules
if promtool check rules "$HERE/alerts.yml" >"$DIR/promtool.log" 2>&1; then pass "promtool check rules alerts.yml"; else
  cat "$DIR/promtool.log"
  fail "promtool check rules alerts.yml"
fi
if (cd "$HERE" && promtool test rules alerts_test.yml) >"$DIR/promtool-test.log" 2>&1; then pass "promtool test rules alerts_test.yml"; else
  cat "$DIR/promtool-test.log"
  fail "promtool test rules alerts_test.yml"
fi

# ---- the server
JAR="$REPO/server/target/wapi-server.jar"
if [ ! -f "$JAR" ]; then
  step "building $JAR"
  (cd "$REPO" && mvn -B -q -DskipTests package) || { fail "build the server"; exit 1; }
fi
PORT=$(free_port)
BASE="http://127.0.0.1:$PORT"
# A JVM that starts fast (C1 only, serial GC): a check, not a benchmark. The class-data archive the integration
# tests made of this jar (ServerProcess), when it is newer than the jar: a third of the start-up.
JVM=(-Xmx384m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC)
ARCHIVE="$REPO/server/target/wapi-server.jsa"
if [ -f "$ARCHIVE" ] && [ "$ARCHIVE" -nt "$JAR" ]; then JVM+=("-XX:SharedArchiveFile=$ARCHIVE" -Xlog:cds=off,cds+dynamic=off); fi
(cd "$DIR" && exec env WAPI_PORT="$PORT" WAPI_DATA_DIR="$DIR/data" WAPI_ENGINE=sandbox \
  "$JAVA_HOME/bin/java" "${JVM[@]}" -jar "$JAR" >"$DIR/server.log" 2>&1 </dev/null) &
SERVER_PID=$!

# ---- Prometheus, started while the server starts
PROM_PORT=$(free_port)
PROM="http://127.0.0.1:$PROM_PORT"
cp "$HERE/alerts.yml" "$DIR/alerts.yml"
cat >"$DIR/prometheus.yml" <<EOF
global:
  scrape_interval: 1s
  evaluation_interval: 1s
rule_files:
  - alerts.yml
scrape_configs:
  - job_name: wapi
    metrics_path: /metrics
    static_configs:
      - targets: ["127.0.0.1:$PORT"]
EOF
prometheus --config.file="$DIR/prometheus.yml" --storage.tsdb.path="$DIR/tsdb" \
  --web.listen-address="127.0.0.1:$PROM_PORT" >"$DIR/prometheus.log" 2>&1 </dev/null &
PROM_PID=$!

# expect < "description|expr|expected" lines: see expect.py (one process polls them all).
expect() { python3 "$HERE/expect.py" "$PROM" || FAILED=1; }
if wait_for 30 curl -sf -o /dev/null "$PROM/-/ready"; then pass "prometheus ready on port $PROM_PORT ($SECONDS s)"; else
  fail "prometheus did not become ready"
  exit 1
fi
if wait_for 90 curl -sf -o /dev/null "$BASE/health/ready"; then pass "server ready on port $PORT ($SECONDS s)"; else
  fail "the server did not become ready"
  exit 1
fi
expect <<<'the server is scraped|up{job="wapi"}|1'
step "traffic"
rules=$(curl -sf "$PROM/api/v1/rules" | python3 -c 'import json,sys; print(sum(len(g["rules"]) for g in json.load(sys.stdin)["data"]["groups"]))' 2>/dev/null)
if [ "${rules:-0}" -ge 6 ]; then pass "prometheus evaluates the $rules alerting rules of alerts.yml"; else fail "rules loaded: ${rules:-none}"; fi

# ---- traffic through the REST API: a session linked in the sandbox, N sends, one message in
KEY=$(cat "$DIR/data/demo-api-key" 2>/dev/null)
api() { # method path [json]
  curl -sf -X "$1" "$BASE$2" -H "X-API-Key: $KEY" -H 'Content-Type: application/json' ${3:+-d "$3"}
}
api POST /api/whatsapp/session '{"sessionId":"metrics"}' >/dev/null || fail "create the session"
api POST /api/sandbox/session/metrics/scan '{"phoneNumber":"919876543210"}' >/dev/null || fail "link the session"
ready() { api GET /api/whatsapp/session/metrics/status | grep -q '"status":"ready"'; }
if wait_for 15 ready; then pass "session linked (sandbox)"; else fail "the session did not become ready"; fi
sent=0
for i in $(seq 1 "$SENDS"); do
  api POST /api/whatsapp/session/metrics/send "{\"to\":\"919876543211\",\"message\":\"metrics check $i\"}" >/dev/null && sent=$((sent + 1))
done
[ "$sent" = "$SENDS" ] && pass "$SENDS messages sent through the API" || fail "only $sent of $SENDS sends answered 2xx"
api POST /api/sandbox/session/metrics/incoming '{"from":"919876543211","body":"Thanks!"}' >/dev/null || fail "incoming message"

# ---- what Prometheus saw: raw counters (exact), the histogram's count, gauges
step "queries"
expect <<EOF
sent counter|wapi_messages_sent_total{type="text",engine="sandbox"}|$SENDS
accepted counter|wapi_messages_accepted_total{type="text",engine="sandbox"}|$SENDS
no failed send|sum(wapi_messages_failed_total) or vector(0)|0
latency histogram count|wapi_send_latency_seconds_count{engine="sandbox"}|$SENDS
latency histogram +Inf bucket|wapi_send_latency_seconds_bucket{le="+Inf"}|$SENDS
latency as buckets only (no per-node quantiles)|count(wapi_send_latency_seconds) or vector(0)|0
max_over_time of the sent counter|max_over_time(wapi_messages_sent_total[1m])|$SENDS
incoming counter|wapi_messages_incoming_total{type="text"}|1
sessions gauge|wapi_sessions{status="ready"}|1
sessions held by this node|wapi_cluster_sessions_held|1
database pool gauge, one series per state|count(wapi_db_pool_connections)|3
webhook backlog gauge (no webhook set)|wapi_webhook_backlog|0
event feed lag gauge present|count(wapi_event_feed_lag)|1
EOF
