using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace EarTagTrace.Hub.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class OutboxDueIdIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "ix_outbox_due_id",
                table: "outbox",
                column: "id",
                filter: "status in ('Pending','Retrying','Queued')");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_outbox_due_id",
                table: "outbox");
        }
    }
}
