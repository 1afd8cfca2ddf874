# shellcheck shell=bash
# Build, migrate and run the hub and the partner simulators in the background; shared by `up` and `bench`.
# Sourced by ./eartag after scripts/pg.sh. Every process started here is recorded and stopped by stop_services.

# The repo is this file's parent folder unless the caller says otherwise (./eartag sets it).
EARTAG_ROOT="${EARTAG_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}"
# Ports are the documented sandbox ports unless overridden (e.g. to bench next to a running `./eartag up`).
EARTAG_HUB_PORT="${EARTAG_HUB_PORT:-5080}"
EARTAG_SIM_PORT_BASE="${EARTAG_SIM_PORT_BASE:-5081}"
EARTAG_HUB_URL="http://127.0.0.1:$EARTAG_HUB_PORT"
# ./eartag up --instances N: hubs 2..N listen on EARTAG_EXTRA_PORT_BASE, +1, ... (behind the same database and broker).
EARTAG_INSTANCES="${EARTAG_INSTANCES:-1}"
EARTAG_EXTRA_PORT_BASE="${EARTAG_EXTRA_PORT_BASE:-5090}"
EARTAG_HUB_URLS=("$EARTAG_HUB_URL")
# Runs on other ports keep their logs apart, so a bench next to `up` does not write into up's hub.log.
if [[ "$EARTAG_HUB_PORT" == 5080 ]]; then EARTAG_LOGS="$EARTAG_DATA/logs"; else EARTAG_LOGS="$EARTAG_DATA/logs/$EARTAG_HUB_PORT"; fi
HUB_DLL="$EARTAG_ROOT/src/Hub/bin/Release/net10.0/EarTagTrace.Hub.dll"
SIM_DLL="$EARTAG_ROOT/src/Simulator/bin/Release/net10.0/EarTagTrace.Simulator.dll"
# registry, 动监e通, national cloud platform, national agri-product platform, alert webhook receiver
SIM_PORTS=("$EARTAG_SIM_PORT_BASE" $((EARTAG_SIM_PORT_BASE + 1)) $((EARTAG_SIM_PORT_BASE + 2)) $((EARTAG_SIM_PORT_BASE + 3)) $((EARTAG_SIM_PORT_BASE + 4)) $((EARTAG_SIM_PORT_BASE + 5)))
SERVICE_PIDS=()
SERVICE_NAMES=()

svc_say() { printf 'eartag: %s\n' "$*" >&2; }

build_solution() {
  svc_say "building EarTagTrace.sln (Release)..."
  if ! dotnet build "$EARTAG_ROOT/EarTagTrace.sln" -c Release -nologo -v q -clp:ErrorsOnly; then
    svc_say "build failed"
    return 1
  fi
}

# Partner base URLs default to the local simulators; anything already in the environment wins.
export_partner_urls() {
  export ASPNETCORE_URLS="${ASPNETCORE_URLS:-$EARTAG_HUB_URL}"
  # The hub listens on 127.0.0.1:5080 unless Urls/ASPNETCORE_URLS say otherwise; set both so either wins.
  export Urls="${Urls:-$ASPNETCORE_URLS}"
  export Partners__FarmRegistry__BaseUrl="${Partners__FarmRegistry__BaseUrl:-http://127.0.0.1:${SIM_PORTS[0]}}"
  export Partners__Djet__BaseUrl="${Partners__Djet__BaseUrl:-http://127.0.0.1:${SIM_PORTS[1]}}"
  export Partners__NationalCloud__BaseUrl="${Partners__NationalCloud__BaseUrl:-http://127.0.0.1:${SIM_PORTS[2]}}"
  export Partners__NationalAgri__BaseUrl="${Partners__NationalAgri__BaseUrl:-http://127.0.0.1:${SIM_PORTS[3]}}"
  export Partners__FujianMonitoring__BaseUrl="${Partners__FujianMonitoring__BaseUrl:-http://127.0.0.1:${SIM_PORTS[5]}}"
  # Alerts go to the simulator's receiver (GET /__sim/alerts shows them) unless a real webhook is configured.
  if [[ "${EARTAG_SIMULATORS:-on}" != "off" ]]; then
    export Alerts__WebhookUrl="${Alerts__WebhookUrl:-http://127.0.0.1:${SIM_PORTS[4]}/__sim/alerts}"
  fi
}

