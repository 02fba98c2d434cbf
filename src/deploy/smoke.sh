#!/usr/bin/env bash
# Smoke check of the local cluster (src/deploy/local-cluster.sh), for CI: starts a fresh cluster in a directory of
# its own, checks REST and gRPC through HAProxy, stops it and deletes its files. Exit status 0 when every check
# passed, 1 otherwise; each check prints one line. The cluster is stopped whatever happens (also on Ctrl-C).
#
#   src/deploy/smoke.sh [--no-quickstart] [local-cluster.sh start options]
#
# Checks:
#   - REST through HAProxy: /health/ready, the admin API with the shared admin key, the tenant API with its key;
#     requests spread over all three nodes (HAProxy's counters);
#   - gRPC through HAProxy with Debian's grpcio (src/deploy/grpc_check.py): health, a keyed call of our API, a
#     wrong key refused, an event stream;
#   - the README's quick start, its curl commands as written (BASE = the HAProxy port): skipped by --no-quickstart
#     (it needs cluster mode: before it, a call that needs the session's live connection fails on the nodes that
#     did not create the session);
#   - a node killed (SIGKILL; the one running the quick start's session): HAProxy takes it out of both backends, REST
#     and gRPC keep answering, and a survivor takes the session over (ready, no new QR) and sends through it.
# Ports default to 18080 (HAProxy), 18081-18083 (nodes), 13311-13313 (Galera SQL) and 14411-14433 (Galera
# replication), away from local-cluster.sh's own defaults, so that a cluster started by hand can keep running.
set -uo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
CLUSTER="$HERE/local-cluster.sh"
QUICKSTART=true
START_ARGS=()
PORT=18080
while [ $# -gt 0 ]; do
  case "$1" in
    --no-quickstart) QUICKSTART=false; shift ;;
    --port) PORT=$2; START_ARGS+=("$1" "$2"); shift 2 ;;
    --dir) echo "smoke.sh uses a directory of its own" >&2; exit 2 ;;
    *) START_ARGS+=("$1"); shift ;;
  esac
done
# JVMs that start fast (C1 only, serial GC): a smoke check, not a benchmark. Set LOCAL_CLUSTER_JAVA_OPTS to override.
export LOCAL_CLUSTER_JAVA_OPTS=${LOCAL_CLUSTER_JAVA_OPTS:--Xmx384m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC}
DIR=$(mktemp -d /tmp/wapi-smoke.XXXXXX)
ARGS=(--dir "$DIR" --port "$PORT" --node-port $((PORT + 1)) --sql-port 13311 --galera-port 14411)
# Later options win: the caller's replace the defaults above.
ARGS+=("${START_ARGS[@]}")
BASE="http://localhost:$PORT"
FAILED=0

step() { printf '%s %s\n' "$(date -u +%H:%M:%S)" "$*"; }
pass() { printf 'ok   %s\n' "$*"; }
fail() {
  printf 'FAIL %s\n' "$*"
  FAILED=1
}

