#!/usr/bin/env bash
# Runs InfoSharing locally with its dependencies, replays the demo feed and says what health visiting received.
#   deploy/local/run.sh         start (or restart) everything, replay the demo, leave it running
#   deploy/local/run.sh stop    stop the worker, the API, and the PostgreSQL and RabbitMQ this script started
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"
source deploy/local/services.sh
RUN_DIR="$STATE_DIR/run"
API_URL=${INFOSHARING_API_URL:-http://127.0.0.1:8080}
WORKER_URL=${INFOSHARING_WORKER_URL:-http://127.0.0.1:8081}
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

# The PID in a host's pid file, if that process is still that host (after a reboot the PID may be anyone's).
host_pid() {
  local pidfile="$RUN_DIR/$1.pid" dll=$2 pid
  [ -f "$pidfile" ] || return 0
  pid=$(tr -dc '0-9' <"$pidfile") || true
  process_alive "$pid" && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -F "$dll" >/dev/null && printf '%s' "$pid"
  return 0
}

stop_hosts() {
  local name dll pid
  for name in worker api; do
    dll=$([ "$name" = worker ] && echo InfoSharing.Worker.dll || echo InfoSharing.Api.dll)
    pid=$(host_pid "$name" "$dll")
    if [ -n "$pid" ]; then
      kill "$pid" 2>/dev/null || true
      wait_exit "$pid" 20 || { kill -KILL "$pid" 2>/dev/null || true; wait_exit "$pid" 5 || true; }
    fi
    rm -f "$RUN_DIR/$name.pid"
  done
}

url_port() { local rest=${1##*:}; printf '%s' "${rest%%/*}"; }

if [ "${1:-}" = "stop" ]; then
  stop_hosts
  stop_postgres
  stop_rabbitmq
  log "stopped"
  exit 0
fi

started=$(date +%s)
start_services
stop_hosts
mkdir -p "$RUN_DIR"

log "building (Release)"
dotnet build InfoSharing.sln -c Release -v quiet -nologo >"$RUN_DIR/build.log" 2>&1 || { tail -30 "$RUN_DIR/build.log"; exit 1; }
BIN=src/InfoSharing.Worker/bin/Release/net10.0
API_BIN=src/InfoSharing.Api/bin/Release/net10.0

# The local demo starts from an empty database and empty flag queue each run, so that it always shows the same thing.
log "resetting the local demo database and applying migrations"
psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -q -c "DROP DATABASE IF EXISTS infosharing WITH (FORCE)" >/dev/null
(cd "$BIN" && dotnet InfoSharing.Worker.dll migrate >"$RUN_DIR/migrate.log" 2>&1) || { cat "$RUN_DIR/migrate.log"; exit 1; }
curl -sf --max-time 10 -u guest:guest -X DELETE "http://127.0.0.1:$MGMT_PORT/api/queues/%2F/flags.health-visiting/contents" >/dev/null 2>&1 || true
# The audit chain's checkpoints belong to the database just dropped: a new chain starts without them.
export Audit__CheckpointDirectory="$STATE_DIR/audit-checkpoints"
rm -rf "$Audit__CheckpointDirectory"
# Queues are quorum queues since docs/decisions/0014; the demo drops classic ones an older run left (they cannot be converted).
/usr/bin/python3 deploy/rabbitmq/migrate-queues.py --management "http://127.0.0.1:$MGMT_PORT" --reset >"$RUN_DIR/migrate-queues.log" 2>&1 || { cat "$RUN_DIR/migrate-queues.log"; exit 1; }

require_port_free "$(url_port "$WORKER_URL")" "the worker" INFOSHARING_WORKER_URL
require_port_free "$(url_port "$API_URL")" "the API" INFOSHARING_API_URL
log "starting the worker ($WORKER_URL) and the API ($API_URL)"
export ASPNETCORE_ENVIRONMENT=${ASPNETCORE_ENVIRONMENT:-Development}
# Each host connects as its own broker user (deploy/rabbitmq/definitions.json), never as guest.
# exec: the recorded pid is the host itself; no descriptor of this script's is kept open.
# The URLs are made here, where a failure stops the script (inside the subshells below it would start a host with
# an empty connection string, which falls back to appsettings.json's guest).
WORKER_AMQP=$(amqp_url_for infosharing-worker)
API_AMQP=$(amqp_url_for infosharing-api)
(cd "$BIN" && ConnectionStrings__RabbitMq="$WORKER_AMQP" exec nohup dotnet InfoSharing.Worker.dll --urls "$WORKER_URL") >"$RUN_DIR/worker.log" 2>&1 </dev/null &
echo $! >"$RUN_DIR/worker.pid"
(cd "$API_BIN" && ConnectionStrings__RabbitMq="$API_AMQP" exec nohup dotnet InfoSharing.Api.dll --urls "$API_URL") >"$RUN_DIR/api.log" 2>&1 </dev/null &
echo $! >"$RUN_DIR/api.pid"
for url in "$WORKER_URL" "$API_URL"; do
  for _ in $(seq 1 120); do curl -sf --max-time 5 -o /dev/null "$url/health/ready" && break; sleep 0.5; done
  curl -sf --max-time 5 -o /dev/null "$url/health/ready" || { log "$url/health/ready did not answer; see $RUN_DIR/*.log"; exit 1; }
done
# The worker declares the queues as it starts consuming.
for _ in $(seq 1 60); do
  curl -sf --max-time 5 -u guest:guest "http://127.0.0.1:$MGMT_PORT/api/queues/%2F/ingest.midwifery" | grep '"consumers":[1-9]' >/dev/null && break; sleep 0.5
done

log "replaying the demo feed from contracts/examples/ as the agencies would send it"
/usr/bin/python3 deploy/local/agency/replay-examples.py --run-id "$started"

echo
echo "What health visiting received on flags.health-visiting:"
/usr/bin/python3 deploy/local/agency/read-flags.py --queue flags.health-visiting --expect 1 --idle 4 --timeout 60
echo
TOKEN=$(cd "$API_BIN" && dotnet InfoSharing.Api.dll mint-token --sub demo-auditor --role auditor 2>/dev/null | tail -1)
echo "How the link was made (GET $API_URL/api/infants/9990000018/linkage, as an auditor):"
curl -sf -H "Authorization: Bearer $TOKEN" -H "X-Purpose-Of-Use: audit" -H "X-Purpose-Of-Use-Detail: local demo of the linkage query" "$API_URL/api/infants/9990000018/linkage" | /usr/bin/python3 deploy/local/agency/show-linkage.py
echo
echo "Web application: $API_URL/  (Development sign-in: any user name, and a role)"
echo "  reviewer  the review queue: possible matches side by side, confirm, reject or unmerge"
echo "  auditor   a child's timeline: search by NHS number 9990000018 (the demo mother), as of any moment, exports"
echo "  operator  messages by agency and status, rejections, queue depths, the outbox"
echo "  admin     all of them"
echo
echo "Running: worker $WORKER_URL, API $API_URL, RabbitMQ management http://127.0.0.1:$MGMT_PORT (guest/guest), PostgreSQL 127.0.0.1:$PG_PORT."
echo "Logs in $RUN_DIR. Stop with: deploy/local/run.sh stop   (took $(( $(date +%s) - started )) s)"
