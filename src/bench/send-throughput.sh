#!/usr/bin/env bash
# Send throughput benchmark. Starts the packaged server on MariaDB with the sandbox engine, readies
# SESSIONS sessions and drives POST /api/whatsapp/session/{id}/send with wrk at fixed concurrency for a
# fixed time; in the same run, a plain JDBC loop doing per message the same database writes (the floor,
# java/JdbcFloor.java) at the same concurrency; then an open loop at half the API's peak rate for p99
# (java/SendClient.java); finally the server's RSS idle and with 1,000 more ready sandbox sessions.
# Every measured part is repeated RUNS times (API and floor interleaved) and reported as medians and as
# ratios to the floor measured beside it. See src/bench/README.md.
#
#   src/bench/send-throughput.sh [concurrency=16] [seconds=15] [runs=3]
#
# Environment: BENCH_WARMUP_MIN / BENCH_WARMUP_MAX (30 / 100 s of wrk before measuring), BENCH_SESSIONS (8),
# BENCH_IDLE_SESSIONS (1000), BENCH_ACK_DELAY_MS (200, the server's default), BENCH_PORT (first port
# tried, 18080), BENCH_DB (wapi_bench), BENCH_SERVER_OPTS (JVM options for the server),
# BENCH_FLOOR_SPLIT_RESERVE=1 (floor commits reserve and log separately, as the server was seen doing),
# BENCH_BUILD=1 (rebuild the jar even if present), BENCH_KEEP=1 (keep the work directory); see lib.sh.
# Needs: MariaDB on 127.0.0.1:3306 as root without password (and the mariadb client), wrk
# (apt-get install wrk), a JDK >= 21 with jcmd, Maven only if the jar has to be built.
BENCH_DB=${BENCH_DB:-wapi_bench}
BENCH_NEEDS_JCMD=1
. "$(dirname "$0")/lib.sh"

CONCURRENCY=${1:-16}
DURATION=${2:-15}
RUNS=${3:-3}
SESSIONS=${BENCH_SESSIONS:-8}
IDLE_SESSIONS=${BENCH_IDLE_SESSIONS:-1000}
ACK_DELAY_MS=${BENCH_ACK_DELAY_MS:-200}
WARMUP_MIN=${BENCH_WARMUP_MIN:-30}
WARMUP_MAX=${BENCH_WARMUP_MAX:-100}
MARIADB_JAR=$(ls "$WORK"/app/libs/mariadb-java-client-*.jar | head -1)
JDBC_URL="jdbc:mariadb://$DB_HOST:$DB_PORT/$DB?user=root"

FLOOR_PID=""
bench_extra_cleanup() {
  if [ -n "$FLOOR_PID" ] && kill -0 "$FLOOR_PID" 2>/dev/null; then
    kill "$FLOOR_PID" 2>/dev/null || true
  fi
}

# --- database and server ------------------------------------------------------------------------------
log "ack delay ${ACK_DELAY_MS} ms"
start_server WAPI_SANDBOX_ACK_DELAY_MS="$ACK_DELAY_MS" -- "-Xlog:gc:file=$WORK/gc.log:uptime"

client() { "$JAVA" "$BENCH/java/SendClient.java" "$@"; }
MARIADB_PID=$(pgrep -xo mariadbd || pgrep -xo mysqld || echo 0)
ticks() { if [ "$1" -gt 0 ] && [ -r "/proc/$1/stat" ]; then awk '{print $14 + $15}' "/proc/$1/stat"; else echo -1; fi; }
rss_kb() { awk '/^VmRSS:/ {print $2}' "/proc/$SERVER_PID/status"; }
settle() { "$JAVA_HOME/bin/jcmd" "$SERVER_PID" GC.run >/dev/null; sleep 3; }
col() { awk -v c="$1" '{print $c}' "$2" | median; }
FLOOR_OPTS=""
FLOOR_MODE="reserve + log in one transaction, as MessageLog declares"
if [ "${BENCH_FLOOR_SPLIT_RESERVE:-0}" = 1 ]; then
  FLOOR_OPTS=-Dfloor.splitReserve=true
  FLOOR_MODE="reserve and log in two transactions, as the server was seen doing"
