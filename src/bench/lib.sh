# Sourced by benchmark scripts: the JDK, the tools, a copy of the packaged server in a work directory,
# a MariaDB database of its own, starting the server and cleaning up. Before sourcing, a script may set
# BENCH_DB (database name). After it: JAVA_HOME, JAVA, ROOT, BENCH, WORK, log, die, sql, median,
# start_server (sets PORT, BASE, SERVER_PID) and an EXIT trap that stops the server and removes WORK.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
ROOT=$(pwd)
BENCH=$ROOT/src/bench
DB=${BENCH_DB:-wapi_bench}
DB_HOST=127.0.0.1
DB_PORT=3306
ADMIN_KEY=bench-admin-key-0123456789

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }
median() { sort -g | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'; }

. src/scripts/jdk.sh
JAVA=$JAVA_HOME/bin/java

command -v wrk >/dev/null || die "wrk is not installed (Debian: apt-get install -y wrk)"
command -v mariadb >/dev/null || die "the mariadb client is not installed (Debian: apt-get install -y mariadb-client)"
sql() { mariadb -uroot -h"$DB_HOST" -P"$DB_PORT" -N -B "$@"; }
sql -e 'SELECT 1' >/dev/null 2>&1 || die "MariaDB does not answer on $DB_HOST:$DB_PORT as root without a password"

# The server jar, copied so that a rebuild elsewhere during the run cannot pull it away.
if [ ! -f server/target/wapi-server.jar ] || [ "${BENCH_BUILD:-0}" = 1 ]; then
  log "building server/target/wapi-server.jar"
  mvn -B -q package -DskipTests
fi
WORK=$(mktemp -d /tmp/wapi-bench.XXXXXX)
mkdir -p "$WORK/app" "$WORK/data"
cp server/target/wapi-server.jar "$WORK/app/"
cp -r server/target/libs "$WORK/app/libs"

SERVER_PID=""
bench_cleanup() {
  local status=$?
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
trap bench_cleanup EXIT

# start_server [NAME=value ...]: a fresh database (MariaDB's $DB; with BENCH_EMBEDDED=1 the embedded H2 in a
# fresh $WORK/data), the server on the first free port from BENCH_PORT (18080) with the sandbox engine and the
# given extra environment, and waits until it is healthy.
start_server() {
  local database=()
  local what="database $DB"
  if [ "${BENCH_EMBEDDED:-0}" = 1 ]; then
    rm -rf "$WORK/data"
    what="embedded H2"
  else
    sql -e "DROP DATABASE IF EXISTS \`$DB\`; CREATE DATABASE \`$DB\`"
    database=(WAPI_DB_URL="jdbc:mariadb://$DB_HOST:$DB_PORT/$DB" WAPI_DB_USER=root)
  fi
  mkdir -p "$WORK/data"
  port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
  PORT=${BENCH_PORT:-18080}
  while port_in_use "$PORT"; do PORT=$((PORT + 1)); done
  BASE=http://127.0.0.1:$PORT
  log "starting the server on port $PORT (JDK $(java_major "$JAVA_HOME"), $what)"
  # shellcheck disable=SC2086
  env WAPI_PORT="$PORT" WAPI_DATA_DIR="$WORK/data" "${database[@]}" \
    WAPI_ADMIN_KEY="$ADMIN_KEY" WAPI_ENGINE=sandbox "$@" \
    "$JAVA" ${BENCH_SERVER_OPTS:-} -jar "$WORK/app/wapi-server.jar" > "$WORK/server.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 240); do
    kill -0 "$SERVER_PID" 2>/dev/null || die "the server exited during start-up"
    [ "$(curl -s -o /dev/null -w '%{http_code}' "$BASE/health" || true)" = 200 ] && return 0
    sleep 0.5
  done
  die "the server did not become healthy"
}
