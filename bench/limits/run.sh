#!/usr/bin/env bash
# What PostgreSQL alone allows for the hub's own statements on one hot path, on the database a benchmark just used.
# ./eartag bench runs it after each benchmark that has limits; by hand, with the bench cluster still up:
#   EARTAG_PG_PORT=5432 bench/limits/run.sh LedgerBench [database] [seconds]
# First every script runs once (pgbench -t 1): a script that no longer runs against the schema (a renamed column, a
# changed constraint) stops here with its error, so the scripts stay in step with the hub's statements. Then each
# figure's script runs for [seconds] at the figure's client count, and the rates go to
# bench/results/figures/<bench>-limits.json as {"limits": {"<figure>": rate}}, which the table shows as limit_<figure>.
set -euo pipefail
bench=${1:?usage: run.sh <LedgerBench|FarmPushBench|OriginBench> [database] [seconds]}
db=${2:-eartag_bench}
secs=${3:-${EARTAG_LIMIT_SECONDS:-8}}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
conn=(-h 127.0.0.1 -p "${EARTAG_PG_PORT:-5432}" -U postgres)
out="$root/bench/results/figures/$bench-limits.json"
mkdir -p "$(dirname "$out")"
declare -A limits=() cpu=()
# How long each limit runs: -T seconds, or -t transactions per client where the material is few (registry batches).
duration=(-T "$secs")

say() { printf 'limits: %s\n' "$*" >&2; }

# CPU ms of the cluster so far: its postmaster (with the time of the backends it reaped) and every child, from /proc,
# as bench/Shared/CpuMeter.cs reads it for the hub's figures. pgbench's own CPU is not counted.
postmaster=""
pg_cpu_ms() {
  [[ -n "$postmaster" ]] || return 0
  # cat goes on past a process that exits between the glob and its read; awk sees the rest.
  cat /proc/[0-9]*/stat 2>/dev/null | awk -v pm="$postmaster" -v hz="$(getconf CLK_TCK)" '
    { pid = $1; sub(/^.*\) /, ""); split($0, f, " ");
      if (pid == pm) t += f[12] + f[13] + f[14] + f[15]; else if (f[2] == pm) t += f[12] + f[13] }
    END { printf "%.0f\n", t * 1000 / hz }' || true
}
psql_q() { PGOPTIONS="-c client_min_messages=warning" "$bin/psql" "${conn[@]}" -d "$db" -X -q -v ON_ERROR_STOP=1 "$@"; }

# One pgbench run; prints its tps. A client that aborts (an error, or the material ran out) fails the run.
pgb() {
  local script="$1" clients="$2" log rc=0
  shift 2
  log=$(mktemp)
  # The hub's session settings (src/Hub/Persistence/PersistenceExtensions.cs): no JIT, no parallel workers. Without
  # them a statement whose plan is estimated costly (GiST range look-ups are) is compiled with LLVM on every call,
  # and the limit would measure the compiler, not what PostgreSQL allows for the hub's statements.
  PGOPTIONS="-c jit=off -c max_parallel_workers_per_gather=0" "$bin/pgbench" "${conn[@]}" -n -M prepared --progress=1 -c "$clients" -j "$((clients < 2 ? 1 : 2))" "$@" -f "$here/$script" "$db" >"$log" 2>&1 || rc=$?
  if ((rc != 0)) || grep -q 'aborted' "$log" || ! grep -q '^tps' "$log"; then
    say "bench/limits/$script failed (pgbench exit $rc):"
    grep -E 'ERROR|aborted|error|transactions' "$log" | head -5 >&2
    rm -f "$log"
    return 1
  fi
  # The steady rate: the mean of pgbench's per-second progress after the first third of the run (fresh backends warm
  # their caches and prepare every statement first, which the hub's pooled connections did long before; at 64
  # clients that alone took seconds on a loaded 2-core box); pgbench's overall tps when the run was too short.
  awk '/^progress: /{t[n++] = $4} /^tps/{total = $3} /^number of transactions actually processed/{split($NF, x, "/"); done = x[1]}
       END{s = 0; c = 0; for (i = int(n / 3); i < n; i++) {s += t[i]; c++} printf "%s %s\n", (c >= 2 ? sprintf("%.1f", s / c) : total), done}' "$log"
  rm -f "$log"
}

# Every script once: a statement that no longer parses or runs against the schema fails the bench here.
check() {
  local s
  for s in "$@"; do
    if ! pgb "$s" 1 -t 1 -D trace_tags="${trace_tags:-1}" >/dev/null; then
      say "bench/limits/$s no longer runs against the schema: bring it in step with the hub's statement"
      exit 1
    fi
  done
}

limit() {
  local figure="$1" script="$2" clients="$3" result tps done before after mark third=$((secs / 3)) steady
  shift 3
  # CPU over the same steady part as the rate: sampled a third into a timed run (fresh backends warming up cost
  # ~0.1 s of CPU each, which the hub's pool never pays), over the whole run for a run by transactions (-t).
  mark=$(mktemp)
  before=$(pg_cpu_ms)
  if [[ "${duration[0]}" == -T ]]; then (sleep "$third"; pg_cpu_ms >"$mark") & fi
  result=$(pgb "$script" "$clients" "${duration[@]}" "$@") || { rm -f "$mark"; say "$figure: no limit (see above)"; return 0; }
  wait
  after=$(pg_cpu_ms)
  read -r tps done <<<"$result"
  limits[$figure]=$tps
  if [[ "${duration[0]}" == -T && -s "$mark" ]]; then
    before=$(cat "$mark")
    steady=$(python3 -c "print($tps * ($secs - $third))")
  else
    steady=${done:-0}
  fi
  rm -f "$mark"
  if [[ -n "$before" && -n "$after" ]] && python3 -c "import sys; sys.exit(0 if $steady > 0 else 1)"; then
    cpu[$figure]=$(python3 -c "print(round(($after - $before) / $steady, 4))")
  fi
  say "$(printf '%-18s %-18s %3s clients  %10.1f tps  PostgreSQL %s ms CPU per transaction' "$figure" "$script" "$clients" "$tps" "${cpu[$figure]:-?}")"
}

