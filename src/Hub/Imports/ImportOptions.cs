using System.ComponentModel.DataAnnotations;

namespace EarTagTrace.Hub.Imports;

/// <summary>Settings "Imports": how large a sheet (采集表, 库存耳标登记表) may be and still be answered at once.</summary>
public sealed class ImportOptions
{
    public const string Section = "Imports";

    /// <summary>A sheet up to this many data rows is answered at once; a larger one answers 202 and runs in the background.</summary>
    [Range(1, 1_000_000)]
    public int SyncRows { get; set; } = 5_000;
}

/// <summary>The 202 answer of a sheet that goes on in the background: its import id, the rows read, where to ask.</summary>
public sealed record SheetImportStarted(Guid Id, int RowsRead, string Status);
