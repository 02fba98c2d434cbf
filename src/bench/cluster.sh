#!/usr/bin/env bash
# Cluster benchmark (issue 17): three server nodes on one MariaDB database, sandbox sessions spread over them.
# Measures, each beside its baseline in the same run (medians of runs):
#   1. failover after SIGKILL: time from the kill until every session the node held is ready on a survivor
#      (p50/max over its sessions), against the target lease + 10 s;
#   2. drain on SIGTERM: the same time, and when the node's process exited;
#   3. POST /send through a node that does not own the sessions (forwarded in one hop) as a ratio of sending
#      to their owner: same sessions, concurrency and duration, alternating runs (target >= 0.7);
#   4. event latency: an incoming message injected on the owner, received by a gRPC follower on another node
#      vs on the same node (targets: p99 < 500 ms and < 100 ms);
#   5. the event feed: events written per second and follower latency with injections on every node; with
#      --galera also on a 3-node Galera cluster (local-cluster.sh --galera-only), as ratios to one MariaDB, and
#      any event held back by the gap grace period (latency above half of WAPI_EVENT_GAP_GRACE_MS);
#   6. the database load of lease renewal: MariaDB statements/s, rows/s and CPU with the three nodes idle,
#      with no session and with all of them, per 1,000 sessions.
# See src/bench/README.md.
#
#   src/bench/cluster.sh [sessions=300] [runs=3] [seconds=10] [concurrency=16] [--galera] [--lease-ms 5000]
#
# Environment: BENCH_MARIADB (private: a mariadbd of its own under the work directory, configured like a
# local-cluster.sh Galera member without Galera, so that its statement counters and CPU are the benchmark's
# alone; shared: the machine's MariaDB on 3306, database BENCH_DB = wapi_bench_cluster, where other clients
# count too), BENCH_DBLOAD_SECONDS (20), BENCH_EVENT_RATE (20 injections/s for the latency), BENCH_INJECTORS
# (8), BENCH_SEND_SESSIONS (8), BENCH_WARMUP (10 s of sends each way before the runs), BENCH_GALERA_SESSIONS
# (12), BENCH_PORT (18380: first port tried for the nodes), BENCH_SERVER_OPTS (the nodes' JVM options,
# -Xmx512m), BENCH_BUILD=1, BENCH_KEEP=1, BENCH_DRY=1 (see lib.sh).
BENCH_DB=${BENCH_DB:-wapi_bench_cluster}
BENCH_NEEDS_WRK=0
BENCH_MORE_JARS=grpc-client/target/wapi.jar

GALERA=false
LEASE_MS=5000
POSITIONAL=()
while [ $# -gt 0 ]; do
  case "$1" in
    --galera) GALERA=true; shift ;;
    --lease-ms) LEASE_MS=$2; shift 2 ;;
    -h | --help) sed -n '2,/^BENCH_DB=/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
    -*) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
    *) POSITIONAL+=("$1"); shift ;;
  esac
done
set -- "${POSITIONAL[@]+"${POSITIONAL[@]}"}"
. "$(dirname "$0")/lib.sh"

SESSIONS=${1:-300}
RUNS=${2:-3}
DURATION=${3:-10}
CONCURRENCY=${4:-16}
DBLOAD_SECONDS=${BENCH_DBLOAD_SECONDS:-20}
EVENT_RATE=${BENCH_EVENT_RATE:-20}
INJECTORS=${BENCH_INJECTORS:-8}
SEND_SESSIONS=${BENCH_SEND_SESSIONS:-8}
WARMUP=${BENCH_WARMUP:-10}
GALERA_SESSIONS=${BENCH_GALERA_SESSIONS:-12}
GRACE_MS=${WAPI_EVENT_GAP_GRACE_MS:-3000}
MARIADB_KIND=${BENCH_MARIADB:-private}
NODE_OPTS=${BENCH_SERVER_OPTS:--Xmx512m}
CLUSTER_SECRET=bench-cluster-secret-0123456789abcdef
NODES=(1 2 3)
STARTED=$SECONDS
[ "$SESSIONS" -ge 12 ] || die "at least 12 sessions (4 per node)"

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
free_port() { local p=$1; while port_in_use "$p"; do p=$((p + 1)); done; echo "$p"; }

