# Sourced by benchmark scripts: the JDK, the tools, a copy of the packaged server in a work directory,
# a MariaDB database of its own, starting the server and cleaning up. Before sourcing, a script may set
# BENCH_DB (database name), BENCH_JAVA_MIN (the oldest JDK it runs on, 21), BENCH_NEEDS_JCMD=1 (the JDK
# must have jcmd), BENCH_NEEDS_WRK=0 (it does not use wrk) and BENCH_MORE_JARS (jars besides the server's
# it needs, built if missing); BENCH_JAR (the user's) runs another server jar. After it: JAVA_HOME, JAVA,
# ROOT, BENCH, WORK, DB, DB_HOST, DB_PORT, ADMIN_KEY, log, die, sql, median, java_major, start_server (sets
# PORT, BASE, SERVER_PID) and an EXIT trap that stops the server and removes WORK; a script with more to
# stop defines bench_extra_cleanup, which the trap calls first.
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
# jdk.sh takes any JDK >= 21; a script that needs more (a newer source launcher, jcmd) looks again:
# Temurin 25 first, then any JDK under /usr/lib/jvm.
jdk_ok() {
  [ -x "$1/bin/java" ] && { [ "${BENCH_NEEDS_JCMD:-0}" != 1 ] || [ -x "$1/bin/jcmd" ]; } \
    && [ "$(java_major "$1")" -ge "${BENCH_JAVA_MIN:-21}" ] 2>/dev/null
}
if ! jdk_ok "$JAVA_HOME"; then
  JAVA_HOME=""
  for candidate in /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/*; do
    if jdk_ok "$candidate"; then JAVA_HOME=$candidate; break; fi
  done
  [ -n "$JAVA_HOME" ] || die "no JDK ${BENCH_JAVA_MIN:-21} or newer$([ "${BENCH_NEEDS_JCMD:-0}" = 1 ] && echo " with jcmd") found (JAVA_HOME, java on PATH, /usr/lib/jvm)"
  export JAVA_HOME
  export PATH="$JAVA_HOME/bin:$PATH"
fi
JAVA=$JAVA_HOME/bin/java

if [ "${BENCH_NEEDS_WRK:-1}" = 1 ]; then
  command -v wrk >/dev/null || die "wrk is not installed (Debian: apt-get install -y wrk)"
fi
command -v mariadb >/dev/null || die "the mariadb client is not installed (Debian: apt-get install -y mariadb-client)"
sql() { mariadb -uroot -h"$DB_HOST" -P"$DB_PORT" -N -B "$@"; }
sql -e 'SELECT 1' >/dev/null 2>&1 || die "MariaDB does not answer on $DB_HOST:$DB_PORT as root without a password"

# The server jar (BENCH_JAR, default server/target/wapi-server.jar) with the libs/ beside it, copied so that
# a rebuild elsewhere during the run cannot pull it away. BENCH_MORE_JARS: other jars the script needs (it
# copies them itself), built with the server when missing.
SERVER_JAR=${BENCH_JAR:-server/target/wapi-server.jar}
missing_jar() {
  local jar
  for jar in "$SERVER_JAR" ${BENCH_MORE_JARS:-}; do
    if [ ! -f "$jar" ]; then echo "$jar"; return 0; fi
  done
  return 1
}
if [ "${BENCH_DRY:-0}" = 1 ] && missing=$(missing_jar); then
  die "no $missing to copy (a run that is not dry builds it)"
fi
if missing_jar >/dev/null || { [ "${BENCH_BUILD:-0}" = 1 ] && [ "${BENCH_DRY:-0}" != 1 ]; }; then
  log "building $SERVER_JAR${BENCH_MORE_JARS:+ and $BENCH_MORE_JARS}"
  mvn -B -q package -DskipTests
fi
WORK=$(mktemp -d /tmp/wapi-bench.XXXXXX)
mkdir -p "$WORK/app" "$WORK/data"
cp "$SERVER_JAR" "$WORK/app/wapi-server.jar"
cp -r "$(dirname "$SERVER_JAR")/libs" "$WORK/app/libs"

SERVER_PID=""
bench_cleanup() {
  local status=$?
  if declare -F bench_extra_cleanup >/dev/null; then
    bench_extra_cleanup || true
  fi
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

# start_server [NAME=value ...] [-- JVM_OPTION ...]: a fresh database (MariaDB's $DB; with BENCH_EMBEDDED=1 the
# embedded H2 in a fresh $WORK/data), the server on the first free port from BENCH_PORT (18080) with the sandbox
# engine, the given extra environment and JVM options (before BENCH_SERVER_OPTS), and waits until it is healthy.
# With BENCH_DRY=1 it only says what it would start and ends the script (no database touched, no load).
start_server() {
  local database=()
  local environment=()
  local jvm_options=()
  while [ $# -gt 0 ] && [ "$1" != -- ]; do environment+=("$1"); shift; done
  if [ $# -gt 0 ]; then shift; jvm_options=("$@"); fi
  local what="database $DB"
  if [ "${BENCH_EMBEDDED:-0}" = 1 ]; then
    rm -rf "$WORK/data"
    what="embedded H2"
  else
    database=(WAPI_DB_URL="jdbc:mariadb://$DB_HOST:$DB_PORT/$DB" WAPI_DB_USER=root)
  fi
  mkdir -p "$WORK/data"
  port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
  PORT=${BENCH_PORT:-18080}
  while port_in_use "$PORT"; do PORT=$((PORT + 1)); done
  BASE=http://127.0.0.1:$PORT
  if [ "${BENCH_DRY:-0}" = 1 ]; then
    log "dry run (BENCH_DRY=1): would start the server on port $PORT (JDK $(java_major "$JAVA_HOME"), $what) with" \
      "${environment[*]:-no extra environment}, JVM options ${jvm_options[*]:-none} ${BENCH_SERVER_OPTS:-}"
    exit 0
  fi
  if [ "${BENCH_EMBEDDED:-0}" != 1 ]; then
    sql -e "DROP DATABASE IF EXISTS \`$DB\`; CREATE DATABASE \`$DB\`"
  fi
  log "starting the server on port $PORT (JDK $(java_major "$JAVA_HOME"), $what)"
  # shellcheck disable=SC2086
  env WAPI_PORT="$PORT" WAPI_DATA_DIR="$WORK/data" "${database[@]}" \
    WAPI_ADMIN_KEY="$ADMIN_KEY" WAPI_ENGINE=sandbox "${environment[@]}" \
    "$JAVA" "${jvm_options[@]}" ${BENCH_SERVER_OPTS:-} -jar "$WORK/app/wapi-server.jar" > "$WORK/server.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 240); do
    kill -0 "$SERVER_PID" 2>/dev/null || die "the server exited during start-up"
    [ "$(curl -s -o /dev/null -w '%{http_code}' "$BASE/health" || true)" = 200 ] && return 0
    sleep 0.5
  done
  die "the server did not become healthy"
}
