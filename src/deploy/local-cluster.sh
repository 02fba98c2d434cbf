#!/usr/bin/env bash
# A whole WapiConnect cluster on this machine's loopback, as a user would run it on one machine:
#   - a 3-node MariaDB Galera cluster (Debian's mariadb-server + galera-4, rsync SST), SQL on 3311-3313;
#   - three WapiConnect nodes from the packaged jar (built here if missing), each on its own Galera node, on 8081-8083;
#   - HAProxy in front, serving REST (HTTP/1.1) and gRPC (h2c, prior knowledge) on ONE port (8080), health-checking
#     each node's /health/ready and balancing over the live ones.
# Nothing of the machine's own MariaDB (3306, /etc/mysql) is read or touched: every file lives under --dir.
#
#   src/deploy/local-cluster.sh start  [--dir DIR] [--port 8080] [--node-port 8081] [--sql-port 3311] [--galera-port 4411] [--fresh]
#                                      [--galera-only]
#   src/deploy/local-cluster.sh status [--dir DIR]
#   src/deploy/local-cluster.sh stop   [--dir DIR] [--purge]
#   src/deploy/local-cluster.sh node N stop|kill|start [--dir DIR]    one WapiConnect node: SIGTERM, SIGKILL, start again
#
# DIR defaults to $WAPI_CLUSTER_DIR or /tmp/wapi-cluster. `start` on an existing DIR restarts the cluster on its data
# (--fresh wipes it first); `stop --purge` deletes DIR after stopping. `start --galera-only` starts the Galera cluster
# alone (database `wapi`, user `wapi`, its password DB_PASSWORD in DIR/secrets.env), for nodes started elsewhere
# (src/bench/cluster.sh --galera). Ports are consecutive from the given first
# port (node i: first + i - 1); Galera node i replicates on galera-port+i-1, receives IST on galera-port+10+i-1 and
# SST on galera-port+20+i-1. WAPI_* variables in the environment (WAPI_ENGINE, timings, ...) reach every node,
# except those the cluster sets itself (ports, database, data directory, keys, node identity).
# LOCAL_CLUSTER_JAVA_OPTS replaces the nodes' JVM options (default -Xmx512m).
set -euo pipefail

REPO=$(cd "$(dirname "$0")/../.." && pwd)
GALERA_LIB=/usr/lib/galera/libgalera_smm.so
NODES=(1 2 3)

usage() {
  awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0" >&2
  exit 2
}

log() { printf '%s %s\n' "$(date -u +%H:%M:%S)" "$*"; }
die() {
  printf 'local-cluster: %s\n' "$*" >&2
  exit 1
}
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

# ---------------------------------------------------------------------------------------------------------------
# Options and the state file

command=${1:-}
[ -n "$command" ] || usage
shift
if [ "$command" = node ]; then
  [ $# -ge 2 ] || usage
  NODE=$1 NODE_ACTION=$2
  shift 2
fi
DIR=${WAPI_CLUSTER_DIR:-/tmp/wapi-cluster}
PORT=8080
NODE_PORT=8081
SQL_PORT=3311
GALERA_PORT=4411
FRESH=false
PURGE=false
GALERA_ONLY=false
while [ $# -gt 0 ]; do
  case "$1" in
    --dir) DIR=$2; shift 2 ;;
    --port) PORT=$2; shift 2 ;;
    --node-port) NODE_PORT=$2; shift 2 ;;
    --sql-port) SQL_PORT=$2; shift 2 ;;
    --galera-port) GALERA_PORT=$2; shift 2 ;;
    --fresh) FRESH=true; shift ;;
    --purge) PURGE=true; shift ;;
    --galera-only) GALERA_ONLY=true; shift ;;
    -h | --help) usage ;;
    *) die "unknown option $1 (see --help)" ;;
  esac
