#!/usr/bin/env bash
# Event-stream benchmark: 100 concurrent gRPC subscribers (the client library's self-resuming follower,
# one connection each) while 10,000 incoming messages are injected through the sandbox's REST endpoint;
# prints delivered events/s, injection-to-receipt latency p50/p99, the server's heap, and whether every
# subscriber got every event once in order. Medians of several runs. See src/bench/README.md.
#   src/bench/grpc-events.sh [subscribers=100] [events=10000] [runs=3] [injectors=8]
set -euo pipefail
cd "$(dirname "$0")/../.."
. src/scripts/jdk.sh
SUBSCRIBERS=${1:-100}
EVENTS=${2:-10000}
RUNS=${3:-3}
INJECTORS=${4:-8}
DB=wapi_bench_events
PORT=${BENCH_PORT:-18092}
WORK=$(mktemp -d)
trap 'kill $SERVER 2>/dev/null || true; rm -rf "$WORK"' EXIT

if [ ! -f server/target/wapi-server.jar ] || [ ! -f grpc-client/target/wapi.jar ] || [ -n "${BENCH_BUILD:-}" ]; then
  mvn -B -q -DskipTests package
fi
# Copies: a rebuild elsewhere cannot pull the jars away mid-run.
cp -r server/target/wapi-server.jar server/target/libs "$WORK/" && mkdir "$WORK/client" \
  && cp -r grpc-client/target/wapi.jar grpc-client/target/libs "$WORK/client/"
mariadb -uroot -h127.0.0.1 -e "DROP DATABASE IF EXISTS $DB; CREATE DATABASE $DB"
WAPI_PORT=$PORT WAPI_DATA_DIR=$WORK WAPI_DB_URL=jdbc:mariadb://127.0.0.1:3306/$DB WAPI_DB_USER=root \
  WAPI_ADMIN_KEY=bench-admin-key-0123456789 WAPI_SANDBOX_ACK_DELAY_MS=50 \
  "$JAVA_HOME/bin/java" ${BENCH_SERVER_OPTS:--Xmx1g} -jar "$WORK/wapi-server.jar" > "$WORK/server.log" 2>&1 &
SERVER=$!
"$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -cp "$WORK/client/wapi.jar:$WORK/client/libs/*" \
  src/bench/java/GrpcEventsBench.java "http://127.0.0.1:$PORT" bench-admin-key-0123456789 \
  "$SUBSCRIBERS" "$EVENTS" "$RUNS" "$INJECTORS"