fi

API_KEY=$(client setup "$BASE" "$ADMIN_KEY")
log "readying $SESSIONS sessions"
client ready "$BASE" "$API_KEY" s "$SESSIONS" 4

settle
RSS_IDLE=$(rss_kb)
HEAP_IDLE=$(client heap "$BASE")
log "idle RSS $((RSS_IDLE / 1024)) MB (live heap $HEAP_IDLE MB)"

WRK_THREADS=$((CONCURRENCY < 2 ? CONCURRENCY : 2))
wrk_run() { # seconds output-file
  wrk -t"$WRK_THREADS" -c"$CONCURRENCY" -d"$1s" --latency --timeout 10s -H "X-API-Key: $API_KEY" \
    -s "$BENCH/send.lua" "$BASE" -- "$SESSIONS" > "$2" 2>&1
}
unacked() { sql "$DB" -e "SELECT COUNT(*) FROM messages WHERE tenant_id <> 'floor' AND direction = 'outgoing' AND status <> 'read'"; }
now() { date +%s.%N; }
# Waits (60 s at most) until the sandbox has read-acked every message sent so far; prints
# "unacked-at-start seconds-waited unacked-at-the-end". A server that keeps up needs 2 x ack delay.
drain() {
  local start first n
  start=$(now); first=$(unacked); n=$first
  while [ "$n" -gt 0 ] && awk -v s="$start" -v t="$(now)" 'BEGIN {exit !(t - s < 60)}'; do
    sleep 0.25; n=$(unacked)
  done
  echo "$first $(awk -v s="$start" -v t="$(now)" 'BEGIN {printf "%.2f", t - s}') $n"
}

# Warm-up until the server is compiled: on 2 CPUs its CPU per send keeps falling for a minute or more
# of load (measured: 16 ms in the first 10 s, 1.2 ms after 90 s) as the JIT works through Helidon,
# Jersey, Weld and Hibernate. 10 s rounds of wrk until a round is less than 10% faster than the one
# before, at least WARMUP_MIN s, at most WARMUP_MAX s.
warm=0; previous=0
while [ "$warm" -lt "$WARMUP_MAX" ]; do
  wrk_run 10 "$WORK/wrk-warmup.txt"
  warm=$((warm + 10))
  rate=$(awk '/^WRK / {print $2}' "$WORK/wrk-warmup.txt")
  log "warm-up ${warm}s: ${rate:-?} sends/s"
  if [ "$warm" -ge "$WARMUP_MIN" ] && awk -v r="${rate:-0}" -v p="$previous" 'BEGIN {exit !(r < 1.1 * p)}'; then break; fi
  previous=${rate:-0}
done
drain > /dev/null
sleep 1

# The floor runs in one JVM for all runs (warmed up once), started now, measuring when told to.
# shellcheck disable=SC2086
coproc FLOOR_PROC { exec "$JAVA" -Dfloor.serve $FLOOR_OPTS -cp "$MARIADB_JAR" "$BENCH/java/JdbcFloor.java" \
  "$JDBC_URL" "$CONCURRENCY" "$DURATION" "$MARIADB_PID" 2> "$WORK/floor.err"; }
FLOOR_PID=$FLOOR_PROC_PID
FLOOR_OUT=${FLOOR_PROC[0]}; FLOOR_IN=${FLOOR_PROC[1]}
read -r ready <&"$FLOOR_OUT" || true
[ "${ready:-}" = READY ] || { cat "$WORK/floor.err" >&2; die "the JDBC floor did not start"; }

