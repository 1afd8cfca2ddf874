using EarTagTrace.Mappings.Canonical;
using Npgsql;

namespace EarTagTrace.Hub.Persistence.Tables;

/// <summary>
/// The owner of the quarantine tables: declaration 检疫申报 and certificate 检疫出证, with the farm facts and stock
/// lines their rules read on the way (farm, farm_stock, county_rollout); the stock a certificate takes away is written by
/// <see cref="FarmTables"/>, the tags' side of a declaration or certificate by <see cref="TagLedgerTables"/>.
/// </summary>
public static class QuarantineTables
{
    private static NpgsqlParameter P<T>(string name, T value) => new NpgsqlParameter<T>(name, value);

    /// <summary>
    /// An SQL condition: the county (<paramref name="countyColumn"/>) switched on linked declaration with a start date
    /// (a China date) on or before <paramref name="dayParameter"/>.
    /// </summary>
    public static string CountyEnabledSql(string countyColumn, string dayParameter) =>
        $"exists (select 1 from county_rollout r where r.county_code = {countyColumn} and r.enabled and r.since <= {dayParameter})";

    // ---- declaration ----

    /// <summary>
    /// One row, whatever exists: the farm @farm (code, name, phone, address, status, QR token, county, township, how
    /// many species it keeps, its stock of @species, its county switched on for @day), then the first sending of
    /// declaration @id (content hash, journal id). Columns 0–10 are null for an unknown farm, 11–12 for a first sending.
    /// </summary>
    public static (string Sql, NpgsqlParameter[] Parameters) DeclarationFacts(string farmCode, string declarationId, Species species, DateOnly day) => ($"""
        select f.code, f.name, f.phone, f.address, f.status, f.qr_token, f.county_code, f.township_code,
               (select count(*)::int from farm_stock s where s.farm_code = f.code),
               (select s.count from farm_stock s where s.farm_code = f.code and s.species = @species),
               {CountyEnabledSql("f.county_code", "@day")},
               d.content_hash, d.journal_id
        from (values (1)) as one(x)
        left join farm f on f.code = @farm
        left join declaration d on d.id = @id
        """,
        [P("farm", farmCode), P("id", declarationId), P("species", species.ToString()), P("day", day)]);

    public static (string Sql, NpgsqlParameter[] Parameters) InsertDeclaration(DeclarationRow d, long journalId) => ("""
        insert into declaration (id, farm_code, county_code, species, head_count, destination_code, destination_address,
                                 purpose, declared_at, content_hash, journal_id)
        values (@id, @farm, @county, @species, @head, @destination, @address, @purpose, @at, @hash, @journal)
        """,
        [
            P("id", d.Id), P("farm", d.FarmCode), P("county", d.CountyCode), P("species", d.Species.ToString()), P("head", d.HeadCount),
            P("destination", d.DestinationCode), new NpgsqlParameter("address", NpgsqlTypes.NpgsqlDbType.Text) { Value = (object?)d.DestinationAddress ?? DBNull.Value }, P("purpose", d.Purpose.ToString()),
            P("at", d.DeclaredAt.ToUniversalTime()), P("hash", d.ContentHash), P("journal", journalId),
        ]);

    // ---- certificate ----

    /// <summary>
    /// Locks the farm of declaration @declaration, as every writer of a farm's stock does first (certificates, stock
    /// changes, registry baselines), so two of them never read the same count and both write their own result over it.
    /// A statement of its own, so the facts after it are read once the lock is held.
    /// </summary>
    public static (string Sql, NpgsqlParameter[] Parameters) LockDeclaredFarm(string declarationId) =>
        ("select 1 from farm f where f.code = (select d.farm_code from declaration d where d.id = @declaration) for update of f",
         [P("declaration", declarationId)]);

    /// <summary>
    /// One row: declaration @declaration (id, farm, species, certificate number), its farm (county, name, phone, address,
    /// status, species kept, stock of @species), then the first sending of certificate @number (hash, journal id).
    /// </summary>
    public static (string Sql, NpgsqlParameter[] Parameters) CertificateFacts(string declarationId, string number, Species species) => ("""
        select d.id, d.farm_code, d.species, d.certificate_number,
               f.county_code, f.name, f.phone, f.address, f.status,
               (select count(*)::int from farm_stock s where s.farm_code = d.farm_code),
               (select s.count from farm_stock s where s.farm_code = d.farm_code and s.species = @species),
               c.content_hash, c.journal_id
        from (values (1)) as one(x)
        left join declaration d on d.id = @declaration
        left join farm f on f.code = d.farm_code
        left join certificate c on c.number = @number
        """,
        [P("declaration", declarationId), P("number", number), P("species", species.ToString())]);

    /// <summary>
    /// A certificate's writes: the farm's stock set to what the decision computed under the farm's lock, the
    /// declaration marked certified, the certificate, and the stock history line.
    /// </summary>
    public static IEnumerable<(string Sql, NpgsqlParameter[] Parameters)> Certify(CertificateRow c, int stockAfter, DateTimeOffset now, long journalId)
    {
        yield return FarmTables.SetStock(c.FarmCode, c.Species, stockAfter);
        yield return ("update declaration set certificate_number = @number where id = @declaration",
            [P("number", c.Number), P("declaration", c.DeclarationId)]);
        yield return ("""
            insert into certificate (number, type, declaration_id, farm_code, county_code, species, head_count, origin_code,
                                     origin_address, destination_code, destination_address, destination_farm_code, carrier, plate, vet,
                                     issued_at, valid_days, content_hash, journal_id)
            values (@number, @type, @declaration, @farm, @county, @species, @head, @origin, @origin_address, @destination,
                    @destination_address, @destination_farm, @carrier, @plate, @vet, @at, @valid_days, @hash, @journal)
            """,
            [
                P("number", c.Number), P("type", c.Type.ToString()), P("declaration", c.DeclarationId), P("farm", c.FarmCode),
                P("county", c.CountyCode), P("species", c.Species.ToString()), P("head", c.HeadCount), P("origin", c.Origin.RegionCode),
                P("origin_address", c.Origin.Address), P("destination", c.Destination.RegionCode),
                P("destination_address", c.Destination.Address), P("destination_farm", c.DestinationFarmCode), P("carrier", c.Carrier), P("plate", c.Plate), P("vet", c.Vet),
                P("at", c.IssuedAt.ToUniversalTime()), P("valid_days", c.ValidDays), P("hash", c.ContentHash), P("journal", journalId),
            ]);
        yield return FarmTables.CertificateStockChange(c.Number, c.FarmCode, c.Species, c.HeadCount, c.IssuedAt, stockAfter, now, journalId);
    }
}

/// <summary>A declaration row as accepted.</summary>
public sealed record DeclarationRow(
    string Id, string FarmCode, string CountyCode, Species Species, int HeadCount, string DestinationCode, string? DestinationAddress,
    MovementPurpose Purpose, DateTimeOffset DeclaredAt, string ContentHash);

/// <summary>A certificate row as accepted.</summary>
public sealed record CertificateRow(
    string Number, CertificateType Type, string DeclarationId, string FarmCode, string CountyCode, Species Species, int HeadCount,
    Place Origin, Place Destination, string? Carrier, string Plate, string Vet, DateTimeOffset IssuedAt, int ValidDays, string ContentHash,
    string? DestinationFarmCode = null);
