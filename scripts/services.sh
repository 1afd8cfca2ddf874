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
# What supervise needs to start a service again: its command (quoted), log, readiness check, and recent deaths.
SERVICE_CMDS=()
SERVICE_LOGS=()
SERVICE_CHECKS=()
SERVICE_DEATHS=()
SERVICE_PENDING=()
# A service that dies more than EARTAG_MAX_RESTARTS times within EARTAG_RESTART_WINDOW seconds is not restarted again:
# the launcher stops everything, since something outside it (configuration, disk, database) needs a person.
EARTAG_MAX_RESTARTS="${EARTAG_MAX_RESTARTS:-5}"
EARTAG_RESTART_WINDOW="${EARTAG_RESTART_WINDOW:-600}"

svc_say() { printf 'eartag: %s\n' "$*" >&2; }

build_solution() {
  if [[ "${EARTAG_NO_BUILD:-0}" == 1 ]]; then
    svc_say "EARTAG_NO_BUILD=1: using the binaries already built"
    return 0
  fi
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

# Starts a command in its own session (so a terminal Ctrl-C reaches only this script) and records it, with what
# supervise needs to start it again. Its pid goes to $EARTAG_LOGS/<name>.pid for operators and tests.
start_service() {
  local name="$1" log="$2"
  shift 2
  setsid "$@" >"$log" 2>&1 </dev/null &
  SERVICE_PIDS+=("$!")
  SERVICE_NAMES+=("$name")
  SERVICE_CMDS+=("$(printf '%q ' "$@")")
  SERVICE_LOGS+=("$log")
  SERVICE_CHECKS+=("")
  SERVICE_DEATHS+=("")
  SERVICE_PENDING+=("")
  printf '%s\n' "$!" >"$EARTAG_LOGS/$name.pid"
  svc_say "started $name (pid $!, log: $log)"
}

# The readiness check (a command line) of the service started last; supervise runs it after a restart.
service_check() { SERVICE_CHECKS[-1]="$*"; }

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
  # EARTAG_SIM_MAPPINGS=DIR: a tester's WireMock stub files (docs/testing.md), loaded at start and watched.
  local mappings=()
  if [[ -n "${EARTAG_SIM_MAPPINGS:-}" ]]; then
    if [[ ! -d "$EARTAG_SIM_MAPPINGS" ]]; then
      svc_say "EARTAG_SIM_MAPPINGS=$EARTAG_SIM_MAPPINGS is not a folder"
      return 1
    fi
    mappings=(--mappings "$(cd "$EARTAG_SIM_MAPPINGS" && pwd)")
    svc_say "simulators load stub files from ${mappings[1]}"
  fi
  start_service simulators "$EARTAG_LOGS/simulators.log" \
    dotnet "$SIM_DLL" serve --farms "${EARTAG_SIM_FARMS:-2000}" --registry-port "${SIM_PORTS[0]}" \
    --djet-port "${SIM_PORTS[1]}" --national-port "${SIM_PORTS[2]}" --agri-port "${SIM_PORTS[3]}" --alerts-port "${SIM_PORTS[4]}" \
    --fujian-port "${SIM_PORTS[5]}" "${mappings[@]}"
  service_check simulators_ready
  wait_until simulators "${SERVICE_PIDS[-1]}" "$EARTAG_LOGS/simulators.log" "${EARTAG_READY_TIMEOUT:-120}" simulators_ready
}

start_hub() {
  if port_open "$EARTAG_HUB_PORT"; then
    svc_say "port $EARTAG_HUB_PORT is already in use (another ./eartag up?); stop it or set EARTAG_HUB_PORT"
    return 1
  fi
  start_service hub "$EARTAG_LOGS/hub.log" dotnet "$HUB_DLL"
  service_check hub_ready "$EARTAG_HUB_URL"
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
    service_check hub_ready "$url"
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
  export Messaging__Transport="${Messaging__Transport:-RabbitMq}"
  export Scheduling__Clustered="${Scheduling__Clustered:-true}"
  # Messaging__Transport=InMemory keeps N hubs on their own buses (the relay's SKIP LOCKED still shares the outbox).
  if [[ "$Messaging__Transport" == RabbitMq ]]; then ensure_rabbitmq; fi
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
    rm -f "$EARTAG_LOGS/$name.pid"
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
  SERVICE_CMDS=()
  SERVICE_LOGS=()
  SERVICE_CHECKS=()
  SERVICE_DEATHS=()
  SERVICE_PENDING=()
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
  if ((EARTAG_INSTANCES > 1)) && [[ "${Messaging__Transport:-}" == RabbitMq ]]; then
    cat <<EOF
RabbitMQ           amqp://guest:guest@127.0.0.1:${EARTAG_RABBIT_PORT} (private node under .data/rabbitmq, log: ${RABBIT_DIR}/log)
Quartz             clustered job store in the hub's PostgreSQL (qrtz_ tables)
EOF
  fi
  if [[ -n "${PROM_URL:-}" ]]; then
    cat <<EOF
Prometheus         $PROM_URL (scraping every hub; rules: ops/prometheus/alerts.yml; data under ${PROM_DIR})
EOF
  fi
  cat <<EOF
Logs               $EARTAG_LOGS
Supervised         a service that exits is started again (same instance id, backoff 1, 2, 4… 30 s); more than
                   $EARTAG_MAX_RESTARTS deaths of one within $EARTAG_RESTART_WINDOW s stop everything
Press Ctrl-C to stop.
EOF
}