: > "$WORK/api.txt"; : > "$WORK/floor.txt"; : > "$WORK/backlog.txt"
for run in $(seq 1 "$RUNS"); do
  log "run $run/$RUNS: API, wrk -c$CONCURRENCY for ${DURATION}s"
  s0=$(ticks "$SERVER_PID"); m0=$(ticks "$MARIADB_PID")
  wrk_run "$DURATION" "$WORK/wrk-$run.txt"
  read -r at_end drained left <<< "$(drain)"
  s1=$(ticks "$SERVER_PID"); m1=$(ticks "$MARIADB_PID")
  echo "$at_end $drained $left" >> "$WORK/backlog.txt"
  line=$(grep '^WRK ' "$WORK/wrk-$run.txt" || true)
  [ -n "$line" ] || { cat "$WORK/wrk-$run.txt" >&2; die "wrk printed no result"; }
  # + server and MariaDB CPU ms per send, acks included (clock ticks are 10 ms), + the sustained rate:
  # sends over the run plus the time the ack backlog took to drain beyond the 2 x ack delay any server needs.
  echo "${line#WRK } $(awk -v s="$((s1 - s0))" -v m="$((m1 - m0))" -v ok="$m0" -v d="$drained" -v a="$ACK_DELAY_MS" -v T="$DURATION" \
    '{n = $5; x = d - 2 * a / 1000; if (x < 0) x = 0; printf "%.3f %.3f %.1f", s * 10 / n, ok < 0 ? -1 : m * 10 / n, n / (T + x)}' <<< "${line#WRK }")" >> "$WORK/api.txt"
  grep -E 'first non-200|Socket errors|Non-2xx' "$WORK/wrk-$run.txt" >&2 || true
  log "  $(awk '{printf "%.0f sends/s, p50 %.1f ms, p99 %.1f ms, non-200 %d, socket errors %d", $1, $2, $3, $6, $7}' <<< "${line#WRK }"); not yet read-acked at the end $at_end, all acked after ${drained}s$([ "$left" -gt 0 ] && echo " (still $left unacked!)")"
  log "run $run/$RUNS: JDBC floor, $CONCURRENCY connections for ${DURATION}s"
  echo run >&"$FLOOR_IN"
  read -r line <&"$FLOOR_OUT" || true
  [[ "$line" == FLOOR* ]] || { cat "$WORK/floor.err" >&2; die "the JDBC floor failed"; }
  echo "${line#FLOOR }" >> "$WORK/floor.txt"
  log "  $(awk '{printf "%.0f msgs/s, request part p50 %.1f ms, p99 %.1f ms", $1, $2, $3}' <<< "${line#FLOOR }")"
  sleep 1
done
exec {FLOOR_IN}>&-
wait "$FLOOR_PID" 2>/dev/null || true
FLOOR_PID=""

PEAK=$(col 1 "$WORK/api.txt")
HALF=$(awk -v p="$PEAK" 'BEGIN {printf "%.0f", p / 2}')
log "open loop at $HALF sends/s (half the peak): 3 s warm-up, then $RUNS runs of ${DURATION}s"
client rate "$BASE" "$API_KEY" "$SESSIONS" "$HALF" "$DURATION" "$RUNS" | grep '^RATE ' | sed 's/^RATE //' > "$WORK/half.txt" || true
while read -r line; do
  log "  $(awk '{printf "%.0f sends/s, p50 %.1f ms, p99 %.1f ms, max %.1f ms, errors %d", $1, $2, $3, $4, $5}' <<< "$line")"
done < "$WORK/half.txt"
[ "$(wc -l < "$WORK/half.txt")" -eq "$RUNS" ] || die "the open-loop client failed"
drain > /dev/null

sleep 2
settle
RSS_BEFORE=$(rss_kb)
HEAP_BEFORE=$(client heap "$BASE")
log "readying $IDLE_SESSIONS more sessions (RSS before: $((RSS_BEFORE / 1024)) MB)"
client ready "$BASE" "$API_KEY" idle "$IDLE_SESSIONS" 16
settle
RSS_MANY=$(rss_kb)
HEAP_MANY=$(client heap "$BASE")
READY_COUNT=$(sql "$DB" -e "SELECT COUNT(*) FROM sessions WHERE status = 'ready'")

kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true
SERVER_PID=""
SEVERE=$(grep -c -E 'SEVERE|Exception' "$WORK/server.log" || true)

# --- summary ------------------------------------------------------------------------------------------
API_P50=$(col 2 "$WORK/api.txt"); API_P99=$(col 3 "$WORK/api.txt")
API_BAD=$(awk '{s += $6 + $7} END {print s + 0}' "$WORK/api.txt")
SUSTAINED=$(col 10 "$WORK/api.txt")
FLOOR=$(col 1 "$WORK/floor.txt"); FLOOR_P50=$(col 2 "$WORK/floor.txt"); FLOOR_P99=$(col 3 "$WORK/floor.txt")
HALF_RATE=$(col 1 "$WORK/half.txt"); HALF_P50=$(col 2 "$WORK/half.txt"); HALF_P99=$(col 3 "$WORK/half.txt")
HALF_BAD=$(awk '{s += $5} END {print s + 0}' "$WORK/half.txt")
BACKLOG_END=$(col 1 "$WORK/backlog.txt"); DRAIN=$(col 2 "$WORK/backlog.txt")
GC=$(awk '/Pause/ && !/System.gc|Diagnostic Command/ {ms = $NF + 0; n++; t += ms; if (ms > m) m = ms} END {printf "%d pauses, max %.1f ms, total %.0f ms", n, m, t}' "$WORK/gc.log")

verdict() { if awk "BEGIN {exit !($1)}"; then echo "met"; else echo "MISSED"; fi; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a / b}'; }
{
echo
echo "=== WapiConnect send throughput: sandbox engine on MariaDB, $(nproc) CPUs, $(date -u +%FT%TZ) ==="
echo "    $SESSIONS ready sessions, concurrency $CONCURRENCY, ${DURATION} s per run, medians of $RUNS runs;" \
  "ack delay ${ACK_DELAY_MS} ms; ${warm} s warm-up"
echo
echo "per run (sends|msgs/s  p50 ms  p99 ms):"
paste -d' ' "$WORK/api.txt" "$WORK/floor.txt" "$WORK/backlog.txt" | awk '{printf "  run %d   API %5.0f %6.1f %6.1f (sustained %4.0f, acks drained in %4.1f s)   floor %5.0f %5.1f %5.1f   API/floor %.2f (sustained %.2f)\n", NR, $1, $2, $3, $10, $19, $11, $12, $13, $1 / $11, $10 / $11}'
awk '{printf "  run %d   half-rate open loop %5.0f/s  p50 %6.1f  p99 %6.1f  max %6.1f\n", NR, $1, $2, $3, $4}' "$WORK/half.txt"
echo
printf '%-44s %8s %8s %8s   %s\n' "medians" "rate" "p50 ms" "p99 ms" "vs. the floor"
printf '%-44s %8.0f %8.2f %8.2f   %s\n' "JDBC floor (same writes, $CONCURRENCY connections)" "$FLOOR" "$FLOOR_P50" "$FLOOR_P99" \
  "1.00 (baseline; its latency: the 3 request-path transactions)"
printf '%-44s %8.0f %8.2f %8.2f   %s\n' "API POST /send, wrk closed loop, c=$CONCURRENCY" "$PEAK" "$API_P50" "$API_P99" \
  "rate x$(ratio "$PEAK" "$FLOOR"); p50 x$(ratio "$API_P50" "$FLOOR_P50"), p99 x$(ratio "$API_P99" "$FLOOR_P99")"
printf '%-44s %8.0f %8s %8s   %s\n' "  sustained (run + ack backlog drain)" "$SUSTAINED" "" "" "rate x$(ratio "$SUSTAINED" "$FLOOR")"
printf '%-44s %8.0f %8.2f %8.2f   %s\n' "API POST /send, open loop at half the peak" "$HALF_RATE" "$HALF_P50" "$HALF_P99" \
  "rate x$(ratio "$HALF_RATE" "$FLOOR"); p50 x$(ratio "$HALF_P50" "$FLOOR_P50"), p99 x$(ratio "$HALF_P99" "$FLOOR_P99")"
echo
awk -v i="$RSS_IDLE" -v b="$RSS_BEFORE" -v m="$RSS_MANY" -v n="$IDLE_SESSIONS" -v s="$SESSIONS" \
    -v hi="$HEAP_IDLE" -v hb="$HEAP_BEFORE" -v hm="$HEAP_MANY" 'BEGIN {
  printf "%-44s %8.1f MB   (live heap after GC %.1f MB)\n", "RSS idle (" s " sessions, after GC)", i / 1024, hi
  printf "%-44s %8.1f MB   x%.2f of idle (live heap after GC %.1f MB)\n", "RSS after the load, before more sessions", b / 1024, b / i, hb
  printf "%-44s %8.1f MB   x%.2f of idle (live heap after GC %.1f MB)\n", "RSS with " n " more ready sessions", m / 1024, m / i, hm
  printf "%-44s %8.1f KB   (RSS_%d - RSS_idle) / %d: includes what the load grew\n", "per session, vs. idle", (m - i) / n, n, n
  printf "%-44s %8.1f KB   (RSS_%d - RSS_before) / %d; live heap %.1f KB\n", "per session, vs. just before", (m - b) / n, n, n, (hm - hb) * 1024 / n
}'
echo "  sessions in state ready at the end: $READY_COUNT"
echo
echo "CPU per message (ms, medians; MariaDB's counts anything else using it too):"
printf '  API:   server %6.2f   MariaDB %6.2f\n' "$(col 8 "$WORK/api.txt")" "$(col 9 "$WORK/api.txt")"
printf '  floor: client %6.2f   MariaDB %6.2f   (%s)\n' "$(col 6 "$WORK/floor.txt")" "$(col 7 "$WORK/floor.txt")" "$FLOOR_MODE"
echo
echo "targets:"
echo "  API >= 60% of the JDBC floor:       accepted $(awk -v a="$PEAK" -v f="$FLOOR" 'BEGIN {printf "%.0f%%", 100 * a / f}') $(verdict "$PEAK >= 0.6 * $FLOOR");" \
  "sustained $(awk -v a="$SUSTAINED" -v f="$FLOOR" 'BEGIN {printf "%.0f%%", 100 * a / f}') $(verdict "$SUSTAINED >= 0.6 * $FLOOR")"
echo "  p99 < 50 ms at half the peak rate:  $HALF_P99 ms $(verdict "$HALF_P99 < 50")"
echo "  < 50 KB RSS per ready session:      $(awk -v i="$RSS_IDLE" -v m="$RSS_MANY" -v n="$IDLE_SESSIONS" 'BEGIN {printf "%.1f KB", (m - i) / n}') vs. idle $(verdict "($RSS_MANY - $RSS_IDLE) / $IDLE_SESSIONS < 50");" \
  "$(awk -v b="$RSS_BEFORE" -v m="$RSS_MANY" -v n="$IDLE_SESSIONS" 'BEGIN {printf "%.1f KB", (m - b) / n}') vs. just before $(verdict "($RSS_MANY - $RSS_BEFORE) / $IDLE_SESSIONS < 50")"
echo
echo "health:"
echo "  non-200 answers or socket errors at the peak: $API_BAD; errors at half rate: $HALF_BAD"
echo "  messages not yet read-acked when a peak run ended: $BACKLOG_END; all acked ${DRAIN} s later" \
  "(a server keeping up needs $(awk -v a="$ACK_DELAY_MS" 'BEGIN {print 2 * a / 1000}') s)"
echo "  server GC pauses over the whole run (the benchmark's own full GCs excluded): $GC"
echo "  server log lines with SEVERE or Exception: $SEVERE"
} | tee "$WORK/summary.txt"
if [ "$SEVERE" -gt 0 ]; then
  echo "first of them:"; grep -m 5 -E 'SEVERE|Exception' "$WORK/server.log" | cut -c1-300
fi
