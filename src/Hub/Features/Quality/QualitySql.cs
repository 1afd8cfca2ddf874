using EarTagTrace.Hub.Persistence.Tables;

namespace EarTagTrace.Hub.Features.Quality;

/// <summary>
/// 数据质量 the scorecard's items, one row per thing counted: (figure, county, partner, reason, ref). The summary counts
/// them and the item list reads them back, from the same statement, so a figure and the list behind it agree.
/// A journal entry's county is that of the first registered farm it names, else that of the first tag it names.
/// </summary>
public static class QualitySql
{

    public const string Items = $"""
        with items(figure, county, partner, reason, ref) as (
          ({JournalTable.QualityItems})
          union all
          ({OutboxTable.QualityRejectedDeliveries})
          union all
          ({OriginTables.QualityItems})
        )
        select figure, county, partner, reason, ref from items
        where (@prefix = '' or county like @prefix || '%')
        """;
}
