using EarTagTrace.Adapters.Djet;
using EarTagTrace.Adapters.FarmRegistry;
using EarTagTrace.Adapters.NationalAgri;
using EarTagTrace.Adapters.NationalCloud;
using EarTagTrace.Hub.Features.Deliveries;
using EarTagTrace.Hub.Features.Farms;
using EarTagTrace.Hub.Features.Jobs;
using EarTagTrace.Hub.Features.Journal;
using EarTagTrace.Hub.Health;
using EarTagTrace.Hub.Inbound;
using EarTagTrace.Hub.Messaging;
using EarTagTrace.Hub.Persistence;
using EarTagTrace.Hub.Scheduling;

var builder = WebApplication.CreateBuilder(args);
var migrateOnly = args.Contains("--migrate");

builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddPersistence(builder.Configuration);
builder.Services.AddFarmRegistryAdapter().AddDjetAdapter().AddNationalCloudAdapter().AddNationalAgriAdapter();
builder.Services.AddInbound();
if (!migrateOnly)
{
    builder.Services.AddMessaging(builder.Configuration);
    builder.Services.AddScheduling(builder.Configuration);
}
builder.Services.AddHealth();
builder.Services.AddProblemDetails();
builder.Services.AddOpenApi();

var app = builder.Build();

await using (var scope = app.Services.CreateAsyncScope())
    await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().InitializeAsync(CancellationToken.None);
if (migrateOnly) return;

app.UseExceptionHandler();
app.MapOpenApi();
app.MapHealth();
app.MapFarmRegistryAdapter();
app.MapFarms();
app.MapJournal();
app.MapDeliveries();
app.MapJobs();
app.MapGet("/", () => Results.Redirect("/openapi/v1.json")).ExcludeFromDescription();

app.Run();

/// <summary>Visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
