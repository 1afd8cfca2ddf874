# shellcheck shell=bash
# PostgreSQL for ./eartag: an existing server from the environment, or a private cluster under <repo>/.data/pg.
# Sourced by ./eartag (or by any bash script). Provides ensure_postgres and stop_postgres.
#
# Several eartag runs may share one private cluster (say `up` in one terminal, `test` in another). Each run registers
# its pid under .data/pg.users; the cluster is stopped by the last run to leave, and only if an eartag run started it.

# The repo is this file's parent folder unless the caller says otherwise (./eartag sets it).
EARTAG_ROOT="${EARTAG_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}"
EARTAG_DATA="${EARTAG_DATA:-$EARTAG_ROOT/.data}"
EARTAG_PG_PORT="${EARTAG_PG_PORT:-55432}"
PG_DATA_DIR="$EARTAG_DATA/pg"
PG_SOCKET_DIR="$EARTAG_DATA/pgsock"
PG_LOG="$EARTAG_DATA/pg.log"
PG_USERS_DIR="$EARTAG_DATA/pg.users"
PG_OWNED_MARKER="$EARTAG_DATA/pg.started-by-eartag"
PG_LOCK="$EARTAG_DATA/pg.lock"
EARTAG_PG_PRIVATE=0
# 1 when this run started the cluster (not when it reused one): ./eartag up then restarts it if it stops on its own.
PG_STARTED_HERE=0
PG_BIN=""

pg_say() { printf 'eartag: %s\n' "$*" >&2; }

# Replaces (or appends) Database=... in an Npgsql connection string.
pg_with_database() {
  local cs="$1" db="$2" out
  out="$(printf '%s' "$cs" | sed -E "s/(^|;)[[:space:]]*Database[[:space:]]*=[^;]*/\1Database=$db/I")"
  if ! printf '%s' "$out" | grep -qiE "(^|;)[[:space:]]*Database[[:space:]]*="; then
    out="${out%;};Database=$db"
  fi
  printf '%s' "$out"
}

pg_find_bin() {
  local dir
  dir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
  if [[ -n "$dir" && -x "$dir/initdb" && -x "$dir/pg_ctl" ]]; then
    PG_BIN="$dir"
    return 0
  fi
  return 1
}

pg_install() {
  if [[ $(id -u) -ne 0 ]]; then
    pg_say "PostgreSQL server binaries not found under /usr/lib/postgresql/*/bin."
    pg_say "Install Debian's package first:  sudo apt-get install -y postgresql"
    pg_say "or point eartag at an existing server:  export ConnectionStrings__Hub='Host=...;Port=...;Username=...;Password=...;Database=eartag'"
    exit 1
  fi
  pg_say "installing PostgreSQL (apt-get install postgresql)..."
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  # Debian's package may create and start its own 'main' cluster on 5432; ours is separate and leaves it alone.
  pg_find_bin || { pg_say "apt-get installed postgresql but no /usr/lib/postgresql/*/bin/initdb was found"; exit 1; }
}

# PostGIS for origin records' points (the migration runs CREATE EXTENSION postgis): Debian's postgresql-<major>-postgis-3,
# installed like the server when it is missing and we are root.
pg_ensure_postgis() {
  local major
  major="$(basename "$(dirname "$PG_BIN")")"
  [[ -f "/usr/share/postgresql/$major/extension/postgis.control" ]] && return 0
  if [[ $(id -u) -ne 0 ]]; then
    pg_say "PostGIS for PostgreSQL $major is not installed (no /usr/share/postgresql/$major/extension/postgis.control)."
    pg_say "Install Debian's package first:  sudo apt-get install -y postgresql-$major-postgis-3"
    exit 1
  fi
  pg_say "installing PostGIS (apt-get install postgresql-$major-postgis-3)..."
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "postgresql-$major-postgis-3" >/dev/null 2>&1 || {
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "postgresql-$major-postgis-3" >/dev/null
  }
  [[ -f "/usr/share/postgresql/$major/extension/postgis.control" ]] \
    || { pg_say "apt-get installed postgresql-$major-postgis-3 but postgis.control is still missing"; exit 1; }
}

