using System.Text.Json;
using EarTagTrace.Hub.Access;
using EarTagTrace.Hub.Persistence.Tables;
using Npgsql;

namespace EarTagTrace.Hub.Features.Origin;

/// <summary>
/// GET /api/origin/map: the one map 一张图 as a GeoJSON FeatureCollection, one Point feature per located record, under
/// the <see cref="OriginFilter"/> filters. Streamed from the reader to the response, so a county's thousands of points
/// are never held as objects.
/// </summary>
public static class GetOriginMap
{
    public const int MaxFeatures = 200_000;

    public static async Task<IResult> HandleAsync([AsParameters] OriginFilter filter, StaffScope scope, NpgsqlDataSource data, HttpResponse response, CancellationToken ct)
    {
        var (where, parameters, problem) = filter.ToSql(scope);
        if (problem is not null) return problem;

        response.ContentType = "application/geo+json";
        await using var json = new Utf8JsonWriter(response.BodyWriter);
        json.WriteStartObject();
        json.WriteString("type", "FeatureCollection");
        json.WriteStartArray("features");
        if (where is not null)
        {
            await using var cmd = data.CreateCommand(OriginTables.MapSql(where, MaxFeatures));
            cmd.Parameters.AddRange(parameters.ToArray());
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            var n = 0;
            while (await reader.ReadAsync(ct))
            {
                json.WriteStartObject();
                json.WriteString("type", "Feature");
                json.WriteNumber("id", reader.GetInt64(0));
                json.WriteStartObject("geometry");
                json.WriteString("type", "Point");
                json.WriteStartArray("coordinates");
                json.WriteNumberValue(Math.Round(reader.GetDouble(8), 6));
                json.WriteNumberValue(Math.Round(reader.GetDouble(9), 6));
                json.WriteEndArray();
                json.WriteEndObject();
                json.WriteStartObject("properties");
                json.WriteNumber("id", reader.GetInt64(0));
                // Streamed past ViewerMasking, so masked here: a viewer sees a person-named entity's name masked.
                var entity = reader.GetString(1);
                json.WriteString("entity", scope.IsViewerOnly && ViewerMasking.PersonNamed(reader.GetString(2)) ? ViewerMasking.MaskName(entity) : entity);
                json.WriteString("entityType", JsonNamingPolicy.CamelCase.ConvertName(reader.GetString(2)));
                json.WriteString("product", reader.GetString(3));
                json.WriteString("productName", reader.GetString(4));
                json.WriteNumber("scale", reader.GetDecimal(5));
                json.WriteString("unit", JsonNamingPolicy.CamelCase.ConvertName(reader.GetString(6)));
                json.WriteString("regionCode", reader.GetString(7));
                json.WriteString("collectedAt", reader.GetFieldValue<DateTimeOffset>(10));
                json.WriteEndObject();
                json.WriteEndObject();
                if (++n % 2000 == 0) await json.FlushAsync(ct);
            }
        }
        json.WriteEndArray();
        json.WriteEndObject();
        await json.FlushAsync(ct);
        return Results.Empty;
    }
}
