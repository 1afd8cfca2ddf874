using EarTagTrace.Hub.Persistence;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace EarTagTrace.Hub.Tests.Persistence;

/// <summary>
/// The ledger's three-step messages run on a pool of their own, no larger than the number applied at once, so they keep
/// to connections that prepared their statements. No database: building a data source opens no connection.
/// </summary>
public sealed class Bounding_the_inbound_pool
{
    private const string ConnectionString = "Host=127.0.0.1;Port=1;Username=postgres;Database=eartag";

    private static ServiceProvider Services(string? inboundConcurrency)
    {
        var settings = new Dictionary<string, string?> { ["ConnectionStrings:Hub"] = ConnectionString };
        if (inboundConcurrency is not null) settings["Limits:InboundConcurrency"] = inboundConcurrency;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection().AddPersistence(configuration).BuildServiceProvider();
    }

    private static int MaxPoolSize(NpgsqlDataSource source) => new NpgsqlConnectionStringBuilder(source.ConnectionString).MaxPoolSize;

    [Fact]
    public void Should_size_the_inbound_pool_to_the_configured_admission_limit()
    {
        using var services = Services("3");

        Assert.Equal(3, MaxPoolSize(services.GetRequiredService<InboundDataSource>().Source));
    }

    [Fact]
    public void Should_size_it_four_per_core_when_the_limit_is_left_at_zero()
    {
        using var services = Services(null);

        Assert.Equal(4 * Environment.ProcessorCount, MaxPoolSize(services.GetRequiredService<InboundDataSource>().Source));
    }

    [Fact]
    public void Should_leave_the_shared_pool_of_the_staff_api_and_jobs_as_the_connection_string_says()
    {
        using var services = Services("3");

        Assert.Equal(new NpgsqlConnectionStringBuilder(ConnectionString).MaxPoolSize, MaxPoolSize(services.GetRequiredService<NpgsqlDataSource>()));
        Assert.NotSame(services.GetRequiredService<NpgsqlDataSource>(), services.GetRequiredService<InboundDataSource>().Source);
    }
}