# Runs a PostgreSQL binary as the cluster owner: 'postgres' when we are root (the server refuses to run as root).
pg_run() {
  if [[ $(id -u) -eq 0 ]]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

pg_prepare_dirs() {
  mkdir -p "$EARTAG_DATA" "$PG_SOCKET_DIR" "$PG_USERS_DIR"
  if [[ $(id -u) -eq 0 ]]; then
    if ! getent passwd postgres >/dev/null; then
      pg_say "running as root but there is no 'postgres' user to own the cluster (install Debian's postgresql package)"
      exit 1
    fi
    if ! runuser -u postgres -- test -x "$EARTAG_DATA"; then
      pg_say "the user 'postgres' cannot reach $EARTAG_DATA."
      pg_say "PostgreSQL refuses to run as root, so the private cluster runs as 'postgres', which needs search (x)"
      pg_say "permission on every directory above the repo. Fix with e.g.  chmod o+x <each parent of $EARTAG_ROOT>"
      pg_say "or clone the repo somewhere else, or set ConnectionStrings__Hub to an existing server."
      exit 1
    fi
    mkdir -p "$PG_DATA_DIR"
    touch "$PG_LOG"
    chown postgres: "$PG_DATA_DIR" "$PG_SOCKET_DIR" "$PG_LOG"
  else
    mkdir -p "$PG_DATA_DIR"
  fi
  chmod 700 "$PG_DATA_DIR"
}

pg_initdb() {
  pg_say "creating a private PostgreSQL cluster in $PG_DATA_DIR ($("$PG_BIN/postgres" --version))"
  pg_run "$PG_BIN/initdb" -D "$PG_DATA_DIR" -U postgres -E UTF8 --locale=C.UTF-8 \
    --auth-local=trust --auth-host=trust >"$EARTAG_DATA/initdb.log" 2>&1 \
    || { cat "$EARTAG_DATA/initdb.log" >&2; pg_say "initdb failed"; exit 1; }
  # Trust, but only over the unix socket in .data and loopback TCP; nothing else may connect.
  pg_run tee "$PG_DATA_DIR/pg_hba.conf" >/dev/null <<'EOF'
# eartag private cluster: trust on the private unix socket and loopback only
local   all          all                      trust
host    all          all        127.0.0.1/32  trust
host    all          all        ::1/128       trust
local   replication  all                      trust
host    replication  all        127.0.0.1/32  trust
EOF
  printf "\ninclude_if_exists = 'eartag.conf'\n" | pg_run tee -a "$PG_DATA_DIR/postgresql.conf" >/dev/null
}

# Settings for a 2-core, 24 GB development box; rewritten before every start so a changed port applies.
pg_write_conf() {
  pg_run tee "$PG_DATA_DIR/eartag.conf" >/dev/null <<EOF
# written by scripts/pg.sh on every start; edit there, not here
listen_addresses = '127.0.0.1'
port = $EARTAG_PG_PORT
unix_socket_directories = '$PG_SOCKET_DIR'
max_connections = 200
shared_buffers = 512MB
effective_cache_size = 8GB
work_mem = 16MB
maintenance_work_mem = 256MB
wal_buffers = 16MB
max_wal_size = 4GB
min_wal_size = 512MB
checkpoint_timeout = 15min
checkpoint_completion_target = 0.9
random_page_cost = 1.1
effective_io_concurrency = 200
max_worker_processes = 4
max_parallel_workers = 2
max_parallel_workers_per_gather = 1
fsync = on
synchronous_commit = on
timezone = 'UTC'
log_timezone = 'UTC'
log_min_duration_statement = 2000
# Per-statement time and calls (create extension pg_stat_statements; select … from pg_stat_statements) for profiling
# the hub's hot paths; the contrib module ships with Debian's postgresql package.
shared_preload_libraries = 'pg_stat_statements'
pg_stat_statements.track = top
pg_stat_statements.track_planning = on
log_line_prefix = '%m [%p] %d '
EOF
}

pg_is_running() {
  [[ -f "$PG_DATA_DIR/PG_VERSION" ]] && pg_run "$PG_BIN/pg_ctl" -D "$PG_DATA_DIR" status >/dev/null 2>&1
}

pg_wait_ready() {
  local i
  for ((i = 0; i < 60; i++)); do
    "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$EARTAG_PG_PORT" -U postgres && return 0
    sleep 0.5
  done
  tail -n 30 "$PG_LOG" >&2 || true
  pg_say "PostgreSQL did not become ready on 127.0.0.1:$EARTAG_PG_PORT (log: $PG_LOG)"
  exit 1
}

pg_register() { : >"$PG_USERS_DIR/$$"; }

# Removes the pid files of runs that are gone, then says whether another live run still uses the cluster.
pg_other_users() {
  local f pid others=0
  for f in "$PG_USERS_DIR"/*; do
    [[ -e "$f" ]] || continue
    pid="${f##*/}"
    if [[ "$pid" == "$$" ]]; then continue; fi
    if kill -0 "$pid" 2>/dev/null; then others=1; else rm -f "$f"; fi
  done
  [[ $others -eq 1 ]]
}

