using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;
using NpgsqlTypes;

#nullable disable

namespace EarTagTrace.Hub.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class JournalKeysAndReplays : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "error_class",
                table: "outbox",
                type: "character varying(16)",
                maxLength: 16,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "resends",
                table: "outbox",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string[]>(
                name: "keys",
                table: "journal",
                type: "text[]",
                nullable: false,
                defaultValueSql: "'{}'::text[]");

            migrationBuilder.AddColumn<NpgsqlRange<long>[]>(
                name: "tag_ranges",
                table: "journal",
                type: "int8multirange",
                nullable: false,
                defaultValueSql: "'{}'::int8multirange");

            migrationBuilder.CreateTable(
                name: "journal_edit",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    journal_id = table.Column<long>(type: "bigint", nullable: false),
                    patch = table.Column<string>(type: "jsonb", nullable: false),
                    reason = table.Column<string>(type: "text", nullable: true),
                    edited_by = table.Column<string>(type: "text", nullable: false),
                    edited_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    approved_by = table.Column<string>(type: "text", nullable: true),
                    approved_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    replay_journal_id = table.Column<long>(type: "bigint", nullable: true),
                    verdict = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_journal_edit", x => x.id);
                    table.ForeignKey(
                        name: "fk_journal_edit_journal_journal_id",
                        column: x => x.journal_id,
                        principalTable: "journal",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "reconciliation_check",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    type = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    county_code = table.Column<string>(type: "character varying(6)", maxLength: 6, nullable: false),
                    day = table.Column<DateOnly>(type: "date", nullable: false),
                    hub_count = table.Column<int>(type: "integer", nullable: false),
                    hub_digest = table.Column<string>(type: "text", nullable: false),
                    platform_count = table.Column<int>(type: "integer", nullable: true),
                    platform_digest = table.Column<string>(type: "text", nullable: true),
                    state = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    requeued_ids = table.Column<long[]>(type: "bigint[]", nullable: false),
                    checked_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    rechecked_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    requested_by = table.Column<string>(type: "text", nullable: true),
                    error = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_reconciliation_check", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "replay_run",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    created_by = table.Column<string>(type: "text", nullable: false),
                    reason = table.Column<string>(type: "text", nullable: true),
                    filter = table.Column<string>(type: "jsonb", nullable: false),
                    dry_run = table.Column<bool>(type: "boolean", nullable: false),
                    force = table.Column<bool>(type: "boolean", nullable: false),
                    state = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    up_to_journal_id = table.Column<long>(type: "bigint", nullable: false),
                    total = table.Column<int>(type: "integer", nullable: false),
                    done = table.Column<int>(type: "integer", nullable: false),
                    accepted = table.Column<int>(type: "integer", nullable: false),
                    refused = table.Column<int>(type: "integer", nullable: false),
                    failed = table.Column<int>(type: "integer", nullable: false),
                    skipped = table.Column<int>(type: "integer", nullable: false),
                    finished_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    error = table.Column<string>(type: "text", nullable: true),
                    heartbeat_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_replay_run", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "replay_run_item",
                columns: table => new
                {
                    run_id = table.Column<long>(type: "bigint", nullable: false),
                    journal_id = table.Column<long>(type: "bigint", nullable: false),
                    verdict = table.Column<string>(type: "text", nullable: false),
                    reasons = table.Column<string>(type: "jsonb", nullable: true),
                    replay_journal_id = table.Column<long>(type: "bigint", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_replay_run_item", x => new { x.run_id, x.journal_id });
                    table.ForeignKey(
                        name: "fk_replay_run_item_replay_run_run_id",
                        column: x => x.run_id,
                        principalTable: "replay_run",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_journal_replay_of",
                table: "journal",
                column: "replay_of");

            migrationBuilder.CreateIndex(
                name: "ix_journal_edit_journal_id",
                table: "journal_edit",
                column: "journal_id");

            migrationBuilder.CreateIndex(
                name: "ix_reconciliation_check_day_type_county_code",
                table: "reconciliation_check",
                columns: new[] { "day", "type", "county_code" });

            migrationBuilder.CreateIndex(
                name: "ix_reconciliation_check_state",
                table: "reconciliation_check",
                column: "state",
                filter: "state = 'Mismatched'");

            migrationBuilder.CreateIndex(
                name: "ix_replay_run_created_at",
                table: "replay_run",
                column: "created_at");

            // What EF cannot express: the search indexes of the journal (JournalSearchSql says why each exists).
            migrationBuilder.Sql(JournalSearchSql.Up);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(JournalSearchSql.Down);

            migrationBuilder.DropTable(
                name: "journal_edit");

            migrationBuilder.DropTable(
                name: "reconciliation_check");

            migrationBuilder.DropTable(
                name: "replay_run_item");

            migrationBuilder.DropTable(
                name: "replay_run");

            migrationBuilder.DropIndex(
                name: "ix_journal_replay_of",
                table: "journal");

            migrationBuilder.DropColumn(
                name: "error_class",
                table: "outbox");

            migrationBuilder.DropColumn(
                name: "resends",
                table: "outbox");

            migrationBuilder.DropColumn(
                name: "keys",
                table: "journal");

            migrationBuilder.DropColumn(
                name: "tag_ranges",
                table: "journal");
        }
    }
}
