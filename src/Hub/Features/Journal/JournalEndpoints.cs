namespace EarTagTrace.Hub.Features.Journal;

public static class JournalEndpoints
{
    public static IEndpointRouteBuilder MapJournal(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/journal").WithTags("Message journal 报文日志");
        group.MapGet("/", ListJournal.HandleAsync)
            .WithSummary("Search inbound and pulled messages by source, type, status (Accepted/Refused/Failed), time range (from, to) and farm code.");
        group.MapGet("/{id:long}", GetJournalEntry.HandleAsync)
            .WithSummary("One journal entry with its raw body, links and the deliveries it caused.");
        group.MapPost("/{id:long}/replay", ReplayJournalEntry.HandleAsync)
            .WithSummary("Run an entry again through today's mappings and rules; ?dryRun=true shows the outcome and writes nothing.");
        return app;
    }
}
