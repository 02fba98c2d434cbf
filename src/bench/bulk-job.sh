#!/usr/bin/env bash
# Bulk-job benchmark: accepting a 100,000-recipient job (response time, server heap), then sending
# with zero delay against the sandbox engine (recipients/s), beside the database time per recipient
# measured by a plain JDBC loop doing the same statements. See src/bench/README.md.
#   src/bench/bulk-job.sh [recipients-to-send=1000] [sessions=4]
set -euo pipefail
cd "$(dirname "$0")/../.."
. src/scripts/jdk.sh
SEND=${1:-1000}
SESSIONS=${2:-4}
DB=wapi_bench_bulk
PORT=${BENCH_PORT:-18090}
WORK=$(mktemp -d)
trap 'kill $SERVER 2>/dev/null || true; rm -rf "$WORK"' EXIT

[ -f server/target/wapi-server.jar ] || mvn -B -q -DskipTests package
mariadb -uroot -h127.0.0.1 -e "DROP DATABASE IF EXISTS $DB; CREATE DATABASE $DB"
WAPI_PORT=$PORT WAPI_DATA_DIR=$WORK WAPI_DB_URL=jdbc:mariadb://127.0.0.1:3306/$DB WAPI_DB_USER=root \
  WAPI_ADMIN_KEY=bench-admin-key-0123456789 WAPI_SANDBOX_ACK_DELAY_MS=50 \
  "$JAVA_HOME/bin/java" -Xmx2g -jar server/target/wapi-server.jar > "$WORK/server.log" 2>&1 &
SERVER=$!
MARIADB_JAR=$(ls ~/.m2/repository/org/mariadb/jdbc/mariadb-java-client/3.5.*/mariadb-java-client-3.5.*.jar | grep -v sources | tail -1)
"$JAVA_HOME/bin/java" -cp "$MARIADB_JAR" src/bench/java/BulkBench.java \
  "http://127.0.0.1:$PORT" bench-admin-key-0123456789 "$SEND" "$SESSIONS" \
  "jdbc:mariadb://127.0.0.1:3306/$DB?user=root"