done
case "$DIR" in /*) ;; *) DIR="$PWD/$DIR" ;; esac
STATE="$DIR/cluster.env"

# What status and stop need to find the cluster again (ports may differ from the defaults).
load_state() {
  [ -f "$STATE" ] || return 1
  # shellcheck disable=SC1090
  . "$STATE"
}

save_state() {
  cat >"$STATE" <<EOF
PORT=$PORT
NODE_PORT=$NODE_PORT
SQL_PORT=$SQL_PORT
GALERA_PORT=$GALERA_PORT
EOF
}

sql_port() { echo $((SQL_PORT + $1 - 1)); }
node_port() { echo $((NODE_PORT + $1 - 1)); }
gmcast_port() { echo $((GALERA_PORT + $1 - 1)); }
ist_port() { echo $((GALERA_PORT + 10 + $1 - 1)); }
sst_port() { echo $((GALERA_PORT + 20 + $1 - 1)); }

# ---------------------------------------------------------------------------------------------------------------
# Processes: each one's pid in a file, and a marker in its command line, so that stop ends only what start began
# (a pid reused by another process since is left alone).

pid_of() { # pidfile marker -> the pid, if that process still runs with the marker in its command line
  local file=$1 marker=$2 pid
  [ -f "$file" ] || return 1
  pid=$(tr -dc '0-9' <"$file")
  [ -n "$pid" ] && [ -r "/proc/$pid/cmdline" ] || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF -- "$marker" || return 1
  echo "$pid"
}

stop_process() { # name pidfile marker seconds: SIGTERM, then SIGKILL after the given seconds
  local name=$1 file=$2 marker=$3 seconds=$4 pid waited=0
  pid=$(pid_of "$file" "$marker") || return 0
  kill -TERM "$pid" 2>/dev/null || true
  while kill -0 "$pid" 2>/dev/null; do
    if [ "$waited" -ge $((seconds * 10)) ]; then
      log "$name (pid $pid) still runs after ${seconds}s: SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
      break
    fi
    sleep 0.1
    waited=$((waited + 1))
  done
  rm -f "$file"
}

port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

wait_for() { # description seconds command...: polls the command every 0.5 s
  local what=$1 seconds=$2
  shift 2
  local deadline=$((SECONDS + seconds))
  until "$@"; do
    [ $SECONDS -lt $deadline ] || return 1
    sleep 0.5
  done
}

# ---------------------------------------------------------------------------------------------------------------
# Tools: installed with apt-get where missing (Debian), like src/scripts/mariadb.sh does for the test database.

ensure_tools() {
  local missing=()
  command -v mariadbd >/dev/null 2>&1 || [ -x /usr/sbin/mariadbd ] || missing+=(mariadb-server)
  command -v mariadb >/dev/null 2>&1 || missing+=(mariadb-client)
  [ -f "$GALERA_LIB" ] || missing+=(galera-4)
  command -v rsync >/dev/null 2>&1 || missing+=(rsync)
  command -v haproxy >/dev/null 2>&1 || [ -x /usr/sbin/haproxy ] || missing+=(haproxy)
  command -v curl >/dev/null 2>&1 || missing+=(curl)
  command -v openssl >/dev/null 2>&1 || missing+=(openssl)
  if [ ${#missing[@]} -gt 0 ]; then
    log "Installing ${missing[*]} (apt-get)..."
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    # policy-rc.d or not: the packages' own services are not what this script runs; it starts its own processes.
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
  PATH="$PATH:/usr/sbin:/sbin"
  # shellcheck source=../scripts/jdk.sh
  . "$REPO/src/scripts/jdk.sh"
}

ensure_jar() {
  JAR="$REPO/server/target/wapi-server.jar"
  if [ ! -f "$JAR" ]; then
    log "Building the server (mvn package, skipping tests)..."
    (cd "$REPO" && mvn -B -q -DskipTests -pl server -am package)
  fi
  [ -f "$JAR" ] || die "no $JAR after the build"
}

# Generated once per DIR (0600): the keys every node must share.
ensure_secrets() {
  local file="$DIR/secrets.env"
  if [ ! -f "$file" ]; then
    (
      umask 077
      cat >"$file" <<EOF
WAPI_ADMIN_KEY=admin_$(openssl rand -hex 24)
WAPI_CLUSTER_SECRET=$(openssl rand -hex 32)
WAPI_MASTER_KEY=$(openssl rand -base64 32)
DB_PASSWORD=$(openssl rand -hex 16)
EOF
    )
    (umask 077 && grep '^WAPI_ADMIN_KEY=' "$file" | cut -d= -f2- >"$DIR/admin.key")
  fi
  # shellcheck disable=SC1090
  . "$file"
}

# ---------------------------------------------------------------------------------------------------------------
# Galera

galera_dir() { echo "$DIR/galera$1"; }
galera_marker() { echo "--defaults-file=$(galera_dir "$1")/my.cnf"; }

galera_sql() { # node sql...: over the node's own socket as the account that mariadb-install-db made for the OS
  # user running it (unix socket authentication): root when run as root, else this user.
  local node=$1
  shift
  mariadb --defaults-file="$(galera_dir "$node")/my.cnf" -u"$(id -un)" -N -B -e "$*"
}

galera_status() { galera_sql "$1" "SHOW GLOBAL STATUS LIKE '$2'" 2>/dev/null | awk '{print $2}'; }

galera_synced() { [ "$(galera_status "$1" wsrep_local_state_comment)" = Synced ]; }

write_galera_config() {
  local i=$1 dir
  dir=$(galera_dir "$i")
  local members=""
  for n in "${NODES[@]}"; do members="$members${members:+,}127.0.0.1:$(gmcast_port "$n")"; done
  cat >"$dir/my.cnf" <<EOF
# Galera node $i of the local WapiConnect cluster (written by src/deploy/local-cluster.sh; read by nothing else).
[client]
socket=$dir/mariadb.sock

[mariadbd]
$([ "$(id -u)" = 0 ] && echo "user=mysql")
datadir=$dir/data
socket=$dir/mariadb.sock
pid-file=$dir/mariadb.pid
log-error=$dir/error.log
# Its own temporary directory: the three nodes' mariadb-install-db run at once, and with the shared /tmp one of
# them now and then failed on a temporary table it could not remove ("Installation of system tables failed").
tmpdir=$dir/tmp
port=$(sql_port "$i")
bind-address=127.0.0.1
skip-name-resolve
max_connections=200
innodb_buffer_pool_size=64M
innodb_log_file_size=32M
# What Galera needs: row-based replication, InnoDB, interleaved auto-increment locks.
binlog_format=ROW
default_storage_engine=InnoDB
innodb_autoinc_lock_mode=2
# Causal reads: a read waits until this node has applied every write the cluster committed before it, so a node
# reading through Galera node 2 sees what another wrote through Galera node 1 a moment ago (as on one database).
wsrep_sync_wait=1
wsrep_on=ON
wsrep_provider=$GALERA_LIB
wsrep_cluster_name=wapi-local
wsrep_cluster_address=gcomm://$members
wsrep_node_name=galera$i
wsrep_node_address=127.0.0.1:$(gmcast_port "$i")
wsrep_node_incoming_address=127.0.0.1:$(sql_port "$i")
wsrep_sst_method=rsync
wsrep_sst_receive_address=127.0.0.1:$(sst_port "$i")
wsrep_provider_options="gmcast.listen_addr=tcp://127.0.0.1:$(gmcast_port "$i");ist.recv_addr=127.0.0.1:$(ist_port "$i");gcache.size=64M"
EOF
}

init_galera_node() {
  local i=$1 dir
  dir=$(galera_dir "$i")
  mkdir -p "$dir/tmp"
  write_galera_config "$i"
  if [ ! -d "$dir/data/mysql" ]; then
    mkdir -p "$dir/data"
    [ "$(id -u)" = 0 ] && chown -R mysql:mysql "$dir"
    # Once more after a failure: on a busy machine its bootstrap server has been seen to fail once and then not.
    if ! mariadb-install-db --defaults-file="$dir/my.cnf" --skip-test-db >"$dir/install.log" 2>&1 &&
      ! { rm -rf "$dir/data" && mkdir -p "$dir/data" && { [ "$(id -u)" != 0 ] || chown -R mysql:mysql "$dir"; } &&
        mariadb-install-db --defaults-file="$dir/my.cnf" --skip-test-db >"$dir/install.log" 2>&1; }; then
      grep -m 10 -iE "error|fail|abort" "$dir/install.log" >&2 || head -n 20 "$dir/install.log" >&2
      die "mariadb-install-db failed for Galera node $i (see $dir/install.log)"
    fi
  fi
  [ "$(id -u)" = 0 ] && chown -R mysql:mysql "$dir"
  chmod 0700 "$dir"
}

launch_galera_node() { # node [--wsrep-new-cluster]
  local i=$1 dir
  shift
  dir=$(galera_dir "$i")
  # In a session of its own: it must outlive the script.
  setsid nohup /usr/sbin/mariadbd "$(galera_marker "$i")" "$@" >>"$dir/stdout.log" 2>&1 </dev/null &
  echo $! >"$dir/mariadbd.pid-launcher"
}

wait_galera_synced() {
  local i=$1
  if ! wait_for "Galera node $i" 180 galera_synced "$i"; then
    tail -n 30 "$(galera_dir "$i")/error.log" >&2 || true
    die "Galera node $i did not reach Synced within 180 s (log: $(galera_dir "$i")/error.log)"
  fi
}

# The node to bootstrap the cluster from: the one Galera marked safe (the last one stopped), else node 1.
bootstrap_node() {
  for i in "${NODES[@]}"; do
    if grep -q '^safe_to_bootstrap: 1' "$(galera_dir "$i")/data/grastate.dat" 2>/dev/null; then
      echo "$i"
      return
    fi
  done
  local grastate
  grastate="$(galera_dir 1)/data/grastate.dat"
  if [ -f "$grastate" ]; then
    log "No Galera node is marked safe to bootstrap (not stopped in order?): bootstrapping from node 1" >&2
    sed -i 's/^safe_to_bootstrap: 0/safe_to_bootstrap: 1/' "$grastate"
  fi
  echo 1
}

start_galera() {
  local pids=()
  for i in "${NODES[@]}"; do
    init_galera_node "$i" &
    pids+=($!)
  done
  for p in "${pids[@]}"; do wait "$p" || die "could not prepare the Galera nodes' data directories"; done
  local first
  first=$(bootstrap_node)
  log "Galera node $first: bootstrapping the cluster (--wsrep-new-cluster, SQL port $(sql_port "$first"))"
  launch_galera_node "$first" --wsrep-new-cluster
  wait_galera_synced "$first"
  galera_sql "$first" "
    CREATE DATABASE IF NOT EXISTS wapi CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
    CREATE USER IF NOT EXISTS 'wapi'@'127.0.0.1' IDENTIFIED BY '$DB_PASSWORD';
    GRANT ALL PRIVILEGES ON wapi.* TO 'wapi'@'127.0.0.1';"
  # The joiners together: each takes a full copy (SST) or the missing writes (IST) from a synced member; one
  # that finds no donor free yet waits for one (Galera retries every second).
  for i in "${NODES[@]}"; do
    [ "$i" = "$first" ] && continue
    log "Galera node $i: joining (SQL port $(sql_port "$i"))"
    launch_galera_node "$i"
  done
  for i in "${NODES[@]}"; do wait_galera_synced "$i"; done
  wait_for "cluster size 3" 60 test "$(galera_status "$first" wsrep_cluster_size)" = 3 ||
    die "Galera cluster size is $(galera_status "$first" wsrep_cluster_size), not 3"
  log "Galera: cluster size $(galera_status "$first" wsrep_cluster_size), auto_increment_increment $(galera_sql "$first" 'SELECT @@auto_increment_increment')"
}

stop_galera() {
  # In reverse order: node 1 stops last, so Galera marks it safe to bootstrap from at the next start.
  for ((i = ${#NODES[@]}; i >= 1; i--)); do
    local dir
    dir=$(galera_dir "$i")
    [ -d "$dir" ] || continue
    # The pid it writes itself, or the one it was started with (a node stopped before it wrote its pid file).
    for file in "$dir/mariadb.pid" "$dir/mariadbd.pid-launcher"; do
      if pid_of "$file" "$(galera_marker "$i")" >/dev/null; then
        log "Galera node $i: stopping"
        stop_process "Galera node $i" "$file" "$(galera_marker "$i")" 120
      fi
    done
    rm -f "$dir/mariadbd.pid-launcher"
  done
}

# ---------------------------------------------------------------------------------------------------------------
# WapiConnect nodes

node_dir() { echo "$DIR/node$1"; }
node_marker() { echo "-Dwapi.local.cluster=$(node_dir "$1")"; }
node_ready() { [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "http://127.0.0.1:$(node_port "$1")/health/ready")" = 200 ]; }

start_node() {
  local i=$1 dir
  dir=$(node_dir "$i")
  mkdir -p "$dir/data"
  # The caller's WAPI_* settings reach the node; the cluster's own come last and win.
  (
    cd "$dir"
    exec env \
      WAPI_PORT="$(node_port "$i")" \
      WAPI_DB_URL="jdbc:mariadb://127.0.0.1:$(sql_port "$i")/wapi" \
      WAPI_DB_USER=wapi \
      WAPI_DB_PASSWORD="$DB_PASSWORD" \
      WAPI_DB_POOL_SIZE="${WAPI_DB_POOL_SIZE:-20}" \
      WAPI_DATA_DIR="$dir/data" \
      WAPI_ADMIN_KEY="$WAPI_ADMIN_KEY" \
      WAPI_MASTER_KEY="$WAPI_MASTER_KEY" \
      WAPI_CLUSTER_SECRET="$WAPI_CLUSTER_SECRET" \
      WAPI_NODE_ID="node$i" \
      WAPI_NODE_ADDRESS="127.0.0.1:$(node_port "$i")" \
      WAPI_CLUSTER_LEASE_MS="${WAPI_CLUSTER_LEASE_MS:-10000}" \
      WAPI_PUBLIC_URL="${WAPI_PUBLIC_URL:-http://localhost:$PORT}" \
      setsid nohup "$JAVA_HOME/bin/java" ${LOCAL_CLUSTER_JAVA_OPTS:--Xmx512m} "$(node_marker "$i")" \
      -jar "$JAR" >>"$dir/server.log" 2>&1 </dev/null
  ) &
  echo $! >"$dir/pid"
}

wait_node() {
  local i=$1
  if ! wait_for "node $i" 180 node_ready "$i"; then
    tail -n 40 "$(node_dir "$i")/server.log" >&2 || true
    die "WapiConnect node $i is not ready on port $(node_port "$i") within 180 s (log: $(node_dir "$i")/server.log)"
  fi
}

schema_migrated() { # log lines-before: the start-up line that follows the migrations, or the node died
  tail -n +"$(($2 + 1))" "$1" 2>/dev/null | grep -q 'Database schema up to date' && return 0
  # (by pid alone: until the launching subshell has exec'd java, its command line has no marker yet)
  kill -0 "$(cat "$(node_dir 1)/pid")" 2>/dev/null || die "WapiConnect node 1 stopped (log: $1)"
  return 1
}

start_nodes() {
  # Node 1 first: it runs the schema migrations. Flyway's lock (GET_LOCK) is per Galera node, not cluster-wide,
  # so nodes migrating at once through different Galera nodes could run the same DDL twice. The others start
  # once it has logged the schema up to date (they find nothing left to migrate).
  log "WapiConnect node 1: starting on port $(node_port 1) (Galera node 1), migrating the schema"
  local log1
  log1="$(node_dir 1)/server.log"
  local lines=0
  [ -f "$log1" ] && lines=$(wc -l <"$log1")
  start_node 1
  if ! wait_for "migrations" 240 schema_migrated "$log1" "$lines"; then
    tail -n 40 "$log1" >&2 || true
    die "WapiConnect node 1 did not migrate the schema within 240 s (log: $log1)"
  fi
  for i in "${NODES[@]}"; do
    [ "$i" = 1 ] && continue
    log "WapiConnect node $i: starting on port $(node_port "$i") (Galera node $i)"
    start_node "$i"
  done
  for i in "${NODES[@]}"; do wait_node "$i"; done
}

stop_nodes() {
  local pids=()
  for i in "${NODES[@]}"; do
    local dir
    dir=$(node_dir "$i")
    if pid_of "$dir/pid" "$(node_marker "$i")" >/dev/null; then
      log "WapiConnect node $i: stopping (SIGTERM)"
      stop_process "WapiConnect node $i" "$dir/pid" "$(node_marker "$i")" 60 &
      pids+=($!)
    fi
  done
  for p in "${pids[@]}"; do wait "$p" || true; done
}

# ---------------------------------------------------------------------------------------------------------------
# HAProxy

haproxy_dir() { echo "$DIR/haproxy"; }
haproxy_marker() { echo "$(haproxy_dir)/haproxy.cfg"; }

write_haproxy_config() {
  local dir
  dir=$(haproxy_dir)
  mkdir -p "$dir"
  {
    cat <<EOF
# HAProxy in front of the local WapiConnect cluster (written by src/deploy/local-cluster.sh).
# One port for REST (HTTP/1.1) and gRPC (cleartext HTTP/2 by prior knowledge): on a cleartext bind in HTTP mode,
# HAProxy speaks HTTP/2 to a client that opens with the HTTP/2 preface and HTTP/1.1 to the others.
global
    log stdout format raw local0 info
    maxconn 4096
    stats socket $dir/admin.sock mode 600 level admin

defaults
    mode http
    log global
    option httplog
    timeout connect 5s
    # Event streams stay open; the server sends a heartbeat every 15 s (WAPI_EVENT_HEARTBEAT_MS) on idle ones.
    timeout client 5m
    timeout server 5m
    timeout http-request 20s
    timeout http-keep-alive 55s
    timeout queue 30s
    retries 2
    option redispatch

frontend wapi
    bind 127.0.0.1:$PORT
    # gRPC goes to the nodes over HTTP/2 (the gRPC backend), everything else over HTTP/1.1, which is what the REST
    # API speaks (the server refuses the h2c upgrade).
    # The nodes' internal service (forwarded calls, cluster secret) is theirs alone: refused at the edge.
    http-request deny deny_status 403 if { path_beg /wapiconnect.internal. }
    use_backend wapi-grpc if { req.hdr(content-type) -m beg application/grpc }
    default_backend wapi-rest

backend wapi-rest
    balance roundrobin
    # A node that is not ready (database unreachable, stopping, ...) gets no new requests; 2 failed checks 2 s apart.
    # HTTP/1.1 with a Host header: the server closes an HTTP/1.0 request (HAProxy's default check) without an answer.
    option httpchk
    http-check send meth GET uri /health/ready ver HTTP/1.1 hdr Host localhost
    http-check expect status 200
    default-server inter 2s fall 2 rise 2
EOF
    for i in "${NODES[@]}"; do echo "    server node$i 127.0.0.1:$(node_port "$i") check"; done
    cat <<EOF

backend wapi-grpc
    balance roundrobin
    # Each gRPC call is one HTTP/2 stream, balanced on its own; a server is up when the REST backend's check says so.
EOF
    for i in "${NODES[@]}"; do echo "    server node$i 127.0.0.1:$(node_port "$i") proto h2 track wapi-rest/node$i"; done
  } >"$dir/haproxy.cfg"
}

start_haproxy() {
  local dir
  dir=$(haproxy_dir)
  write_haproxy_config
  haproxy -c -q -f "$dir/haproxy.cfg" || die "HAProxy refuses its configuration ($dir/haproxy.cfg)"
  setsid nohup haproxy -f "$dir/haproxy.cfg" >>"$dir/haproxy.log" 2>&1 </dev/null &
  echo $! >"$dir/pid"
  wait_for "HAProxy" 20 port_busy "$PORT" || die "HAProxy does not listen on $PORT (log: $dir/haproxy.log)"
  # Every node up in HAProxy's own view (its checks run every 2 s; rise 2).
  wait_for "HAProxy checks" 30 haproxy_all_up || log "warning: not every node is UP in HAProxy yet"
}

haproxy_stat() { # the stats socket's "show stat" (CSV), read with Python's standard library
  /usr/bin/python3 - "$(haproxy_dir)/admin.sock" <<'EOF'
import socket, sys
s = socket.socket(socket.AF_UNIX)
s.connect(sys.argv[1])
s.sendall(b"show stat\n")
data = b""
while chunk := s.recv(65536):
    data += chunk
sys.stdout.write(data.decode())
EOF
}

haproxy_all_up() {
  [ "$(haproxy_stat 2>/dev/null | awk -F, '$1 == "wapi-rest" && $2 ~ /^node/ && $18 == "UP"' | wc -l)" = ${#NODES[@]} ]
}

stop_haproxy() {
  local dir
  dir=$(haproxy_dir)
  if pid_of "$dir/pid" "$(haproxy_marker)" >/dev/null; then
    log "HAProxy: stopping"
    # SIGUSR1 is HAProxy's soft stop (finish the requests under way); SIGTERM stops at once.
    stop_process "HAProxy" "$dir/pid" "$(haproxy_marker)" 10
  fi
}

# ---------------------------------------------------------------------------------------------------------------
# Commands

running() { # anything of this DIR still running?
  for i in "${NODES[@]}"; do
    pid_of "$(galera_dir "$i")/mariadb.pid" "$(galera_marker "$i")" >/dev/null && return 0
    pid_of "$(galera_dir "$i")/mariadbd.pid-launcher" "$(galera_marker "$i")" >/dev/null && return 0
    pid_of "$(node_dir "$i")/pid" "$(node_marker "$i")" >/dev/null && return 0
  done
  pid_of "$(haproxy_dir)/pid" "$(haproxy_marker)" >/dev/null
}

cmd_start() {
  local started=$SECONDS
  if [ -d "$DIR" ] && running; then die "a cluster already runs from $DIR (stop it first)"; fi
  if $FRESH; then rm -rf "$DIR"; fi
  if load_state; then
    log "Restarting the cluster kept in $DIR on its data (--fresh to start empty)"
  fi
  ensure_tools
  $GALERA_ONLY || ensure_jar
  for p in $($GALERA_ONLY || echo "$PORT") $(for i in "${NODES[@]}"; do $GALERA_ONLY || node_port "$i"; sql_port "$i"; gmcast_port "$i"; ist_port "$i"; sst_port "$i"; done); do
    port_busy "$p" && die "port $p is in use (choose other ports: --port, --node-port, --sql-port, --galera-port)"
  done
  mkdir -p "$DIR"
  chmod 0755 "$DIR" # the Galera nodes run as mysql: they must reach their directories
  save_state
  ensure_secrets
  start_galera
  if $GALERA_ONLY; then
    log "Galera cluster up in $((SECONDS - started)) s: SQL on 127.0.0.1:$(sql_port 1)-$(sql_port 3), database wapi," \
      "user wapi (password: DB_PASSWORD in $DIR/secrets.env); stop: $0 stop --dir $DIR"
    return 0
  fi
  start_nodes
  # The quick start's demo tenant (the embedded default makes one by itself; on MariaDB the operator does).
  if [ ! -s "$DIR/demo-api-key" ]; then
    local answer
    answer=$(curl -sf -X POST "http://127.0.0.1:$(node_port 1)/api/admin/tenants" -H "X-Admin-Key: $WAPI_ADMIN_KEY" \
      -H 'Content-Type: application/json' -d '{"name":"Demo","email":"demo@example.com","plan":"starter"}') ||
      die "could not create the demo tenant"
    (umask 077 && echo "$answer" | sed -n 's/.*"apiKey":"\([^"]*\)".*/\1/p' >"$DIR/demo-api-key")
  fi
  start_haproxy
  log "Cluster up in $((SECONDS - started)) s"
  cat <<EOF

 WapiConnect cluster on http://localhost:$PORT (REST and gRPC; HAProxy over nodes on $(node_port 1)-$(node_port 3))
 Admin key (X-Admin-Key):     $(cat "$DIR/admin.key")      (in $DIR/admin.key)
 Demo tenant key (X-API-Key): $(cat "$DIR/demo-api-key")      (in $DIR/demo-api-key)
 Quick start:  export KEY=\$(cat $DIR/demo-api-key) BASE=http://localhost:$PORT
 Logs:         $DIR/node*/server.log, $DIR/galera*/error.log, $DIR/haproxy/haproxy.log
 Status/stop:  $0 status|stop${DIR:+ --dir $DIR}

