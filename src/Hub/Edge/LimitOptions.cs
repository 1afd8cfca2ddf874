namespace EarTagTrace.Hub.Edge;

/// <summary>Request rate and size limits, bound from <see cref="Section"/>.</summary>
public sealed class LimitOptions
{
    public const string Section = "Limits";

    /// <summary>Requests per second per partner appKey (token bucket; the burst is twice this).</summary>
    public int PartnerPerSecond { get; set; } = 2000;
    /// <summary>Requests per second per staff account.</summary>
    public int StaffPerSecond { get; set; } = 50;
    /// <summary>Requests per second per client address for calls that carry no identity (login, unsigned pushes).</summary>
    public int AnonymousPerSecond { get; set; } = 20;
    /// <summary>Body limit of partner pushes: a full 500-row push is far below it.</summary>
    public long PartnerBodyBytes { get; set; } = 1024 * 1024;
    /// <summary>Body limit of sheet imports (xlsx or CSV).</summary>
    public long SheetBodyBytes { get; set; } = 64 * 1024 * 1024;
    /// <summary>Body limit of every other call.</summary>
    public long DefaultBodyBytes { get; set; } = 1024 * 1024;
    /// <summary>
    /// Inbound messages applied at once by one hub process; more wait their turn in memory, in arrival order, until
    /// their partner gives up. Past a few per core more at once only make each slower: PostgreSQL and the hub share the
    /// cores, and 64 declarations at once were applied more slowly in all than 16. 0 means four per core.
    /// Read once at start.
    /// </summary>
    public int InboundConcurrency { get; set; }

    /// <summary>The messages applied at once for a configured <see cref="InboundConcurrency"/> (0: four per core).</summary>
    public static int InboundSlots(int configured) => configured > 0 ? configured : 4 * Environment.ProcessorCount;

    /// <summary>How much of a refused body the journal keeps.</summary>
    public int RefusedBodyJournalBytes { get; set; } = 64 * 1024;
}
