# shellcheck shell=bash
# ./eartag backup [DIR] and ./eartag restore DIR: the hub's database as one consistent pg_dump (custom format, one
# snapshot, taken while the hubs keep running), plus the RabbitMQ definitions (queues, exchanges, bindings) when the
# hubs use RabbitMQ. Sourced by ./eartag after scripts/pg.sh; on a server, run it from dist/ the same way with
# ConnectionStrings__Hub exported (docs/operations.md). What happened after the backup is not in it: see RPO there.

EARTAG_ROOT="${EARTAG_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}"
EARTAG_DATA="${EARTAG_DATA:-$EARTAG_ROOT/.data}"

bk_say() { printf 'eartag: %s\n' "$*" >&2; }

# Sets PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE from the Npgsql connection string in ConnectionStrings__Hub, so
# pg_dump and pg_restore reach the same database the hubs use.
bk_libpq_env() {
  local cs="${ConnectionStrings__Hub:?ConnectionStrings__Hub is not set}" part key value
  local IFS=';'
  for part in $cs; do
    key="${part%%=*}"
    value="${part#*=}"
    key="$(printf '%s' "$key" | tr '[:upper:]' '[:lower:]' | tr -d ' ')"
    case "$key" in
      host | server) export PGHOST="$value" ;;
      port) export PGPORT="$value" ;;
      username | user | userid | "user id") export PGUSER="$value" ;;
      password) export PGPASSWORD="$value" ;;
      database | db) export PGDATABASE="$value" ;;
    esac
  done
  [[ -n "${PGDATABASE:-}" ]] || { bk_say "ConnectionStrings__Hub names no Database"; return 1; }
}

bk_tool() {
  local dir
  dir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
  if [[ -n "$dir" && -x "$dir/$1" ]]; then printf '%s' "$dir/$1"; else command -v "$1"; fi
}

# backup [DIR]: DIR (default .data/backups/<UTC time>) gets hub.dump, rabbitmq-definitions.json when used, and
# manifest.txt (when, which database, the dump's size).
cmd_backup() {
  local dir="${1:-$EARTAG_DATA/backups/$(date -u +%Y%m%dT%H%M%SZ)}"
  ensure_postgres
  bk_libpq_env
  mkdir -p "$dir"
  local started pg_dump
  started="$(date -u +%FT%TZ)"
  pg_dump="$(bk_tool pg_dump)"
  bk_say "backing up database $PGDATABASE on $PGHOST:${PGPORT:-5432} to $dir/hub.dump (pg_dump, one snapshot; the hubs keep running)"
  # -Fc: compressed, restorable table by table; --no-owner/--no-acl: restorable under another role.
  "$pg_dump" -Fc --no-owner --no-acl -f "$dir/hub.dump.partial" || { bk_say "pg_dump failed"; return 1; }
  mv "$dir/hub.dump.partial" "$dir/hub.dump"
  if [[ "${Messaging__Transport:-}" == RabbitMq ]]; then
    if rabbit_answers; then
      rabbit_ctl -q export_definitions "$dir/rabbitmq-definitions.json" >/dev/null
      bk_say "RabbitMQ definitions saved to $dir/rabbitmq-definitions.json"
    else
      bk_say "Messaging__Transport=RabbitMq but no private node answers; export the broker's definitions with its own tools"
    fi
  fi
  {
    echo "started_at=$started"
    echo "finished_at=$(date -u +%FT%TZ)"
    echo "database=$PGDATABASE"
    echo "server=$PGHOST:${PGPORT:-5432}"
    echo "dump_bytes=$(stat -c %s "$dir/hub.dump")"
  } >"$dir/manifest.txt"
  bk_say "backup done: $dir"
  printf '%s\n' "$dir"
}

# restore DIR: the hubs must be stopped. Drops the hub's database, creates it empty and restores the dump into it;
# the hubs then start as after any stop (each re-queues its earlier claims; rows already sent go out again under the
# request id saved for them).
cmd_restore() {
  local dir="${1:-}"
  [[ -n "$dir" && -f "$dir/hub.dump" ]] || { bk_say "usage: ./eartag restore DIR (a folder written by ./eartag backup, holding hub.dump)"; return 2; }
  if port_open "${EARTAG_HUB_PORT:-5080}"; then
    bk_say "something listens on the hub port ${EARTAG_HUB_PORT:-5080}: stop every hub first (Ctrl-C the ./eartag up, or systemctl stop 'eartag-hub@*')"
    return 1
  fi
  ensure_postgres
  bk_libpq_env
  local db="$PGDATABASE" psql pg_restore
  psql="$(bk_tool psql)"
  pg_restore="$(bk_tool pg_restore)"
  bk_say "restoring $dir/hub.dump into database $db on $PGHOST:${PGPORT:-5432} (dropping what is there)"
  PGOPTIONS="-c client_min_messages=warning" "$psql" -d postgres -qAt -v ON_ERROR_STOP=1 \
    -c "drop database if exists \"$db\" with (force)" -c "create database \"$db\" encoding 'UTF8'" >/dev/null \
    || { bk_say "could not recreate database $db"; return 1; }
  "$pg_restore" --no-owner --no-acl --exit-on-error -d "$db" "$dir/hub.dump" || { bk_say "pg_restore failed"; return 1; }
  if [[ -f "$dir/rabbitmq-definitions.json" ]]; then
    if rabbit_answers; then
      rabbit_ctl -q import_definitions "$dir/rabbitmq-definitions.json" >/dev/null
      bk_say "RabbitMQ definitions imported"
    else
      bk_say "the backup holds RabbitMQ definitions but no private node answers; import them with rabbitmqctl import_definitions"
    fi
  fi
  bk_say "restore done; start the hubs (./eartag up, or systemctl start eartag-hub-migrate 'eartag-hub@*')"
}

# Run on its own (a server, from dist/): bash backup.sh backup [DIR] | restore DIR, with ConnectionStrings__Hub (and
# Messaging__Transport) from the hubs' settings file; the broker is the system one, through its rabbitmqctl.
if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
  set -euo pipefail
  ensure_postgres() { : "${ConnectionStrings__Hub:?set ConnectionStrings__Hub first, e.g. set -a; . /etc/eartag/hub.env; set +a}"; }
  rabbit_ctl() { rabbitmqctl "$@"; }
  rabbit_answers() { command -v rabbitmqctl >/dev/null && rabbitmqctl -q status >/dev/null 2>&1; }
  port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
  case "${1:-}" in
    backup) shift; cmd_backup "$@" ;;
    restore) shift; cmd_restore "$@" ;;
    *) echo "usage: backup.sh backup [DIR] | restore DIR" >&2; exit 2 ;;
  esac
fi