cleanup() {
  local stopped=$SECONDS
  "$CLUSTER" stop --dir "$DIR" --purge
  step "stop: $((SECONDS - stopped)) s"
  # Nothing of the cluster may outlive it: every process started from DIR carries DIR on its command line.
  # The pattern comes from a file, so that grep's own command line does not match.
  local pattern left
  pattern=$(mktemp /tmp/wapi-smoke-pattern.XXXXXX)
  printf '%s\n' "$DIR" >"$pattern"
  left=$(grep -lsF -f "$pattern" /proc/[0-9]*/cmdline | cut -d/ -f3 | tr '\n' ' ')
  rm -f "$pattern"
  if [ -n "$left" ]; then fail "processes of the cluster still run: $left"; else pass "no process of the cluster left"; fi
  local busy=""
  for p in "$PORT" $((PORT + 1)) $((PORT + 2)) $((PORT + 3)) 13311 13312 13313 14411 14412 14413; do
    if (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then busy="$busy $p"; fi
  done
  if [ -n "$busy" ]; then fail "ports still open after stop:$busy"; else pass "ports free after stop"; fi
  if [ -d "$DIR" ]; then fail "$DIR is still there"; fi
  if [ "$FAILED" = 0 ]; then step "smoke: all checks passed in $SECONDS s"; else step "smoke: FAILED after $SECONDS s"; fi
  exit "$FAILED"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

started=$SECONDS
if ! "$CLUSTER" start "${ARGS[@]}"; then
  fail "the cluster did not start"
  exit 1
fi
step "start: $((SECONDS - started)) s"
checks=$SECONDS
ADMIN_KEY=$(cat "$DIR/admin.key")
KEY=$(cat "$DIR/demo-api-key")

status_of() { curl -s -o /dev/null -w '%{http_code}' --max-time 10 "$@"; }
expect() { # description expected-status curl-args...
  local what=$1 want=$2 got
  shift 2
  got=$(status_of "$@")
  if [ "$got" = "$want" ]; then pass "$what: $got"; else fail "$what: $got, expected $want"; fi
}

# --- REST through HAProxy -------------------------------------------------------------------------------------------
expect "REST GET /health/ready" 200 "$BASE/health/ready"
expect "REST GET /api/admin/tenants (admin key)" 200 "$BASE/api/admin/tenants" -H "X-Admin-Key: $ADMIN_KEY"
expect "REST GET /api/usage (tenant key)" 200 "$BASE/api/usage" -H "X-API-Key: $KEY"
expect "REST GET /api/usage (wrong key)" 401 "$BASE/api/usage" -H "X-API-Key: wapi_not-a-key"
for _ in 1 2 3 4 5 6; do status_of "$BASE/api/whatsapp/sessions" -H "X-API-Key: $KEY" >/dev/null; done
expect "the nodes' internal service refused at HAProxy" 403 --http2-prior-knowledge -X POST \
  -H 'Content-Type: application/grpc' "$BASE/wapiconnect.internal.v1.LiveSessions/State"

# --- gRPC through HAProxy (Debian's grpcio, installed where missing) ------------------------------------------------
if ! /usr/bin/python3 -c 'import grpc, google.protobuf' >/dev/null 2>&1; then
  step "Installing Python's gRPC (apt-get)..."
  as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-grpcio python3-protobuf >/dev/null
fi
# An event for the stream check to read: a session created over REST writes its QR event.
curl -s -o /dev/null --max-time 10 -X POST "$BASE/api/whatsapp/session" -H "X-API-Key: $KEY" \
  -H 'Content-Type: application/json' -d '{"sessionId":"smoke"}'
if WAPI_GRPC_TARGET="127.0.0.1:$PORT" WAPI_KEY="$KEY" timeout 90 /usr/bin/python3 "$HERE/grpc_check.py" --calls 6; then
  :
else
  FAILED=1
fi

# Every node answered some of the requests above, over HTTP/1.1 and over HTTP/2.
haproxy_counts() {
  /usr/bin/python3 - "$DIR/haproxy/admin.sock" <<'EOF'
import csv, io, socket, sys
s = socket.socket(socket.AF_UNIX)
s.connect(sys.argv[1])
s.sendall(b"show stat\n")
data = b""
while chunk := s.recv(65536):
    data += chunk
for row in csv.DictReader(io.StringIO(data.decode().lstrip("# "))):
    if row["svname"].startswith("node"):
        print(row["pxname"], row["svname"], row["status"], row["stot"])
EOF
}
counts=$(haproxy_counts)
for backend in wapi-rest wapi-grpc; do
  idle=$(echo "$counts" | awk -v b="$backend" '$1 == b && $4 == 0 {print $2}' | tr '\n' ' ')
  if [ -z "$idle" ]; then
    pass "HAProxy $backend: every node served ($(echo "$counts" | awk -v b="$backend" '$1 == b {printf "%s %s  ", $2, $4}'))"
  else
    fail "HAProxy $backend: no request reached $idle"
  fi
done

# --- The README's quick start, unchanged, through HAProxy ------------------------------------------------------------
if $QUICKSTART; then
  qs() { # description expected-substring command: the command's answer must contain the substring
    local what=$1 want=$2 answer
    answer=$(eval "$3" 2>&1)
    if [[ "$answer" == *"$want"* ]]; then pass "quick start: $what"; else fail "quick start: $what: ${answer:0:200}"; fi
  }
  export KEY BASE
  qs "create session main" '"success":true' \
    "curl -s -X POST \$BASE/api/whatsapp/session -H \"X-API-Key: \$KEY\" -H 'Content-Type: application/json' -d '{\"sessionId\":\"main\"}'"
  qs "status qr_ready" '"status":"qr_ready"' "curl -s \$BASE/api/whatsapp/session/main/status -H \"X-API-Key: \$KEY\""
  qs "scan" '"success":true' \
    "curl -s -X POST \$BASE/api/sandbox/session/main/scan -H \"X-API-Key: \$KEY\" -H 'Content-Type: application/json' -d '{\"phoneNumber\":\"919876543210\"}'"
  # The sandbox's phone scans: authenticated, then ready a moment later (as a user would, ask again until then).
  for _ in $(seq 1 20); do
    [[ "$(curl -s "$BASE/api/whatsapp/session/main/status" -H "X-API-Key: $KEY")" == *'"status":"ready"'* ]] && break
    sleep 0.5
  done
  qs "status ready" '"status":"ready"' "curl -s \$BASE/api/whatsapp/session/main/status -H \"X-API-Key: \$KEY\""
  qs "send" '"success":true' \
    "curl -s -X POST \$BASE/api/whatsapp/session/main/send -H \"X-API-Key: \$KEY\" -H 'Content-Type: application/json' -d '{\"to\":\"919876543211\",\"header\":\"Order Update\",\"message\":\"Your order #1234 has been shipped!\",\"footer\":\"WapiConnect Store\"}'"
  qs "incoming" '"success":true' \
    "curl -s -X POST \$BASE/api/sandbox/session/main/incoming -H \"X-API-Key: \$KEY\" -H 'Content-Type: application/json' -d '{\"from\":\"919876543211\",\"body\":\"Thanks!\"}'"
  sleep 1
  qs "the log holds the send" 'Your order #1234 has been shipped!' "curl -s \"\$BASE/api/whatsapp/messages?page=1&limit=20\" -H \"X-API-Key: \$KEY\""
  qs "the log holds the reply" 'Thanks!' "curl -s \"\$BASE/api/whatsapp/messages?page=1&limit=20\" -H \"X-API-Key: \$KEY\""
  qs "usage" '"used":1' "curl -s \$BASE/api/usage -H \"X-API-Key: \$KEY\""
fi

# --- A node dies (SIGKILL): HAProxy takes it out, the others answer, a survivor takes its sessions over -------------
# The victim is the node running the quick start's session (node 3 without the quick start).
owner_of() { # session id -> the node id its lease is with (empty when none)
  curl -s --max-time 10 "$BASE/api/admin/sessions?limit=1000" -H "X-Admin-Key: $ADMIN_KEY" |
    /usr/bin/python3 -c 'import json, sys
print(next((s["node"] or "" for s in json.load(sys.stdin)["sessions"] if s["sessionId"] == sys.argv[1]), ""))' "$1"
}
victim=3
if $QUICKSTART; then
  owner=$(owner_of main)
  case "$owner" in
    node[123]) victim=${owner#node} ;;
    *) fail "GET /api/admin/sessions: main runs on no node ('$owner')" ;;
  esac
fi
"$CLUSTER" node "$victim" kill --dir "$DIR" >/dev/null
killed_ms=$(date +%s%3N)
out=false
for _ in $(seq 1 40); do
  # the node's row in both backends says DOWN (the gRPC backend's tracks the REST backend's check)
  if [ "$(haproxy_counts | awk -v n="node$victim" '$2 == n && $3 ~ /DOWN/' | wc -l)" = 2 ]; then
    out=true
    break
  fi
  sleep 0.5
done
if $out; then pass "node $victim killed: DOWN in both HAProxy backends"; else fail "node $victim killed but HAProxy still sends to it"; fi
bad=0
for _ in 1 2 3 4 5 6; do [ "$(status_of "$BASE/api/usage" -H "X-API-Key: $KEY")" = 200 ] || bad=$((bad + 1)); done
if [ "$bad" = 0 ]; then pass "REST with node $victim down: 6 of 6 answered"; else fail "REST with node $victim down: $bad of 6 failed"; fi
grpc_out=$(WAPI_GRPC_TARGET="127.0.0.1:$PORT" WAPI_KEY="$KEY" timeout 60 /usr/bin/python3 "$HERE/grpc_check.py" --calls 6 --no-events 2>&1)
grpc_rc=$?
echo "$grpc_out" | sed "s/^\(ok  \|FAIL\) /\1 (node $victim down) /"
[ "$grpc_rc" = 0 ] || FAILED=1
if $QUICKSTART; then
  # Failover on Galera: once the dead node's lease lapses (10 s), a survivor reconnects main from its stored
  # credentials (no new QR) and sends through it.
  moved=""
  for _ in $(seq 1 60); do
    owner=$(owner_of main)
    if [ -n "$owner" ] && [ "$owner" != "node$victim" ] &&
      [[ "$(curl -s --max-time 5 "$BASE/api/whatsapp/session/main/status" -H "X-API-Key: $KEY")" == *'"status":"ready"'* ]]; then
      moved=$owner
      break
    fi
    sleep 0.5
  done
  if [ -n "$moved" ]; then
    pass "failover: main ready on $moved $(($(date +%s%3N) - killed_ms)) ms after node $victim's SIGKILL"
    if [[ "$(curl -s --max-time 5 "$BASE/api/whatsapp/session/main/status" -H "X-API-Key: $KEY")" == *'"qr":"'* ]]; then
      fail "failover: main shows a new QR"
    else
      pass "failover: no new QR"
    fi
    qs "send after failover" '"success":true' \
      "curl -s -X POST \$BASE/api/whatsapp/session/main/send -H \"X-API-Key: \$KEY\" -H 'Content-Type: application/json' -d '{\"to\":\"919876543211\",\"message\":\"after failover\"}'"
    qs "the log holds the send after failover" 'after failover' "curl -s \"\$BASE/api/whatsapp/messages?page=1&limit=20\" -H \"X-API-Key: \$KEY\""
  else
    fail "failover: main not ready on another node within 30 s of node $victim's SIGKILL (owner: '$(owner_of main)')"
  fi
fi
step "checks: $((SECONDS - checks)) s"
