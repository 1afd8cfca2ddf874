using System.Text.RegularExpressions;

namespace EarTagTrace.Hub.Tests.Architecture;

/// <summary>
/// One owner per table group (docs/architecture.md): SQL that names an owned table appears in its owner's files (the
/// class's file and its parts beside it, e.g. OutboxTable.Quality.cs) and nowhere else under src/, except that another
/// owner in Persistence/Tables may read it in a join (never write it). Enforced for the outbox, the journal, the tag
/// ledger (tag_*), farms, quarantine and origin. Audit's one writer is Access/AuditLog (EF, or its one insert in a
/// caller's batch; append-only by a trigger). A table is "named" when it follows from, join, into, update, copy or
/// delete from in the code (comments left out); EF mappings (ToTable) and migrations are not SQL a class runs, and are
/// left out too.
/// </summary>
public sealed partial class Keeping_each_table_to_its_owner
{
    [GeneratedRegex(@"\b(?:from|join|into|update|copy)\s+(?:only\s+)?([a-z_][a-z0-9_]*)\b", RegexOptions.IgnoreCase)]
    private static partial Regex TableAfterKeyword();

    /// <summary>Table group → its owner's file (under src/Hub) and its tables.</summary>
    public static readonly TheoryData<string, string, string[]> Groups = new()
    {
        { "outbox", "Persistence/Tables/OutboxTable.cs", ["outbox"] },
        { "journal", "Persistence/Tables/JournalTable.cs", ["journal", "journal_link", "journal_search"] },
        { "tag ledger", "Persistence/Tables/TagLedgerTables.cs",
            ["tag_registration", "tag_holding", "tag_issuance", "tag_issuance_range", "tag_event", "tag_cancellation"] },
        { "farms", "Persistence/Tables/FarmTables.cs", ["farm", "farm_stock", "stock_change", "farm_correction"] },
        { "quarantine", "Persistence/Tables/QuarantineTables.cs", ["declaration", "certificate"] },
        { "origin", "Persistence/Tables/OriginTables.cs",
            ["origin_entity", "origin_record", "origin_location_change", "origin_product", "origin_planting_area", "origin_correction", "origin_overdue"] },
    };

    private static readonly string Src = Path.Combine(RepoRoot(), "src");

    [Theory]
    [MemberData(nameof(Groups))]
    public void Should_keep_the_SQL_of_a_table_group_in_its_owner(string group, string owner, string[] tables)
    {
        var ownerPath = Path.GetFullPath(Path.Combine(Src, "Hub", owner));
        var strays = new List<string>();
        foreach (var file in SourceFiles())
        {
            if (IsPartOfOwner(Path.GetFullPath(file), ownerPath)) continue;
            // Another owner may read this group's tables in a join (a scorecard over journal and farms, a trace over
            // holdings and certificates), never write them; outside the owners nothing names them at all.
            var code = File.ReadAllText(file);
            var anotherOwner = Path.GetDirectoryName(Path.GetFullPath(file)) == Path.GetDirectoryName(ownerPath);
            foreach (var table in (anotherOwner ? Written(code) : Named(code)).Intersect(tables))
                strays.Add($"{Path.GetRelativePath(Src, file)} {(anotherOwner ? "writes" : "names")} {table}");
        }

        Assert.True(strays.Count == 0, $"SQL naming the {group} tables outside {owner}:\n" + string.Join("\n", strays));
    }

    [Theory]
    [MemberData(nameof(Groups))]
    public void Should_find_each_owned_table_in_its_owner(string group, string owner, string[] tables)
    {
        // The detector would pass every class if it found nothing at all: the owner itself must show every table it owns.
        var named = Named(File.ReadAllText(Path.Combine(Src, "Hub", owner))).ToHashSet();

        Assert.True(tables.All(named.Contains), $"{owner} ({group}) names {string.Join(", ", named.Intersect(tables))} of {string.Join(", ", tables)}");
    }