# The client library is copied like the server's jar: a rebuild elsewhere cannot pull it away mid-run.
mkdir "$WORK/client"
cp -r grpc-client/target/wapi.jar grpc-client/target/libs "$WORK/client/"
# Galera and the private mariadbd run as the mysql user when started by root: they must reach their directories.
chmod 0755 "$WORK"

NODE_PID=()
NODE_WRAPPER=()
NODE_PORT=()
NODE_BASE=()
port=${BENCH_PORT:-18380}
for i in "${NODES[@]}"; do
  port=$(free_port "$port")
  NODE_PORT[i]=$port
  NODE_BASE[i]=http://127.0.0.1:$port
  port=$((port + 1))
done

if [ "${BENCH_DRY:-0}" = 1 ]; then
  log "dry run (BENCH_DRY=1): would start a $MARIADB_KIND MariaDB, 3 nodes on ports ${NODE_PORT[*]} (JDK $(java_major "$JAVA_HOME"), $NODE_OPTS, lease $LEASE_MS ms), $SESSIONS sessions, $RUNS runs$($GALERA && echo ", then a Galera cluster (src/deploy/local-cluster.sh start --galera-only)")"
  exit 0
fi

# --- the database ---------------------------------------------------------------------------------------------
MARIADB_DIR=$WORK/mariadb
MARIADB_PID=0
GALERA_DIR=$WORK/galera
GALERA_STARTED=false

start_private_mariadb() {
  DB_PORT=$(free_port "${BENCH_MARIADB_PORT:-13406}")
  mkdir -p "$MARIADB_DIR/data" "$MARIADB_DIR/tmp"
  cat > "$MARIADB_DIR/my.cnf" <<EOF
# The benchmark's own MariaDB (src/bench/cluster.sh): like a local-cluster.sh Galera member, without Galera.
[client]
socket=$MARIADB_DIR/mariadb.sock
[mariadbd]
$([ "$(id -u)" = 0 ] && echo "user=mysql")
datadir=$MARIADB_DIR/data
socket=$MARIADB_DIR/mariadb.sock
pid-file=$MARIADB_DIR/mariadb.pid
log-error=$MARIADB_DIR/error.log
tmpdir=$MARIADB_DIR/tmp
port=$DB_PORT
bind-address=127.0.0.1
skip-name-resolve
max_connections=300
innodb_buffer_pool_size=64M
innodb_log_file_size=32M
EOF
  [ "$(id -u)" = 0 ] && chown -R mysql:mysql "$MARIADB_DIR"
  mariadb-install-db --defaults-file="$MARIADB_DIR/my.cnf" --skip-test-db > "$MARIADB_DIR/install.log" 2>&1 \
    || die "mariadb-install-db failed (see $MARIADB_DIR/install.log)"
  /usr/sbin/mariadbd --defaults-file="$MARIADB_DIR/my.cnf" > "$MARIADB_DIR/stdout.log" 2>&1 < /dev/null &
  local launched=$!
  for _ in $(seq 1 120); do
    if mariadb --defaults-file="$MARIADB_DIR/my.cnf" -uroot -e 'SELECT 1' > /dev/null 2>&1; then break; fi
    kill -0 "$launched" 2>/dev/null || die "the private mariadbd exited (see $MARIADB_DIR/error.log)"
    sleep 0.5
  done
  # Over TCP as root without a password, as lib.sh's sql and the nodes connect.
  mariadb --defaults-file="$MARIADB_DIR/my.cnf" -uroot -e \
    "CREATE USER 'root'@'127.0.0.1'; GRANT ALL ON *.* TO 'root'@'127.0.0.1' WITH GRANT OPTION;" \
    || die "could not create root@127.0.0.1 on the private mariadbd"
  MARIADB_PID=$(cat "$MARIADB_DIR/mariadb.pid")
}

stop_private_mariadb() {
  local pid
  pid=$(cat "$MARIADB_DIR/mariadb.pid" 2>/dev/null) || return 0
  if [ -r "/proc/$pid/cmdline" ] && tr '\0' ' ' < "/proc/$pid/cmdline" | grep -qF -- "$MARIADB_DIR/my.cnf"; then
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 300); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  fi
}

