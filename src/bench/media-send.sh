#!/usr/bin/env bash
# Media benchmark: sending a 5 MB image by base64 and by URL at fixed concurrency; prints sends/s and
# the heap the sends keep alive (largest heap after a collection during the run, above the heap a full GC
# leaves at idle) against concurrency x media size: what the sends hold, not the garbage between
# collections. See src/bench/README.md.
#   src/bench/media-send.sh [concurrency=4] [sends-per-run=40]
#
# Environment: BENCH_PORT (first port tried, 18091), BENCH_DB (wapi_bench_media), BENCH_JAR (another
# server jar, its libs/ beside it), BENCH_SERVER_OPTS (JVM options for the server, -Xmx1g if unset),
# BENCH_BUILD=1 (rebuild the jar), BENCH_KEEP=1 (keep the work directory), BENCH_DRY=1 (check the set-up
# only); see lib.sh. The client runs jcmd, so the JDK must have it.
BENCH_DB=${BENCH_DB:-wapi_bench_media}
BENCH_PORT=${BENCH_PORT:-18091}
BENCH_SERVER_OPTS=${BENCH_SERVER_OPTS:--Xmx1g}
BENCH_NEEDS_JCMD=1
BENCH_NEEDS_WRK=0
. "$(dirname "$0")/lib.sh"

CONCURRENCY=${1:-4}
SENDS=${2:-40}

# The media server runs in the bench process on loopback, hence private networks allowed.
start_server WAPI_ALLOW_PRIVATE_NETWORKS=true WAPI_SANDBOX_ACK_DELAY_MS=50 -- "-Xlog:gc:file=$WORK/gc.log"
"$JAVA" "$BENCH/java/MediaBench.java" "$BASE" "$ADMIN_KEY" "$CONCURRENCY" "$SENDS" "$WORK/gc.log" "$SERVER_PID"
