using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using EarTagTrace.Hub.Access;
using EarTagTrace.Hub.Edge;
using EarTagTrace.Hub.Persistence;
using EarTagTrace.Mappings.Canonical;

namespace EarTagTrace.Hub.Features.Traces;

/// <summary>
/// POST /api/traces {start, days = 30, depth = 2}: 疫情追溯 from a tag, a farm code or a certificate number. Audited;
/// answers 201 with the trace, stored for GET /api/traces/{id} and its task sheet.
/// </summary>
public static class StartTrace
{
    public sealed record Request(string? Start, int? Days, int? Depth);

    public const int DefaultDays = 30, MaxDays = 366, DefaultDepth = 2, MaxDepth = 5;

    /// <summary>The request's refusal, or null when it may run: pure, so its edges are tested without the hub.</summary>
    public static (string Code, string Detail)? Check(Request? body)
    {
        if (string.IsNullOrWhiteSpace(body?.Start))
            return ("TRACE_START_REQUIRED", "start is a tag number (15 digits), a farm code or a certificate number");
        if (TypedText.Fold(body.Start).Length > 64)
            return ("TRACE_START_UNKNOWN", "start is at most 64 characters");
        if (body.Days is { } days && (days < 1 || days > MaxDays))
            return ("TRACE_DAYS_INVALID", $"days is between 1 and {MaxDays}");
        if (body.Depth is { } depth && (depth < 0 || depth > MaxDepth))
            return ("TRACE_DEPTH_INVALID", $"depth is between 0 and {MaxDepth}");
        return null;
    }

    public static async Task<IResult> HandleAsync(Request? body, TraceSql sql, RegionDirectory directory, StaffScope scope,
        TimeProvider time, IOptions<JsonOptions> json, CancellationToken ct)
    {
        if (Check(body) is { } refusal)
            return Results.Problem(statusCode: 400, title: refusal.Code, detail: refusal.Detail);
        var (view, notFound) = await RunAsync(TypedText.Fold(body!.Start!), body.Days ?? DefaultDays, body.Depth ?? DefaultDepth, sql, directory,
            scope.Covers, scope.Overlaps, scope.UserName, scope.Region, time.GetUtcNow(), ct, reserveId: true);
        if (view is null) return notFound!;

        // The answer is serialized once, as the response writes it, and the same UTF-8 bytes are stored and sent. The
        // stored answer and its audit row go in one round trip, in one transaction (the batch's).
        var answer = JsonSerializer.SerializeToUtf8Bytes(view, json.Value.SerializerOptions);
        await sql.StoreAsync(view, answer, batch => AuditLog.AppendTo(batch, scope, "trace.run", view.Start, scope.Region,
            new { id = view.Id, view.StartKind, view.Days, view.Depth, places = view.Places.Count, outOfScope = view.OutOfScope.Sum(o => o.Places) },
            view.At), ct);
        return new CreatedJson($"/api/traces/{view.Id}", answer);
    }

    /// <summary>201 with a Location and a body already serialized to UTF-8 JSON.</summary>
    private sealed class CreatedJson(string location, byte[] body) : IResult
    {
        public Task ExecuteAsync(HttpContext context)
        {
            context.Response.StatusCode = StatusCodes.Status201Created;
            context.Response.Headers.Location = location;
            context.Response.ContentType = "application/json; charset=utf-8";
            context.Response.ContentLength = body.Length;
            return context.Response.Body.WriteAsync(body).AsTask();
        }
    }

    /// <summary>
    /// Resolves the start inside the scope and traces it; a start outside the scope is as unknown as one that does not
    /// exist (404). Shared with the trace drills, which run as the province. The start's look-up comes with the first
    /// hop (a text that is no tag is tried as a farm that way first); with <paramref name="reserveId"/> the view
    /// carries the id reserved for storing it.
    /// </summary>
    public static async Task<(TraceView? View, IResult? NotFound)> RunAsync(string text, int days, int depth, TraceSql sql,
        RegionDirectory directory, Func<string?, bool> covers, Func<string?, bool> overlaps, string actor, string scopeRegion,
        DateTimeOffset now, CancellationToken ct, bool reserveId = false)
    {
        var watch = Stopwatch.StartNew();
        var unknown = Results.Problem(statusCode: 404, title: "TRACE_START_UNKNOWN",
            detail: $"{text} is no tag, farm or certificate the hub holds in your region");
        var to = now;
        var from = now.AddDays(-days);
        TraceStart start;
        TraceHop first;
        if (TagNumber.TryParse(text, out var tag))
        {
            if (!overlaps(tag.CountyCode)) return (null, unknown);
            start = new TraceStart(tag.ToString(), "tag", TagSet.Of(new TagRange(tag.Value, tag.Value)), null);
            first = await sql.StartAsync(start.Tags, null, depth > 0, to, reserveId, ct);
        }
        else if ((first = await sql.StartAsync(TagSet.Empty, text, depth > 0, to, reserveId, ct)).Facts.GetValueOrDefault(text) is { } farm)
        {
            if (!covers(farm.RegionCode)) return (null, unknown);
            start = new TraceStart(text, "farm", TagSet.Empty, text);
        }
        else if (await sql.CertificateAsync(text, ct) is { } certificate)
        {
            if (!overlaps(certificate.County)) return (null, unknown);
            start = new TraceStart(text, "certificate", certificate.Tags, certificate.Farm);
            var id = first.TraceId;
            first = await sql.StartAsync(start.Tags, null, depth > 0, to, false, ct);
            first = first with { TraceId = id };
        }
        else return (null, unknown);

        var graph = await new OutbreakTracer(sql).TraceAsync(start, first, from, to, depth, covers, ct);
        var regions = await directory.GetAsync(ct);
        var view = OutbreakTracer.View(graph, start, days, depth, from, to, actor, scopeRegion, now, watch.Elapsed.TotalMilliseconds, regions);
        return (first.TraceId is { } traceId ? view with { Id = traceId } : view, null);
    }
}