EOF
}

cmd_status() {
  load_state || die "no cluster in $DIR"
  local first_up=""
  echo "Galera (MariaDB) nodes:"
  for i in "${NODES[@]}"; do
    local pid
    if pid=$(pid_of "$(galera_dir "$i")/mariadb.pid" "$(galera_marker "$i")"); then
      [ -n "$first_up" ] || first_up=$i
      printf '  galera%s  127.0.0.1:%s  pid %-7s %s, cluster size %s\n' "$i" "$(sql_port "$i")" "$pid" \
        "$(galera_status "$i" wsrep_local_state_comment)" "$(galera_status "$i" wsrep_cluster_size)"
    else
      printf '  galera%s  127.0.0.1:%s  down\n' "$i" "$(sql_port "$i")"
    fi
  done
  echo "WapiConnect nodes:"
  for i in "${NODES[@]}"; do
    local pid state
    if pid=$(pid_of "$(node_dir "$i")/pid" "$(node_marker "$i")"); then
      state=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "http://127.0.0.1:$(node_port "$i")/health/ready" || true)
      printf '  node%s  127.0.0.1:%s  pid %-7s /health/ready %s\n' "$i" "$(node_port "$i")" "$pid" "$state"
    else
      printf '  node%s  127.0.0.1:%s  down\n' "$i" "$(node_port "$i")"
    fi
  done
  echo "HAProxy on 127.0.0.1:$PORT:"
  if pid_of "$(haproxy_dir)/pid" "$(haproxy_marker)" >/dev/null; then
    haproxy_stat | awk -F, '$1 ~ /^wapi-/ && $2 ~ /^node/ {printf "  %-10s %-6s %-5s connections %s\n", $1, $2, $18, $8}'
  else
    echo "  down"
  fi
  echo "Sessions per node:"
  local key base="http://127.0.0.1:$PORT"
  key=$(cat "$DIR/admin.key" 2>/dev/null || true)
  local nodes
  if nodes=$(curl -sf --max-time 5 "$base/api/admin/nodes" -H "X-Admin-Key: $key"); then
    # GET /api/admin/nodes (cluster mode): one line per node as the server reports it.
    echo "$nodes" | /usr/bin/python3 -c '
