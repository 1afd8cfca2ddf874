using System.Text.Json;
using EarTagTrace.Adapters.FarmRegistry;
using EarTagTrace.Adapters.Inbound;
using EarTagTrace.Hub.Inbound;
using EarTagTrace.Hub.Persistence;
using EarTagTrace.Mappings.Canonical;
using EarTagTrace.Mappings.FarmRegistry;
using EarTagTrace.Mappings.Validation;

namespace EarTagTrace.Hub.Features.Farms;

/// <summary>
/// Registry farm records (pushed, or a pulled page) → canonical farms. Idempotent: a record the hub already holds,
/// or an older one, changes nothing and sends nothing; a changed farm is announced to the national cloud platform and
/// to 动监e通 through the outbox, in the same transaction.
/// </summary>
public abstract class ApplyRegistryFarms(string type, string contract, string rowsPath, RegionDirectory regions) : IUnitOfWorkHandler
{
    public string Source => PartnerNames.FarmRegistry;
    public string Type => type;

    public async Task<HandlerResult> HandleAsync(HandlerContext context, CancellationToken ct)
    {
        var raw = context.Message.RawBody;
        // The body's one parse (InboundMessage.Json) serves the schema proof and the rows; text only names a fault.
        var parsed = context.Message.Json;
        var violations = parsed is null ? ContractValidator.Validate(contract, raw) : ContractValidator.Validate(contract, parsed.RootElement);
        if (violations.Count > 0 || parsed is null)
            return HandlerResult.Malformed(ToReasons(violations.Count > 0 ? violations
                : [new Violation("$", ViolationCodes.JsonMalformed, "The body is not strict JSON.")]));

        var rows = parsed.RootElement;
        foreach (var name in rowsPath.Split('.'))
        {
            // An error page ({code: 5xx, data: null}) is valid JSON of the contract but carries no rows.
            if (rows.ValueKind != JsonValueKind.Object || !rows.TryGetProperty(name, out rows) || rows.ValueKind == JsonValueKind.Null)
                return HandlerResult.Malformed([new InboundReason("PARTNER_ERROR",
                    $"no {rowsPath} in the answer: {Truncate(raw, 200)}", $"$.{rowsPath}")]);
        }

        // The body's schema holds every row's (farm-registry/farm-record): each row was validated just now, once, and
        // is mapped without a second schema pass.
        var mapped = RegistryFarmMapping.ToCanonicalRows(rows, $"$.{rowsPath}", schemaChecked: true);
        var farms = new List<CanonicalFarm>(mapped.Count);
        var mappingViolations = new List<Violation>();
        var lookup = await regions.GetAsync(ct);
        for (var i = 0; i < mapped.Count; i++)
        {
            var result = mapped[i];
            if (!result.IsValid) mappingViolations.AddRange(result.Violations);
            // A well-formed code is not yet a real place: the township must be in the region table.
            else if (!lookup.IsTownship(result.Value!.TownshipCode))
                mappingViolations.Add(new Violation($"$.{rowsPath}[{i}].xzqhdm", "REGION_UNKNOWN",
                    $"township {result.Value.TownshipCode} of region code {result.Value.RegionCode} is not in the region table"));
            else farms.Add(result.Value);
        }
        // Nothing half-applied: one bad row refuses the message, with every violation named.
        if (mappingViolations.Count > 0) return HandlerResult.Malformed(ToReasons(mappingViolations));

        var summary = await FarmUpsert.ApplyAsync(context, farms, ct);
        return HandlerResult.Accepted(summary);
    }

    private static string Truncate(string s, int max) => s.Length <= max ? s : s[..max] + "…";

    private static List<InboundReason> ToReasons(IEnumerable<Violation> violations) =>
        violations.Select(v => new InboundReason(v.Code, v.Message, v.Path)).ToList();
}

public sealed class ApplyPushedRegistryFarms(RegionDirectory regions)
    : ApplyRegistryFarms(FarmRegistryEndpoints.FarmPush, Contracts.RegistryPushBody, "rows", regions);

public sealed class ApplyPulledRegistryPage(RegionDirectory regions)
    : ApplyRegistryFarms(FarmRegistryEndpoints.FarmPullPage, Contracts.RegistryPullPage, "data.rows", regions);