    [Theory]
    [InlineData("var sql = \"insert into outbox (created_at) values (@now)\";", "outbox")]
    [InlineData("const string S = \"\"\"\n  select 1\n  from tag_holding h where h.tag_range && @m\n\"\"\";", "tag_holding")]
    [InlineData("db.Execute($\"delete from journal_link where journal_id = {id}\");", "journal_link")]
    [InlineData("copy tag_registration (id) from stdin", "tag_registration")]
    public void Should_see_a_table_named_in_SQL(string code, string table)
    {
        Assert.Contains(table, Named(code));
    }

    [Fact]
    public void Should_not_see_a_table_named_only_in_a_comment()
    {
        Assert.DoesNotContain("outbox", Named("// rows go into outbox later\n/// <summary>the row goes into outbox</summary>\nvar x = 1;"));
    }

    /// <summary>The owner is one class: its file, or a part of it beside it (OutboxTable.Quality.cs, as Wolverine's MessageDatabase.Outgoing.cs).</summary>
    private static bool IsPartOfOwner(string file, string ownerPath) =>
        file == ownerPath
        || (Path.GetDirectoryName(file) == Path.GetDirectoryName(ownerPath)
            && Path.GetFileName(file).StartsWith(Path.GetFileNameWithoutExtension(ownerPath) + ".", StringComparison.Ordinal));

    [Theory]
    [InlineData("OutboxTable.Quality.cs", true)]
    [InlineData("OutboxTable.cs", true)]
    [InlineData("OutboxTables.cs", false)]
    [InlineData("MyOutboxTable.cs", false)]
    public void Should_count_a_part_of_the_owner_class_as_the_owner(string file, bool owner)
    {
        var dir = Path.Combine(Src, "Hub", "Persistence", "Tables");
        Assert.Equal(owner, IsPartOfOwner(Path.Combine(dir, file), Path.Combine(dir, "OutboxTable.cs")));
    }

    [GeneratedRegex(@"\b(?:insert\s+into|update|copy|delete\s+from|merge\s+into|truncate)\s+(?:only\s+|table\s+)?([a-z_][a-z0-9_]*)\b", RegexOptions.IgnoreCase)]
    private static partial Regex TableWritten();

    [Theory]
    [InlineData("insert into farm (code) values (@c)", "farm")]
    [InlineData("update farm_stock set count = 1", "farm_stock")]
    [InlineData("delete from stock_change where id = @id", "stock_change")]
    [InlineData("copy certificate (id) from stdin", "certificate")]
    public void Should_see_a_table_written_in_SQL(string code, string table)
    {
        Assert.Contains(table, Written(code));
    }

    [Fact]
    public void Should_not_take_a_read_for_a_write()
    {
        Assert.Empty(Written("select f.code from farm f join certificate c on c.farm_code = f.code for update"));
    }

    private static IEnumerable<string> Written(string code) =>
        TableWritten().Matches(WithoutComments(code)).Select(m => m.Groups[1].Value.ToLowerInvariant()).Distinct();

    private static string WithoutComments(string code) =>
        string.Join('\n', code.Split('\n').Where(l => !l.TrimStart().StartsWith("//", StringComparison.Ordinal)));

    private static IEnumerable<string> Named(string code)
    {
        var lines = code.Split('\n').Where(l => !l.TrimStart().StartsWith("//", StringComparison.Ordinal));
        return TableAfterKeyword().Matches(string.Join('\n', lines)).Select(m => m.Groups[1].Value.ToLowerInvariant()).Distinct();
    }

    private static IEnumerable<string> SourceFiles() =>
        Directory.EnumerateFiles(Src, "*.cs", SearchOption.AllDirectories).Where(f =>
        {
            var parts = f.Split(Path.DirectorySeparatorChar);
            return !parts.Contains("Migrations") && !parts.Contains("bin") && !parts.Contains("obj");
        });

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "EarTagTrace.sln"))) return dir.FullName;
        throw new InvalidOperationException("EarTagTrace.sln not found above " + AppContext.BaseDirectory);
    }
}
