using Npgsql;

namespace EarTagTrace.Hub.Tests.Features.Traces;

/// <summary>
/// Writes a hand-built world of farms, issuances, declarations and certificates straight into the canonical tables,
/// with times relative to the hub's clock, so a trace's answer can be worked out by hand.
/// </summary>
public sealed class TraceWorld(string connectionString, DateTimeOffset now)
{
    private readonly List<(string Sql, NpgsqlParameter[] Parameters)> _rows = [];

    public DateTimeOffset DaysAgo(double days) => now.AddDays(-days);

    public static string Pig(long serial, string county = "220122") => "1" + county + serial.ToString("D8");

    public TraceWorld Farm(string code, string name, string township, string contact = "张三", string phone = "13800000000")
    {
        Add("""
            insert into farm (code, name, type, contact_name, phone, region_code, county_code, township_code, address, longitude, latitude,
                              status, is_complete, registry_updated_at, content_hash, created_at, updated_at)
            values (@code, @name, 'Farm', @contact, @phone, @township, left(@township, 6), @township, @name || '地址', 125.18, 44.43,
                    'Active', true, @now, 'h', @now, @now)
            """, P("code", code), P("name", name), P("contact", contact), P("phone", phone), P("township", township), P("now", now));
        return this;
    }

    public TraceWorld Issue(string id, string farm, long first, long last, double daysAgo, string county = "220122")
    {
        Add("""
            insert into tag_issuance (id, kind, issuer_code, issuer_type, receiver_code, receiver_type, count, issued_at, content_hash)
            values (@id, 'Second', @county || '100', 'Township', @farm, 'Farm', @count, @at, 'h');
            """, P("id", id), P("county", county), P("farm", farm), P("count", last - first + 1), P("at", DaysAgo(daysAgo)));
        Add("insert into tag_issuance_range (issuance_id, first, tag_range) values (@id, @first, int8range(@first, @last, '[]'))",
            P("id", id), P("first", first), P("last", last));
        return this;
    }

    /// <summary>An accepted declaration of the tags (a Declared event), without a certificate.</summary>
    public TraceWorld Declare(string id, string farm, long first, long last, double daysAgo, string? certificate = null)
    {
        Add("""
            insert into declaration (id, farm_code, county_code, species, head_count, destination_code, destination_address, purpose,
                                     declared_at, content_hash, certificate_number)
            select @id, @farm, county_code, 'Pig', @count, county_code, '目的地', 'Slaughter', @at, 'h', @certificate from farm where code = @farm
            """, P("id", id), P("farm", farm), P("count", (int)(last - first + 1)), P("at", DaysAgo(daysAgo)), P("certificate", certificate));
        Add("insert into tag_event (tags, kind, ref_id, holder_type, holder_code, at) values (int8multirange(int8range(@first, @last, '[]')), 'Declared', @id, 'Farm', @farm, @at)",
            P("first", first), P("last", last), P("id", id), P("farm", farm), P("at", DaysAgo(daysAgo)));
        return this;
    }

    /// <summary>A certificate of the tags out of a farm (and, unless told otherwise, its declaration a day before).</summary>
    public TraceWorld Certify(string number, string farm, long first, long last, double daysAgo, string destinationCode,
        string destinationAddress, string? destinationFarm = null, bool declared = true)
    {
        var declaration = "SB-" + number;
        if (declared) Declare(declaration, farm, first, last, daysAgo + 1, number);
        Add("""
            insert into certificate (number, type, declaration_id, farm_code, county_code, species, head_count, origin_code, origin_address,
                                     destination_code, destination_address, destination_farm_code, plate, vet, issued_at, valid_days, content_hash)
            select @number, 'B', @declaration, @farm, county_code, 'Pig', @count, region_code, address, @dest, @address, @dest_farm,
                   '吉A12345', '李兽医', @at, 2, 'h' from farm where code = @farm
            """, P("number", number), P("declaration", declaration), P("farm", farm), P("count", (int)(last - first + 1)),
            P("dest", destinationCode), P("address", destinationAddress), P("dest_farm", destinationFarm), P("at", DaysAgo(daysAgo)));
        Add("insert into tag_event (tags, kind, ref_id, holder_type, holder_code, at) values (int8multirange(int8range(@first, @last, '[]')), 'Used', @number, 'Farm', @farm, @at)",
            P("first", first), P("last", last), P("number", number), P("farm", farm), P("at", DaysAgo(daysAgo)));
        return this;
    }

    public TraceWorld Sql(string sql, params NpgsqlParameter[] parameters)
    {
        Add(sql, parameters);
        return this;
    }

    public async Task SaveAsync()
    {
        await using var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync();
        await using var tx = await conn.BeginTransactionAsync();
        foreach (var (sql, parameters) in _rows)
        {
            await using var command = new NpgsqlCommand(sql, conn, tx);
            command.Parameters.AddRange(parameters);
            await command.ExecuteNonQueryAsync();
        }
        await tx.CommitAsync();
        _rows.Clear();
    }

    private void Add(string sql, params NpgsqlParameter[] parameters) => _rows.Add((sql, parameters));

    public static NpgsqlParameter P<T>(string name, T value) => new NpgsqlParameter<T>(name, value);
}
