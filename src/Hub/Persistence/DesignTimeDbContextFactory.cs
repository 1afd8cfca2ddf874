using Microsoft.EntityFrameworkCore.Design;

namespace EarTagTrace.Hub.Persistence;

/// <summary>Lets `dotnet ef migrations add` build the model without starting the hub or reaching a database.</summary>
public sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<HubDbContext>
{
    public HubDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<HubDbContext>().UseNpgsql("Host=127.0.0.1;Database=design_time_only", o => o.UseNetTopologySuite()).Options);
}
