# Sourced by test.sh: makes sure Debian's Chromium and its chromedriver are installed (apt-get where
# missing) for the tenant portal's browser tests (PortalBrowserIT, PortalCampaignsBrowserIT), which drive exactly these two
# binaries, and axe-core (src/portal-a11y, pinned in its package-lock.json) that they inject to check accessibility.
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then
  echo "Installing Chromium and chromedriver (apt-get)..."
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null
fi

a11y_dir=src/portal-a11y
# npm writes node_modules/.package-lock.json on every install: older than the lock file means stale.
if [ ! -f "$a11y_dir/node_modules/.package-lock.json" ] \
   || [ "$a11y_dir/package-lock.json" -nt "$a11y_dir/node_modules/.package-lock.json" ]; then
  echo "Installing axe-core for the portal's accessibility checks (npm ci in $a11y_dir)..."
  (cd "$a11y_dir" && npm ci --no-audit --no-fund --loglevel=error)
fi
