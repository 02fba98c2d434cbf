#!/usr/bin/env bash
# Tenant isolation under a bulk flood (issue 15): another tenant's GET /api/usage, p50/p99 with wrk, measured
# quietly and then while one tenant floods zero-delay bulk jobs up to its plan's bounds (default plan bulk
# bounds: 10 jobs in flight, 200,000 recipients) on 10 sessions, on the embedded H2 (the README's default) and
# on MariaDB. Runs interleave quiet and flooded measurements; medians, and the flooded figures as ratios to
# the quiet ones of the same server (target: p99 within 2x).
#
#   src/bench/bulk-isolation.sh [recipients-per-job=100000] [seconds=10] [runs=3]
#
# Environment: BENCH_DATABASES ("h2 mariadb"), BENCH_CONCURRENCY (4 wrk connections for the quiet tenant),
# BENCH_SESSIONS (10), BENCH_PORT, BENCH_DB (wapi_bench_isolation), BENCH_BUILD, BENCH_KEEP,
# BENCH_SERVER_OPTS (see lib.sh).
BENCH_DB=${BENCH_DB:-wapi_bench_isolation}
. "$(dirname "$0")/lib.sh"

RECIPIENTS=${1:-100000}
DURATION=${2:-10}
RUNS=${3:-3}
CONCURRENCY=${BENCH_CONCURRENCY:-4}
SESSIONS=${BENCH_SESSIONS:-10}
RAMP=5
CLIENT=("$JAVA" "$BENCH/java/BulkFlood.java")

# start_on h2|mariadb: the server on a fresh database of that kind.
start_on() {
  if [ "$1" = mariadb ]; then BENCH_EMBEDDED=0 start_server; else BENCH_EMBEDDED=1 start_server; fi
}
stop_server() {
  kill "$SERVER_PID" 2>/dev/null || true
  wait "$SERVER_PID" 2>/dev/null || true
  SERVER_PID=""
}
usage_run() { # seconds -> WRK line
  wrk -t2 -c"$CONCURRENCY" -d"$1s" --latency --timeout 10s -H "X-API-Key: $QUIET" -s "$BENCH/request.lua" "$BASE" \
    -- GET /api/usage 200 > "$WORK/wrk.txt" 2>&1
  grep '^WRK ' "$WORK/wrk.txt" | cut -d' ' -f2- || die "wrk printed no result: $(cat "$WORK/wrk.txt")"
}
rss_mb() { awk '/VmHWM/ {printf "%.0f", $2 / 1024}' "/proc/$SERVER_PID/status"; }

SUMMARY=$WORK/summary.txt
: > "$SUMMARY"
for db in ${BENCH_DATABASES:-h2 mariadb}; do
  start_on "$db"
  read -r FLOOD QUIET < <("${CLIENT[@]}" setup "$BASE" "$ADMIN_KEY" "$SESSIONS")
  log "$db: warming up (2 x 10 s, one of them flooded)"
  usage_run 10 > /dev/null
  "${CLIENT[@]}" flood "$BASE" "$FLOOD" "$SESSIONS" "$RECIPIENTS" 12 > /dev/null
  : > "$WORK/quiet.txt"; : > "$WORK/flooded.txt"; : > "$WORK/flood.txt"
  for run in $(seq 1 "$RUNS"); do
    log "$db: run $run/$RUNS quiet"
    usage_run "$DURATION" >> "$WORK/quiet.txt"
    log "$db: run $run/$RUNS flooded (${RAMP} s to reach the bounds, then ${DURATION} s measured)"
    "${CLIENT[@]}" flood "$BASE" "$FLOOD" "$SESSIONS" "$RECIPIENTS" "$((RAMP + DURATION + 1))" > "$WORK/flood.out" &
    FLOODER=$!
    sleep "$RAMP"
    usage_run "$DURATION" >> "$WORK/flooded.txt"
    wait "$FLOODER"
    grep '^FLOOD ' "$WORK/flood.out" | cut -d' ' -f2- >> "$WORK/flood.txt" || die "the flooder printed no result"
    log "$db: run $run: quiet $(tail -1 "$WORK/quiet.txt" | cut -d' ' -f1-3), flooded $(tail -1 "$WORK/flooded.txt" | cut -d' ' -f1-3), flood $(tail -1 "$WORK/flood.txt")"
  done
  col() { awk -v c="$1" '{print $c}' "$WORK/$2.txt" | median; }
  h2_mb=$([ "$db" = h2 ] && du -m "$WORK/data/wapi.mv.db" | cut -f1 || echo -)
  {
    printf '%-8s quiet    %8.0f req/s  p50 %7.2f ms  p99 %7.2f ms\n' "$db" "$(col 1 quiet)" "$(col 2 quiet)" "$(col 3 quiet)"
    printf '%-8s flooded  %8.0f req/s  p50 %7.2f ms  p99 %7.2f ms   ratio p50 x%.2f  p99 x%.2f  (target p99 <= x2: %s)\n' \
      "$db" "$(col 1 flooded)" "$(col 2 flooded)" "$(col 3 flooded)" \
      "$(awk -v a="$(col 2 flooded)" -v b="$(col 2 quiet)" 'BEGIN {print a / b}')" \
      "$(awk -v a="$(col 3 flooded)" -v b="$(col 3 quiet)" 'BEGIN {print a / b}')" \
      "$(awk -v a="$(col 3 flooded)" -v b="$(col 3 quiet)" 'BEGIN {print (a <= 2 * b) ? "met" : "MISSED"}')"
    printf '%-8s flood per run (medians): %s jobs accepted, %s refused (429 BULK_LIMIT_REACHED), %s other; submit p50 %s ms, max %s ms; %s recipients sent; %s cancelled at the end, slowest cancel %s ms, %s cancel errors\n' \
      "$db" "$(col 1 flood)" "$(col 2 flood)" "$(col 3 flood)" "$(col 4 flood)" "$(col 5 flood)" "$(col 6 flood)" \
      "$(col 7 flood)" "$(col 8 flood)" "$(col 9 flood)"
    printf '%-8s server peak RSS %s MB; H2 file %s MB; unexpected statuses or socket errors (usage): %s; server log lines with SEVERE or Exception: %s\n' \
      "$db" "$(rss_mb)" "$h2_mb" "$(cat "$WORK/quiet.txt" "$WORK/flooded.txt" | awk '{s += $6 + $7} END {print s}')" \
      "$(grep -cE 'SEVERE|Exception' "$WORK/server.log" || true)"
  } >> "$SUMMARY"
  stop_server
done
echo
echo "bulk isolation: GET /api/usage of a quiet tenant (wrk -c$CONCURRENCY, ${DURATION} s), quiet vs. one tenant flooding"
echo "jobs of $RECIPIENTS recipients at zero delay on $SESSIONS sessions; medians of $RUNS runs ($(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%FT%TZ))"
cat "$SUMMARY"
