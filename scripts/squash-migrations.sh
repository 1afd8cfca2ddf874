#!/usr/bin/env bash
# Squashes every migration into one baseline: applies them all to a scratch database, dumps the schema it made (and the
# rows the model seeds), and replaces src/Hub/Persistence/Migrations with one migration that runs that dump. Used while
# no database is in production; a database made by an older migration set must then be re-created (README).
#   scripts/squash-migrations.sh [Name]      (default name: Baseline)
set -euo pipefail
cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.."
name="${1:-Baseline}"
dir=src/Hub/Persistence/Migrations
# shellcheck source=pg.sh
source scripts/pg.sh
ensure_postgres
trap 'stop_postgres' EXIT
scratch="eartag_squash_$$"
pg_run "$PG_BIN/psql" -h "$PG_SOCKET_DIR" -p "$EARTAG_PG_PORT" -U postgres -d postgres -qc "create database $scratch" >/dev/null
cs="Host=127.0.0.1;Port=$EARTAG_PG_PORT;Username=postgres;Database=$scratch"
dotnet tool restore >/dev/null
dotnet ef database update --project src/Hub --connection "$cs" >/dev/null

sql="$dir/$name.sql"
{
  echo "-- The schema as the migrations before it made it (scripts/squash-migrations.sh): pg_dump --schema-only without"
  echo "-- the journal's monthly partitions, plus the rows the model seeds (origin_product). Runs in the migration's"
  echo "-- transaction."
  echo "set local check_function_bodies = false;"
  pg_run "$PG_BIN/pg_dump" -h "$PG_SOCKET_DIR" -p "$EARTAG_PG_PORT" -U postgres -d "$scratch" --schema-only --no-owner \
      --no-privileges -T '"__EFMigrationsHistory"' -T 'public.journal_p*' \
    | grep -vE "^(SET |SELECT pg_catalog.set_config|COMMENT ON EXTENSION|\\\\|--)" | cat -s
  pg_run "$PG_BIN/pg_dump" -h "$PG_SOCKET_DIR" -p "$EARTAG_PG_PORT" -U postgres -d "$scratch" --data-only --inserts \
      -t origin_product \
    | grep -vE "^(SET |SELECT pg_catalog.set_config|\\\\|--)" | grep -v '^$'
  # The journal's months are made where the hub runs, from now on (JournalMaintenance keeps them ahead).
  echo "select journal_ensure_partitions(now(), now() + interval '3 months');"
} >"$sql.new"
pg_run "$PG_BIN/psql" -h "$PG_SOCKET_DIR" -p "$EARTAG_PG_PORT" -U postgres -d postgres -qc "drop database $scratch" >/dev/null

stamp="$(date -u +%Y%m%d%H%M%S)"
snapshot="$dir/HubDbContextModelSnapshot.cs"
find "$dir" -maxdepth 1 -name '*.cs' ! -name 'HubDbContextModelSnapshot.cs' -delete
mv "$sql.new" "$sql"
cat >"$dir/${stamp}_$name.cs" <<CS
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace EarTagTrace.Hub.Persistence.Migrations
{
    /// <summary>
    /// The whole schema in one step: $name.sql, the dump of what every migration before it made
    /// (scripts/squash-migrations.sh). Later changes are migrations as usual. A database made by an older migration set
    /// has none of its ids in __EFMigrationsHistory and must be re-created (DatabaseInitializer says so at start).
    /// </summary>
    public partial class $name : Migration
    {
        /// <summary>The id of this migration, which every database made since carries.</summary>
        public const string Id = "${stamp}_$name";

        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(BaselineSql.Read("$name.sql"));
        }

        protected override void Down(MigrationBuilder migrationBuilder)
        {
            throw new NotSupportedException("The baseline has no way down: drop the database instead.");
        }
    }
}
CS
# The designer: the model as the snapshot holds it, as this migration's target.
python3 - "$snapshot" "$dir/${stamp}_$name.Designer.cs" "$name" "${stamp}_$name" <<'PY'
import re, sys
snapshot, out, name, mid = sys.argv[1:5]
s = open(snapshot, encoding="utf-8").read()
s = s.replace("[DbContext(typeof(HubDbContext))]", f'[DbContext(typeof(HubDbContext))]\n    [Migration("{mid}")]', 1)
s = re.sub(r"partial class HubDbContextModelSnapshot : ModelSnapshot", f"partial class {name}", s)
s = s.replace("protected override void BuildModel(ModelBuilder modelBuilder)", "protected override void BuildTargetModel(ModelBuilder modelBuilder)")
s = s.replace("using Microsoft.EntityFrameworkCore.Storage.ValueConversion;", "using Microsoft.EntityFrameworkCore.Migrations;\nusing Microsoft.EntityFrameworkCore.Storage.ValueConversion;", 1)
open(out, "w", encoding="utf-8").write(s)
PY
cat >"$dir/BaselineSql.cs" <<'CS'
namespace EarTagTrace.Hub.Persistence.Migrations;

/// <summary>Reads a squashed migration's SQL, embedded in the hub's assembly (Hub.csproj).</summary>
internal static class BaselineSql
{
    public static string Read(string file)
    {
        var name = $"EarTagTrace.Hub.Persistence.Migrations.{file}";
        using var stream = typeof(BaselineSql).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The migration SQL {name} is not embedded in the hub (Hub.csproj).");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
CS
echo "squashed into $dir/${stamp}_$name.cs and $sql ($(wc -l <"$sql") lines)"
