#!/usr/bin/env bash
# The tenant portal's cost beside the API's: a signed-in account's dashboard (GET /portal: key hint,
# usage, sessions, rendered from Mustache templates) and the live QR poll (GET /portal/api/sessions/{id})
# against the baseline GET /api/usage (the same usage data as JSON through the API key), and the login
# (POST /portal/login: one Argon2id verification, 19 MiB, 2 passes) as the price of a password check.
# wrk at fixed concurrency; medians of RUNS runs, each page's figures also as a ratio to the baseline
# measured in the same run; and the baseline again while a login flood runs beside it.
#
#   src/bench/portal-pages.sh [concurrency=8] [seconds=10] [runs=3]
#
# Environment: BENCH_PORT, BENCH_DB (wapi_bench_portal), BENCH_BUILD, BENCH_KEEP, BENCH_SERVER_OPTS (see lib.sh).
BENCH_DB=${BENCH_DB:-wapi_bench_portal}
. "$(dirname "$0")/lib.sh"

CONCURRENCY=${1:-8}
DURATION=${2:-10}
RUNS=${3:-3}
PASSWORD="bench password 0123"
EMAIL=bench@example.com
CSRF=benchcsrf0123456789abcdefghij

# The embedded default: without SMTP only it writes the portal's mail links (the verification below) to its log.
BENCH_EMBEDDED=1 start_server

# An account through the portal itself: sign up, follow the link the server logs (no SMTP), confirm.
log "signing up $EMAIL"
curl -s -o /dev/null -b "wapi_csrf=$CSRF" --data-urlencode "csrf=$CSRF" --data-urlencode "name=Bench" \
  --data-urlencode "email=$EMAIL" --data-urlencode "password=$PASSWORD" "$BASE/portal/signup"
TOKEN=$(grep -o 'verify?token=[A-Za-z0-9_-]*' "$WORK/server.log" | tail -1 | cut -d= -f2)
[ -n "$TOKEN" ] || die "no verification link in the server log"
PAGE=$(curl -s -D "$WORK/verify.headers" -b "wapi_csrf=$CSRF" --data-urlencode "csrf=$CSRF" \
  --data-urlencode "token=$TOKEN" "$BASE/portal/verify")
API_KEY=$(grep -o 'id="api-key">[^<]*' <<< "$PAGE" | cut -d'>' -f2)
LOGIN=$(grep -io 'set-cookie: wapi_portal=[^;]*' "$WORK/verify.headers" | cut -d= -f2)
[ -n "$API_KEY" ] && [ -n "$LOGIN" ] || die "verification did not give a key and a login"
CSRF_LOGIN=$(curl -s -b "wapi_portal=$LOGIN" "$BASE/portal" | grep -o 'name="csrf-token" content="[^"]*"' | cut -d'"' -f4)
curl -s -o /dev/null -b "wapi_portal=$LOGIN" --data-urlencode "csrf=$CSRF_LOGIN" --data-urlencode "sessionId=main" \
  "$BASE/portal/sessions"

wrk_run() { # seconds output-file header method path expected [body]
  local seconds=$1 out=$2 header=$3; shift 3
  wrk -t2 -c"$CONCURRENCY" -d"${seconds}s" --latency --timeout 10s -H "$header" -s "$BENCH/request.lua" "$BASE" -- "$@" \
    > "$out" 2>&1
  grep -E '^first unexpected' "$out" >&2 || true
  grep '^WRK ' "$out" | cut -d' ' -f2- || die "wrk printed no result: $(cat "$out")"
}
measure() { # name header method path expected [body]
  local name=$1; shift
  wrk_run "$DURATION" "$WORK/wrk.txt" "$@" >> "$WORK/$name.txt"
}

log "warming up (30 s)"
for target in "X-API-Key: $API_KEY|GET|/api/usage" "Cookie: wapi_portal=$LOGIN|GET|/portal" \
    "Cookie: wapi_portal=$LOGIN|GET|/portal/api/sessions/main"; do
  IFS='|' read -r header method path <<< "$target"
  wrk_run 10 "$WORK/warm.txt" "$header" "$method" "$path" 200 > /dev/null
done

LOGIN_BODY="csrf=$CSRF&email=$EMAIL&password=$(sed 's/ /+/g' <<< "$PASSWORD")"
: > "$WORK/baseline.txt"; : > "$WORK/dashboard.txt"; : > "$WORK/live.txt"; : > "$WORK/login.txt"; : > "$WORK/flooded.txt"
for run in $(seq 1 "$RUNS"); do
  log "run $run/$RUNS"
  measure baseline "X-API-Key: $API_KEY" GET /api/usage 200
  measure dashboard "Cookie: wapi_portal=$LOGIN" GET /portal 200
  measure live "Cookie: wapi_portal=$LOGIN" GET /portal/api/sessions/main 200
  measure login "Cookie: wapi_csrf=$CSRF" POST /portal/login 303 "$LOGIN_BODY"
  # The API while a login flood runs beside it: Argon2 may use half the cores, the API keeps the rest.
  wrk -t1 -c"$CONCURRENCY" -d"$((DURATION + 2))s" --timeout 30s -H "Cookie: wapi_csrf=$CSRF" -s "$BENCH/request.lua" \
    "$BASE" -- POST /portal/login 303 "$LOGIN_BODY" > "$WORK/flood.txt" 2>&1 &
  FLOOD=$!
  sleep 1
  measure flooded "X-API-Key: $API_KEY" GET /api/usage 200
  wait "$FLOOD" || true
done

col() { awk -v c="$1" '{print $c}' "$WORK/$2.txt" | median; }
echo
echo "portal pages, wrk -c$CONCURRENCY, ${DURATION}s x $RUNS runs, medians ($(nproc) CPUs, $(date -u +%FT%TZ))"
printf '%-34s %10s %9s %9s %12s %12s\n' "request" "req/s" "p50 ms" "p99 ms" "rate ratio" "p50 ratio"
for name in baseline dashboard live login flooded; do
  case $name in
    baseline) label="GET /api/usage (baseline)";;
    dashboard) label="GET /portal (dashboard)";;
    live) label="GET /portal/api/sessions/main (poll)";;
    login) label="POST /portal/login (Argon2id)";;
    flooded) label="GET /api/usage during logins";;
  esac
  printf '%-34s %10.0f %9.2f %9.2f %12.2f %12.2f\n' "$label" "$(col 1 $name)" "$(col 2 $name)" "$(col 3 $name)" \
    "$(awk -v a="$(col 1 $name)" -v b="$(col 1 baseline)" 'BEGIN {print a / b}')" \
    "$(awk -v a="$(col 2 $name)" -v b="$(col 2 baseline)" 'BEGIN {print a / b}')"
done
unexpected=$(cat "$WORK"/baseline.txt "$WORK"/dashboard.txt "$WORK"/live.txt "$WORK"/login.txt "$WORK"/flooded.txt | awk '{s += $6 + $7} END {print s}')
echo "unexpected statuses or socket errors: $unexpected"
