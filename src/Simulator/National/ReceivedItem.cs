using System.Text.Json.Nodes;

namespace EarTagTrace.Simulator.National;

/// <summary>An item a partner accepted: the request that carried it, when, and the item as sent.</summary>
public sealed record ReceivedItem(string? RequestId, DateTimeOffset ReceivedAt, JsonObject Item)
{
    /// <summary>The item's business id (farmId for farms), the key of reconciliation.</summary>
    public string Id { get; init; } = "";
    public string? CountyCode { get; init; }

    /// <summary>The provinceCode of the batch that carried it.</summary>
    public string? ProvinceCode { get; init; }

    /// <summary>The CST business date reconciliation files the item under.</summary>
    public DateOnly Date { get; init; }
}
