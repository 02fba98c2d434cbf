# Sourced by test.sh and run.sh: makes sure Node.js 20+ and npm are on the PATH (Debian: installed with
# apt-get where missing), then installs the WhatsApp bridge's pinned npm dependencies (src/bridge,
# package-lock.json) with the machine's own npm when they are missing or out of date.
node_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "Installing Node.js and npm (apt-get)..."
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null
fi
if [ "$(node_major)" -lt 20 ]; then
  echo "The WhatsApp bridge needs Node.js 20 or newer; found $(node --version 2>/dev/null || echo none)." >&2
  exit 1
fi

bridge_dir=src/bridge
# npm writes node_modules/.package-lock.json on every install: older than the lock file means stale.
if [ ! -f "$bridge_dir/node_modules/.package-lock.json" ] \
   || [ "$bridge_dir/package-lock.json" -nt "$bridge_dir/node_modules/.package-lock.json" ]; then
  echo "Installing the bridge's npm dependencies (npm ci in $bridge_dir)..."
  (cd "$bridge_dir" && npm ci --no-audit --no-fund --loglevel=error)
fi
