using Npgsql;

namespace EarTagTrace.Hub.Persistence.Tables;

/// <summary>
/// Farm reads of the ledger's three-step messages. Not yet the owner of every statement naming farm and farm_stock:
/// the registry upsert (Features/Farms) and the staff lists still hold their own, and the owner test does not enforce
/// this group.
/// </summary>
public static class FarmTables
{
    /// <summary>One row: the township of farm @farm, or no row for a farm the registry never sent.</summary>
    public static (string Sql, NpgsqlParameter[] Parameters) TownshipOf(string farmCode) =>
        ("select township_code from farm where code = @farm", [new NpgsqlParameter<string>("farm", farmCode)]);
}