# --- the nodes ------------------------------------------------------------------------------------------------
# start_node I JDBC_URL USER PASSWORD: node nI on its port, with its own data directory and log (appended). The JVM
# runs under a wrapper subshell that waits for it (quietly: a node killed on purpose is no news); NODE_PID is the
# JVM's own pid, the one the client signals.
start_node() {
  local i=$1
  mkdir -p "$WORK/node$i"
  rm -f "$WORK/node$i.pid"
  # shellcheck disable=SC2086
  (
    env WAPI_PORT="${NODE_PORT[i]}" WAPI_DATA_DIR="$WORK/node$i" WAPI_DB_URL="$2" WAPI_DB_USER="$3" WAPI_DB_PASSWORD="$4" \
      WAPI_ADMIN_KEY="$ADMIN_KEY" WAPI_ENGINE=sandbox WAPI_NODE_ID="n$i" WAPI_NODE_ADDRESS="127.0.0.1:${NODE_PORT[i]}" \
      WAPI_CLUSTER_SECRET="$CLUSTER_SECRET" WAPI_CLUSTER_LEASE_MS="$LEASE_MS" \
      "$JAVA" $NODE_OPTS -jar "$WORK/app/wapi-server.jar" >> "$WORK/node$i.log" 2>&1 &
    echo $! > "$WORK/node$i.pid"
    wait $!
  ) 2> /dev/null &
  NODE_WRAPPER[i]=$!
  for _ in $(seq 1 100); do [ -s "$WORK/node$i.pid" ] && break; sleep 0.05; done
  NODE_PID[i]=$(cat "$WORK/node$i.pid")
}

wait_node() {
  local i=$1
  for _ in $(seq 1 480); do
    kill -0 "${NODE_PID[i]}" 2>/dev/null || { tail -30 "$WORK/node$i.log" >&2; die "node n$i exited during start-up"; }
    [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "${NODE_BASE[i]}/health/ready" || true)" = 200 ] && return 0
    sleep 0.5
  done
  tail -30 "$WORK/node$i.log" >&2
  die "node n$i is not ready after 240 s"
}

# start_nodes JDBC_URL_PREFIX(without the node's suffix) ...: node 1 first (it migrates the schema), then the others.
# db_url I: the JDBC URL of node I (on Galera, each node on its own member).
start_cluster() {
  local t0=$SECONDS
  start_node 1 "$(db_url 1)" "$DB_USER" "$DB_PASSWORD"
  wait_node 1
  for i in 2 3; do start_node "$i" "$(db_url "$i")" "$DB_USER" "$DB_PASSWORD"; done
  for i in 2 3; do wait_node "$i"; done
  log "3 nodes ready on ports ${NODE_PORT[*]} in $((SECONDS - t0)) s"
}

stop_node() { # I [TERM|KILL]
  local i=$1 pid=${NODE_PID[$1]:-}
  [ -n "$pid" ] || return 0
  kill -"${2:-TERM}" "$pid" 2>/dev/null || true
  for _ in $(seq 1 600); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -9 "$pid" 2>/dev/null || true
  wait "${NODE_WRAPPER[i]}" 2>/dev/null || true
  NODE_PID[i]=""
}

stop_cluster() {
  for i in "${NODES[@]}"; do [ -n "${NODE_PID[i]:-}" ] && kill "${NODE_PID[i]}" 2>/dev/null || true; done
  for i in "${NODES[@]}"; do stop_node "$i"; done
}

CB_PID=""
bench_extra_cleanup() {
  if [ -n "$CB_PID" ] && kill -0 "$CB_PID" 2>/dev/null; then kill "$CB_PID" 2>/dev/null || true; fi
  stop_cluster
  if $GALERA_STARTED; then
    "$ROOT/src/deploy/local-cluster.sh" stop --dir "$GALERA_DIR" --purge > "$WORK/galera-stop.log" 2>&1 || true
  fi
  [ "$MARIADB_KIND" = private ] && stop_private_mariadb
  return 0
}

