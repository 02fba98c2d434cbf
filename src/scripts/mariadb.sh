# Sourced by test.sh: makes sure a MariaDB server answers on 127.0.0.1:3306 as root without a password,
# installing and starting it where it is missing (Debian), and creates the test database.
mariadb_ok() { mariadb -uroot -h127.0.0.1 -P3306 -e 'SELECT 1' >/dev/null 2>&1; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

if ! mariadb_ok; then
  if ! command -v mariadbd >/dev/null 2>&1 && [ ! -x /usr/sbin/mariadbd ]; then
    echo "Installing MariaDB server (apt-get)..."
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq mariadb-server mariadb-client >/dev/null
  fi
  if ! mariadb_ok; then
    echo "Starting MariaDB..."
    as_root mkdir -p /run/mysqld
    as_root chown mysql:mysql /run/mysqld 2>/dev/null || true
    as_root start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd -- --user=mysql
    for _ in $(seq 1 60); do
      mariadb_ok && break
      # Debian's root account only accepts the unix socket until told otherwise.
      as_root mariadb -uroot -e "ALTER USER root@localhost IDENTIFIED VIA unix_socket OR mysql_native_password USING PASSWORD('')" >/dev/null 2>&1 || true
      sleep 1
    done
  fi
fi
mariadb_ok || { echo "MariaDB is not reachable on 127.0.0.1:3306 as root" >&2; exit 1; }
# A fresh database per run: sessions left online by an earlier run would otherwise be restored at every start.
mariadb -uroot -h127.0.0.1 -P3306 -e "DROP DATABASE IF EXISTS wapi_test; CREATE DATABASE wapi_test"
