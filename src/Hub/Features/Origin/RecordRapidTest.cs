using System.Globalization;
using System.Text.Json;
using EarTagTrace.Hub.Access;
using EarTagTrace.Adapters.Inbound;
using EarTagTrace.Hub.Inbound;
using EarTagTrace.Hub.Persistence;
using EarTagTrace.Mappings.Canonical;
using EarTagTrace.Mappings.Common;

namespace EarTagTrace.Hub.Features.Origin;

/// <summary>
/// POST /api/origin/rapid-tests: the result of a 快速检测 of a product sampled at a record (seed 二(一): 抽样快速检测,
/// results uploaded). Journaled (origin/origin-rapid-test) and applied by ApplyOriginRapidTest in the pipeline: stored and queued
/// for the provincial monitoring system in one transaction; the same sample and item of one record again is 409.
/// </summary>
public static class RecordRapidTest
{
    public sealed record Request(long? RecordId, string? Product, string? SampleNo, string? Item, string? Result, string? Value, string? TestedAt, string? Tester);

    public sealed record View(long Id, long RecordId, string Product, string SampleNo, string Item, RapidTestResult Result, string ResultName,
        string? Value, DateTimeOffset TestedAt, string Tester, string RecordedBy)
    {
        public static View From(OriginRapidTest t) => new(t.Id, t.RecordId, t.ProductCode, t.SampleNo, t.Item, t.Result,
            OriginVocabulary.Chinese(OriginVocabulary.RapidTestResults, t.Result), t.Value, t.TestedAt, t.Tester, t.RecordedBy);
    }

    public static async Task<IResult> HandleAsync(Request? body, StaffScope scope, HubDbContext db, InboundPipeline pipeline, ApplyOriginRapidTest rule,
        TimeProvider time, CancellationToken ct)
    {
        if (body is null) return Results.Problem(statusCode: 400, title: "BODY_INVALID", detail: "send the test as a JSON object");
        var errors = new List<object>();
        void Fail(string field, string code, string detail) => errors.Add(new { field, code, detail });
        if (body.RecordId is null) Fail("recordId", OriginCodes.CellMissing, "recordId: the origin record the sample was taken at");
        if (string.IsNullOrWhiteSpace(body.SampleNo) || body.SampleNo.Length > 64) Fail("sampleNo", OriginCodes.CellMissing, "样品编号, 1–64 characters");
        if (string.IsNullOrWhiteSpace(body.Item) || body.Item.Length > 100) Fail("item", OriginCodes.CellMissing, "检测项目, 1–100 characters");
        if (string.IsNullOrWhiteSpace(body.Tester) || body.Tester.Length > 50) Fail("tester", OriginCodes.CellMissing, "检测人, 1–50 characters");
        if (body.Value is { Length: > 50 }) Fail("value", OriginCodes.CellTooLong, "value: at most 50 characters");
        if (!OriginVocabulary.TryParse(OriginVocabulary.RapidTestResults, body.Result, out var result))
            Fail("result", "RESULT_INVALID", $"{body.Result}: 合格 or 不合格 (pass, fail)");
        var now = time.GetUtcNow();
        var testedAt = now;
        if (body.TestedAt is { } t)
        {
            if (OriginRowRules.TryChinaTime(t, out var read)) testedAt = read;
            // Any other form .NET reads, as UTC: PostgreSQL takes no other offset (a time with +08:00 here was a 500).
            else if (DateTimeOffset.TryParse(t, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var loose)
                     && OriginRowRules.Plausible(loose.Year))
                testedAt = loose.ToUniversalTime();
            else Fail("testedAt", OriginCodes.TimeInvalid, $"{t}: {ChinaTime.TextFormat} (China time), or ISO 8601 with its offset");
        }
        if (testedAt > now.AddDays(1)) Fail("testedAt", OriginCodes.TimeInvalid, "检测时间 lies in the future");

        var record = body.RecordId is { } id
            ? await db.Set<OriginRecord>().Include(r => r.Entity).FirstOrDefaultAsync(r => r.Id == id, ct) : null;
        if (body.RecordId is not null && (record is null || !scope.Overlaps(record.RegionCode)))
            return StaffScope.NotFound(OriginCodes.RecordUnknown, $"no origin record {body.RecordId}");
        if (record is not null && body.Product is { Length: > 0 } p && p != record.ProductCode
            && !await db.Set<OriginProduct>().AnyAsync(x => x.Code == record.ProductCode && x.Name == p, ct))
            Fail("product", OriginCodes.ProductUnknown, $"{p}: record {record.Id} is of {record.ProductCode}");
        if (errors.Count > 0)
            return Results.Problem(statusCode: 422, title: "RAPID_TEST_REFUSED", detail: $"{errors.Count} fault(s); nothing was saved",
                extensions: new Dictionary<string, object?> { ["errors"] = errors });

        // The write goes through the pipeline: journaled, replayable, its upload carrying the journal id.
        var message = new InboundMessage(ApplyOriginRows.SourceName, ApplyOriginRapidTest.MessageType,
            JsonSerializer.Serialize(new ApplyOriginRapidTest.Body(record!.Id, body.SampleNo!.Trim(), body.Item!.Trim(), result, body.Value?.Trim(),
                testedAt.ToUniversalTime(), body.Tester!.Trim()), CanonicalJson.Options), now)
        {
            Actor = scope.UserName, ActorRegion = scope.Region,
        };
        var outcome = await pipeline.HandleAsync(message, rule, ct);
        if (outcome.Verdict != InboundVerdict.Accepted || outcome.Extra?.GetValueOrDefault("test") is not OriginRapidTest test)
            return OriginStaffWrite.Problem(outcome);
        return Results.Created($"/api/origin/records/{record.Id}", View.From(test));
    }
}
