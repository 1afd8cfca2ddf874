using EarTagTrace.Hub.Persistence;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace EarTagTrace.Hub.Persistence.Migrations
{
    /// <summary>
    /// Contract step: drops the trigram index over every journal body, the one accepted messages paid for inside their
    /// transaction. Refused and failed bodies keep the partial index; accepted ones are searched in journal_search.
    /// </summary>
    [DbContext(typeof(HubDbContext))]
    [Migration("20261207171600_JournalSearchOffTransactionContract")]
    public partial class JournalSearchOffTransactionContract : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(JournalSearchSql.ContractUp);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(JournalSearchSql.ContractDown);
        }
    }
}
