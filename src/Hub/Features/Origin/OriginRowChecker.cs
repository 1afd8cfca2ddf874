using System.Globalization;
using EarTagTrace.Hub.Access;
using EarTagTrace.Hub.Persistence;
using EarTagTrace.Mappings.Canonical;

namespace EarTagTrace.Hub.Features.Origin;

/// <summary>
/// Judges rows against the rules, the caller's region scope and the registry: a livestock row naming a farm code is
/// pre-filled from that farm (name, contact, phone, region, point, stock as scale), so a pig farm the registry sent is
/// not typed in twice; cells the row does give win over the farm's.
/// </summary>
public sealed class OriginRowChecker(HubDbContext db, RegionDirectory regionDirectory)
{
    public async Task<(List<OriginInput> Rows, List<OriginProblem> Problems)> CheckAsync(
        IReadOnlyList<OriginSheetRow> rows, StaffScope scope, DateTimeOffset now, CancellationToken ct,
        Func<OriginColumn, string>? columnName = null, Action<int>? onChecked = null)
    {
        columnName ??= OriginColumns.HeaderOf;
        var products = await ProductsAsync(ct);
        var regions = await regionDirectory.GetAsync(ct);
        var farmCodes = rows.Select(r => r[OriginColumn.FarmCode]?.Trim()).Where(c => !string.IsNullOrEmpty(c)).Distinct().ToList();
        var farms = farmCodes.Count == 0 ? [] : await db.Farms.AsNoTracking().Include(f => f.Stock)
            .Where(f => farmCodes.Contains(f.Code)).ToDictionaryAsync(f => f.Code, ct);

        var inputs = new List<OriginInput>(rows.Count);
        var problems = new List<OriginProblem>();
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            Func<OriginColumn, string?> cells = c => row[c];
            var before = problems.Count;
            if (row[OriginColumn.FarmCode]?.Trim() is { Length: > 0 } farmCode)
            {
                if (!farms.TryGetValue(farmCode, out var farm))
                    problems.Add(new OriginProblem(row.Row, columnName(OriginColumn.FarmCode), OriginCodes.FarmUnknown,
                        $"{farmCode}: the registry has sent no such farm"));
                else cells = Prefill(row, farm, products);
            }
            var input = OriginRowRules.Check(row.Row, cells, products, regions, now, problems, columnName);
            if (input is not null && input.FarmCode is not null && input.Product.Species is null)
            {
                problems.Add(new OriginProblem(row.Row, columnName(OriginColumn.FarmCode), OriginCodes.FarmNotLivestock,
                    $"{input.Product.Name} is not livestock: only 生猪、肉牛、肉羊 link to a registry farm"));
                input = null;
            }
            // Only a well-formed code can be judged against the scope; a malformed one is reported as such already.
            var region = input?.RegionCode ?? cells(OriginColumn.RegionCode)?.Trim();
            if (region is { Length: 9 or 12 } && region.All(char.IsAsciiDigit) && !scope.Covers(region))
                problems.Add(new OriginProblem(row.Row, columnName(OriginColumn.RegionCode), OriginCodes.OutsideRegionScope,
                    $"{region} lies outside your scope {scope.Region}"));
            if (input is not null && problems.Count == before) inputs.Add(input);
            if ((i + 1) % 1000 == 0) onChecked?.Invoke(i + 1);
        }
        onChecked?.Invoke(rows.Count);
        return (inputs, problems);
    }

    /// <summary>Products by Chinese name and by code, so the sheet may say 豇豆 and the API cowpea.</summary>
    public async Task<Dictionary<string, OriginProduct>> ProductsAsync(CancellationToken ct)
    {
        var all = await db.Set<OriginProduct>().AsNoTracking().ToListAsync(ct);
        var byKey = new Dictionary<string, OriginProduct>(StringComparer.OrdinalIgnoreCase);
        foreach (var p in all)
        {
            byKey[p.Code] = p;
            byKey[p.Name] = p;
        }
        return byKey;
    }

    private static Func<OriginColumn, string?> Prefill(OriginSheetRow row, Farm farm, Dictionary<string, OriginProduct> products)
    {
        var product = row[OriginColumn.Product] is { } p && products.TryGetValue(p.Trim(), out var found) ? found : null;
        return c =>
        {
            var given = row[c];
            if (!string.IsNullOrWhiteSpace(given)) return given;
            return c switch
            {
                OriginColumn.EntityName => farm.Name,
                // 养殖户 is a household; a 养殖场 is written as an enterprise until someone says otherwise.
                OriginColumn.EntityType => farm.Type == FarmType.Household ? "农户" : "农产品生产企业",
                OriginColumn.ContactName => farm.ContactName,
                OriginColumn.Phone => farm.Phone,
                OriginColumn.RegionCode => farm.RegionCode.Length >= 9 ? farm.RegionCode : null,
                OriginColumn.BaseAddress => farm.Address,
                OriginColumn.Longitude when farm.Latitude is not null => farm.Longitude?.ToString(CultureInfo.InvariantCulture),
                OriginColumn.Latitude when farm.Longitude is not null => farm.Latitude?.ToString(CultureInfo.InvariantCulture),
                OriginColumn.Scale when product?.Species is { } species => farm.Stock.FirstOrDefault(s => s.Species == species)?.Count.ToString(CultureInfo.InvariantCulture),
                _ => given,
            };
        };
    }
}
