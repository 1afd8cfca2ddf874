using EarTagTrace.Hub;
using EarTagTrace.Adapters.Djet;
using EarTagTrace.Adapters.FarmRegistry;
using EarTagTrace.Adapters.NationalAgri;
using EarTagTrace.Adapters.FujianMonitoring;
using EarTagTrace.Adapters.NationalCloud;
using EarTagTrace.Hub.Access;
using EarTagTrace.Hub.ApiDescription;
using EarTagTrace.Hub.Edge;
using EarTagTrace.Hub.StaffConsole;
using EarTagTrace.Hub.Features.Bench;
using EarTagTrace.Hub.Features.Declarations;
using EarTagTrace.Hub.Features.Deliveries;
using EarTagTrace.Hub.Features.FarmQr;
using EarTagTrace.Hub.Features.Farms;
using EarTagTrace.Hub.Features.Jobs;
using EarTagTrace.Hub.Features.Origin;
using EarTagTrace.Hub.Features.Journal;
using EarTagTrace.Hub.Features.Reconciliation;
using EarTagTrace.Hub.Features.Retention;
using EarTagTrace.Hub.Features.Tags;
using EarTagTrace.Hub.Features.Traces;
using EarTagTrace.Hub.Features.Quality;
using EarTagTrace.Hub.Features.TagStockSheet;
using EarTagTrace.Hub.Features.Rollout;
using EarTagTrace.Hub.Health;
using EarTagTrace.Hub.Inbound;
using EarTagTrace.Hub.Messaging;
using EarTagTrace.Hub.Observability;
using EarTagTrace.Hub.Persistence;
using EarTagTrace.Hub.Scheduling;

// Started from elsewhere (./eartag runs the built dll from the repo root), the hub still finds its appsettings.json.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions
{
    Args = args,
    ContentRootPath = File.Exists("appsettings.json") ? null : AppContext.BaseDirectory,
});
var migrateOnly = args.Contains("--migrate");

// The sandbox address, unless ASPNETCORE_URLS / Urls says otherwise.
if (string.IsNullOrEmpty(builder.Configuration["urls"]))
    builder.WebHost.UseUrls("http://127.0.0.1:5080");

builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddPersistence(builder.Configuration);
builder.Services.AddFarmRegistryAdapter().AddDjetAdapter().AddNationalCloudAdapter().AddNationalAgriAdapter()
    .AddFujianMonitoringAdapter();
builder.Services.AddInbound();
builder.Services.AddPartnerRules();
builder.Services.AddAccess();
builder.Services.AddFarmQr();
builder.Services.AddRollout();
builder.Services.AddOrigin(builder.Configuration);
builder.Services.AddTraces();
builder.Services.AddConsoleApi(builder.Configuration);
if (!migrateOnly)
{
    builder.Services.AddMessaging(builder.Configuration);
    builder.Services.AddScheduling(builder.Configuration);
    builder.Services.AddReplays();
    builder.Services.AddReconciliation(builder.Configuration);
    builder.Services.AddTraceDrills(builder.Configuration);
    builder.Services.AddRetention(builder.Configuration);
    builder.Services.AddJournalMaintenance(builder.Configuration);
}
builder.AddObservability();
builder.Services.AddHealth();
builder.Services.AddDrain(builder.Configuration);
builder.Services.AddEdge();
builder.Services.AddApiDescription();

var app = builder.Build();

await using (var scope = app.Services.CreateAsyncScope())
    await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().InitializeAsync(CancellationToken.None);
if (migrateOnly) return;

// Drain first: while this instance stops, calls get 503 HUB_DRAINING and those in flight are counted (docs/operations.md).
app.UseDrain();
app.UseExceptionHandler();
// Answers routing gives without a body (no endpoint for the path, an id that is not a number, a wrong method or
// Content-Type) carry a reason like every other refusal.
app.UseStatusCodePages(RoutingRefusals.WriteAsync);
app.UseConsole();
app.UseAccess();
app.MapOpenApi();
app.MapHealth();
app.MapObservability();
app.MapFarmRegistryAdapter();
app.MapDjetAdapter();
app.MapAccess();
// Every staff endpoint: signed in, a role, region scope checked in the handler, personal data masked for viewers.
var staff = app.MapStaffGroup();
staff.MapFarms();
staff.MapTags();
staff.MapTagStockSheet();
staff.MapDeclarations();
staff.MapFarmQr();
staff.MapRollout();
staff.MapJournal();
staff.MapReplays();
staff.MapReconciliation();
staff.MapDeliveries();
staff.MapJobs();
staff.MapOrigin();
staff.MapTraces();
staff.MapQuality();
staff.MapConsoleApi();
app.MapBenchBareInsert(app.Configuration);
app.MapGet("/", () => Results.Redirect("/console/")).ExcludeFromDescription();

app.Run();
