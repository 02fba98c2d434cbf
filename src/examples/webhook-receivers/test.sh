#!/usr/bin/env bash
# Starts each receiver whose toolchain is installed, sends it the deliveries of
# `sign-and-send.js --check` (signed exactly as the server signs), and checks what it logged.
#   src/examples/webhook-receivers/test.sh [node python php go java]
# Needs node 18+ for the client. Languages whose toolchain is missing are skipped.
set -uo pipefail
cd "$(dirname "$0")"
SECRET='test-secret-Ünï-😀'   # non-ASCII on purpose: receivers must key the HMAC with its UTF-8 bytes
WORK=$(mktemp -d)
PORT=4100
LANGS=("$@")
[ ${#LANGS[@]} -eq 0 ] && LANGS=(node python php go java)
RECEIVER_PID=
passed=0 failed=0 skipped=0

stop_receiver() {
  if [ -n "$RECEIVER_PID" ]; then
    kill "$RECEIVER_PID" 2>/dev/null
    wait "$RECEIVER_PID" 2>/dev/null
    RECEIVER_PID=
  fi
}
trap 'stop_receiver; rm -rf "$WORK"' EXIT

start_receiver() { # lang port log
  case "$1" in
    node)   command -v node >/dev/null || return 1
            WAPI_WEBHOOK_SECRET=$SECRET PORT=$2 node node/receiver.js >"$3" 2>&1 & ;;
    python) command -v python3 >/dev/null || return 1
            WAPI_WEBHOOK_SECRET=$SECRET PORT=$2 python3 -u python/receiver.py >"$3" 2>&1 & ;;
    php)    command -v php >/dev/null || return 1
            WAPI_WEBHOOK_SECRET=$SECRET php -S "127.0.0.1:$2" php/receiver.php >"$3" 2>&1 & ;;
    go)     command -v go >/dev/null || return 1
            go build -o "$WORK/go-receiver" go/main.go || return 1
            WAPI_WEBHOOK_SECRET=$SECRET PORT=$2 "$WORK/go-receiver" >"$3" 2>&1 & ;;
    java)   command -v java >/dev/null || return 1
            WAPI_WEBHOOK_SECRET=$SECRET PORT=$2 java java/Receiver.java >"$3" 2>&1 & ;;
    *)      echo "unknown language $1"; return 1 ;;
  esac
  RECEIVER_PID=$!
  for _ in $(seq 1 100); do
    (exec 3<>"/dev/tcp/127.0.0.1/$2") 2>/dev/null && return 0
    kill -0 "$RECEIVER_PID" 2>/dev/null || return 1
    sleep 0.1
  done
  return 1
}

for lang in "${LANGS[@]}"; do
  PORT=$((PORT + 1))
  log="$WORK/$lang.log"
  echo "== $lang"
  if ! start_receiver "$lang" "$PORT" "$log"; then
    echo "skipped: $lang is not installed or did not start"; cat "$log" 2>/dev/null
    skipped=$((skipped + 1)); stop_receiver; continue
  fi
  ok=1
  node sign-and-send.js --check "http://127.0.0.1:$PORT/whatsapp-webhook" "$SECRET" >"$WORK/$lang.out" 2>&1 || ok=0
  sleep 0.5 # the receivers log after answering
  grep -v '^ok ' "$WORK/$lang.out"
  for want in 'from 919876543210 in main: Hello from the test' 'duplicate event' 'stale timestamp' \
              'signature field does not match' 'Olá! ¿Qué tal? Ünïcödé ñ 😀👍🏽👨‍👩‍👧 مرحبا بالعالم'; do
    grep -qF "$want" "$log" || { echo "FAIL: the $lang receiver did not log: $want"; ok=0; }
  done
  if [ "$(grep -cF 'Hello from the test' "$log")" != 1 ]; then
    echo "FAIL: the $lang receiver handled the duplicate delivery again"; ok=0
  fi
  [ $ok = 1 ] && passed=$((passed + 1)) || { failed=$((failed + 1)); echo "--- $lang log:"; cut -c1-300 "$log"; }
  stop_receiver
done
echo "receivers: $passed passed, $failed failed, $skipped skipped"
[ "$failed" = 0 ]
