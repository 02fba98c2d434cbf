#!/usr/bin/env bash
# Event-stream benchmark: 100 concurrent gRPC subscribers (the client library's self-resuming follower,
# one connection each) while 10,000 incoming messages are injected through the sandbox's REST endpoint;
# prints delivered events/s, injection-to-receipt latency p50/p99, the server's heap, and whether every
# subscriber got every event once in order. Medians of several runs. See src/bench/README.md.
#   src/bench/grpc-events.sh [subscribers=100] [events=10000] [runs=3] [injectors=8]
#
# Environment: BENCH_PORT (first port tried, 18092), BENCH_DB (wapi_bench_events), BENCH_SERVER_OPTS (JVM
# options for the server, -Xmx1g if unset), BENCH_BUILD=1 (rebuild the jars), BENCH_KEEP=1 (keep the work
# directory), BENCH_DRY=1 (check the set-up only); see lib.sh.
BENCH_DB=${BENCH_DB:-wapi_bench_events}
BENCH_PORT=${BENCH_PORT:-18092}
BENCH_SERVER_OPTS=${BENCH_SERVER_OPTS:--Xmx1g}
BENCH_NEEDS_WRK=0
BENCH_MORE_JARS=grpc-client/target/wapi.jar
. "$(dirname "$0")/lib.sh"

SUBSCRIBERS=${1:-100}
EVENTS=${2:-10000}
RUNS=${3:-3}
INJECTORS=${4:-8}

# The client library too is copied: a rebuild elsewhere cannot pull it away mid-run.
mkdir "$WORK/client"
cp -r grpc-client/target/wapi.jar grpc-client/target/libs "$WORK/client/"

start_server WAPI_SANDBOX_ACK_DELAY_MS=50
"$JAVA" --enable-native-access=ALL-UNNAMED -cp "$WORK/client/wapi.jar:$WORK/client/libs/*" \
  "$BENCH/java/GrpcEventsBench.java" "$BASE" "$ADMIN_KEY" "$SUBSCRIBERS" "$EVENTS" "$RUNS" "$INJECTORS"
