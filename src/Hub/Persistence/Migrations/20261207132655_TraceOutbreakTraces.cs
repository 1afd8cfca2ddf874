using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace EarTagTrace.Hub.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class TraceOutbreakTraces : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "destination_farm_code",
                table: "certificate",
                type: "text",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "outbreak_trace",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    start = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    start_kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    days = table.Column<int>(type: "integer", nullable: false),
                    depth = table.Column<int>(type: "integer", nullable: false),
                    requested_by = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    scope_region = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false),
                    started_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    elapsed_ms = table.Column<double>(type: "double precision", nullable: false),
                    places = table.Column<int>(type: "integer", nullable: false),
                    animals = table.Column<long>(type: "bigint", nullable: false),
                    result = table.Column<string>(type: "jsonb", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_outbreak_trace", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "trace_drill",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    county_code = table.Column<string>(type: "character varying(6)", maxLength: 6, nullable: false),
                    day = table.Column<DateOnly>(type: "date", nullable: false),
                    ran_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    sampled = table.Column<int>(type: "integer", nullable: false),
                    traced = table.Column<int>(type: "integer", nullable: false),
                    certificate_without_declaration = table.Column<int>(type: "integer", nullable: false),
                    destination_farm_unknown = table.Column<int>(type: "integer", nullable: false),
                    certificate_not_held_nationally = table.Column<int>(type: "integer", nullable: false),
                    complete = table.Column<int>(type: "integer", nullable: false),
                    elapsed_ms = table.Column<double>(type: "double precision", nullable: false),
                    max_trace_ms = table.Column<double>(type: "double precision", nullable: false),
                    gaps = table.Column<string>(type: "jsonb", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_trace_drill", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_certificate_destination_farm_code",
                table: "certificate",
                column: "destination_farm_code");

            migrationBuilder.CreateIndex(
                name: "ix_outbreak_trace_started_at",
                table: "outbreak_trace",
                column: "started_at");

            migrationBuilder.CreateIndex(
                name: "ix_trace_drill_county_code_day",
                table: "trace_drill",
                columns: new[] { "county_code", "day" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "outbreak_trace");

            migrationBuilder.DropTable(
                name: "trace_drill");

            migrationBuilder.DropIndex(
                name: "ix_certificate_destination_farm_code",
                table: "certificate");

            migrationBuilder.DropColumn(
                name: "destination_farm_code",
                table: "certificate");
        }
    }
}
