using EarTagTrace.Hub.Access;

namespace EarTagTrace.Hub.Features.Journal;

public static class JournalEndpoints
{
    public static IEndpointRouteBuilder MapJournal(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/journal").WithTags("Message journal 报文日志").RequireAuthorization(StaffPolicies.Desk);
        group.MapGet("/", ListJournal.HandleAsync)
            .WithSummary("Search inbound and pulled messages by source, type, status (Accepted/Refused/Failed), time range (from, to) and farm code.");
        group.MapGet("/{id:long}", GetJournalEntry.HandleAsync)
            .WithSummary("One journal entry with its raw body, business keys, links, the deliveries it caused, its edits and its lineage (parent and children).");
        group.MapPost("/{id:long}/replay", ReplayJournalEntry.HandleAsync).RequireAuthorization(StaffPolicies.Engineer)
            .WithSummary("Run an entry again through today's mappings and rules (engineer; body { reason }); ?dryRun=true shows the outcome and writes nothing. An entry whose sender was never authenticated, or whose body was truncated, cannot be replayed (409).");
        group.MapPost("/{id:long}/edits", EditJournalEntry.HandleAsync).RequireAuthorization(StaffPolicies.Engineer)
            .WithSummary("Propose a corrected message as an RFC 6902 JSON Patch against the original (engineer; body { patch, reason }); it waits for another person's approval.");
        group.MapPost("/edits/{id:long}/approve", ApproveJournalEdit.HandleAsync).RequireAuthorization(StaffPolicies.Approver)
            .WithSummary("Approve an edit (approver, not its editor: 403 SELF_APPROVAL) and run the patched message as a replay of the original; answers its verdict.");
        return app;
    }
}
