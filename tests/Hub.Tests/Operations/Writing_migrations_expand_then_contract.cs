using System.Reflection;
using System.Text.RegularExpressions;
using EarTagTrace.Hub.Persistence;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Operations;

namespace EarTagTrace.Hub.Tests.Operations;

/// <summary>
/// The migration rule that makes a rolling upgrade safe (docs/operations.md, Upgrade): expand, deploy, contract. A
/// migration that adds (a table, a column) runs while the old hubs still serve, so it must not also take away what
/// they use (drop or rename a table or column). Taking away is a contract step: its own, later migration, whose name
/// ends in "Contract". Read from each migration's Up operations, so raw SQL counts too. No database needed.
/// </summary>
public sealed partial class Writing_migrations_expand_then_contract
{
    // The baseline (scripts/squash-migrations.sh) is the schema as it stood, made in one step on an empty database:
    // nothing runs against it yet, so it neither expands nor contracts. Every migration after it keeps the rule.
    private static bool IsBaseline(string id) => id.EndsWith("_Baseline", StringComparison.Ordinal);

    [Fact]
    public void Should_keep_every_migration_either_expanding_or_contracting()
    {
        var mixed = Migrations()
            .Where(m => !IsBaseline(m.Id))
            .Select(m => (m.Id, Verdict: Judge(m.Id, m.Migration.UpOperations)))
            .Where(m => m.Verdict is not null)
            .ToList();
        Assert.True(mixed.Count == 0, string.Join("\n", mixed.Select(m => $"{m.Id}: {m.Verdict}")));
        Assert.NotEmpty(Migrations());
    }

    [Fact]
    public void Should_refuse_a_migration_that_adds_and_drops_unless_named_as_a_contract_step()
    {
        var adds = new AddColumnOperation { Name = "holder_note", Table = "tag_holding", ClrType = typeof(string) };
        var drops = new DropColumnOperation { Name = "note", Table = "tag_holding" };
        var renames = new RenameColumnOperation { Name = "note", NewName = "remark", Table = "farm" };
        var sqlDrop = new SqlOperation { Sql = "ALTER TABLE farm DROP COLUMN legacy_code;" };

        Assert.NotNull(Judge("20270101000000_FarmNotes", [adds, drops]));
        Assert.NotNull(Judge("20270101000000_FarmNotes", [adds, renames]));
        Assert.NotNull(Judge("20270101000000_FarmNotes", [new CreateTableOperation { Name = "x" }, sqlDrop]));
        Assert.Null(Judge("20270101000000_FarmNotes", [adds]));
        Assert.Null(Judge("20270201000000_FarmNotesContract", [drops]));
        // A contract step only takes away: adding in it is the same mix, whatever its name.
        Assert.NotNull(Judge("20270201000000_FarmNotesContract", [adds, drops]));
        // A drop outside a contract step is refused too: the old hubs may still read it.
        Assert.NotNull(Judge("20270201000000_FarmNotes", [drops]));
    }

    /// <summary>Null when the migration keeps the rule, else why not.</summary>
    public static string? Judge(string id, IReadOnlyList<MigrationOperation> up)
    {
        var adds = up.Where(Adds).Select(Describe).ToList();
        var takes = up.Where(TakesAway).Select(Describe).ToList();
        var contract = id.EndsWith("Contract", StringComparison.Ordinal);
        if (adds.Count > 0 && takes.Count > 0)
            return $"adds ({string.Join(", ", adds)}) and takes away ({string.Join(", ", takes)}): split it into an expand migration and a later one named …Contract";
        if (takes.Count > 0 && !contract)
            return $"takes away ({string.Join(", ", takes)}) but is not named as a contract step (…Contract)";
        return null;
    }

    private static bool Adds(MigrationOperation o) => o is CreateTableOperation or AddColumnOperation
        || o is SqlOperation { Sql: var sql } && SqlAdds().IsMatch(sql);

    private static bool TakesAway(MigrationOperation o) => o is DropTableOperation or DropColumnOperation or RenameTableOperation or RenameColumnOperation
        || o is SqlOperation { Sql: var sql } && SqlTakesAway().IsMatch(sql);

    private static string Describe(MigrationOperation o) => o switch
    {
        CreateTableOperation t => "create table " + t.Name,
        AddColumnOperation c => $"add column {c.Table}.{c.Name}",
        DropTableOperation t => "drop table " + t.Name,
        DropColumnOperation c => $"drop column {c.Table}.{c.Name}",
        RenameTableOperation t => $"rename table {t.Name} to {t.NewName}",
        RenameColumnOperation c => $"rename column {c.Table}.{c.Name} to {c.NewName}",
        SqlOperation s => "sql: " + s.Sql.Trim().Split('\n')[0],
        _ => o.GetType().Name,
    };

    private static List<(string Id, Migration Migration)> Migrations() =>
        typeof(HubDbContext).Assembly.GetTypes()
            .Where(t => typeof(Migration).IsAssignableFrom(t) && !t.IsAbstract && t.GetCustomAttribute<MigrationAttribute>() is not null
                && t.GetCustomAttribute<DbContextAttribute>()?.ContextType == typeof(HubDbContext))
            .Select(t =>
            {
                var migration = (Migration)Activator.CreateInstance(t)!;
                migration.ActiveProvider = "Npgsql.EntityFrameworkCore.PostgreSQL";
                return (t.GetCustomAttribute<MigrationAttribute>()!.Id, migration);
            })
            .OrderBy(m => m.Id, StringComparer.Ordinal)
            .ToList();

    [GeneratedRegex(@"\b(create\s+table|add\s+column)\b", RegexOptions.IgnoreCase)]
    private static partial Regex SqlAdds();

    // Dropping a table the same SQL creates again (a partition swap) still takes it away from a running hub.
    [GeneratedRegex(@"\b(drop\s+table|drop\s+column|rename\s+to|rename\s+column)\b", RegexOptions.IgnoreCase)]
    private static partial Regex SqlTakesAway();
}
