#!/usr/bin/env bash
# Runs the whole test suite against a real MariaDB (started or installed here if missing).
set -euo pipefail
cd "$(dirname "$0")/../.."
. src/scripts/jdk.sh
. src/scripts/mariadb.sh
. src/scripts/node.sh
mvn -B verify "$@"
