# Sourced by the other scripts: selects a JDK >= 21 into JAVA_HOME (the machine's default java may be older).
java_major() { "$1/bin/java" -version 2>&1 | awk -F'"' '/version/ {split($2, v, "."); print (v[1] == "1" ? v[2] : v[1]); exit}'; }
if [ -z "${JAVA_HOME:-}" ] || [ ! -x "$JAVA_HOME/bin/java" ] || [ "$(java_major "$JAVA_HOME")" -lt 21 ]; then
  JAVA_HOME=""
  if command -v java >/dev/null 2>&1; then
    candidate=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
    [ "$(java_major "$candidate")" -ge 21 ] 2>/dev/null && JAVA_HOME=$candidate
  fi
  if [ -z "$JAVA_HOME" ]; then
    for candidate in /usr/lib/jvm/*; do
      if [ -x "$candidate/bin/java" ] && [ "$(java_major "$candidate")" -ge 21 ] 2>/dev/null; then
        JAVA_HOME=$candidate
        break
      fi
    done
  fi
  if [ -z "$JAVA_HOME" ]; then
    echo "No JDK 21 or newer found (looked at JAVA_HOME, java on PATH and /usr/lib/jvm)." >&2
    exit 1
  fi
fi
export JAVA_HOME
export PATH="$JAVA_HOME/bin:$PATH"
