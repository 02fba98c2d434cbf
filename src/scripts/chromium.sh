# Sourced by test.sh: makes sure Debian's Chromium and its chromedriver are installed (apt-get where
# missing) for the tenant portal's browser test (PortalBrowserIT), which drives exactly these two binaries.
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then
  echo "Installing Chromium and chromedriver (apt-get)..."
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null
fi
