using EarTagTrace.Hub.Persistence;

namespace EarTagTrace.Hub.Tests.Persistence;

/// <summary>
/// The migrations were squashed into one baseline (README, Database): a database an older set made shares none of its
/// ids, and the hub says so at start instead of failing half-way through re-creating tables that exist. No database.
/// </summary>
public sealed class Starting_on_a_database_from_before_the_baseline
{
    private static readonly string[] Known = ["20261207180000_Baseline", "20270101000000_FarmNotes"];

    [Fact]
    public void Should_name_the_last_migration_of_an_older_set()
    {
        Assert.Equal("20261207141251_OriginCorrections",
            DatabaseInitializer.MadeByAnOlderMigrationSet(["20261123050313_Initial", "20261207141251_OriginCorrections"], Known));
    }

    [Theory]
    [InlineData("")]
    [InlineData("20261207180000_Baseline")]
    [InlineData("20261207180000_Baseline,20270101000000_FarmNotes")]
    public void Should_take_a_new_database_or_one_of_this_set(string applied)
    {
        Assert.Null(DatabaseInitializer.MadeByAnOlderMigrationSet(applied.Split(',', StringSplitOptions.RemoveEmptyEntries), Known));
    }
}
