#!/usr/bin/env bash
# Builds the server and starts it on its embedded default: H2 file database in ./data and the sandbox engine
# (WAPI_ENGINE=whatsapp runs the real one through src/bridge, whose npm dependencies are installed here).
# Prints the admin key and a demo tenant key on start-up. Any WAPI_* variable may be set (see README).
set -euo pipefail
cd "$(dirname "$0")/../.."
. src/scripts/jdk.sh
. src/scripts/node.sh
mvn -B -q -DskipTests package
exec "$JAVA_HOME/bin/java" -jar server/target/wapi-server.jar
