using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.OpenApi;

namespace EarTagTrace.Hub.ApiDescription;

/// <summary>
/// Model names a generated client can live with: a record nested in a handler class is named with the class
/// (ListFarms.Page is ListFarmsPage, StaffAccounts.CreateRequest StaffAccountsCreateRequest), not Page and Page2.
/// </summary>
public static class SchemaNames
{
    public static string? ReferenceId(JsonTypeInfo info)
    {
        var id = OpenApiOptions.CreateDefaultSchemaReferenceId(info);
        var type = info.Type;
        if (id is null) return null;
        // An anonymous answer stays inline: its operation names it in a generated client.
        if (type.Name.Contains("AnonymousType", StringComparison.Ordinal)) return null;
        var prefix = "";
        for (var outer = type.DeclaringType; outer is not null; outer = outer.DeclaringType)
            prefix = outer.Name.Split('`')[0] + prefix;
        return prefix + id;
    }
}