# Replaces the Npgsql tuning settings of the private cluster's connection string (No Reset On Close, Max Auto
# Prepare) with $1, e.g. to compare the hub with and without them; an empty $1 leaves Npgsql's defaults.
hub_pg_options() {
  if [[ $EARTAG_PG_PRIVATE -ne 1 ]]; then
    svc_say "EARTAG_HUB_PG_OPTIONS applies to the private cluster only; ConnectionStrings__Hub is used as it is"
    return 0
  fi
  local cs
  cs="$(printf '%s' "$ConnectionStrings__Hub" | sed -E 's/(^|;)[[:space:]]*(No Reset On Close|Max Auto Prepare)[[:space:]]*=[^;]*//Ig')"
  cs="${cs%;}"
  if [[ -n "$1" ]]; then cs="$cs;$1"; fi
  export ConnectionStrings__Hub="$cs"
  svc_say "hub connection string: $ConnectionStrings__Hub"
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

migrate_hub() {
  mkdir -p "$EARTAG_LOGS"
  svc_say "applying migrations and seed data (log: $EARTAG_LOGS/migrate.log)"
  if ! dotnet "$HUB_DLL" --migrate >"$EARTAG_LOGS/migrate.log" 2>&1; then
    tail -n 40 "$EARTAG_LOGS/migrate.log" >&2 || true
    svc_say "EarTagTrace.Hub --migrate failed"
    return 1
  fi
}

# Starts a command in its own session (so a terminal Ctrl-C reaches only this script) and records it.
start_service() {
  local name="$1" log="$2"
  shift 2
  setsid "$@" >"$log" 2>&1 </dev/null &
  SERVICE_PIDS+=("$!")
  SERVICE_NAMES+=("$name")
  svc_say "started $name (pid $!, log: $log)"
}

service_alive() { kill -0 "$1" 2>/dev/null; }

# Waits until check_cmd succeeds; fails early if the process died, or after timeout seconds, with its log tail.
wait_until() {
  local name="$1" pid="$2" log="$3" timeout="$4"
  shift 4
  local deadline=$((SECONDS + timeout))
  until "$@"; do
    if ! service_alive "$pid"; then
      tail -n 40 "$log" >&2 || true
      svc_say "$name exited before it was ready (log: $log)"
      return 1
    fi
    if ((SECONDS >= deadline)); then
      tail -n 40 "$log" >&2 || true
      svc_say "$name was not ready after ${timeout}s (log: $log)"
      return 1
    fi
    sleep 0.5
  done
}

simulators_ready() {
  local p
  for p in "${SIM_PORTS[@]}"; do port_open "$p" || return 1; done
}

hub_ready() { curl -fs -o /dev/null --max-time 2 "${1:-$EARTAG_HUB_URL}/health/ready"; }

start_simulators() {
  local p
  for p in "${SIM_PORTS[@]}"; do
    if port_open "$p"; then
      svc_say "port $p is already in use (another ./eartag up?); stop it, or set EARTAG_SIM_PORT_BASE or EARTAG_SIMULATORS=off"
      return 1
    fi
  done
  start_service simulators "$EARTAG_LOGS/simulators.log" \
    dotnet "$SIM_DLL" serve --farms "${EARTAG_SIM_FARMS:-2000}" --registry-port "${SIM_PORTS[0]}" \
    --djet-port "${SIM_PORTS[1]}" --national-port "${SIM_PORTS[2]}" --agri-port "${SIM_PORTS[3]}" --alerts-port "${SIM_PORTS[4]}" \
    --fujian-port "${SIM_PORTS[5]}"
  wait_until simulators "${SERVICE_PIDS[-1]}" "$EARTAG_LOGS/simulators.log" "${EARTAG_READY_TIMEOUT:-120}" simulators_ready
}

start_hub() {
  if port_open "$EARTAG_HUB_PORT"; then
    svc_say "port $EARTAG_HUB_PORT is already in use (another ./eartag up?); stop it or set EARTAG_HUB_PORT"
    return 1
  fi
  start_service hub "$EARTAG_LOGS/hub.log" dotnet "$HUB_DLL"
  wait_until hub "${SERVICE_PIDS[-1]}" "$EARTAG_LOGS/hub.log" "${EARTAG_READY_TIMEOUT:-120}" hub_ready
  start_extra_hubs
}

# Hubs 2..EARTAG_INSTANCES: the same settings as the first but their own URL (and so their own Hub:InstanceId,
# machine name + port). They start one after another so that each finds the database already migrated.
start_extra_hubs() {
  local i port url
  for ((i = 2; i <= EARTAG_INSTANCES; i++)); do
    port=$((EARTAG_EXTRA_PORT_BASE + i - 2))
    url="http://127.0.0.1:$port"
    if port_open "$port"; then
      svc_say "port $port is already in use; set EARTAG_EXTRA_PORT_BASE"
      return 1
    fi
    start_service "hub-$i" "$EARTAG_LOGS/hub-$i.log" env ASPNETCORE_URLS="$url" Urls="$url" dotnet "$HUB_DLL"
    wait_until "hub-$i" "${SERVICE_PIDS[-1]}" "$EARTAG_LOGS/hub-$i.log" "${EARTAG_READY_TIMEOUT:-120}" hub_ready "$url"
    EARTAG_HUB_URLS+=("$url")
  done
}

# Several hubs need what one hub does without: a broker they share, and one scheduler for the cluster.
prepare_instances() {
  if ! [[ "$EARTAG_INSTANCES" =~ ^[1-9][0-9]*$ ]]; then
    svc_say "--instances must be a number from 1 up, got '$EARTAG_INSTANCES'"
    return 1
  fi
  if ((EARTAG_INSTANCES == 1)); then
    # One hub asked for RabbitMQ (e.g. a benchmark comparing it with the in-memory bus) needs the node too.
    if [[ "${Messaging__Transport:-}" == RabbitMq ]]; then ensure_rabbitmq; fi
    return 0
  fi
  ensure_rabbitmq
  export Messaging__Transport="${Messaging__Transport:-RabbitMq}"
  export Scheduling__Clustered="${Scheduling__Clustered:-true}"
  svc_say "$EARTAG_INSTANCES hubs: Messaging__Transport=$Messaging__Transport, Scheduling__Clustered=$Scheduling__Clustered"
}

# Build, database, migrations, simulators (unless EARTAG_SIMULATORS=off), hub: the common part of up and bench.
start_all() {
  build_solution
  ensure_postgres
  start_stack
}

# Everything after the build and PostgreSQL: so `./eartag bench` can give each benchmark its own fresh hub.
start_stack() {
  if [[ -n "${EARTAG_FRESH_DB:-}" ]]; then pg_use_fresh_database "$EARTAG_FRESH_DB"; fi
  if [[ -n "${EARTAG_HUB_PG_OPTIONS+set}" ]]; then hub_pg_options "$EARTAG_HUB_PG_OPTIONS"; fi
  export_partner_urls
  mkdir -p "$EARTAG_LOGS"
  prepare_instances
  migrate_hub
  if [[ "${EARTAG_SIMULATORS:-on}" != "off" ]]; then
    start_simulators
  else
    svc_say "EARTAG_SIMULATORS=off: not starting the partner simulators"
  fi
  start_hub
}

# Stops what start_service started, newest first: TERM to its process group, KILL after 15 s.
stop_services() {
  local i pid name t
  for ((i = ${#SERVICE_PIDS[@]} - 1; i >= 0; i--)); do
    pid="${SERVICE_PIDS[$i]}"
    name="${SERVICE_NAMES[$i]}"
    service_alive "$pid" || continue
    svc_say "stopping $name (pid $pid)"
    kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
    for ((t = 0; t < 30; t++)); do
      service_alive "$pid" || break
      sleep 0.5
    done
    if service_alive "$pid"; then
      svc_say "$name did not stop in 15 s; killing it"
      kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
    fi
    wait "$pid" 2>/dev/null || true
  done
  SERVICE_PIDS=()
  SERVICE_NAMES=()
}

print_urls() {
  cat <<EOF

EarTagTrace is up.
  hub              ${EARTAG_HUB_URLS[*]}
  OpenAPI          $EARTAG_HUB_URL/openapi/v1.json
  journal          $EARTAG_HUB_URL/api/journal
  farms            $EARTAG_HUB_URL/api/farms
  deliveries       $EARTAG_HUB_URL/api/deliveries
EOF
  if [[ "${EARTAG_SIMULATORS:-on}" != "off" ]]; then
    cat <<EOF
  simulators       farm registry $Partners__FarmRegistry__BaseUrl   动监e通 $Partners__Djet__BaseUrl
                   national cloud platform $Partners__NationalCloud__BaseUrl
                   national agri-product traceability platform $Partners__NationalAgri__BaseUrl
                   福建省农产品质量安全监测系统 (rapid tests) $Partners__FujianMonitoring__BaseUrl
                   test hooks under <simulator>/__sim/ (received, faults, reset; see README.md)
EOF
  fi
  cat <<EOF
Sandbox credentials (override with the Partners__* variables, see README.md):
  farm registry    appKey ${Partners__FarmRegistry__AppKey:-fr-sandbox} / secret ${Partners__FarmRegistry__Secret:-fr-sandbox-secret}
  动监e通          appKey ${Partners__Djet__AppKey:-dj-sandbox} / secret ${Partners__Djet__Secret:-dj-sandbox-secret}
  national cloud   client id ${Partners__NationalCloud__ClientId:-eartag-sandbox} / secret ${Partners__NationalCloud__ClientSecret:-eartag-sandbox-secret}
  national agri    client id ${Partners__NationalAgri__ClientId:-eartag-sandbox} / secret ${Partners__NationalAgri__ClientSecret:-eartag-sandbox-secret}
  Fujian monitoring client id ${Partners__FujianMonitoring__ClientId:-eartag-sandbox} / secret ${Partners__FujianMonitoring__ClientSecret:-eartag-sandbox-secret}
Staff accounts (password = username + "-sandbox"; POST $EARTAG_HUB_URL/api/auth/login for a bearer token):
  admin (province 22), engineer, reviewer (approver + engineer), viewer, nongan (clerk, 220122 农安县),
  nongan-town (collector, 220122100 农安镇), thirdparty (third-party collector, 220122, authorised by nongan),
  anxi (clerk, 350524 安溪县), anxi-fengcheng (collector, 350524100 凤城镇)
PostgreSQL         ${ConnectionStrings__Hub}
EOF
  if ((EARTAG_INSTANCES > 1)); then
    cat <<EOF
RabbitMQ           amqp://guest:guest@127.0.0.1:${EARTAG_RABBIT_PORT} (private node under .data/rabbitmq, log: ${RABBIT_DIR}/log)
Quartz             clustered job store in the hub's PostgreSQL (qrtz_ tables)
EOF
  fi
  cat <<EOF
Logs               $EARTAG_LOGS
Press Ctrl-C to stop.
EOF
}
