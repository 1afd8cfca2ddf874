namespace EarTagTrace.Hub.Persistence;

/// <summary>行政区划 one region code in one dated version of the table (codes change as counties merge).</summary>
public sealed class Region
{
    public required string Code { get; set; }
    public required string Name { get; set; }
    public RegionLevel Level { get; set; }
    public string? ParentCode { get; set; }
    public required DateOnly ValidFrom { get; set; }
    /// <summary>Exclusive end; null while the code is current.</summary>
    public DateOnly? ValidTo { get; set; }
}

public enum RegionLevel { Province = 1, Prefecture = 2, County = 3, Township = 4 }
