using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;

using EarTagTrace.Bench;

namespace EarTagTrace.Bench.Ledger;

/// <summary>
/// The operations the bench times against the seeded world, each in a hub version and a bare-insert version with a
/// body of the same kind and size. Every hub operation that should succeed takes its own fresh material (a county range
/// not issued before, a farm range not declared before, an accepted declaration not certified before), so all of them
/// are valid whatever the concurrency.
/// </summary>
public sealed class Workload(SeedData data, HubClient hub, string runTag)
{
    public sealed record Accepted(string Id, int Farm, int Township, long[] Tags);

    private int _issuanceCursor = -1, _farmCursor = -1, _ids;
    private readonly ConcurrentQueue<Accepted> _toCertify = new();
    private readonly List<Accepted> _accepted = [];

    public int IssuancesUsed => Math.Min(_issuanceCursor + 1, IssuancePoolSize);
    public int FarmRangesUsed => Math.Min(_farmCursor + 1, data.FarmRanges.Length);

    /// <summary>The first half of the county-held ranges is issued; rejected declarations borrow from the second.</summary>
    private int IssuancePoolSize => data.CountyRanges.Length / 2;

    private string NextId(string prefix) =>
        prefix + runTag + Interlocked.Increment(ref _ids).ToString("D8", CultureInfo.InvariantCulture);

    // ---- 一次发放 county → own township of half of a county-held range ----

    private byte[] IssuanceBody(Random rng, int rangeIndex)
    {
        var r = data.Ranges[rangeIndex];
        var townships = data.TownshipsOfCounty[r.County];
        var township = data.Townships[townships[rng.Next(townships.Length)]];
        return Messages.FirstIssuance(NextId("BI"), data.Counties[r.County], township, r.First, r.First + r.Size / 2 - 1);
    }

    public async Task<(OpResult, string?)?> IssueAsync(Random rng, CancellationToken ct)
    {
        var n = Interlocked.Increment(ref _issuanceCursor);
        if (n >= IssuancePoolSize) return null;
        var (status, answer) = await hub.PushAsync("/adapters/djet/tag-issuances", IssuanceBody(rng, data.CountyRanges[n]), ct);
        return Judge(status, answer, expectAccepted: true);
    }

    public async Task<(OpResult, string?)?> BareIssuanceAsync(Random rng, CancellationToken ct) =>
        Bare(await hub.PostBareAsync(IssuanceBody(rng, data.CountyRanges[rng.Next(data.CountyRanges.Length)]), ct));

    // ---- 耳标追溯 trace of a random registered tag ----

    private string TracePath(Random rng)
    {
        var r = data.Ranges[rng.Next(data.Ranges.Length)];
        return "/api/tags/" + SeedData.Format(r.First + rng.Next(r.Size)) + "/trace";
    }

    public async Task<(OpResult, string?)?> TraceAsync(Random rng, CancellationToken ct)
    {
        var status = await hub.GetAsync(TracePath(rng), ct);
        return status == 200 ? (OpResult.Ok, null) : (OpResult.Failed, $"HTTP {status}");
    }

    public async Task<(OpResult, string?)?> BareTraceAsync(Random rng, CancellationToken ct) =>
        Bare(await hub.PostBareAsync(Encoding.UTF8.GetBytes(TracePath(rng)), ct));

    // ---- 检疫申报 valid declarations of 1–200 tags of a farm's own range ----

    private (byte[] Body, Accepted Declaration) DeclarationBody(Random rng, int rangeIndex)
    {
        var r = data.Ranges[rangeIndex];
        var tags = Messages.Pick(rng, r.First, r.Size, rng.Next(1, SeedData.FarmRangeSize + 1));
        var id = NextId("SB");
        return (Messages.Declaration(id, data.FarmCode(r.Farm), data.QrToken(r.Farm), tags), new Accepted(id, r.Farm, r.Township, tags));
    }

    public async Task<(OpResult, string?)?> DeclareAsync(Random rng, CancellationToken ct)
    {
        var n = Interlocked.Increment(ref _farmCursor);
        if (n >= data.FarmRanges.Length) return null;
        var (body, declaration) = DeclarationBody(rng, data.FarmRanges[n]);
        var (status, answer) = await hub.PushAsync("/adapters/djet/declarations", body, ct);
        var judged = Judge(status, answer, expectAccepted: true);
        if (judged.Item1 == OpResult.Ok)
        {
            _toCertify.Enqueue(declaration);
            lock (_accepted) _accepted.Add(declaration);
        }
        return judged;
    }

