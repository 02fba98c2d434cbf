#!/usr/bin/env bash
# Runs the whole test suite, its integration tests on a real MariaDB (started or installed here if missing)
# and again on the embedded H2, after the WhatsApp bridge's own tests (node --test) on the machine's
# Node.js; the portal's browser test drives Debian's headless Chromium (installed here if missing). Then the
# cluster scenario once on a local 3-node Galera cluster behind HAProxy (src/deploy/smoke.sh: Galera and HAProxy
# installed there if missing), and the packaged server's /metrics through Debian's Prometheus
# (src/deploy/prometheus/check.sh: Prometheus installed there if missing).
set -euo pipefail
cd "$(dirname "$0")/../.."
. src/scripts/jdk.sh
. src/scripts/mariadb.sh
. src/scripts/node.sh
. src/scripts/chromium.sh
. src/scripts/interop.sh
(cd src/bridge && node --test test/)
(cd src/bridge && npx eslint .)
mvn -B verify "$@"
src/deploy/smoke.sh
# /metrics through a real Prometheus, on the jar that verify packaged (under a minute).
src/deploy/prometheus/check.sh
