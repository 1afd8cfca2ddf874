using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace EarTagTrace.Hub.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class FarmCorrections : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "farm_correction",
                columns: table => new
                {
                    id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    farm_code = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    corrected_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    vet = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    fields = table.Column<string>(type: "jsonb", nullable: false),
                    changed = table.Column<bool>(type: "boolean", nullable: false),
                    content_hash = table.Column<string>(type: "text", nullable: false),
                    journal_id = table.Column<long>(type: "bigint", nullable: true),
                    recorded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_farm_correction", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_farm_correction_farm_code_corrected_at",
                table: "farm_correction",
                columns: new[] { "farm_code", "corrected_at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "farm_correction");
        }
    }
}
