using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace EarTagTrace.Hub.Tests.Persistence;

[Collection(HubCollection.Name)]
public sealed class Hub_connections(HubFixture hub)
{
    [Fact]
    public async Task Should_run_without_postgresql_jit_which_compiled_the_tag_queries_for_seconds()
    {
        var dataSource = hub.Factory.Services.GetRequiredService<NpgsqlDataSource>();
        await using var cmd = dataSource.CreateCommand("show jit");

        Assert.Equal("off", (string?)await cmd.ExecuteScalarAsync());
    }
}