# ---------------------------------------------------------------- supervision (./eartag up)

# Watches every service until Ctrl-C/TERM: one that exits is started again under the same name, port and so instance
# id (Hub:InstanceId defaults to machine name + port, and a killed hub's id lock dies with it), after a backoff that
# doubles with each recent death; the others are never touched. Returns non-zero (so the caller stops everything) only
# when one service died more than EARTAG_MAX_RESTARTS times within EARTAG_RESTART_WINDOW seconds.
supervise() {
  local i
  printf '%s\n' "$$" >"$EARTAG_LOGS/launcher.pid"
  trap 'ROLLING_REQUESTED=1' USR1
  while :; do
    if [[ "${ROLLING_REQUESTED:-0}" == 1 ]]; then
      ROLLING_REQUESTED=0
      rolling_restart || return 1
    fi
    for i in "${!SERVICE_PIDS[@]}"; do
      if ! service_alive "${SERVICE_PIDS[$i]}"; then
        restart_service "$i" || return 1
      elif [[ -n "${SERVICE_PENDING[$i]}" ]]; then
        service_back "$i" || return 1
      fi
    done
    supervise_backends || return 1
    sleep 2 &
    wait $! || true
  done
}

# Counts a death of service i within the window; fails when it is one too many.
service_died() {
  local i="$1" why="$2" now t deaths=()
  now=$(date +%s)
  for t in ${SERVICE_DEATHS[$i]}; do
    if ((now - t < EARTAG_RESTART_WINDOW)); then deaths+=("$t"); fi
  done
  deaths+=("$now")
  SERVICE_DEATHS[$i]="${deaths[*]}"
  if ((${#deaths[@]} > EARTAG_MAX_RESTARTS)); then
    svc_say "${SERVICE_NAMES[$i]} $why: ${#deaths[@]} deaths within ${EARTAG_RESTART_WINDOW}s (limit EARTAG_MAX_RESTARTS=$EARTAG_MAX_RESTARTS); not restarting it, stopping everything (log: ${SERVICE_LOGS[$i]})"
    return 1
  fi
}

restart_service() {
  local i="$1" name="${SERVICE_NAMES[$i]}" pid="${SERVICE_PIDS[$i]}" log="${SERVICE_LOGS[$i]}" rc=0 why n backoff
  wait "$pid" 2>/dev/null || rc=$?
  if ((rc > 128)); then why="(pid $pid) was killed by signal $((rc - 128))$( ((rc == 137)) && echo ' (SIGKILL)')"
  elif ((rc == 127)); then why="(pid $pid) exited (not a child of this launcher, or its status is gone)"
  else why="(pid $pid) exited with code $rc"; fi
  service_died "$i" "$why" || return 1
  n=$(wc -w <<<"${SERVICE_DEATHS[$i]}")
  backoff=$((1 << (n - 1)))
  ((backoff > 30)) && backoff=30
  svc_say "$name $why; restarting it in ${backoff}s (death $n of at most $EARTAG_MAX_RESTARTS within ${EARTAG_RESTART_WINDOW}s); its last lines:"
  tail -n 5 "$log" 2>/dev/null | sed 's/^/    /' >&2 || true
  sleep "$backoff" &
  wait $! || true
  printf '\n--- eartag: %s %s; restarted at %s\n' "$name" "$why" "$(date -u +%FT%TZ)" >>"$log"
  # The recorded command is the one start_service ran, quoted word by word.
  # exec: the background subshell becomes the service, so its pid is the one recorded and stopped.
  eval "exec setsid ${SERVICE_CMDS[$i]}" >>"$log" 2>&1 </dev/null &
  SERVICE_PIDS[$i]=$!
  printf '%s\n' "$!" >"$EARTAG_LOGS/$name.pid"
  SERVICE_PENDING[$i]="$(($(date +%s) + ${EARTAG_READY_TIMEOUT:-120}))"
  svc_say "restarted $name (pid $!, log: $log); waiting for it to be ready"
}

# A restarted service that answers its readiness check is back; one that does not in time counts as a death.
service_back() {
  local i="$1"
  if [[ -z "${SERVICE_CHECKS[$i]}" ]] || eval "${SERVICE_CHECKS[$i]}"; then
    SERVICE_PENDING[$i]=""
    svc_say "${SERVICE_NAMES[$i]} is back (pid ${SERVICE_PIDS[$i]})"
  elif (($(date +%s) >= SERVICE_PENDING[$i])); then
    svc_say "${SERVICE_NAMES[$i]} was not ready ${EARTAG_READY_TIMEOUT:-120}s after its restart; killing it"
    kill -KILL -- "-${SERVICE_PIDS[$i]}" 2>/dev/null || kill -KILL "${SERVICE_PIDS[$i]}" 2>/dev/null || true
  fi
}

# The private PostgreSQL cluster and RabbitMQ node this run started are watched the same way (same limit and backoff);
# the hubs ride out their absence (retries, the id lock's reconnect) and the health check says so meanwhile.
BACKEND_DEATHS_PG=""
BACKEND_DEATHS_RABBIT=""
supervise_backends() {
  if [[ "${PG_STARTED_HERE:-0}" == 1 ]] && ! pg_is_running; then
    backend_died PG postgresql || return 1
    svc_say "restarting the private PostgreSQL cluster"
    pg_run "$PG_BIN/pg_ctl" -D "$PG_DATA_DIR" -l "$PG_LOG" -w -t 60 start >/dev/null \
      || svc_say "pg_ctl start failed (log: $PG_LOG); trying again"
  fi
  if [[ "${RABBIT_STARTED:-0}" == 1 && -n "${RABBIT_PID:-}" ]] && ! kill -0 "$RABBIT_PID" 2>/dev/null; then
    backend_died RABBIT rabbitmq || return 1
    svc_say "restarting the private RabbitMQ node"
    wait "$RABBIT_PID" 2>/dev/null || true
    RABBIT_STARTED=0
    ensure_rabbitmq
  fi
}

backend_died() {
  local var="BACKEND_DEATHS_$1" name="$2" now t deaths=()
  now=$(date +%s)
  for t in ${!var}; do
    if ((now - t < EARTAG_RESTART_WINDOW)); then deaths+=("$t"); fi
  done
  deaths+=("$now")
  printf -v "$var" '%s' "${deaths[*]}"
  svc_say "$name stopped on its own (death ${#deaths[@]} of at most $EARTAG_MAX_RESTARTS within ${EARTAG_RESTART_WINDOW}s)"
  if ((${#deaths[@]} > EARTAG_MAX_RESTARTS)); then
    svc_say "$name keeps dying; stopping everything"
    return 1
  fi
  local backoff=$((1 << (${#deaths[@]} - 1)))
  ((backoff > 30)) && backoff=30
  sleep "$backoff" &
  wait $! || true
}

# ./eartag restart --rolling (SIGUSR1 to the launcher): the hubs one at a time, each stopped with SIGTERM (it finishes
# the requests it holds and signs its outbox claims off, so the others deliver them at once) and started again under
# its port and instance id; the next one only once this one answers /health/ready. The others serve meanwhile.
rolling_restart() {
  local i pid name t state="$EARTAG_LOGS/rolling.state" drain="${Drain__TimeoutSeconds:-25}"
  printf 'running %s\n' "$(date -u +%FT%TZ)" >"$state"
  svc_say "rolling restart of the hubs, one at a time"
  for i in "${!SERVICE_PIDS[@]}"; do
    name="${SERVICE_NAMES[$i]}"
    [[ "$name" == hub || "$name" == hub-* ]] || continue
    pid="${SERVICE_PIDS[$i]}"
    svc_say "rolling restart: stopping $name (pid $pid): it drains (503 HUB_DRAINING, not ready) for up to ${drain}s"
    kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
    # The hub's own stop is bounded by its drain timeout plus 30 s (bus, Quartz, sign-off); give it that and 5 s more.
    for ((t = 0; t < 2 * (drain + 35); t++)); do
      service_alive "$pid" || break
      sleep 0.5
    done
    if service_alive "$pid"; then
      svc_say "rolling restart: $name did not stop in $((drain + 35)) s; killing it"
      kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
    fi
    wait "$pid" 2>/dev/null || true
    printf '\n--- eartag: %s stopped for a rolling restart at %s\n' "$name" "$(date -u +%FT%TZ)" >>"${SERVICE_LOGS[$i]}"
    eval "exec setsid ${SERVICE_CMDS[$i]}" >>"${SERVICE_LOGS[$i]}" 2>&1 </dev/null &
    SERVICE_PIDS[$i]=$!
    printf '%s\n' "$!" >"$EARTAG_LOGS/$name.pid"
    if ! wait_until "$name" "$!" "${SERVICE_LOGS[$i]}" "${EARTAG_READY_TIMEOUT:-120}" eval "${SERVICE_CHECKS[$i]}"; then
      printf 'failed %s %s\n' "$(date -u +%FT%TZ)" "$name" >"$state"
      svc_say "rolling restart: $name did not come back; stopping everything"
      return 1
    fi
    svc_say "rolling restart: $name ready again (pid ${SERVICE_PIDS[$i]})"
  done
  printf 'done %s\n' "$(date -u +%FT%TZ)" >"$state"
  svc_say "rolling restart done"
}
