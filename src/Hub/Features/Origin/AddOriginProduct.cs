using EarTagTrace.Hub.Edge;
using System.Text.RegularExpressions;
using EarTagTrace.Hub.Access;
using EarTagTrace.Hub.Persistence;
using EarTagTrace.Mappings.Canonical;

namespace EarTagTrace.Hub.Features.Origin;

/// <summary>
/// POST /api/origin/products: the notice's 适时再增加其他品种 — a ninth key product is one administrator call with its
/// unit, collection threshold and cadence, audited; the sheet, the scope, the overdue report and the map take it at once.
/// GET /api/origin/products lists them.
/// </summary>
public static partial class AddOriginProduct
{
    public sealed record Request(string? Code, string? Name, string? Unit, decimal? Threshold, string? Cadence, string? Species);

    public sealed record ProductView(string Code, string Name, string Unit, decimal Threshold, string Cadence, string? Species, int SortOrder)
    {
        public static ProductView Of(OriginProduct p) =>
            new(p.Code, p.Name, p.Unit.ToString(), p.ScopeThreshold, p.Cadence.ToString(), p.Species?.ToString(), p.SortOrder);
    }

    public sealed record Problem(string Field, string Code, string Detail);

    [GeneratedRegex("^[a-z][a-z0-9-]{1,31}$")]
    private static partial Regex CodePattern();

    /// <summary>The product a request describes, or every reason it cannot be one (existing products are the caller's).</summary>
    public static (OriginProduct? Product, List<Problem> Problems) Decide(Request? body, IReadOnlyCollection<OriginProduct> existing)
    {
        var problems = new List<Problem>();
        var code = body?.Code?.Trim() ?? "";
        var name = body?.Name?.Trim() ?? "";
        if (!CodePattern().IsMatch(code))
            problems.Add(new("code", "PRODUCT_CODE_INVALID", "code is 2-32 lower-case letters, digits and '-', starting with a letter (e.g. tea)"));
        if (name.Length is 0 or > 32 || TextSafety.HasNul(name) || name.Any(char.IsControl))
            problems.Add(new("name", "PRODUCT_NAME_INVALID", "name is the 产品名称 as the sheet writes it, 1-32 characters (e.g. 茶叶)"));
        var unit = ParseUnit(body?.Unit);
        if (unit is null) problems.Add(new("unit", "UNIT_INVALID", "unit is 亩, 头 or 只 (Mu, Head, Bird)"));
        if (body?.Threshold is not { } threshold || threshold <= 0 || threshold > 1_000_000_000)
            problems.Add(new("threshold", "THRESHOLD_INVALID", "threshold is the scale from which a base is in the collection scope, above 0"));
        var cadence = ParseCadence(body?.Cadence);
        if (cadence is null) problems.Add(new("cadence", "CADENCE_INVALID", "cadence is 每茬 (PerCycle, crops) or 每月 (Monthly, livestock)"));
        Species? species = null;
        if (!string.IsNullOrWhiteSpace(body?.Species))
        {
            species = ParseSpecies(body.Species);
            if (species is null) problems.Add(new("species", "SPECIES_INVALID", "species, for livestock linked to registry farms, is 猪, 牛 or 羊 (Pig, Cattle, Sheep)"));
        }
        if (existing.Any(p => string.Equals(p.Code, code, StringComparison.OrdinalIgnoreCase)))
            problems.Add(new("code", "PRODUCT_EXISTS", $"a product {code} exists already"));
        if (existing.Any(p => p.Name == name))
            problems.Add(new("name", "PRODUCT_EXISTS", $"a product named {name} exists already"));
        if (problems.Count > 0) return (null, problems);
        return (new OriginProduct
        {
            Code = code, Name = name, Unit = unit!.Value, ScopeThreshold = body!.Threshold!.Value, Cadence = cadence!.Value,
            Species = species, SortOrder = existing.Count == 0 ? 1 : existing.Max(p => p.SortOrder) + 1,
        }, problems);
    }

    public static async Task<IResult> ListAsync(HubDbContext db, CancellationToken ct) =>
        Results.Ok(new { items = (await db.Set<OriginProduct>().AsNoTracking().OrderBy(p => p.SortOrder).ToListAsync(ct)).Select(ProductView.Of) });

    public static async Task<IResult> HandleAsync(Request? body, HubDbContext db, StaffScope scope, TimeProvider time, CancellationToken ct)
    {
        var existing = await db.Set<OriginProduct>().AsNoTracking().ToListAsync(ct);
        var (product, problems) = Decide(body, existing);
        if (product is null)
        {
            var exists = problems.All(p => p.Code == "PRODUCT_EXISTS");
            return Results.Problem(statusCode: exists ? 409 : 422, title: problems[0].Code,
                detail: string.Join("; ", problems.Select(p => p.Detail)), extensions: new Dictionary<string, object?> { ["problems"] = problems });
        }
        db.Set<OriginProduct>().Add(product);
        AuditLog.Add(db, scope, "origin.product.add", product.Code, null,
            new { product.Name, unit = product.Unit.ToString(), threshold = product.ScopeThreshold, cadence = product.Cadence.ToString(), species = product.Species?.ToString() },
            time.GetUtcNow());
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e.InnerException is Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.UniqueViolation })
        {
            // Two administrators adding the same product at once: the second is told, not given a 500.
            return Results.Problem(statusCode: 409, title: "PRODUCT_EXISTS", detail: $"a product {product.Code} or {product.Name} exists already");
        }
        return Results.Created($"/api/origin/products/{product.Code}", ProductView.Of(product));
    }

    private static ScaleUnit? ParseUnit(string? text) => text?.Trim() switch
    {
        "亩" => ScaleUnit.Mu, "头" => ScaleUnit.Head, "只" => ScaleUnit.Bird,
        { } t when Enum.TryParse<ScaleUnit>(t, true, out var u) && Enum.IsDefined(u) && !char.IsAsciiDigit(t[0]) => u,
        _ => null,
    };

    private static OriginCadence? ParseCadence(string? text) => text?.Trim() switch
    {
        "每茬" => OriginCadence.PerCycle, "每月" => OriginCadence.Monthly,
        { } t when Enum.TryParse<OriginCadence>(t, true, out var c) && Enum.IsDefined(c) && !char.IsAsciiDigit(t[0]) => c,
        _ => null,
    };

    private static Species? ParseSpecies(string text) => text.Trim() switch
    {
        "猪" => Mappings.Canonical.Species.Pig, "牛" => Mappings.Canonical.Species.Cattle, "羊" => Mappings.Canonical.Species.Sheep,
        { } t when Enum.TryParse<Species>(t, true, out var s) && Enum.IsDefined(s) && !char.IsAsciiDigit(t[0]) => s,
        _ => null,
    };
}