    public async Task<(OpResult, string?)?> BareDeclarationAsync(Random rng, CancellationToken ct) =>
        Bare(await hub.PostBareAsync(DeclarationBody(rng, data.FarmRanges[rng.Next(data.FarmRanges.Length)]).Body, ct));

    // ---- declarations that must be rejected: a farm naming 1–200 tags its county still holds ----

    private byte[] RejectedBody(Random rng)
    {
        var farm = data.Ranges[data.FarmRanges[rng.Next(data.FarmRanges.Length)]].Farm;
        var pool = data.CountyRanges;
        var r = data.Ranges[pool[IssuancePoolSize + rng.Next(pool.Length - IssuancePoolSize)]];
        var tags = Messages.Pick(rng, r.First, r.Size, rng.Next(1, r.Size + 1));
        return Messages.Declaration(NextId("SR"), data.FarmCode(farm), data.QrToken(farm), tags);
    }

    public async Task<(OpResult, string?)?> DeclareRejectedAsync(Random rng, CancellationToken ct)
    {
        var (status, answer) = await hub.PushAsync("/adapters/djet/declarations", RejectedBody(rng), ct);
        // Here the expected answer is the refusal (422, jg rejected, TAG_NOT_IN_TOWNSHIP_STOCK): that is the "ok".
        var judged = Judge(status, answer, expectAccepted: false);
        return judged.Item1 switch
        {
            OpResult.Refused when Reasons(answer).SequenceEqual(["TAG_NOT_IN_TOWNSHIP_STOCK"]) => (OpResult.Ok, null),
            OpResult.Refused => (OpResult.Failed, "rejected for other reasons than TAG_NOT_IN_TOWNSHIP_STOCK: " + Short(answer)),
            OpResult.Ok => (OpResult.Failed, "a declaration that should have been rejected was accepted"),
            _ => judged,
        };
    }

    public async Task<(OpResult, string?)?> BareRejectedAsync(Random rng, CancellationToken ct) =>
        Bare(await hub.PostBareAsync(RejectedBody(rng), ct));

    // ---- 产地检疫合格证明 B certificates on accepted declarations ----

    public int AcceptedDeclarations { get { lock (_accepted) return _accepted.Count; } }

    private byte[] CertificateBody(Accepted d) =>
        Messages.Certificate(NextId("ZM"), d.Id, data.FarmCode(d.Farm), data.Townships[d.Township], d.Tags);

    public async Task<(OpResult, string?)?> CertifyAsync(Random rng, CancellationToken ct)
    {
        if (!_toCertify.TryDequeue(out var d)) return null;
        var (status, answer) = await hub.PushAsync("/adapters/djet/certificates", CertificateBody(d), ct);
        return Judge(status, answer, expectAccepted: true);
    }

    public async Task<(OpResult, string?)?> BareCertificateAsync(Random rng, CancellationToken ct)
    {
        Accepted d;
        lock (_accepted)
        {
            if (_accepted.Count == 0) return null;
            d = _accepted[rng.Next(_accepted.Count)];
        }
        return Bare(await hub.PostBareAsync(CertificateBody(d), ct));
    }

    // ----

    private static (OpResult, string?) Bare((int Status, JsonElement Answer) r) =>
        r.Status == 200 ? (OpResult.Ok, null) : (OpResult.Failed, $"HTTP {r.Status}: {Short(r.Answer)}");

    private static (OpResult, string?) Judge(int status, JsonElement answer, bool expectAccepted)
    {
        var code = answer.ValueKind == JsonValueKind.Object && answer.TryGetProperty("code", out var c) && c.ValueKind == JsonValueKind.Number ? c.GetInt32() : -1;
        if (status == 200 && code == 0)
        {
            if (answer.TryGetProperty("jg", out var jg) && jg.GetString() != "accepted")
                return (OpResult.Failed, $"code 0 but jg {jg.GetString()}: {Short(answer)}");
            return (OpResult.Ok, null);
        }
        if (status == 422)
            return expectAccepted ? (OpResult.Failed, "refused: " + Short(answer)) : (OpResult.Refused, null);
        return (OpResult.Failed, $"HTTP {status}: {Short(answer)}");
    }

    private static IEnumerable<string> Reasons(JsonElement answer) =>
        answer.ValueKind == JsonValueKind.Object && answer.TryGetProperty("reasons", out var reasons) && reasons.ValueKind == JsonValueKind.Array
            ? reasons.EnumerateArray().Select(r => r.TryGetProperty("code", out var c) ? c.GetString() ?? "" : "").Distinct()
            : [];

    private static string Short(JsonElement answer)
    {
        var text = answer.ValueKind == JsonValueKind.Undefined ? "(no body)" : answer.GetRawText();
        return text.Length <= 300 ? text : text[..297] + "...";
    }
}
