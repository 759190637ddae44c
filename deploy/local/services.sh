#!/usr/bin/env bash
# Starts PostgreSQL 15 and RabbitMQ from Debian's packages on 127.0.0.1, installing what is missing.
# Sourced by run.sh and test.sh; safe to run again: services already answering are reused.
set -euo pipefail

STATE_DIR=${INFOSHARING_STATE_DIR:-/var/tmp/infosharing}
PG_PORT=${INFOSHARING_PG_PORT:-5433}
PG_BIN=${INFOSHARING_PG_BIN:-/usr/lib/postgresql/15/bin}
AMQP_PORT=${INFOSHARING_AMQP_PORT:-5672}
MGMT_PORT=${INFOSHARING_RABBITMQ_MGMT_PORT:-15672}

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
log() { printf '[infosharing] %s\n' "$*" >&2; }

ensure_packages() {
  local missing=()
  [ -x "$PG_BIN/pg_ctl" ] || missing+=(postgresql-15)
  command -v rabbitmq-server >/dev/null 2>&1 || [ -x /usr/sbin/rabbitmq-server ] || missing+=(rabbitmq-server)
  command -v curl >/dev/null 2>&1 || missing+=(curl)
  /usr/bin/python3 -c 'import pika' >/dev/null 2>&1 || missing+=(python3-pika)
  if [ ${#missing[@]} -gt 0 ]; then
    log "installing ${missing[*]} from Debian's packages"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
}

pg_running() { "$PG_BIN/pg_isready" -h 127.0.0.1 -p "$PG_PORT" -q 2>/dev/null; }

start_postgres() {
  if pg_running; then log "PostgreSQL already answers on 127.0.0.1:$PG_PORT"; return; fi
  local data="$STATE_DIR/pg/data"
  as_root mkdir -p "$STATE_DIR/pg"
  as_root chown postgres:postgres "$STATE_DIR/pg"
  as_root chmod 700 "$STATE_DIR/pg"
  if [ ! -f "$data/PG_VERSION" ]; then
    log "creating a PostgreSQL cluster in $data"
    as_root runuser -u postgres -- "$PG_BIN/initdb" -D "$data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
  fi
  log "starting PostgreSQL on 127.0.0.1:$PG_PORT"
  touch "$STATE_DIR/started-postgres"
  as_root runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$data" -l "$STATE_DIR/pg/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k /tmp -c max_connections=200 ${INFOSHARING_PG_OPTIONS:-}" start >/dev/null
}

stop_postgres() {
  local data="$STATE_DIR/pg/data"
  [ -f "$STATE_DIR/started-postgres" ] || { log "PostgreSQL was not started by these scripts; leaving it running"; return; }
  rm -f "$STATE_DIR/started-postgres"
  if [ -f "$data/postmaster.pid" ]; then
    as_root runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$data" -m fast -w stop >/dev/null || true
  fi
}

rabbit_running() { curl -sf -o /dev/null -u guest:guest "http://127.0.0.1:$MGMT_PORT/api/overview"; }

start_rabbitmq() {
  if rabbit_running; then log "RabbitMQ already answers on 127.0.0.1:$AMQP_PORT"; return; fi
  log "starting RabbitMQ on 127.0.0.1:$AMQP_PORT (management on $MGMT_PORT)"
  mkdir -p "$STATE_DIR"; touch "$STATE_DIR/started-rabbitmq"
  as_root mkdir -p /etc/rabbitmq
  as_root tee /etc/rabbitmq/rabbitmq-env.conf >/dev/null <<CONF
NODENAME=rabbit@localhost
NODE_IP_ADDRESS=127.0.0.1
export ERL_EPMD_ADDRESS=127.0.0.1
SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}"
CONF
  printf 'listeners.tcp.default = 127.0.0.1:%s\nmanagement.tcp.ip = 127.0.0.1\nmanagement.tcp.port = %s\nloopback_users = none\n' \
    "$AMQP_PORT" "$MGMT_PORT" | as_root tee /etc/rabbitmq/rabbitmq.conf >/dev/null
  as_root rabbitmq-plugins enable --offline rabbitmq_management >/dev/null
  as_root rabbitmq-server -detached >/dev/null 2>&1 || true
  for _ in $(seq 1 480); do rabbit_running && return; sleep 0.25; done
  log "RabbitMQ did not answer within 120 s"; return 1
}

stop_rabbitmq() {
  [ -f "$STATE_DIR/started-rabbitmq" ] || { log "RabbitMQ was not started by these scripts; leaving it running"; return; }
  rm -f "$STATE_DIR/started-rabbitmq"
  if rabbit_running; then as_root rabbitmqctl shutdown >/dev/null 2>&1 || true; fi
  as_root epmd -kill >/dev/null 2>&1 || true
}

export_connection_settings() {
  export ConnectionStrings__Postgres=${ConnectionStrings__Postgres:-"Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=infosharing"}
  export ConnectionStrings__RabbitMq=${ConnectionStrings__RabbitMq:-"amqp://guest:guest@127.0.0.1:$AMQP_PORT"}
  export INFOSHARING_RABBITMQ_MANAGEMENT=${INFOSHARING_RABBITMQ_MANAGEMENT:-"http://guest:guest@127.0.0.1:$MGMT_PORT"}
}

RABBITMQ_SECRETS=${INFOSHARING_RABBITMQ_SECRETS:-"$STATE_DIR/secrets/rabbitmq.json"}

configure_rabbitmq() {
  # Policies of the wire contract and the broker users of deploy/rabbitmq/definitions.json (agencies, subscribers,
  # worker, API), with passwords generated once into $RABBITMQ_SECRETS (0600). guest stays: this is the local demo.
  /usr/bin/python3 "$(dirname "${BASH_SOURCE[0]}")/../rabbitmq/apply.py" \
    --management "http://guest:guest@127.0.0.1:$MGMT_PORT" --vhost / --secrets "$RABBITMQ_SECRETS" >/dev/null
}

# amqp_url_for USER: the AMQP URL of a broker user of definitions.json, password from the secrets file.
amqp_url_for() {
  INFOSHARING_RABBITMQ_SECRETS="$RABBITMQ_SECRETS" INFOSHARING_AMQP_PORT="$AMQP_PORT" /usr/bin/python3 -c \
    'import sys; sys.path.insert(0, sys.argv[2]); import broker; print(broker.url_for(sys.argv[1]))' \
    "$1" "$(dirname "${BASH_SOURCE[0]}")/agency"
}

start_services() {
  ensure_packages
  start_postgres
  start_rabbitmq
  configure_rabbitmq
  export_connection_settings
}
