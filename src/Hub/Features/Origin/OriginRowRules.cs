using System.Globalization;
using EarTagTrace.Hub.Edge;
using EarTagTrace.Hub.Persistence;
using EarTagTrace.Mappings.Canonical;
using EarTagTrace.Mappings.Common;

namespace EarTagTrace.Hub.Features.Origin;

/// <summary>
/// The cell rules of one 采集表 row, shared by the sheet import and POST /api/origin/records: every cell judged, every
/// fault a problem naming the row and the column, so one report lists all of them.
/// </summary>
public static class OriginRowRules
{
    private static readonly string[] DateFormats = ["yyyy-MM-dd", "yyyy/M/d", "yyyy-M-d", "yyyy.M.d", "yyyyMMdd", "yyyy年M月d日"];
    private static readonly string[] TimeFormats = [ChinaTime.TextFormat, "yyyy-MM-dd HH:mm", "yyyy/M/d H:mm:ss", "yyyy/M/d H:mm", "yyyy-MM-dd", "yyyy/M/d"];

    /// <summary>Years a record can speak of; outside them a China-time instant may not even exist as UTC (0001-01-01 08:00).</summary>
    public static bool Plausible(int year) => year is >= 1900 and <= 2100;

    /// <summary>
    /// <see cref="ChinaTime.TryParse"/> for years that exist both ways (it throws for 0001-01-01 00:00:00); a staff
    /// caller may also write the instant with its offset (…+08:00, …Z), read by the edge's <see cref="CallerTime"/>.
    /// </summary>
    public static bool TryChinaTime(string? text, out DateTimeOffset utc)
    {
        utc = default;
        if (DateTime.TryParseExact(text, ChinaTime.TextFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
            return Plausible(local.Year) && ChinaTime.TryParse(text, out utc);
        return CallerTime.TryRead(text, out utc, out var isDate) && !isDate && Plausible(utc.ToOffset(ChinaTime.Offset).Year);
    }

    /// <param name="cells">The row's text per column ("" when absent).</param>
    /// <param name="products">Products by Chinese name and by code.</param>
    /// <param name="now">采集时间 when the cell is blank: the import is the collection.</param>
    public static OriginInput? Check(int row, Func<OriginColumn, string?> cells, IReadOnlyDictionary<string, OriginProduct> products,
        RegionLookup regions, DateTimeOffset now, List<OriginProblem> problems, Func<OriginColumn, string>? columnName = null)
    {
        var before = problems.Count;
        columnName ??= OriginColumns.HeaderOf;
        void Fail(OriginColumn c, string code, string detail) => problems.Add(new OriginProblem(row, columnName(c), code, detail));
        string? Text(OriginColumn c, int max)
        {
            var t = cells(c)?.Trim();
            if (string.IsNullOrEmpty(t)) return null;
            if (t.Length > max) Fail(c, OriginCodes.CellTooLong, $"{OriginColumns.HeaderOf(c)} is {t.Length} characters, at most {max}");
            return t;
        }
        string? Required(OriginColumn c, int max)
        {
            var t = Text(c, max);
            if (t is null) Fail(c, OriginCodes.CellMissing, $"{OriginColumns.HeaderOf(c)} is empty");
            return t;
        }
        string? Phone(OriginColumn c)
        {
            var t = Text(c, 32);
            if (t is null) return null;
            if (ChinaPhone.TryToE164(t, out var e164)) return e164;
            Fail(c, OriginCodes.PhoneInvalid, $"{t}: a mobile (11 digits) or a landline with its area code (0595-68792206)");
            return null;
        }
        decimal? Number(OriginColumn c)
        {
            var t = Text(c, 32);
            if (t is null) return null;
            if (decimal.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)) return d;
            Fail(c, c == OriginColumn.Scale ? OriginCodes.ScaleInvalid : OriginCodes.CoordOutOfRange, $"{t} is not a number");
            return null;
        }
        DateOnly? Date(OriginColumn c)
        {
            var t = Text(c, 32);
            if (t is null) return null;
            if (DateOnly.TryParseExact(t, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) && Plausible(d.Year)) return d;
            if (double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out var serial) && serial is > 61 and < 2_958_466)
                return DateOnly.FromDateTime(DateTime.FromOADate(serial));
            Fail(c, OriginCodes.DateInvalid, $"{t}: {OriginColumns.HeaderOf(c)} is a date, yyyy-MM-dd");
            return null;
        }

        var name = Required(OriginColumn.EntityName, 100);
        OriginEntityType type = default;
        if (Required(OriginColumn.EntityType, 16) is { } typeText && !OriginVocabulary.TryParse(OriginVocabulary.EntityTypes, typeText, out type))
            Fail(OriginColumn.EntityType, OriginCodes.EntityTypeInvalid,
                $"{typeText}: one of {string.Join("、", OriginVocabulary.EntityTypes.Select(t => t.Chinese))}");
        var contact = Text(OriginColumn.ContactName, 50);
        var phone = Phone(OriginColumn.Phone);

        OriginProduct? product = null;
        if (Required(OriginColumn.Product, 32) is { } productText && !products.TryGetValue(productText, out product))
            Fail(OriginColumn.Product, OriginCodes.ProductUnknown,
                $"{productText}: the key products are {string.Join("、", products.Values.Distinct().OrderBy(p => p.SortOrder).Select(p => p.Name))}");

        var scale = Number(OriginColumn.Scale);
        if (scale is null && string.IsNullOrWhiteSpace(cells(OriginColumn.Scale)))
            Fail(OriginColumn.Scale, OriginCodes.CellMissing, "种养规模 is empty");
        else if (scale is < 0 or > 10_000_000)
            Fail(OriginColumn.Scale, OriginCodes.ScaleInvalid, $"{scale}: 种养规模 is between 0 and 10,000,000");
        if (Text(OriginColumn.Unit, 8) is { } unitText && product is not null
            && (!OriginVocabulary.TryParse(OriginVocabulary.Units, unitText, out var unit) || unit != product.Unit))
            Fail(OriginColumn.Unit, OriginCodes.UnitMismatch,
                $"{unitText}: {product.Name} is counted in {OriginVocabulary.Chinese(OriginVocabulary.Units, product.Unit)}");

        var address = Text(OriginColumn.BaseAddress, 200) ?? "";
        var region = Required(OriginColumn.RegionCode, 12);
        if (region is not null)
        {
            if (!(region.Length is 9 or 12 && region.All(char.IsAsciiDigit)))
            {
                Fail(OriginColumn.RegionCode, OriginCodes.RegionCodeInvalid, $"{region}: a township (9 digits) or village (12 digits) code");
                region = null;
            }
            else if (!regions.IsTownship(region[..9]))
            {
                Fail(OriginColumn.RegionCode, OriginCodes.RegionUnknown, $"{region}: township {region[..9]} is not in the region table");
                region = null;
            }
        }

        var longitude = Number(OriginColumn.Longitude);
        var latitude = Number(OriginColumn.Latitude);
        if (longitude is null != latitude is null && string.IsNullOrWhiteSpace(cells(longitude is null ? OriginColumn.Longitude : OriginColumn.Latitude)))
            Fail(longitude is null ? OriginColumn.Longitude : OriginColumn.Latitude, OriginCodes.CoordIncomplete,
                "经度 and 纬度 come together; leave both blank to add the point after a field visit");
        if (longitude is < 73 or > 136) Fail(OriginColumn.Longitude, OriginCodes.CoordOutOfRange, $"{longitude}: 经度 in China is 73–136");
        if (latitude is < 3 or > 54) Fail(OriginColumn.Latitude, OriginCodes.CoordOutOfRange, $"{latitude}: 纬度 in China is 3–54");

        var start = Date(OriginColumn.MarketStart);
        var end = Date(OriginColumn.MarketEnd);
        if (start is { } s && end is { } e && e < s)
            Fail(OriginColumn.MarketEnd, OriginCodes.MarketDatesInverted, $"预计下市时间 {e:yyyy-MM-dd} is before 预计上市时间 {s:yyyy-MM-dd}");

        ProductionMode? mode = null;
        if (Text(OriginColumn.ProductionMode, 8) is { } modeText)
        {
            if (OriginVocabulary.TryParse(OriginVocabulary.ProductionModes, modeText, out var m)) mode = m;
            else Fail(OriginColumn.ProductionMode, OriginCodes.ProductionModeInvalid, $"{modeText}: 露地 or 设施");
        }

        var methods = new List<TraceMethod>();
        if (Text(OriginColumn.TraceMethods, 200) is { } methodText)
        {
            foreach (var part in methodText.Split(OriginVocabulary.ListSeparators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (OriginVocabulary.TryParse(OriginVocabulary.TraceMethods, part, out var m)) { if (!methods.Contains(m)) methods.Add(m); }
                else Fail(OriginColumn.TraceMethods, OriginCodes.TraceMethodInvalid,
                    $"{part}: any of {string.Join("、", OriginVocabulary.TraceMethods.Select(t => t.Chinese))}, separated by 、 , or ;");
            }
        }

        var credit = Text(OriginColumn.CreditRating, 16);
        var supervisor = Text(OriginColumn.GridSupervisor, 50);
        var supervisorPhone = Phone(OriginColumn.GridSupervisorPhone);
        var collector = Text(OriginColumn.Collector, 50);
        var collectorPhone = Phone(OriginColumn.CollectorPhone);

        var collectedAt = now;
        if (Text(OriginColumn.CollectedAt, 32) is { } timeText)
        {
            if (TryChinaTime(timeText, out var utc)) collectedAt = utc;
            else if (DateTime.TryParseExact(timeText, TimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local) && Plausible(local.Year))
                collectedAt = new DateTimeOffset(local, ChinaTime.Offset).ToUniversalTime();
            else if (double.TryParse(timeText, NumberStyles.Float, CultureInfo.InvariantCulture, out var serial) && serial is > 61 and < 2_958_466)
                collectedAt = new DateTimeOffset(DateTime.FromOADate(serial), ChinaTime.Offset).ToUniversalTime();
            else Fail(OriginColumn.CollectedAt, OriginCodes.TimeInvalid, $"{timeText}: 采集时间 is {ChinaTime.TextFormat} (China time)");
            if (collectedAt > now.AddDays(1)) Fail(OriginColumn.CollectedAt, OriginCodes.TimeInvalid, $"{timeText}: 采集时间 lies in the future");
        }

        var purchaser = false;
        if (Text(OriginColumn.Purchaser, 8) is { } purchaserText)
        {
            if (purchaserText is "是" or "true" or "1" or "Y" or "y") purchaser = true;
            else if (purchaserText is not ("否" or "false" or "0" or "N" or "n"))
                Fail(OriginColumn.Purchaser, OriginCodes.PurchaserInvalid, $"{purchaserText}: 是 or 否");
        }
        var farmCode = Text(OriginColumn.FarmCode, 32);
        var plotNo = Text(OriginColumn.PlotNo, 32);

        if (problems.Count > before || name is null || product is null || scale is null || region is null) return null;
        return new OriginInput
        {
            Row = row, EntityName = name, EntityType = type, Purchaser = purchaser, ContactName = contact, Phone = phone,
            CreditRating = credit, Product = product, Scale = scale.Value, BaseAddress = address, RegionCode = region,
            Longitude = longitude, Latitude = latitude, MarketStart = start, MarketEnd = end, ProductionMode = mode,
            TraceMethods = [.. methods], GridSupervisor = supervisor, GridSupervisorPhone = supervisorPhone, Collector = collector,
            CollectorPhone = collectorPhone, CollectedAt = collectedAt, FarmCode = farmCode, PlotNo = plotNo,
        };
    }
}
