using System.Text.Json;
using EarTagTrace.Adapters.Inbound;
using EarTagTrace.Hub.Access;
using EarTagTrace.Hub.Inbound;
using EarTagTrace.Hub.Persistence;
using EarTagTrace.Hub.Persistence.Tables;
using EarTagTrace.Mappings.Canonical;

namespace EarTagTrace.Hub.Features.Origin;

/// <summary>
/// A 快速检测 result through the inbound pipeline (source "origin", type "origin-rapid-test"): the endpoint checks the
/// fields and journals the test as it reads it ({recordId, sampleNo, item, result, value, testedAt in UTC, tester});
/// here the record must exist in the actor's scope and the sample and item be new; the test and its upload to
/// 福建省农产品质量安全监测系统 (carrying the journal id) are written in the pipeline's transaction.
/// </summary>
public sealed class ApplyOriginRapidTest : IUnitOfWorkHandler
{
    public const string MessageType = "origin-rapid-test";
    public const string Duplicate = "RAPID_TEST_DUPLICATE";

    public sealed record Body(long RecordId, string SampleNo, string Item, RapidTestResult Result, string? Value, DateTimeOffset TestedAt, string Tester);

    public string Source => ApplyOriginRows.SourceName;
    public string Type => MessageType;

    public async Task<HandlerResult> HandleAsync(HandlerContext context, CancellationToken ct)
    {
        if (OriginStaffWrite.Read<Body>(context.Message) is not ({ } body, { } scope)) return OriginStaffWrite.Unreadable(context.Message);
        var db = context.Db;
        var record = await db.Set<OriginRecord>().Include(r => r.Entity).FirstOrDefaultAsync(r => r.Id == body.RecordId, ct);
        if (OriginStaffWrite.RefuseRecord(record, body.RecordId, scope) is { } refused) return refused;
        if (await db.Set<OriginRapidTest>().AnyAsync(t => t.RecordId == record!.Id && t.SampleNo == body.SampleNo && t.Item == body.Item, ct))
            return HandlerResult.Refused([new InboundReason(Duplicate, $"sample {body.SampleNo}, {body.Item} of record {record!.Id} is already recorded")]);

        var test = new OriginRapidTest
        {
            RecordId = record!.Id, ProductCode = record.ProductCode, SampleNo = body.SampleNo, Item = body.Item, Result = body.Result,
            Value = body.Value, TestedAt = body.TestedAt, Tester = body.Tester, RecordedBy = scope.UserName, CreatedAt = context.Now,
        };
        db.Add(test);
        await db.SaveChangesAsync(ct);
        var canonical = new CanonicalRapidTest
        {
            Id = test.Id, RecordId = record.Id, EntityName = record.Entity.Name, ProductCode = record.ProductCode, RegionCode = record.RegionCode,
            SampleNo = test.SampleNo, Item = test.Item, Result = test.Result, Value = test.Value, TestedAt = test.TestedAt, Tester = test.Tester,
        };
        await OutboxTable.InsertAsync(db,
            [new(OriginDestinations.RapidTests, OriginDestinations.RapidTestKey(test.Id), JsonSerializer.Serialize(canonical, CanonicalJson.Options), record.RegionCode)],
            await context.JournalIdAsync(ct), context.Now, ct);
        AuditLog.Add(db, scope, "origin.rapid-test", OriginDestinations.RapidTestKey(test.Id), record.RegionCode,
            new { recordId = record.Id, test.SampleNo, test.Item, result = test.Result.ToString() }, context.Now);
        context.Journal.Links.Add(new JournalLink { EntityType = "origin-record", EntityKey = OriginDestinations.RecordKey(record.Id) });
        return HandlerResult.Accepted(new { testId = test.Id, recordId = record.Id }) with { Answer = new Dictionary<string, object?> { ["test"] = test } };
    }
}

/// <summary>
/// 点位现场完善 through the inbound pipeline (source "origin", type "origin-location"): {recordId, longitude, latitude}
/// as the endpoint checked them. The old point is kept in the history; a moved point is uploaded again with the journal
/// id; the same point changes nothing.
/// </summary>
public sealed class ApplyOriginLocation : IUnitOfWorkHandler
{
    public const string MessageType = "origin-location";

    public sealed record Body(long RecordId, decimal Longitude, decimal Latitude);

    public string Source => ApplyOriginRows.SourceName;
    public string Type => MessageType;