# --- the client -----------------------------------------------------------------------------------------------
# One JVM for the whole run (java/ClusterBench.java), one command a line; its answer is in RESULT.
start_client() {
  coproc CB_PROC { exec "$JAVA" --enable-native-access=ALL-UNNAMED -cp "$WORK/client/wapi.jar:$WORK/client/libs/*" \
    "$BENCH/java/ClusterBench.java" "$ADMIN_KEY" "n1=${NODE_BASE[1]}" "n2=${NODE_BASE[2]}" "n3=${NODE_BASE[3]}"; }
  CB_PID=$CB_PROC_PID
  CB_OUT=${CB_PROC[0]}
  CB_IN=${CB_PROC[1]}
  local ready=""
  read -r ready <&"$CB_OUT" || true
  [ "$ready" = READY ] || die "the benchmark client did not start"
}
RESULT=""
client() {
  echo "$*" >&"$CB_IN"
  local line=""
  read -r line <&"$CB_OUT" || true
  [[ "$line" == OK* ]] || die "client command '$*' failed: ${line:-no answer}"
  RESULT=${line#OK }
  RESULT=${RESULT# }
}

# --- measurements in the shell --------------------------------------------------------------------------------
ticks() { if [ "$1" -gt 0 ] && [ -r "/proc/$1/stat" ]; then awk '{print $14 + $15}' "/proc/$1/stat"; else echo -1; fi; }
STATUS_VARS="'Questions','Com_select','Com_insert','Com_update','Com_delete','Com_commit','Com_rollback','Rows_read','Handler_update','Handler_write'"
db_counters() { sql -e "SHOW GLOBAL STATUS WHERE Variable_name IN ($STATUS_VARS)" | awk '{printf "%s=%s ", $1, $2}'; }
# dbload SECONDS -> per second over SECONDS: "statements selects updates inserts deletes commits rollbacks rows_read
# rows_updated rows_written cpu%" (statements: Questions, what clients sent; rows: Rows_read, Handler_update,
# Handler_write; MariaDB's CPU in % of one core, from /proc/<pid>/stat in 10 ms ticks).
DBLOAD_NAMES="Questions Com_select Com_update Com_insert Com_delete Com_commit Com_rollback Rows_read Handler_update Handler_write"
dbload() {
  local a b t0 t1 c0 c1
  c0=$(ticks "$MARIADB_PID"); t0=$(date +%s.%N); a=$(db_counters)
  sleep "$1"
  b=$(db_counters); t1=$(date +%s.%N); c1=$(ticks "$MARIADB_PID")
  awk -v a="$a" -v b="$b" -v t0="$t0" -v t1="$t1" -v c0="$c0" -v c1="$c1" -v names="$DBLOAD_NAMES" 'BEGIN {
    n = split(a, x, " "); for (i = 1; i <= n; i++) { split(x[i], kv, "="); before[kv[1]] = kv[2] }
    n = split(b, y, " "); for (i = 1; i <= n; i++) { split(y[i], kv, "="); after[kv[1]] = kv[2] }
    s = t1 - t0; n = split(names, name, " ")
    # Our own two SHOW GLOBAL STATUS are in Questions: 0.1/s over 20 s, left in.
    for (i = 1; i <= n; i++) printf "%.2f ", (after[name[i]] - before[name[i]]) / s
    printf "%.2f\n", c0 < 0 ? -1 : (c1 - c0) * 10 / 1000 / s * 100
  }'
}

# --- the run --------------------------------------------------------------------------------------------------
if [ "$MARIADB_KIND" = private ]; then
  start_private_mariadb
  MARIADB_DESC="private mariadbd $(sql -e 'SELECT VERSION()') on port $DB_PORT"
else
  MARIADB_PID=$(pgrep -xo mariadbd || pgrep -xo mysqld || echo 0)
  MARIADB_DESC="the machine's MariaDB on $DB_PORT (shared: other clients' statements and CPU count too)"
fi
sql -e "DROP DATABASE IF EXISTS \`$DB\`; CREATE DATABASE \`$DB\`"
DB_USER=root
DB_PASSWORD=""
db_url() { echo "jdbc:mariadb://$DB_HOST:$DB_PORT/$DB"; }
log "database: $MARIADB_DESC, database $DB; lease $LEASE_MS ms; $SESSIONS sessions; $RUNS runs"
ln -sf node1.log "$WORK/server.log" # lib.sh shows its end when the run fails
start_cluster
start_client
client setup

log "6. database load, 3 idle nodes without sessions: ${DBLOAD_SECONDS}s"
sleep 5 # start-up work done
IDLE0=$(dbload "$DBLOAD_SECONDS")
log "  $(awk '{printf "%.1f statements/s, %.1f rows read/s, %.1f rows updated/s, MariaDB CPU %.2f%%", $1, $8, $9, $11}' <<< "$IDLE0")"

log "readying $SESSIONS sessions through the 3 nodes"
client ready "$SESSIONS" 16
read -r READY_SECONDS RESCANS MOVING <<< "$RESULT"
client placement
log "  ready in ${READY_SECONDS}s ($RESCANS scans made again: moved while linking; $MOVING calls answered 503" \
  "SESSION_MOVING and made again); placement: $RESULT"
sleep 5
log "6. database load, 3 idle nodes holding $SESSIONS sessions: ${DBLOAD_SECONDS}s"
IDLEN=$(dbload "$DBLOAD_SECONDS")
log "  $(awk '{printf "%.1f statements/s, %.1f rows read/s, %.1f rows updated/s, MariaDB CPU %.2f%%", $1, $8, $9, $11}' <<< "$IDLEN")"

log "3. POST /send on sessions n1 holds: through n1 (the owner) and through n2 (forwarded), c=$CONCURRENCY, ${DURATION}s, $RUNS runs each"
client sends n1 n2 "$SEND_SESSIONS" "$CONCURRENCY" "$DURATION" "$RUNS" "$WARMUP"
SENDS=$RESULT

log "4. event latency: injected on n1 at $EVENT_RATE/s, followed on n1 and on n2, ${DURATION}s, $RUNS runs"
client latency n1 n2 "$EVENT_RATE" "$DURATION" "$RUNS"
LATENCY=$RESULT

log "5. event feed: $INJECTORS injectors on sessions of every node, ${DURATION}s, $RUNS runs"
client throughput "$INJECTORS" "$DURATION" "$RUNS" "$GRACE_MS"
FEED=$RESULT
event_ids() { sql "$DB" -e "SELECT COUNT(*), MAX(id) - MIN(id) + 1 FROM events"; }
FEED_IDS=$(event_ids)

: > "$WORK/failover-kill.txt"; : > "$WORK/failover-term.txt"
TIMEOUT=$((LEASE_MS / 1000 + 60))
for mode in kill term; do
  for run in $(seq 1 "$RUNS"); do
    client placement
    log "$([ $mode = kill ] && echo 1. SIGKILL || echo 2. SIGTERM) n3, run $run/$RUNS (placement: $RESULT)"
    client failover "$mode" n3 "${NODE_PID[3]}" "$TIMEOUT"
    echo "$RESULT" >> "$WORK/failover-$mode.txt"
    read -r held p50 max exit_ms missing wrong notready <<< "$RESULT"
    log "  $held sessions: ready elsewhere p50 $p50 ms, max $max ms after the signal; process gone after $exit_ms ms;" \
      "missing $missing, on the wrong node $wrong, live status not ready $notready"
    wait "${NODE_WRAPPER[3]}" 2>/dev/null || true
    NODE_PID[3]=""
    if [ "$mode" = term ] && [ "$run" = "$RUNS" ]; then break; fi
    start_node 3 "$(db_url 3)" "$DB_USER" "$DB_PASSWORD"
    wait_node 3
    client balance n3
    log "  n3 restarted; moved $(cut -d' ' -f1 <<< "$RESULT") sessions back to it in $(cut -d' ' -f2 <<< "$RESULT") s"
  done
done

GALERA_LATENCY=""
GALERA_FEED=""
if $GALERA; then
  log "5. Galera: stopping the nodes, starting 3 Galera members (src/deploy/local-cluster.sh start --galera-only)"
  stop_cluster
  GALERA_SQL_PORT=$(free_port "${BENCH_GALERA_SQL_PORT:-13421}")
  GALERA_STARTED=true
  g0=$SECONDS
  "$ROOT/src/deploy/local-cluster.sh" start --galera-only --fresh --dir "$GALERA_DIR" --sql-port "$GALERA_SQL_PORT" \
    --galera-port "${BENCH_GALERA_PORT:-14511}" > "$WORK/galera-start.log" 2>&1 \
    || { tail -20 "$WORK/galera-start.log" >&2; die "the Galera cluster did not start (log: $WORK/galera-start.log)"; }
  log "  Galera up in $((SECONDS - g0)) s"
  DB_USER=wapi
  DB_PASSWORD=$(sed -n 's/^DB_PASSWORD=//p' "$GALERA_DIR/secrets.env")
  db_url() { echo "jdbc:mariadb://127.0.0.1:$((GALERA_SQL_PORT + $1 - 1))/wapi"; }
  for i in "${NODES[@]}"; do mv "$WORK/node$i.log" "$WORK/node$i-mariadb.log"; done
  rm -rf "$WORK/node1" "$WORK/node2" "$WORK/node3"
  start_cluster
  client setup
  client ready "$GALERA_SESSIONS" 4
  read -r _ GALERA_RESCANS GALERA_MOVING <<< "$RESULT"
  client placement
  log "  $GALERA_SESSIONS sessions ready ($GALERA_RESCANS scans made again, $GALERA_MOVING calls made again after" \
    "503 SESSION_MOVING); placement: $RESULT"
  log "4./5. on Galera: event latency (n1 -> n1, n2)"
  client latency n1 n2 "$EVENT_RATE" "$DURATION" "$RUNS"
  GALERA_LATENCY=$RESULT
  log "5. on Galera: event feed, $INJECTORS injectors"
  client throughput "$INJECTORS" "$DURATION" "$RUNS" "$GRACE_MS"
  GALERA_FEED=$RESULT
  GALERA_IDS=$(mariadb -uwapi -p"$DB_PASSWORD" -h127.0.0.1 -P"$GALERA_SQL_PORT" -N -B wapi \
    -e "SELECT COUNT(*), MAX(id) - MIN(id) + 1 FROM events; SELECT @@auto_increment_increment" | tr '\n' ' ')
fi

echo quit >&"$CB_IN"
wait "$CB_PID" 2>/dev/null || true
CB_PID=""
ERRORS=$(cat "$WORK"/node*.log | grep -cE 'SEVERE|Exception' || true)

# --- summary --------------------------------------------------------------------------------------------------
col() { awk -v c="$1" '{print $c}' "$2" | median; }
ELAPSED=$((SECONDS - STARTED))
{
  echo
  echo "cluster benchmark: 3 nodes, $MARIADB_DESC; lease $LEASE_MS ms; $SESSIONS sandbox sessions;" \
    "medians of $RUNS runs; $((ELAPSED / 60)) min $((ELAPSED % 60)) s in all"
  echo
  KP50=$(col 2 "$WORK/failover-kill.txt"); KMAX=$(col 3 "$WORK/failover-kill.txt"); KHELD=$(col 1 "$WORK/failover-kill.txt")
  TP50=$(col 2 "$WORK/failover-term.txt"); TMAX=$(col 3 "$WORK/failover-term.txt"); TEXIT=$(col 4 "$WORK/failover-term.txt")
  TARGET=$((LEASE_MS + 10000))
  awk -v held="$KHELD" -v p50="$KP50" -v max="$KMAX" -v t="$TARGET" -v l="$LEASE_MS" 'BEGIN {
    printf "1. failover after SIGKILL of n3 (%d sessions)   ready on a survivor: p50 %6.2f s   max %6.2f s   target lease + 10 s = %.1f s: %s (max = x%.2f of the target; x%.2f of the lease)\n",
      held, p50 / 1000, max / 1000, t / 1000, max <= t ? "met" : "MISSED", max / t, max / l }'
  awk -v p50="$TP50" -v max="$TMAX" -v ex="$TEXIT" -v kmax="$KMAX" 'BEGIN {
    printf "2. drain on SIGTERM of n3                         ready on a survivor: p50 %6.2f s   max %6.2f s   process exited after %.2f s   (max = x%.2f of SIGKILL'"'"'s)\n",
      p50 / 1000, max / 1000, ex / 1000, max / kmax }'
  for mode in kill term; do
    echo "   per run ($mode: sessions p50_ms max_ms exit_ms missing wrong_node live_not_ready):"
    sed 's/^/     /' "$WORK/failover-$mode.txt"
  done
  read -r d f ratio dp50 dp99 fp50 fp99 serrs <<< "$SENDS"
  printf '3. POST /send, c=%s, %s sessions n1 holds:      through n1 (owner) %7.1f/s  p50 %6.2f ms  p99 %7.2f ms\n' \
    "$CONCURRENCY" "$SEND_SESSIONS" "$d" "$dp50" "$dp99"
  printf '                                                  through n2 (1 hop) %7.1f/s  p50 %6.2f ms  p99 %7.2f ms   ratio %.2f (target >= 0.70: %s); errors %s\n' \
    "$f" "$fp50" "$fp99" "$ratio" "$(awk -v r="$ratio" 'BEGIN {print r >= 0.7 ? "met" : "MISSED"}')" "$serrs"
  read -r sp50 sp99 smax cp50 cp99 cmax lost <<< "$LATENCY"
  printf '4. event latency, injected on n1 at %s/s:          same node p50 %6.1f ms  p99 %6.1f ms  max %6.1f ms   (target p99 < 100 ms: %s)\n' \
    "$EVENT_RATE" "$sp50" "$sp99" "$smax" "$(awk -v v="$sp99" 'BEGIN {print v < 100 ? "met" : "MISSED"}')"
  printf '                                                  other node p50 %6.1f ms  p99 %6.1f ms  max %6.1f ms   (target p99 < 500 ms: %s); p99 x%.2f of same node; lost %s\n' \
    "$cp50" "$cp99" "$cmax" "$(awk -v v="$cp99" 'BEGIN {print v < 500 ? "met" : "MISSED"}')" "$(awk -v c="$cp99" -v s="$sp99" 'BEGIN {print (s > 0 ? c / s : 0)}')" "$lost"
  read -r rate fp50 fp99 fmax slow flost ferr fstatus <<< "$FEED"
  read -r ids_n ids_span <<< "$FEED_IDS"
  printf '5. event feed, %s injectors on 3 nodes:           one MariaDB %7.1f events/s  p50 %6.1f ms  p99 %6.1f ms  max %6.1f ms  over %s ms: %s  lost %s  failed %s %s  (ids: %s events over a span of %s)\n' \
    "$INJECTORS" "$rate" "$fp50" "$fp99" "$fmax" "$((GRACE_MS / 2))" "$slow" "$flost" "$ferr" "$fstatus" "$ids_n" "$ids_span"
  if $GALERA; then
    read -r grate gp50 gp99 gmax gslow glost gerr gstatus <<< "$GALERA_FEED"
    read -r gids_n gids_span ginc <<< "$GALERA_IDS"
    printf '                                                  Galera      %7.1f events/s  p50 %6.1f ms  p99 %6.1f ms  max %6.1f ms  over %s ms: %s  lost %s  failed %s %s  (ids: %s events over a span of %s; auto_increment_increment %s)\n' \
      "$grate" "$gp50" "$gp99" "$gmax" "$((GRACE_MS / 2))" "$gslow" "$glost" "$gerr" "$gstatus" "$gids_n" "$gids_span" "$ginc"
    awk -v r="$rate" -v g="$grate" -v p="$fp99" -v gp="$gp99" -v grace="$GRACE_MS" 'BEGIN {
      printf "                                                  Galera/one MariaDB: events/s x%.2f, p99 x%.2f; no grace-period stall (p99 < %d ms / 2): %s\n",
        g / r, gp / p, grace, gp < grace / 2 ? "met" : "MISSED" }'
    read -r gsp50 gsp99 gsmax gcp50 gcp99 gcmax glost2 <<< "$GALERA_LATENCY"
    printf '   event latency on Galera at %s/s:                same node p50 %6.1f ms  p99 %6.1f ms  max %6.1f ms; other node p50 %6.1f ms  p99 %6.1f ms  max %6.1f ms; lost %s\n' \
      "$EVENT_RATE" "$gsp50" "$gsp99" "$gsmax" "$gcp50" "$gcp99" "$gcmax" "$glost2"
  else
    echo "                                                  (Galera: run with --galera)"
  fi
  awk -v a="$IDLE0" -v b="$IDLEN" -v n="$SESSIONS" -v l="$LEASE_MS" 'BEGIN {
    split(a, x, " "); split(b, y, " ")
    split("statements/s selects/s updates/s inserts/s deletes/s commits/s rollbacks/s rows_read/s rows_updated/s rows_written/s", name, " ")
    printf "6. database load of 3 idle nodes (lease %d ms: renewals every %.2f s), per second:\n", l, (l / 3 > 1000 ? 1000 : l / 3) / 1000
    printf "   %-18s %12s %12s %14s\n", "", "0 sessions", n " sessions", "per 1,000 sessions"
    for (i = 1; i <= 10; i++) printf "   %-18s %12.1f %12.1f %14.1f\n", name[i], x[i], y[i], (y[i] - x[i]) * 1000 / n
    printf "   %-18s %11.2f%% %11.2f%% %13.2f%%   (of one core; /proc ticks of 10 ms)\n", "MariaDB CPU", x[11], y[11], (y[11] - x[11]) * 1000 / n
  }'
  echo
  echo "health: server log lines with SEVERE or Exception: $ERRORS (node logs in the work directory; BENCH_KEEP=1 keeps it)"
} | tee "$WORK/summary.txt"
