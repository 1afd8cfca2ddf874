using System.Globalization;
using System.Text;
using EarTagTrace.Hub.Access;
using EarTagTrace.Hub.Edge;
using EarTagTrace.Mappings.Canonical;
using EarTagTrace.Mappings.Common;
using Npgsql;
using NpgsqlTypes;

namespace EarTagTrace.Hub.Features.Origin;

/// <summary>
/// The filters of the one map 一张图 (seed 四(一): 品种、规模、地区、时间), shared by the GeoJSON, the vector tiles and
/// the statistics so the three always agree: product, region, minScale/maxScale, entityType, collectedFrom/collectedTo
/// (China dates, inclusive) and bbox (minLon,minLat,maxLon,maxLat).
/// </summary>
public sealed record OriginFilter(
    string? Product, string? Region, decimal? MinScale, decimal? MaxScale, string? EntityType,
    string? CollectedFrom, string? CollectedTo, string? Bbox)
{
    /// <summary>The more specific of the caller's scope and the region asked for; null when they do not meet.</summary>
    public static string? Narrow(StaffScope scope, string? region)
    {
        if (string.IsNullOrEmpty(region)) return scope.Region;
        if (scope.Covers(region)) return region;
        return scope.Region.StartsWith(region, StringComparison.Ordinal) ? scope.Region : null;
    }

    /// <summary>
    /// The WHERE clause over origin_record r joined to origin_entity e, with its parameters; or a 400 problem naming the
    /// bad filter. Null clause (and no problem) when the region lies outside the scope: the answer is empty.
    /// </summary>
    public (string? Where, List<NpgsqlParameter> Parameters, IResult? Problem) ToSql(StaffScope scope)
    {
        var where = new StringBuilder("true");
        var ps = new List<NpgsqlParameter>();
        IResult Bad(string detail) => Results.Problem(statusCode: 400, title: OriginCodes.FilterInvalid, detail: detail);

        if (Region is { } r && !(r.Length is 2 or 4 or 6 or 9 or 12 && r.All(char.IsAsciiDigit)))
            return (null, ps, Bad($"region {r}: a 2, 4, 6, 9 or 12-digit region code"));
        var region = Narrow(scope, Region);
        if (region is null) return (null, ps, null);
        if (region.Length > 0) where.Append(" and ").Append(RegionPrefixSql(region));
        if (!string.IsNullOrWhiteSpace(Product))
        {
            var codes = Product.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            where.Append(" and ").Append(Persistence.Tables.OriginTables.ProductCodeOrNameSql);
            ps.Add(new NpgsqlParameter("products", codes));
        }
        if (MinScale is { } min) { where.Append(" and r.scale >= @min_scale"); ps.Add(new NpgsqlParameter("min_scale", min)); }
        if (MaxScale is { } max) { where.Append(" and r.scale <= @max_scale"); ps.Add(new NpgsqlParameter("max_scale", max)); }
        if (MinScale > MaxScale) return (null, ps, Bad($"minScale {MinScale} is above maxScale {MaxScale}"));
        if (!string.IsNullOrWhiteSpace(EntityType))
        {
            if (!OriginVocabulary.TryParse(OriginVocabulary.EntityTypes, EntityType, out var type))
                return (null, ps, Bad($"entityType {EntityType}: enterprise, cooperative, familyFarm, household (or 农产品生产企业, 农民专业合作社, 家庭农场, 农户)"));
            where.Append(" and e.type = @entity_type");
            ps.Add(new NpgsqlParameter("entity_type", type.ToString()));
        }
        if (CollectedFrom is { } from)
        {
            if (!CallerTime.TryRead(from, out var start, out _) || !OriginRowRules.Plausible(start.Year))
                return (null, ps, Bad($"collectedFrom {from}: {CallerTime.Formats}"));
            where.Append(" and r.collected_at >= @collected_from");
            ps.Add(new NpgsqlParameter("collected_from", start));
        }
        if (CollectedTo is { } to)
        {
            // A date takes its whole China day; an instant ends the range (exclusive).
            if (!TimeParameter.TryParse(to, null, out var end) || !OriginRowRules.Plausible(end.Utc.Year))
                return (null, ps, Bad($"collectedTo {to}: {CallerTime.Formats}"));
            where.Append(" and r.collected_at < @collected_to");
            ps.Add(new NpgsqlParameter("collected_to", end.End));
        }
        if (!string.IsNullOrWhiteSpace(Bbox))
        {
            var parts = Bbox.Split(',');
            var values = new double[4];
            if (parts.Length != 4 || !parts.Select((p, i) => double.TryParse(p, NumberStyles.Float, CultureInfo.InvariantCulture, out values[i]) && double.IsFinite(values[i])).All(ok => ok)
                || values[0] >= values[2] || values[1] >= values[3] || values[0] < -180 || values[2] > 180 || values[1] < -90 || values[3] > 90)
                return (null, ps, Bad($"bbox {Bbox}: minLon,minLat,maxLon,maxLat with min < max"));
            where.Append(" and r.location && st_makeenvelope(@x1, @y1, @x2, @y2, 4326)::geography");
            ps.Add(new NpgsqlParameter("x1", values[0]));
            ps.Add(new NpgsqlParameter("y1", values[1]));
            ps.Add(new NpgsqlParameter("x2", values[2]));
            ps.Add(new NpgsqlParameter("y2", values[3]));
        }
        return (where.ToString(), ps, null);
    }

    /// <summary>
    /// The region prefix as a literal, not a parameter: a generic plan cannot use the text_pattern_ops index for
    /// LIKE @p, and the planner needs the literal to choose between that index and the GiST one (a province prefix
    /// matches every row). Only digits get here, so the literal is safe.
    /// </summary>
    public static string RegionPrefixSql(string region) => region.All(char.IsAsciiDigit)
        ? $"r.region_code like '{region}%'"
        : throw new ArgumentException($"region {region} is not a code of digits", nameof(region));

    public static NpgsqlParameter Timestamp(string name, DateTimeOffset value) => new(name, NpgsqlDbType.TimestampTz) { Value = value };
}
