namespace EarTagTrace.Mappings.Canonical;

/// <summary>
/// 现场纠正 farm fields a vet corrected on site in 动监e通, keyed by the registry's farm code. Only the fields the vet
/// corrected are set; a null field stays as the hub holds it. <see cref="Stock"/>, when set, replaces the farm's whole
/// list of species kept. Times are UTC; phone is E.164 (+86…).
/// </summary>
public sealed record CanonicalFarmCorrection
{
    /// <summary>纠正编号 jzid, 动监e通's id of the correction.</summary>
    public required string Id { get; init; }
    public required string FarmCode { get; init; }
    /// <summary>纠正时间 when the vet corrected it: newest wins against the farm's last update.</summary>
    public required DateTimeOffset CorrectedAt { get; init; }
    /// <summary>官方兽医 the vet who corrected it.</summary>
    public required string Vet { get; init; }
    public string? ContactName { get; init; }
    public string? Phone { get; init; }
    public string? Address { get; init; }
    public decimal? Longitude { get; init; }
    public decimal? Latitude { get; init; }
    public IReadOnlyList<SpeciesStock>? Stock { get; init; }
}
