#!/usr/bin/env bash
# Bulk-job benchmark: accepting a 100,000-recipient job (response time, server heap), then sending
# with zero delay against the sandbox engine (recipients/s), beside the database time per recipient
# measured by a plain JDBC loop doing the same statements. See src/bench/README.md.
#   src/bench/bulk-job.sh [recipients-to-send=1000] [sessions=4]
#
# Environment: BENCH_PORT (first port tried, 18090), BENCH_DB (wapi_bench_bulk), BENCH_SERVER_OPTS (JVM
# options for the server, after -Xmx2g), BENCH_BUILD=1 (rebuild the jar), BENCH_KEEP=1 (keep the work
# directory), BENCH_DRY=1 (check the set-up only); see lib.sh.
BENCH_DB=${BENCH_DB:-wapi_bench_bulk}
BENCH_PORT=${BENCH_PORT:-18090}
BENCH_NEEDS_WRK=0
. "$(dirname "$0")/lib.sh"

SEND=${1:-1000}
SESSIONS=${2:-4}
# The JDBC loop uses the driver the server runs with.
MARIADB_JAR=$(find "$WORK/app/libs" -name 'mariadb-java-client-*.jar' | head -1)

start_server WAPI_SANDBOX_ACK_DELAY_MS=50 -- -Xmx2g
"$JAVA" -cp "$MARIADB_JAR" "$BENCH/java/BulkBench.java" "$BASE" "$ADMIN_KEY" "$SEND" "$SESSIONS" \
  "jdbc:mariadb://$DB_HOST:$DB_PORT/$DB?user=root"
