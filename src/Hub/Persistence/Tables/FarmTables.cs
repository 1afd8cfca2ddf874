using EarTagTrace.Mappings.Canonical;
using Npgsql;

namespace EarTagTrace.Hub.Persistence.Tables;

/// <summary>
/// The farm group's owner (farm, farm_stock, stock_change, farm_correction): every SQL statement naming those tables is
/// here, the registry upsert's and the ledger's alike; the features bind the parameters. EF keeps the staff API's list
/// queries. Enforced by the owner test.
/// </summary>
public static class FarmTables
{
    /// <summary>The content hash and journal id of the 动监e通 farm correction @id already applied, or no row for a first sending.</summary>
    public const string CorrectionFirstApplied = "select content_hash, journal_id from farm_correction where id = @id";

    /// <summary>One row: the township of farm @farm, or no row for a farm the registry never sent.</summary>
    public static (string Sql, NpgsqlParameter[] Parameters) TownshipOf(string farmCode) =>
        ("select township_code from farm where code = @farm", [new NpgsqlParameter<string>("farm", farmCode)]);

    /// <summary>The held farms of a registry push, locked in code order (FarmLock takes the same rows), with what the hub holds of each.</summary>
    public const string LockForUpsert = "select code, registry_updated_at, content_hash from farm where code = any(@codes) order by code for update";

    /// <summary>存栏变动 already received for @codes: a registry count is the baseline as of its time, later changes still apply on top.</summary>
    public const string StockChangesAfterBaseline = "select id, farm_code, species, delta, at from stock_change where farm_code = any(@codes) and kind <> 'Baseline'";

    /// <summary>New farms, as column arrays (a new farm gets its QR token here).</summary>
    public const string InsertFarms = """
        insert into farm (code, name, type, contact_name, phone, region_code, county_code, township_code, village_code, address,
            longitude, latitude, status, is_complete, registry_updated_at, content_hash, created_at, updated_at, qr_token, qr_rotated_at)
        select code, name, type, contact_name, phone, region_code, county_code, township_code, village_code, address,
            longitude, latitude, status, is_complete, registry_updated_at, content_hash, @now, @now, qr_token, @now
        from unnest(@code, @name, @type, @contact_name, @phone, @region_code, @county_code, @township_code, @village_code, @address,
            @longitude, @latitude, @status, @is_complete, @registry_updated_at, @content_hash, @qr_token)
            as u(code, name, type, contact_name, phone, region_code, county_code, township_code, village_code, address,
                 longitude, latitude, status, is_complete, registry_updated_at, content_hash, qr_token)
        """;

    /// <summary>Changed farms, as column arrays (an update keeps its QR token).</summary>
    public const string UpdateFarms = """
        update farm set name = u.name, type = u.type, contact_name = u.contact_name, phone = u.phone, region_code = u.region_code,
            county_code = u.county_code, township_code = u.township_code, village_code = u.village_code, address = u.address,
            longitude = u.longitude, latitude = u.latitude, status = u.status, is_complete = u.is_complete,
            registry_updated_at = u.registry_updated_at, content_hash = u.content_hash, updated_at = @now
        from unnest(@code, @name, @type, @contact_name, @phone, @region_code, @county_code, @township_code, @village_code, @address,
            @longitude, @latitude, @status, @is_complete, @registry_updated_at, @content_hash, @qr_token)
            as u(code, name, type, contact_name, phone, region_code, county_code, township_code, village_code, address,
                 longitude, latitude, status, is_complete, registry_updated_at, content_hash, qr_token)
        where farm.code = u.code
        """;

    /// <summary>An unchanged farm keeps the registry's newer time.</summary>
    public const string TouchRegistryTime = """
        update farm set registry_updated_at = u.at from unnest(@codes, @at) as u(code, at) where farm.code = u.code
        """;

    /// <summary>Species a farm no longer keeps leave its stock.</summary>
    public const string DropStockNoLongerKept = """
        delete from farm_stock s where s.farm_code = any(@farms)
          and not exists (select 1 from unnest(@farm, @species) as u(farm, species) where u.farm = s.farm_code and u.species = s.species)
        """;

    /// <summary>Each farm's stock per species, set in place.</summary>
    public const string UpsertStock = """
        insert into farm_stock (farm_code, species, count) select farm, species, count from unnest(@farm, @species, @count) as u(farm, species, count)
        on conflict (farm_code, species) do update set count = excluded.count
        """;

    /// <summary>Registry counts as 存栏 baselines.</summary>
    public const string InsertBaselines = """
        insert into stock_change (farm_code, species, kind, count, delta, at, applied, stock_after, recorded_at)
        select farm, species, 'Baseline', count, 0, at, true, after, @now from unnest(@farm, @species, @count, @at, @after)
            as u(farm, species, count, at, after)
        """;

    /// <summary>Whether each later stock change applies on top of the new baseline.</summary>
    public const string MarkStockChangesApplied = "update stock_change set applied = u.applied from unnest(@ids, @applied) as u(id, applied) where stock_change.id = u.id";

    /// <summary>Locks farm @c: certificates, stock changes and registry baselines each rewrite its stock (FarmLock).</summary>
    public const string LockOne = "select 1 from farm where code = @c for update";

    /// <summary>A trace's places: the details of the farms in @codes.</summary>
    public const string TraceDetails = """
        select code, name, contact_name, phone, region_code, county_code, address, longitude, latitude
        from farm where code = any(@codes)
        """;

    /// <summary>The counties that have farms, for the trace drills' sampling.</summary>
    public const string Counties = "select distinct county_code from farm order by 1";

    /// <summary>Per county: active farms and complete ones (the rollout's 6/30 preparation).</summary>
    public const string ActiveAndCompleteByCounty = """
        SELECT f.county_code AS "CountyCode", count(*)::int AS "Farms",
               count(*) FILTER (WHERE f.is_complete)::int AS "CompleteFarms"
        FROM farm f
        WHERE f.status = 'Active'
        GROUP BY f.county_code
        """;

    /// <summary>A farm's count of one species, set to what a certificate left (检疫出证 takes the animals away).</summary>
    public static (string Sql, NpgsqlParameter[] Parameters) SetStock(string farmCode, Species species, int count) =>
        ("update farm_stock set count = @after where farm_code = @farm and species = @species",
            [new NpgsqlParameter<int>("after", count), new NpgsqlParameter<string>("farm", farmCode), new NpgsqlParameter<string>("species", species.ToString())]);

    /// <summary>The stock change 存栏变动 a certificate makes: @head animals leave the farm, @after remain.</summary>
    public static (string Sql, NpgsqlParameter[] Parameters) CertificateStockChange(string number, string farmCode, Species species, int head,
        DateTimeOffset issuedAt, int after, DateTimeOffset now, long journalId) => ("""
        insert into stock_change (partner_id, farm_code, species, kind, count, delta, at, applied, stock_after, recorded_at, journal_id)
        values (@number, @farm, @species, 'Certificate', @head, -@head, @at, true, @after, @now, @journal)
        """,
        [
            new NpgsqlParameter<string>("number", number), new NpgsqlParameter<string>("farm", farmCode),
            new NpgsqlParameter<string>("species", species.ToString()), new NpgsqlParameter<int>("head", head),
            new NpgsqlParameter<DateTimeOffset>("at", issuedAt.ToUniversalTime()), new NpgsqlParameter<int>("after", after),
            new NpgsqlParameter<DateTimeOffset>("now", now.ToUniversalTime()), new NpgsqlParameter<long>("journal", journalId),
        ]);
}