ensure_postgres() {
  if [[ -n "${ConnectionStrings__Hub:-}" || -n "${EARTAG_PG:-}" ]]; then
    export ConnectionStrings__Hub="${ConnectionStrings__Hub:-$EARTAG_PG}"
    export EARTAG_TEST_PG="${EARTAG_TEST_PG:-$(pg_with_database "$ConnectionStrings__Hub" postgres)}"
    pg_say "using the PostgreSQL server from ConnectionStrings__Hub (starting none)"
    return 0
  fi

  pg_find_bin || pg_install
  pg_ensure_postgis
  pg_prepare_dirs
  exec 9>"$PG_LOCK"
  flock 9
  if pg_is_running; then
    pg_say "reusing the private PostgreSQL cluster already running on 127.0.0.1:$EARTAG_PG_PORT"
  else
    if "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$EARTAG_PG_PORT"; then
      flock -u 9
      pg_say "port $EARTAG_PG_PORT is taken by another PostgreSQL; set EARTAG_PG_PORT or ConnectionStrings__Hub"
      exit 1
    fi
    [[ -f "$PG_DATA_DIR/PG_VERSION" ]] || pg_initdb
    pg_write_conf
    pg_say "starting the private PostgreSQL cluster on 127.0.0.1:$EARTAG_PG_PORT (log: $PG_LOG)"
    if ! pg_run "$PG_BIN/pg_ctl" -D "$PG_DATA_DIR" -l "$PG_LOG" -w -t 60 start >/dev/null; then
      flock -u 9
      tail -n 30 "$PG_LOG" >&2 || true
      pg_say "pg_ctl start failed (log: $PG_LOG)"
      exit 1
    fi
    : >"$PG_OWNED_MARKER"
    PG_STARTED_HERE=1
  fi
  EARTAG_PG_PRIVATE=1
  pg_register
  flock -u 9
  pg_wait_ready

  local exists
  exists="$("$PG_BIN/psql" -h 127.0.0.1 -p "$EARTAG_PG_PORT" -U postgres -d postgres -tAqc \
    "select 1 from pg_database where datname = 'eartag'")"
  if [[ "$exists" != "1" ]]; then
    "$PG_BIN/createdb" -h 127.0.0.1 -p "$EARTAG_PG_PORT" -U postgres -E UTF8 eartag 2>/dev/null \
      || [[ "$("$PG_BIN/psql" -h 127.0.0.1 -p "$EARTAG_PG_PORT" -U postgres -d postgres -tAqc \
        "select 1 from pg_database where datname = 'eartag'")" == "1" ]] \
      || { pg_say "could not create database eartag"; exit 1; }
  fi

  # No Reset On Close and auto-prepare were worth ~25% throughput on this machine. The hub talks to its private cluster
  # over the cluster's unix socket: a loopback TCP send cost the hub more CPU than anything else per message (socket
  # sends were the largest share of its busy samples in LedgerBench's declarations), a unix socket much less. TCP when
  # the socket's path would be too long for the kernel (108 bytes).
  local hub_host=127.0.0.1
  if (( ${#PG_SOCKET_DIR} + 20 < 108 )); then hub_host="$PG_SOCKET_DIR"; fi
  export ConnectionStrings__Hub="Host=$hub_host;Port=$EARTAG_PG_PORT;Username=postgres;Database=eartag;No Reset On Close=true;Max Auto Prepare=64"
  export EARTAG_TEST_PG="Host=127.0.0.1;Port=$EARTAG_PG_PORT;Username=postgres;Database=postgres;No Reset On Close=true;Max Auto Prepare=64"
}

# Points the hub at a new, empty database NAME on the private cluster (dropped first if it exists), so a benchmark
# starts from the same state every time. On a server from ConnectionStrings__Hub nothing is dropped.
pg_use_fresh_database() {
  local name="$1"
  if [[ $EARTAG_PG_PRIVATE -ne 1 ]]; then
    pg_say "not recreating a database on the external server; the hub keeps using its database"
    return 0
  fi
  pg_say "recreating database $name on the private cluster"
  PGOPTIONS="-c client_min_messages=warning" "$PG_BIN/psql" -h 127.0.0.1 -p "$EARTAG_PG_PORT" -U postgres -d postgres -qAt -v ON_ERROR_STOP=1 \
    -c "drop database if exists $name with (force)" -c "create database $name encoding 'UTF8'" >/dev/null
  export ConnectionStrings__Hub="$(pg_with_database "$ConnectionStrings__Hub" "$name")"
}

# Leaves the cluster; stops it when this is the last eartag run using it and an eartag run started it.
stop_postgres() {
  [[ $EARTAG_PG_PRIVATE -eq 1 ]] || return 0
  EARTAG_PG_PRIVATE=0
  exec 9>"$PG_LOCK"
  flock 9
  rm -f "$PG_USERS_DIR/$$"
  if pg_other_users; then
    pg_say "leaving the private PostgreSQL cluster running: another eartag run still uses it"
  elif [[ -f "$PG_OWNED_MARKER" ]] && pg_is_running; then
    pg_say "stopping the private PostgreSQL cluster"
    pg_run "$PG_BIN/pg_ctl" -D "$PG_DATA_DIR" -m fast -w -t 60 stop >/dev/null || pg_say "pg_ctl stop failed (log: $PG_LOG)"
    rm -f "$PG_OWNED_MARKER"
  fi
  flock -u 9
}
