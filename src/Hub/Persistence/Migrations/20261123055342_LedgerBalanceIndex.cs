using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace EarTagTrace.Hub.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class LedgerBalanceIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "ix_tag_event_holder_code_kind",
                table: "tag_event",
                columns: new[] { "holder_code", "kind" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_tag_event_holder_code_kind",
                table: "tag_event");
        }
    }
}
