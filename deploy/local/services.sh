#!/usr/bin/env bash
# Starts PostgreSQL 15 and RabbitMQ from Debian's packages on 127.0.0.1, installing what is missing.
# Sourced by run.sh and test.sh; safe to run again: services already answering are reused. Starting after a stop,
# a crash or a reboot clears what the last run left behind (a stale postmaster.pid, a RabbitMQ pid file or epmd
# that no longer answers), and a port held by something else stops the start with a message that names the holder.
#
# Everything an instance writes lives under its state directory (nothing in /etc), so a second, private instance
# runs beside the first when given its own state directory, ports and node name:
#   INFOSHARING_STATE_DIR          /var/tmp/infosharing   data, logs, pid files, RabbitMQ config
#   INFOSHARING_PG_PORT            5433
#   INFOSHARING_AMQP_PORT          5672
#   INFOSHARING_RABBITMQ_MGMT_PORT 15672
#   INFOSHARING_RABBITMQ_NODENAME  rabbit@localhost
#   INFOSHARING_RABBITMQ_DIST_PORT AMQP port + 20000 (Erlang distribution)
#   INFOSHARING_EPMD_PORT          4369 (give a private instance its own, e.g. 4379, so it never shares an epmd)
#   INFOSHARING_PG_OPTIONS         extra postgres -c options (test.sh turns fsync off)
#   INFOSHARING_TLS                1: also serve TLS, with a CA and server certificate generated once into
#                                  $STATE_DIR/tls (ca.pem for clients); PostgreSQL takes TLS on its port
#                                  (hostssl), RabbitMQ serves AMQPS on INFOSHARING_AMQPS_PORT (AMQP port + 1 by default)
#
# Run directly for one service:  services.sh start|stop|restart|status [postgres|rabbitmq]   (stop here always
# stops that instance, whoever started it: use it only on an instance of your own).
set -euo pipefail

STATE_DIR=${INFOSHARING_STATE_DIR:-/var/tmp/infosharing}
# This script's directory, absolute: callers source it by a relative path and then change directory.
SERVICES_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
PG_PORT=${INFOSHARING_PG_PORT:-5433}
PG_BIN=${INFOSHARING_PG_BIN:-/usr/lib/postgresql/15/bin}
PG_DATA="$STATE_DIR/pg/data"
# The instance's own Unix socket directory (not /tmp, shared with every other server): its lock file is cleared with
# a stale postmaster.pid. Clients here use TCP on 127.0.0.1.
PG_SOCKET_DIR="$STATE_DIR/pg/socket"
AMQP_PORT=${INFOSHARING_AMQP_PORT:-5672}
MGMT_PORT=${INFOSHARING_RABBITMQ_MGMT_PORT:-15672}
RABBIT_NODENAME=${INFOSHARING_RABBITMQ_NODENAME:-rabbit@localhost}
RABBIT_DIST_PORT=${INFOSHARING_RABBITMQ_DIST_PORT:-$((AMQP_PORT + 20000))}
EPMD_PORT=${INFOSHARING_EPMD_PORT:-4369}
RABBIT_DIR="$STATE_DIR/rabbitmq"
TLS=${INFOSHARING_TLS:-}
TLS_DIR="$STATE_DIR/tls"
AMQPS_PORT=${INFOSHARING_AMQPS_PORT:-$((AMQP_PORT + 1))}
RABBIT_HOME=/var/lib/rabbitmq

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
log() { printf '[infosharing] %s\n' "$*" >&2; }