    public async Task<HandlerResult> HandleAsync(HandlerContext context, CancellationToken ct)
    {
        if (OriginStaffWrite.Read<Body>(context.Message) is not ({ } body, { } scope)) return OriginStaffWrite.Unreadable(context.Message);
        var db = context.Db;
        var record = await db.Set<OriginRecord>().Include(r => r.Entity).Include(r => r.Product).FirstOrDefaultAsync(r => r.Id == body.RecordId, ct);
        if (OriginStaffWrite.RefuseRecord(record, body.RecordId, scope) is { } refused) return refused;
        var point = OriginCanonical.PointOf(body.Longitude, body.Latitude)!;
        if (record!.Location is not null && record.Location.EqualsExact(point)) return HandlerResult.Accepted(new { recordId = record.Id, moved = false });

        db.Add(new OriginLocationChange { RecordId = record.Id, From = record.Location, To = point, Source = "refine", ChangedBy = scope.UserName, ChangedAt = context.Now });
        AuditLog.Add(db, scope, "origin.location", OriginDestinations.RecordKey(record.Id), record.RegionCode,
            new { from = record.Location is { } f ? new[] { f.X, f.Y } : null, to = new[] { point.X, point.Y } }, context.Now);
        record.Location = point;
        var hash = OriginCanonical.Hash(record, record.Entity, record.Product);
        if (hash != record.ContentHash)
        {
            record.ContentHash = hash;
            record.UpdatedAt = context.Now;
            await OutboxTable.InsertAsync(db, [OriginCanonical.Outbox(record, record.Entity, record.Product)], await context.JournalIdAsync(ct), context.Now, ct);
        }
        context.Journal.Links.Add(new JournalLink { EntityType = "origin-record", EntityKey = OriginDestinations.RecordKey(record.Id) });
        return HandlerResult.Accepted(new { recordId = record.Id, moved = true });
    }
}

/// <summary>What the staff writes of one record share: the journaled body, the actor's scope, the record's refusal, the answer.</summary>
public static class OriginStaffWrite
{
    public static (T? Body, StaffScope? Scope) Read<T>(InboundMessage message) where T : class
    {
        if (message.Actor is not { Length: > 0 } actor || message.ActorRegion is not { Length: > 0 } region) return (null, null);
        try
        {
            return (JsonSerializer.Deserialize<T>(message.RawBody, CanonicalJson.Options), ApplyOriginRows.ScopeOf(actor, region));
        }
        catch (JsonException)
        {
            return (null, null);
        }
    }

    public static HandlerResult Unreadable(InboundMessage message) => message.Actor is null || message.ActorRegion is null
        ? HandlerResult.Malformed([new InboundReason(ApplyOriginRows.ActorMissing, "origin writes are made by a staff account: the message names none")])
        : HandlerResult.Malformed([new InboundReason("BODY_INVALID", $"the body is not a {message.Type} message")]);

    /// <summary>The same answer for a record that does not exist and one outside the scope, so existence does not leak; a write outside is 403.</summary>
    public static HandlerResult? RefuseRecord(OriginRecord? record, long id, StaffScope scope)
    {
        if (record is null || !scope.Overlaps(record.RegionCode))
            return HandlerResult.Refused([new InboundReason(OriginCodes.RecordUnknown, $"no origin record {id}")]);
        if (!scope.Covers(record.RegionCode))
            return HandlerResult.Refused([new InboundReason(OriginCodes.OutsideRegionScope,
                $"origin record {id} lies in region {record.RegionCode}, outside your scope {scope.Region}")]);
        return null;
    }

    /// <summary>A refused or failed write as the endpoint answers it: 404 unknown, 403 outside, 409 duplicate, 500 failed.</summary>
    public static IResult Problem(InboundOutcome outcome)
    {
        var reason = outcome.Reasons.FirstOrDefault() ?? new InboundReason("HUB_ERROR", "the hub failed; the write is journaled and can be replayed");
        var status = outcome.Verdict == InboundVerdict.Failed ? 500 : reason.Code switch
        {
            OriginCodes.RecordUnknown => 404,
            OriginCodes.OutsideRegionScope => 403,
            ApplyOriginRapidTest.Duplicate => 409,
            _ => 422,
        };
        return Results.Problem(statusCode: status, title: status == 500 ? "HUB_ERROR" : reason.Code, detail: reason.Detail,
            extensions: new Dictionary<string, object?> { ["hubId"] = outcome.JournalId > 0 ? outcome.JournalId.ToString(System.Globalization.CultureInfo.InvariantCulture) : null });
    }
}
