using EarTagTrace.Hub.Persistence;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace EarTagTrace.Hub.Persistence.Migrations
{
    /// <summary>
    /// Expand step of moving q= off the message's transaction: the journal keeps a trigram index only over the bodies
    /// it refused or failed (found at once), and accepted bodies are copied by a batch job (JournalSearchIndexer) into
    /// journal_search with its own trigram index. No entity, no model change: JournalTable.Search writes and reads it.
    /// The full index ix_journal_raw_body_trgm stays until JournalSearchOffTransactionContract, so hubs still running
    /// the old search keep their plan while the job backfills the accepted bodies.
    /// </summary>
    [DbContext(typeof(HubDbContext))]
    [Migration("20261207171500_JournalSearchOffTransaction")]
    public partial class JournalSearchOffTransaction : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(JournalSearchSql.OffTransactionUp);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(JournalSearchSql.OffTransactionDown);
        }
    }
}
