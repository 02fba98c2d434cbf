#!/usr/bin/env bash
# Media benchmark: sending a 5 MB image by base64 and by URL at fixed concurrency; prints sends/s and
# the heap the sends keep alive (largest heap after a collection during the run, above the heap a full GC
# leaves at idle) against concurrency x media size: what the sends hold, not the garbage between
# collections. See src/bench/README.md.
#   src/bench/media-send.sh [concurrency=4] [sends-per-run=40]
set -euo pipefail
cd "$(dirname "$0")/../.."
. src/scripts/jdk.sh
CONCURRENCY=${1:-4}
SENDS=${2:-40}
DB=${BENCH_DB:-wapi_bench_media}
PORT=${BENCH_PORT:-18091}
WORK=$(mktemp -d)
trap 'kill $SERVER 2>/dev/null || true; rm -rf "$WORK"' EXIT

JAR=${BENCH_JAR:-server/target/wapi-server.jar}
[ -f "$JAR" ] || mvn -B -q -DskipTests package
mariadb -uroot -h127.0.0.1 -e "DROP DATABASE IF EXISTS $DB; CREATE DATABASE $DB"
# The media server runs in the bench process on loopback, hence private networks allowed.
WAPI_PORT=$PORT WAPI_DATA_DIR=$WORK WAPI_DB_URL=jdbc:mariadb://127.0.0.1:3306/$DB WAPI_DB_USER=root \
  WAPI_ADMIN_KEY=bench-admin-key-0123456789 WAPI_ALLOW_PRIVATE_NETWORKS=true WAPI_SANDBOX_ACK_DELAY_MS=50 \
  "$JAVA_HOME/bin/java" ${BENCH_SERVER_OPTS:--Xmx1g} -Xlog:gc:file="$WORK/gc.log" -jar "$JAR" > "$WORK/server.log" 2>&1 &
SERVER=$!
"$JAVA_HOME/bin/java" src/bench/java/MediaBench.java "http://127.0.0.1:$PORT" bench-admin-key-0123456789 "$CONCURRENCY" "$SENDS" "$WORK/gc.log" "$SERVER"
