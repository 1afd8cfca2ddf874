using System.Text.RegularExpressions;

namespace EarTagTrace.Hub.Tests.Architecture;

/// <summary>
/// One owner per table group (docs/architecture.md): SQL that names an owned table appears in its owner's files (the
/// class's file and its parts beside it, e.g. OutboxTable.Quality.cs) and nowhere else under src/. Enforced for the outbox, the journal and the tag ledger (tag_*); farms, quarantine,
/// origin and audit are not enforced yet, and this test says so rather than pretending. A table is "named" when it
/// follows from, join, into, update, copy or delete from in the code (comments left out); EF mappings
/// (ToTable) and migrations are not SQL a class runs, and are left out too.
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
            foreach (var table in Named(File.ReadAllText(file)).Intersect(tables))
                strays.Add($"{Path.GetRelativePath(Src, file)} names {table}");
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
