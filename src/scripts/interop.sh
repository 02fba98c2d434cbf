# Sourced by test.sh (after node.sh): what InteropIT's clients need, installed where missing. Debian's gRPC for
# Python and `requests` for the API document's examples (python3-grpcio, python3-protobuf, python3-requests;
# InteropIT runs /usr/bin/python3) and src/interop's pinned npm packages (grpc-js, proto-loader, protobufjs,
# Redocly CLI) from its package-lock.json.
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

if ! /usr/bin/python3 -c 'import grpc, google.protobuf, requests' >/dev/null 2>&1; then
  echo "Installing Python's gRPC and requests (apt-get)..."
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3 python3-grpcio python3-protobuf python3-requests >/dev/null
fi

interop_dir=src/interop
# npm writes node_modules/.package-lock.json on every install: older than the lock file means stale.
if [ ! -f "$interop_dir/node_modules/.package-lock.json" ] \
   || [ "$interop_dir/package-lock.json" -nt "$interop_dir/node_modules/.package-lock.json" ]; then
  echo "Installing the interop clients' npm dependencies (npm ci in $interop_dir)..."
  (cd "$interop_dir" && npm ci --no-audit --no-fund --loglevel=error)
fi
