using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace EarTagTrace.Hub.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "farm",
                columns: table => new
                {
                    code = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    name = table.Column<string>(type: "text", nullable: true),
                    type = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    contact_name = table.Column<string>(type: "text", nullable: true),
                    phone = table.Column<string>(type: "text", nullable: true),
                    region_code = table.Column<string>(type: "text", nullable: false),
                    county_code = table.Column<string>(type: "text", nullable: false),
                    township_code = table.Column<string>(type: "text", nullable: false),
                    village_code = table.Column<string>(type: "text", nullable: true),
                    address = table.Column<string>(type: "text", nullable: true),
                    longitude = table.Column<decimal>(type: "numeric", nullable: true),
                    latitude = table.Column<decimal>(type: "numeric", nullable: true),
                    status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    is_complete = table.Column<bool>(type: "boolean", nullable: false),
                    registry_updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    content_hash = table.Column<string>(type: "text", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_farm", x => x.code);
                });

            migrationBuilder.CreateTable(
                name: "journal",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    received_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    source = table.Column<string>(type: "text", nullable: false),
                    type = table.Column<string>(type: "text", nullable: false),
                    partner_id = table.Column<string>(type: "text", nullable: true),
                    status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    reasons = table.Column<string>(type: "jsonb", nullable: true),
                    summary = table.Column<string>(type: "jsonb", nullable: true),
                    raw_body = table.Column<string>(type: "text", nullable: false),
                    processing_ms = table.Column<double>(type: "double precision", nullable: false),
                    replay_of = table.Column<long>(type: "bigint", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_journal", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "partner_credential",
                columns: table => new
                {
                    partner = table.Column<string>(type: "text", nullable: false),
                    app_key = table.Column<string>(type: "text", nullable: false),
                    secret = table.Column<string>(type: "text", nullable: false),
                    enabled = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_partner_credential", x => new { x.partner, x.app_key });
                });

            migrationBuilder.CreateTable(
                name: "region",
                columns: table => new
                {
                    code = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false),
                    valid_from = table.Column<DateOnly>(type: "date", nullable: false),
                    name = table.Column<string>(type: "text", nullable: false),
                    level = table.Column<int>(type: "integer", nullable: false),
                    parent_code = table.Column<string>(type: "text", nullable: true),
                    valid_to = table.Column<DateOnly>(type: "date", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_region", x => new { x.code, x.valid_from });
                });

            migrationBuilder.CreateTable(
                name: "sync_cursor",
                columns: table => new
                {
                    name = table.Column<string>(type: "text", nullable: false),
                    since = table.Column<string>(type: "text", nullable: true),
                    page = table.Column<int>(type: "integer", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_sync_cursor", x => x.name);
                });

            migrationBuilder.CreateTable(
                name: "farm_stock",
                columns: table => new
                {
                    farm_code = table.Column<string>(type: "character varying(32)", nullable: false),
                    species = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    count = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_farm_stock", x => new { x.farm_code, x.species });
                    table.ForeignKey(
                        name: "fk_farm_stock_farm_farm_code",
                        column: x => x.farm_code,
                        principalTable: "farm",
                        principalColumn: "code",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "journal_link",
                columns: table => new
                {
                    journal_id = table.Column<long>(type: "bigint", nullable: false),
                    entity_type = table.Column<string>(type: "text", nullable: false),
                    entity_key = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_journal_link", x => new { x.journal_id, x.entity_type, x.entity_key });
                    table.ForeignKey(
                        name: "fk_journal_link_journal_journal_id",
                        column: x => x.journal_id,
                        principalTable: "journal",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "outbox",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    destination = table.Column<string>(type: "text", nullable: false),
                    entity_key = table.Column<string>(type: "text", nullable: false),
                    payload = table.Column<string>(type: "jsonb", nullable: false),
                    journal_id = table.Column<long>(type: "bigint", nullable: true),
                    status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    attempts = table.Column<int>(type: "integer", nullable: false),
                    last_error = table.Column<string>(type: "text", nullable: true),
                    request_id = table.Column<string>(type: "text", nullable: true),
                    queued_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    next_attempt_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    completed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_outbox", x => x.id);
                    table.ForeignKey(
                        name: "fk_outbox_journal_journal_id",
                        column: x => x.journal_id,
                        principalTable: "journal",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateIndex(
                name: "ix_farm_county_code",
                table: "farm",
                column: "county_code");

            migrationBuilder.CreateIndex(
                name: "ix_farm_township_code",
                table: "farm",
                column: "township_code");

            migrationBuilder.CreateIndex(
                name: "ix_farm_stock_species",
                table: "farm_stock",
                column: "species");

            migrationBuilder.CreateIndex(
                name: "ix_journal_received_at",
                table: "journal",
                column: "received_at");

            migrationBuilder.CreateIndex(
                name: "ix_journal_source_type_partner_id",
                table: "journal",
                columns: new[] { "source", "type", "partner_id" });

            migrationBuilder.CreateIndex(
                name: "ix_journal_link_entity_type_entity_key",
                table: "journal_link",
                columns: new[] { "entity_type", "entity_key" });

            migrationBuilder.CreateIndex(
                name: "ix_outbox_destination_status_id",
                table: "outbox",
                columns: new[] { "destination", "status", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_outbox_entity_key",
                table: "outbox",
                column: "entity_key");

            migrationBuilder.CreateIndex(
                name: "ix_outbox_journal_id",
                table: "outbox",
                column: "journal_id");

            migrationBuilder.CreateIndex(
                name: "ix_outbox_status_next_attempt_at",
                table: "outbox",
                columns: new[] { "status", "next_attempt_at" },
                filter: "status in ('Pending','Retrying','Queued')");

            migrationBuilder.CreateIndex(
                name: "ix_region_parent_code",
                table: "region",
                column: "parent_code");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "farm_stock");

            migrationBuilder.DropTable(
                name: "journal_link");

            migrationBuilder.DropTable(
                name: "outbox");

            migrationBuilder.DropTable(
                name: "partner_credential");

            migrationBuilder.DropTable(
                name: "region");

            migrationBuilder.DropTable(
                name: "sync_cursor");

            migrationBuilder.DropTable(
                name: "farm");

            migrationBuilder.DropTable(
                name: "journal");
        }
    }
}
