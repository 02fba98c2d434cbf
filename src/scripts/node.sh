# Sourced by test.sh: the webhook tests check signatures with a real Node.js process (the API
# document's verification function), so make sure `node` is there (Debian's package where missing).
if ! command -v node >/dev/null 2>&1; then
  echo "Installing Node.js (apt-get)..."
  if [ "$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs >/dev/null
fi
command -v node >/dev/null 2>&1 || { echo "node is required by the webhook tests" >&2; exit 1; }