# The limit runs' own declarations and certificates (ids LD…, LC…), so the next run declares the same tags again; and
# their issuances (LI…), whose ids a second run of the scripts on the same database would reuse (the holdings they
# split stay split: the next material is drawn from the county holdings as they are).
undeclare() {
  psql_q <<'SQL'
delete from journal_link where journal_id in (select id from journal where partner_id like 'LD%' or partner_id like 'LC%' or partner_id like 'LI%');
delete from journal where partner_id like 'LD%' or partner_id like 'LC%' or partner_id like 'LI%';
delete from outbox where entity_key like 'certificate:LC%' or entity_key like 'tag-issuance:LI%';
delete from tag_issuance_range where issuance_id like 'LI%';
delete from tag_issuance where id like 'LI%';
delete from tag_event where (kind = 'Declared' and ref_id like 'LD%') or (kind = 'Used' and ref_id like 'LC%');
delete from stock_change where partner_id like 'LC%';
delete from certificate where number like 'LC%';
delete from declaration where id like 'LD%';
select setval('bench_limit_decl_seq', 1, false), setval('bench_limit_cert_seq', 1, false);
SQL
}

# The push script's own farms (codes L<n>-…), their stock, links, outbox rows and journal rows.
unpush() {
  psql_q <<'SQL'
delete from outbox where entity_key like 'L%-%' and (destination = 'national-cloud/farms' or destination = 'djet/yzc-sync');
delete from journal_link where journal_id in (select id from journal where source = 'farm-registry' and partner_id like 'L%');
delete from journal where source = 'farm-registry' and partner_id like 'L%';
delete from stock_change where farm_code like 'L%-%';
delete from farm_stock where farm_code like 'L%-%';
delete from farm where code like 'L%-%';
SQL
}

# The cluster's postmaster: the first line of postmaster.pid in its data directory (empty where that is not readable
# here, e.g. a server on another host: the CPU column then stays empty).
postmaster=$(head -1 "$(psql_q -At -c 'show data_directory')/postmaster.pid" 2>/dev/null || true)

case "$bench" in
  LedgerBench)
    say "material from the LedgerBench run (setup-ledger.sql)..."
    if psql_q -At -c "select to_regclass('bench_limit_decl') is not null" | grep -q t; then undeclare >/dev/null; fi
    psql_q -f "$here/setup-ledger.sql"
    trace_tags=$(psql_q -At -c 'select count(*) from bench_limit_trace')
    check declaration.sql certificate.sql issuance.sql trace.sql
    undeclare >/dev/null
    for c in 1 16 64; do
      # 64 fresh backends warm up for longer than a third of a short run on a loaded box: three times as long.
      if ((c == 64)); then duration=(-T "$((secs * 3))"); secs=$((secs * 3)); fi
      limit "declaration_c$c" declaration.sql "$c"
      if ((c == 64)); then secs=$((secs / 3)); duration=(-T "$secs"); fi
      # The certificates certify what the last declaration run declared.
      if ((c < 64)); then undeclare >/dev/null; fi
    done
    limit certificate_c16 certificate.sql 16
    undeclare >/dev/null
    limit issuance_c16 issuance.sql 16
    limit trace_c16 trace.sql 16 -D trace_tags="$trace_tags"
    undeclare >/dev/null
    ;;
  FarmPushBench)
    say "material from the FarmPushBench run (setup-push.sql)..."
    unpush >/dev/null
    psql_q -f "$here/setup-push.sql"
    per_batch=$(psql_q -At -c 'select round(avg(cardinality(codes::text[])), 1) from bench_limit_push')
    batches=$(psql_q -At -c 'select count(*) from bench_limit_push')
    check registry-push.sql
    unpush >/dev/null
    psql_q -c "select setval('bench_limit_push_seq', 1, false)" >/dev/null
    clients=${EARTAG_LIMIT_PUSH_CLIENTS:-4}
    # Each batch creates its farms once: every batch of the run once, dealt over the clients.
    duration=(-t "$(((batches - 1) / clients))")
    # Batches/s at the bench's concurrency, as records/s like the hub's figure.
    limit registry_push registry-push.sql "$clients"
    if [[ -n "${limits[registry_push]:-}" ]]; then
      limits[registry_push]=$(python3 -c "print(round(${limits[registry_push]} * $per_batch, 1))")
      if [[ -n "${cpu[registry_push]:-}" ]]; then cpu[registry_push]=$(python3 -c "print(round(${cpu[registry_push]} / $per_batch, 4))"); fi
      say "registry_push: $per_batch records per batch = ${limits[registry_push]} records/s"
    fi
    unpush >/dev/null
    ;;
  *)
    say "no limit scripts for $bench"
    exit 0
    ;;
esac

for k in "${!limits[@]}"; do printf '%s %s %s\n' "$k" "${limits[$k]}" "${cpu[$k]:--}"; done | python3 -c '
import json, sys
rows = [line.split() for line in sys.stdin if line.strip()]
json.dump({"bench": sys.argv[1] + "-limits", "limits": {k: round(float(v), 1) for k, v, _ in rows},
           "limit_cpu_ms_per_msg": {k: float(c) for k, _, c in rows if c != "-"}}, open(sys.argv[2], "w"), indent=2)
' "$bench" "$out"
say "written to $out"