import json, sys
body = json.load(sys.stdin)
for n in body.get("nodes", body if isinstance(body, list) else []):
    print("  " + "  ".join(f"{k}={v}" for k, v in n.items()))'
  elif [ -n "$first_up" ]; then
    # Before cluster mode no node records what it runs: the database shows what should be online, not where.
    echo "  (GET /api/admin/nodes not served by this build: sessions by status in the database, no owner known)"
    galera_sql "$first_up" "SELECT CONCAT('  ', status, ': ', COUNT(*)) FROM wapi.sessions GROUP BY status" 2>/dev/null ||
      echo "  (no sessions table yet)"
  fi
}

cmd_stop() {
  load_state || { $PURGE && rm -rf "$DIR"; log "no cluster in $DIR"; return 0; }
  local started=$SECONDS
  stop_haproxy
  stop_nodes
  stop_galera
  for p in "$PORT" $(for i in "${NODES[@]}"; do node_port "$i"; sql_port "$i"; gmcast_port "$i"; done); do
    port_busy "$p" && log "warning: port $p still answers (not ours?)"
  done
  if $PURGE; then
    rm -rf "$DIR"
    log "Stopped in $((SECONDS - started)) s; removed $DIR"
  else
    log "Stopped in $((SECONDS - started)) s; data kept in $DIR (start again, or stop --purge to delete it)"
  fi
}

cmd_node() {
  load_state || die "no cluster in $DIR"
  case "$NODE" in 1 | 2 | 3) ;; *) die "no node $NODE (1-3)" ;; esac
  local dir
  dir=$(node_dir "$NODE")
  case "$NODE_ACTION" in
    stop) stop_process "WapiConnect node $NODE" "$dir/pid" "$(node_marker "$NODE")" 60 ;;
    kill)
      local pid
      pid=$(pid_of "$dir/pid" "$(node_marker "$NODE")") || die "node $NODE does not run"
      kill -KILL "$pid"
      ;;
    start)
      pid_of "$dir/pid" "$(node_marker "$NODE")" >/dev/null && die "node $NODE runs already"
      ensure_tools
      ensure_jar
      ensure_secrets
      start_node "$NODE"
      wait_node "$NODE"
      ;;
    *) usage ;;
  esac
  log "WapiConnect node $NODE: $NODE_ACTION done"
}

case "$command" in
  node) cmd_node ;;
  start) cmd_start ;;
  status) cmd_status ;;
  stop) cmd_stop ;;
  *) usage ;;
esac
