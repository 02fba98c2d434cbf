#!/usr/bin/env bash
# Send benchmark (issue 2): starts the server on MariaDB with the sandbox engine, readies sessions and
# drives POST /send at fixed concurrency for a fixed time; prints sends/s and p50/p99 latency beside
# the throughput of a plain JDBC loop doing the same database work per message (the floor), then the
# latency at half the peak rate, and the server's RSS idle and with 1,000 ready sandbox sessions.
#   src/bench/send-api.sh [concurrency=16] [seconds=15]
set -euo pipefail
cd "$(dirname "$0")/../.."
. src/scripts/jdk.sh
CONCURRENCY=${1:-16}
SECONDS_PER_RUN=${2:-15}
DB=wapi_bench_send
PORT=${BENCH_PORT:-18092}
WORK=$(mktemp -d)
trap 'kill $SERVER 2>/dev/null || true; rm -rf "$WORK"' EXIT

[ -f server/target/wapi-server.jar ] || mvn -B -q -DskipTests package
mariadb -uroot -h127.0.0.1 -e "DROP DATABASE IF EXISTS $DB; CREATE DATABASE $DB"
WAPI_PORT=$PORT WAPI_DATA_DIR=$WORK WAPI_DB_URL=jdbc:mariadb://127.0.0.1:3306/$DB WAPI_DB_USER=root \
  WAPI_ADMIN_KEY=bench-admin-key-0123456789 WAPI_SANDBOX_ACK_DELAY_MS=50 \
  "$JAVA_HOME/bin/java" ${BENCH_SERVER_OPTS:-} -jar server/target/wapi-server.jar > "$WORK/server.log" 2>&1 &
SERVER=$!
MARIADB_JAR=$(ls ~/.m2/repository/org/mariadb/jdbc/mariadb-java-client/3.5.*/mariadb-java-client-3.5.*.jar | grep -v sources | tail -1)
"$JAVA_HOME/bin/java" -cp "$MARIADB_JAR" src/bench/java/SendBench.java "http://127.0.0.1:$PORT" \
  bench-admin-key-0123456789 "$SERVER" "$CONCURRENCY" "$SECONDS_PER_RUN" "jdbc:mariadb://127.0.0.1:3306/$DB?user=root"