ensure_packages() {
  local missing=()
  [ -x "$PG_BIN/pg_ctl" ] || missing+=(postgresql-15)
  command -v rabbitmq-server >/dev/null 2>&1 || [ -x /usr/sbin/rabbitmq-server ] || missing+=(rabbitmq-server)
  command -v curl >/dev/null 2>&1 || missing+=(curl)
  command -v ss >/dev/null 2>&1 || missing+=(iproute2)
  /usr/bin/python3 -c 'import pika' >/dev/null 2>&1 || missing+=(python3-pika)
  if [ ${#missing[@]} -gt 0 ]; then
    log "installing ${missing[*]} from Debian's packages"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
}

# "PID (command)" of whatever listens on TCP port $1 on loopback or all interfaces; empty when the port is free.
port_holder() {
  local line pid
  line=$(as_root ss -Hltnp "sport = :$1" 2>/dev/null | head -1) || true
  [ -n "$line" ] || return 0
  pid=$(printf '%s' "$line" | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2) || true
  if [ -n "$pid" ]; then printf '%s (%s)' "$pid" "$(tr '\0\n' '  ' <"/proc/$pid/cmdline" 2>/dev/null | cut -c1-100)"; else printf 'an unknown process'; fi
}

require_port_free() {
  local port=$1 what=$2 variable=$3 holder
  holder=$(port_holder "$port")
  [ -z "$holder" ] && return 0
  log "cannot start $what: port $port is already taken by PID $holder; stop that, or choose another port with $variable"
  return 1
}

process_alive() { [ -n "${1:-}" ] && [ -d "/proc/$1" ]; }

# Waits up to $2 seconds for process $1 to exit.
wait_exit() { local i; for i in $(seq 1 $(( $2 * 5 ))); do process_alive "$1" || return 0; sleep 0.2; done; ! process_alive "$1"; }

# --- TLS ----------------------------------------------------------------------------------------------------------

# A local CA and a server certificate for 127.0.0.1 and localhost, made once per state directory (never leave this
# instance's machine: a partnership uses certificates from its own CA). Clients trust $TLS_DIR/ca.pem.
ensure_tls_certificates() {
  [ -n "$TLS" ] || return 0
  if [ -f "$TLS_DIR/server.pem" ] && [ -f "$TLS_DIR/ca.pem" ]; then return 0; fi
  log "generating a local CA and server certificate in $TLS_DIR (clients trust $TLS_DIR/ca.pem)"
  as_root mkdir -p "$TLS_DIR"
  as_root openssl req -x509 -newkey rsa:2048 -nodes -days 825 -subj "/CN=InfoSharing local CA" \
    -keyout "$TLS_DIR/ca.key" -out "$TLS_DIR/ca.pem" -addext "basicConstraints=critical,CA:TRUE" \
    -addext "keyUsage=critical,keyCertSign,cRLSign" >/dev/null 2>&1
  as_root openssl req -newkey rsa:2048 -nodes -subj "/CN=localhost" -keyout "$TLS_DIR/server.key" -out "$TLS_DIR/server.csr" >/dev/null 2>&1
  printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\nbasicConstraints=CA:FALSE\n' | as_root tee "$TLS_DIR/server.ext" >/dev/null
  as_root openssl x509 -req -in "$TLS_DIR/server.csr" -CA "$TLS_DIR/ca.pem" -CAkey "$TLS_DIR/ca.key" -CAcreateserial \
    -days 825 -extfile "$TLS_DIR/server.ext" -out "$TLS_DIR/server.pem" >/dev/null 2>&1
  # Each server reads its own copy of the key, readable by it alone.
  for owner in postgres rabbitmq; do
    as_root cp "$TLS_DIR/server.key" "$TLS_DIR/server-$owner.key"
    as_root chown "$owner:$owner" "$TLS_DIR/server-$owner.key"
    as_root chmod 600 "$TLS_DIR/server-$owner.key"
  done
  as_root chmod 600 "$TLS_DIR/ca.key" "$TLS_DIR/server.key"
  as_root chmod 644 "$TLS_DIR/ca.pem" "$TLS_DIR/server.pem"
  as_root chmod 755 "$TLS_DIR"
}

pg_tls_options() {
  [ -n "$TLS" ] || return 0
  printf -- '-c ssl=on -c ssl_cert_file=%s -c ssl_key_file=%s -c ssl_min_protocol_version=TLSv1.2' "$TLS_DIR/server.pem" "$TLS_DIR/server-postgres.key"
}

# --- PostgreSQL ---------------------------------------------------------------------------------------------------

pg_running() { "$PG_BIN/pg_isready" -h 127.0.0.1 -p "$PG_PORT" -q 2>/dev/null; }

# The PID in postmaster.pid when that process is this cluster's postmaster (its working directory is the data
# directory); empty otherwise: after a crash or a reboot the file stays behind, and its PID may belong to anyone.
pg_postmaster_pid() {
  local pid
  [ -f "$PG_DATA/postmaster.pid" ] || return 0
  pid=$(head -1 "$PG_DATA/postmaster.pid" 2>/dev/null | tr -dc '0-9') || true
  process_alive "$pid" && [ "$(as_root readlink "/proc/$pid/cwd" 2>/dev/null)" = "$(readlink -f "$PG_DATA")" ] && printf '%s' "$pid"
  return 0
}

start_postgres() {
  if pg_running; then log "PostgreSQL already answers on 127.0.0.1:$PG_PORT"; return; fi
  as_root mkdir -p "$STATE_DIR/pg"
  as_root chown postgres:postgres "$STATE_DIR/pg"
  as_root chmod 700 "$STATE_DIR/pg"
  if [ ! -f "$PG_DATA/PG_VERSION" ]; then
    log "creating a PostgreSQL cluster in $PG_DATA"
    as_root runuser -u postgres -- "$PG_BIN/initdb" -D "$PG_DATA" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
  fi
  local pid
  pid=$(pg_postmaster_pid)
  if [ -n "$pid" ]; then
    # Ours, alive, but not answering yet (starting up, or recovering after a crash): give it time before anything else.
    log "PostgreSQL (PID $pid) is running on $PG_DATA but not answering yet; waiting"
    for _ in $(seq 1 120); do pg_running && return 0; process_alive "$pid" || break; sleep 0.5; done
    pg_running && return 0
    process_alive "$pid" && { log "PostgreSQL PID $pid on $PG_DATA does not answer on port $PG_PORT; see $STATE_DIR/pg/server.log"; return 1; }
  elif [ -f "$PG_DATA/postmaster.pid" ]; then
    log "removing a stale postmaster.pid (left by a crash or a reboot; its PID is not this cluster's server)"
    as_root rm -f "$PG_DATA/postmaster.pid"
    # The socket's lock file names the same dead server; a PID not yet reaped still looks alive to PostgreSQL.
    as_root rm -f "$PG_SOCKET_DIR/.s.PGSQL.$PG_PORT" "$PG_SOCKET_DIR/.s.PGSQL.$PG_PORT.lock"
  fi
  as_root mkdir -p "$PG_SOCKET_DIR"
  as_root chown postgres:postgres "$PG_SOCKET_DIR"
  require_port_free "$PG_PORT" "PostgreSQL" INFOSHARING_PG_PORT
  ensure_tls_certificates
  log "starting PostgreSQL on 127.0.0.1:$PG_PORT${TLS:+ (TLS on; clients trust $TLS_DIR/ca.pem)}"
  mkdir -p "$STATE_DIR"; touch "$STATE_DIR/started-postgres"
  if ! as_root runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$STATE_DIR/pg/server.log" -w -t 120 \
      -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $PG_SOCKET_DIR -c max_connections=200 $(pg_tls_options) ${INFOSHARING_PG_OPTIONS:-}" start >/dev/null; then
    log "PostgreSQL did not start; the end of $STATE_DIR/pg/server.log:"; tail -5 "$STATE_DIR/pg/server.log" >&2 || true
    return 1
  fi
}

# stop_postgres [force]: without "force", only a server these scripts started.
stop_postgres() {
  if [ "${1:-}" != force ]; then
    [ -f "$STATE_DIR/started-postgres" ] || { log "PostgreSQL was not started by these scripts; leaving it running"; return; }
  fi
  rm -f "$STATE_DIR/started-postgres"
  local pid
  pid=$(pg_postmaster_pid)
  [ -n "$pid" ] || return 0
  as_root runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$PG_DATA" -m fast -w -t 60 stop >/dev/null 2>&1 \
    || as_root runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$PG_DATA" -m immediate -w -t 30 stop >/dev/null 2>&1 || true
  wait_exit "$pid" 30 || { log "PostgreSQL PID $pid did not stop"; return 1; }
}

# --- RabbitMQ -----------------------------------------------------------------------------------------------------

rabbit_env() {
  local short=${RABBIT_NODENAME%@*}
  printf '%s\n' \
    "HOME=$RABBIT_HOME" \
    "RABBITMQ_NODENAME=$RABBIT_NODENAME" \
    "RABBITMQ_NODE_IP_ADDRESS=127.0.0.1" \
    "RABBITMQ_NODE_PORT=$AMQP_PORT" \
    "RABBITMQ_DIST_PORT=$RABBIT_DIST_PORT" \
    "ERL_EPMD_PORT=$EPMD_PORT" \
    "ERL_EPMD_ADDRESS=127.0.0.1" \
    "RABBITMQ_CONF_ENV_FILE=$RABBIT_DIR/rabbitmq-env.conf" \
    "RABBITMQ_CONFIG_FILE=$RABBIT_DIR/rabbitmq.conf" \
    "RABBITMQ_ADVANCED_CONFIG_FILE=$RABBIT_DIR/advanced.config" \
    "RABBITMQ_ENABLED_PLUGINS_FILE=$RABBIT_DIR/enabled_plugins" \
    "RABBITMQ_MNESIA_BASE=$RABBIT_DIR/mnesia" \
    "RABBITMQ_LOG_BASE=$RABBIT_DIR/log" \
    "RABBITMQ_PID_FILE=$RABBIT_DIR/$short.pid" \
    "RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS=-kernel inet_dist_use_interface {127,0,0,1}"
}

# Runs a command as the rabbitmq user with this instance's environment only (never /etc/rabbitmq's).
as_rabbitmq() {
  local env=()
  mapfile -t env < <(rabbit_env)
  (cd "$RABBIT_HOME" && as_root runuser -u rabbitmq -- env "${env[@]}" "$@")
}

rabbit_running() { curl -sf --max-time 5 -o /dev/null -u guest:guest "http://127.0.0.1:$MGMT_PORT/api/overview"; }

# The node's PID from its pid file when that process is this instance's Erlang VM (its environment names this
# instance's data directory); empty otherwise: after a reboot the PID may be anyone's, even another broker's.
rabbit_pid() {
  local file="$RABBIT_DIR/${RABBIT_NODENAME%@*}.pid" pid
  [ -f "$file" ] || return 0
  pid=$(tr -dc '0-9' <"$file") || true
  process_alive "$pid" && grep -q beam "/proc/$pid/comm" 2>/dev/null \
    && as_root cat "/proc/$pid/environ" 2>/dev/null | tr '\0' '\n' | grep -x "RABBITMQ_MNESIA_BASE=$RABBIT_DIR/mnesia" >/dev/null \
    && printf '%s' "$pid"
  return 0
}

epmd_answers() { timeout 5 epmd -port "$EPMD_PORT" -names >/dev/null 2>&1; }

# An epmd on our port that answers is reused (it may serve other nodes); one that holds the port and does not
# answer is left over from an earlier run (the "did not answer within 120 s" failure) and is replaced.
ensure_epmd() {
  if ! epmd_answers; then
    local holder pid
    holder=$(port_holder "$EPMD_PORT")
    if [ -n "$holder" ]; then
      pid=${holder%% *}
      if grep -q epmd "/proc/$pid/comm" 2>/dev/null; then
        log "epmd (PID $pid) holds port $EPMD_PORT but does not answer: a leftover; replacing it"
        as_root kill -KILL "$pid" 2>/dev/null || true; wait_exit "$pid" 10 || true
      else
        require_port_free "$EPMD_PORT" "epmd (for RabbitMQ)" INFOSHARING_EPMD_PORT || return 1
      fi
    fi
    as_rabbitmq epmd -port "$EPMD_PORT" -address 127.0.0.1 -daemon
    for _ in $(seq 1 50); do epmd_answers && break; sleep 0.1; done
  fi
  epmd_answers || { log "epmd did not start on port $EPMD_PORT"; return 1; }
  if as_root timeout 5 epmd -port "$EPMD_PORT" -names 2>/dev/null | grep "^name ${RABBIT_NODENAME%@*} at" >/dev/null; then
    log "a node named $RABBIT_NODENAME is already registered with epmd on port $EPMD_PORT but does not answer on $MGMT_PORT; stop it, or choose another INFOSHARING_RABBITMQ_NODENAME"
    return 1
  fi
}

write_rabbit_config() {
  as_root mkdir -p "$RABBIT_DIR/mnesia" "$RABBIT_DIR/log"
  printf 'listeners.tcp.default = 127.0.0.1:%s\nmanagement.tcp.ip = 127.0.0.1\nmanagement.tcp.port = %s\nloopback_users = none\n' \
    "$AMQP_PORT" "$MGMT_PORT" | as_root tee "$RABBIT_DIR/rabbitmq.conf" >/dev/null
  if [ -n "$TLS" ]; then
    printf 'listeners.ssl.default = 127.0.0.1:%s\nssl_options.cacertfile = %s\nssl_options.certfile = %s\nssl_options.keyfile = %s\nssl_options.verify = verify_none\nssl_options.fail_if_no_peer_cert = false\nssl_options.versions.1 = tlsv1.3\nssl_options.versions.2 = tlsv1.2\n' \
      "$AMQPS_PORT" "$TLS_DIR/ca.pem" "$TLS_DIR/server.pem" "$TLS_DIR/server-rabbitmq.key" | as_root tee -a "$RABBIT_DIR/rabbitmq.conf" >/dev/null
  fi
  printf '[rabbitmq_management].\n' | as_root tee "$RABBIT_DIR/enabled_plugins" >/dev/null
  printf '# Empty on purpose: this instance takes its settings from services.sh, never from /etc/rabbitmq.\n' \
    | as_root tee "$RABBIT_DIR/rabbitmq-env.conf" >/dev/null
  as_root chown -R rabbitmq:rabbitmq "$RABBIT_DIR"
}

start_rabbitmq() {
  if rabbit_running; then log "RabbitMQ already answers on 127.0.0.1:$AMQP_PORT"; return; fi
  local pid
  pid=$(rabbit_pid)
  if [ -n "$pid" ]; then
    log "RabbitMQ node $RABBIT_NODENAME (PID $pid) from an earlier start is running but not answering; waiting for it"
    for _ in $(seq 1 120); do rabbit_running && return 0; process_alive "$pid" || break; sleep 0.5; done
    if process_alive "$pid"; then
      log "stopping the unresponsive node (PID $pid)"
      as_root kill -TERM "$pid" 2>/dev/null || true
      wait_exit "$pid" 30 || { as_root kill -KILL "$pid" 2>/dev/null || true; wait_exit "$pid" 10 || true; }
    fi
  fi
  as_root rm -f "$RABBIT_DIR/${RABBIT_NODENAME%@*}.pid"
  require_port_free "$AMQP_PORT" "RabbitMQ" INFOSHARING_AMQP_PORT
  require_port_free "$MGMT_PORT" "RabbitMQ management" INFOSHARING_RABBITMQ_MGMT_PORT
  require_port_free "$RABBIT_DIST_PORT" "RabbitMQ (Erlang distribution)" INFOSHARING_RABBITMQ_DIST_PORT
  [ -z "$TLS" ] || require_port_free "$AMQPS_PORT" "RabbitMQ (AMQPS)" INFOSHARING_AMQPS_PORT
  ensure_tls_certificates
  write_rabbit_config
  ensure_epmd
  log "starting RabbitMQ $RABBIT_NODENAME on 127.0.0.1:$AMQP_PORT (management on $MGMT_PORT, data in $RABBIT_DIR)"
  mkdir -p "$STATE_DIR"; touch "$STATE_DIR/started-rabbitmq"
  as_rabbitmq /usr/lib/rabbitmq/bin/rabbitmq-server -detached >"$STATE_DIR/rabbitmq-start.log" 2>&1 || true
  local seen=
  for i in $(seq 1 480); do
    rabbit_running && return 0
    pid=$(rabbit_pid)
    if [ -n "$pid" ]; then seen=$pid
    elif [ -n "$seen" ] || [ "$i" -gt 120 ]; then
      # The node wrote its pid file and died, or never came up at all: say why now rather than after 120 s.
      break
    fi
    sleep 0.25
  done
  log "RabbitMQ did not answer on 127.0.0.1:$MGMT_PORT; the end of its logs:"
  tail -5 "$STATE_DIR/rabbitmq-start.log" >&2 2>/dev/null || true
  as_root sh -c "tail -15 '$RABBIT_DIR'/log/*.log" >&2 2>/dev/null || true
  return 1
}

# stop_rabbitmq [force]: without "force", only a node these scripts started.
stop_rabbitmq() {
  if [ "${1:-}" != force ]; then
    [ -f "$STATE_DIR/started-rabbitmq" ] || { log "RabbitMQ was not started by these scripts; leaving it running"; return; }
  fi
  rm -f "$STATE_DIR/started-rabbitmq"
  local pid
  pid=$(rabbit_pid)
  if [ -n "$pid" ]; then
    as_rabbitmq timeout 90 /usr/lib/rabbitmq/bin/rabbitmqctl -n "$RABBIT_NODENAME" shutdown >/dev/null 2>&1 || true
    if ! wait_exit "$pid" 30; then
      as_root kill -TERM "$pid" 2>/dev/null || true
      wait_exit "$pid" 20 || { as_root kill -KILL "$pid" 2>/dev/null || true; wait_exit "$pid" 10 || true; }
    fi
  fi
  # The epmd goes too, unless another node still uses it.
  if epmd_answers && ! as_root timeout 5 epmd -port "$EPMD_PORT" -names 2>/dev/null | grep '^name ' >/dev/null; then
    as_root epmd -port "$EPMD_PORT" -kill >/dev/null 2>&1 || true
  fi
}

# --- Both -----------------------------------------------------------------------------------------------------------

export_connection_settings() {
  if [ -n "$TLS" ]; then
    # Both hosts verify the servers' certificates against the generated CA (README, "TLS").
    export ConnectionStrings__Postgres=${ConnectionStrings__Postgres:-"Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=infosharing;SSL Mode=VerifyFull;Root Certificate=$TLS_DIR/ca.pem"}
    export ConnectionStrings__RabbitMq=${ConnectionStrings__RabbitMq:-"amqps://guest:guest@127.0.0.1:$AMQPS_PORT"}
    export RabbitMq__CaCertificateFile=${RabbitMq__CaCertificateFile:-"$TLS_DIR/ca.pem"}
  fi
  export ConnectionStrings__Postgres=${ConnectionStrings__Postgres:-"Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=infosharing"}
  export ConnectionStrings__RabbitMq=${ConnectionStrings__RabbitMq:-"amqp://guest:guest@127.0.0.1:$AMQP_PORT"}
  export INFOSHARING_RABBITMQ_MANAGEMENT=${INFOSHARING_RABBITMQ_MANAGEMENT:-"http://guest:guest@127.0.0.1:$MGMT_PORT"}
}

RABBITMQ_SECRETS=${INFOSHARING_RABBITMQ_SECRETS:-"$STATE_DIR/secrets/rabbitmq.json"}

configure_rabbitmq() {
  # Policies of the wire contract and the broker users of deploy/rabbitmq/definitions.json (agencies, subscribers,
  # worker, API), with passwords generated once into $RABBITMQ_SECRETS (0600). guest stays: this is the local demo.
  /usr/bin/python3 "$SERVICES_DIR/../rabbitmq/apply.py" \
    --management "http://guest:guest@127.0.0.1:$MGMT_PORT" --vhost / --secrets "$RABBITMQ_SECRETS" >/dev/null
}

# amqp_url_for USER: the AMQP URL of a broker user of definitions.json, password from the secrets file (amqps://
# on the AMQPS port when TLS is on).
amqp_url_for() {
  local url port=$AMQP_PORT
  if [ -n "$TLS" ]; then port=$AMQPS_PORT; fi
  url=$(INFOSHARING_RABBITMQ_SECRETS="$RABBITMQ_SECRETS" INFOSHARING_AMQP_PORT="$port" /usr/bin/python3 -c \
    'import sys; sys.path.insert(0, sys.argv[2]); import broker; print(broker.url_for(sys.argv[1]))' \
    "$1" "$SERVICES_DIR/agency") || true
  # Never an empty URL: a host given an empty connection string would quietly fall back to its appsettings (guest).
  if [ -z "$url" ]; then log "no broker URL for $1 (see the error above)"; return 1; fi
  if [ -n "$TLS" ]; then url="amqps://${url#amqp://}"; fi
  printf '%s\n' "$url"
}

start_services() {
  ensure_packages
  start_postgres
  start_rabbitmq
  configure_rabbitmq
  export_connection_settings
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  action=${1:-}; service=${2:-all}
  if [ "$action" = stop ] || [ "$action" = restart ]; then
    # Stopping here does not ask who started the server: only for an instance named explicitly as one's own.
    if [ -z "${INFOSHARING_STATE_DIR:-}" ] || [ "$(readlink -f "$STATE_DIR")" = /var/tmp/infosharing ]; then
      log "refusing to $action the default instance ($STATE_DIR, ports $PG_PORT/$AMQP_PORT): others may be using it."
      log "set INFOSHARING_STATE_DIR (and the ports) to an instance of your own, or use 'deploy/local/run.sh stop'"
      exit 2
    fi
  fi
  case "$action/$service" in
    start/postgres) ensure_packages; start_postgres ;;
    start/rabbitmq) ensure_packages; start_rabbitmq; configure_rabbitmq ;;
    start/all) start_services ;;
    stop/postgres) stop_postgres force ;;
    stop/rabbitmq) stop_rabbitmq force ;;
    stop/all) stop_rabbitmq force; stop_postgres force ;;
    restart/postgres) stop_postgres force; start_postgres ;;
    restart/rabbitmq) stop_rabbitmq force; start_rabbitmq ;;
    status/*) pg_running && log "PostgreSQL answers on $PG_PORT" || log "PostgreSQL does not answer on $PG_PORT"
              rabbit_running && log "RabbitMQ answers on $MGMT_PORT" || log "RabbitMQ does not answer on $MGMT_PORT" ;;
    *) echo "usage: $0 start|stop|restart|status [postgres|rabbitmq]" >&2; exit 2 ;;
  esac
fi
