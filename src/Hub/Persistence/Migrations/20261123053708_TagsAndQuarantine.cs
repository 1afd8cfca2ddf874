using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;
using NpgsqlTypes;

#nullable disable

namespace EarTagTrace.Hub.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class TagsAndQuarantine : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "qr_rotated_at",
                table: "farm",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "qr_token",
                table: "farm",
                type: "text",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "certificate",
                columns: table => new
                {
                    number = table.Column<string>(type: "text", nullable: false),
                    type = table.Column<string>(type: "character varying(4)", maxLength: 4, nullable: false),
                    declaration_id = table.Column<string>(type: "text", nullable: false),
                    farm_code = table.Column<string>(type: "text", nullable: false),
                    county_code = table.Column<string>(type: "text", nullable: false),
                    species = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    head_count = table.Column<int>(type: "integer", nullable: false),
                    origin_code = table.Column<string>(type: "text", nullable: false),
                    origin_address = table.Column<string>(type: "text", nullable: true),
                    destination_code = table.Column<string>(type: "text", nullable: false),
                    destination_address = table.Column<string>(type: "text", nullable: true),
                    carrier = table.Column<string>(type: "text", nullable: true),
                    plate = table.Column<string>(type: "text", nullable: false),
                    vet = table.Column<string>(type: "text", nullable: false),
                    issued_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    valid_days = table.Column<int>(type: "integer", nullable: false),
                    content_hash = table.Column<string>(type: "text", nullable: false),
                    journal_id = table.Column<long>(type: "bigint", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_certificate", x => x.number);
                });

            migrationBuilder.CreateTable(
                name: "county_rollout",
                columns: table => new
                {
                    county_code = table.Column<string>(type: "text", nullable: false),
                    enabled = table.Column<bool>(type: "boolean", nullable: false),
                    since = table.Column<DateOnly>(type: "date", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_county_rollout", x => x.county_code);
                });

            migrationBuilder.CreateTable(
                name: "declaration",
                columns: table => new
                {
                    id = table.Column<string>(type: "text", nullable: false),
                    farm_code = table.Column<string>(type: "text", nullable: false),
                    county_code = table.Column<string>(type: "text", nullable: false),
                    species = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    head_count = table.Column<int>(type: "integer", nullable: false),
                    destination_code = table.Column<string>(type: "text", nullable: false),
                    destination_address = table.Column<string>(type: "text", nullable: true),
                    purpose = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    declared_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    content_hash = table.Column<string>(type: "text", nullable: false),
                    journal_id = table.Column<long>(type: "bigint", nullable: true),
                    certificate_number = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_declaration", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "rollout_audit",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    county_code = table.Column<string>(type: "text", nullable: false),
                    enabled = table.Column<bool>(type: "boolean", nullable: false),
                    since = table.Column<DateOnly>(type: "date", nullable: false),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    actor = table.Column<string>(type: "text", nullable: true),
                    note = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_rollout_audit", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "stock_change",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    partner_id = table.Column<string>(type: "text", nullable: true),
                    farm_code = table.Column<string>(type: "text", nullable: false),
                    species = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    count = table.Column<int>(type: "integer", nullable: false),
                    delta = table.Column<int>(type: "integer", nullable: false),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    applied = table.Column<bool>(type: "boolean", nullable: false),
                    stock_after = table.Column<int>(type: "integer", nullable: false),
                    recorded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    journal_id = table.Column<long>(type: "bigint", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_stock_change", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "tag_cancellation",
                columns: table => new
                {
                    id = table.Column<string>(type: "text", nullable: false),
                    reason = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    count = table.Column<int>(type: "integer", nullable: false),
                    cancelled_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    content_hash = table.Column<string>(type: "text", nullable: false),
                    journal_id = table.Column<long>(type: "bigint", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_tag_cancellation", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "tag_event",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    tag = table.Column<long>(type: "bigint", nullable: false),
                    kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    ref_id = table.Column<string>(type: "text", nullable: false),
                    holder_type = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    holder_code = table.Column<string>(type: "text", nullable: true),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    journal_id = table.Column<long>(type: "bigint", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_tag_event", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "tag_holding",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    tag_range = table.Column<NpgsqlRange<long>>(type: "int8range", nullable: false),
                    holder_type = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    holder_code = table.Column<string>(type: "text", nullable: false),
                    county_code = table.Column<string>(type: "text", nullable: false),
                    species = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    box = table.Column<string>(type: "text", nullable: true),
                    pack = table.Column<string>(type: "text", nullable: true),
                    registration_id = table.Column<long>(type: "bigint", nullable: false),
                    since = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    journal_id = table.Column<long>(type: "bigint", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_tag_holding", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "tag_issuance",
                columns: table => new
                {
                    id = table.Column<string>(type: "text", nullable: false),
                    kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    issuer_code = table.Column<string>(type: "text", nullable: false),
                    issuer_type = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    receiver_code = table.Column<string>(type: "text", nullable: false),
                    receiver_type = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    count = table.Column<long>(type: "bigint", nullable: false),
                    issued_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    content_hash = table.Column<string>(type: "text", nullable: false),
                    journal_id = table.Column<long>(type: "bigint", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_tag_issuance", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "tag_registration",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    tag_range = table.Column<NpgsqlRange<long>>(type: "int8range", nullable: false),
                    count = table.Column<long>(type: "bigint", nullable: false),
                    registrar_code = table.Column<string>(type: "text", nullable: false),
                    registrar_type = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    county_code = table.Column<string>(type: "text", nullable: false),
                    species = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    box = table.Column<string>(type: "text", nullable: true),
                    pack = table.Column<string>(type: "text", nullable: true),
                    registered_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    source = table.Column<string>(type: "text", nullable: false),
                    journal_id = table.Column<long>(type: "bigint", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_tag_registration", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "tag_issuance_range",
                columns: table => new
                {
                    issuance_id = table.Column<string>(type: "text", nullable: false),
                    first = table.Column<long>(type: "bigint", nullable: false),
                    tag_range = table.Column<NpgsqlRange<long>>(type: "int8range", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_tag_issuance_range", x => new { x.issuance_id, x.first });
                    table.ForeignKey(
                        name: "fk_tag_issuance_range_tag_issuance_issuance_id",
                        column: x => x.issuance_id,
                        principalTable: "tag_issuance",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_farm_qr_token",
                table: "farm",
                column: "qr_token",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_certificate_county_code_issued_at",
                table: "certificate",
                columns: new[] { "county_code", "issued_at" });

            migrationBuilder.CreateIndex(
                name: "ix_certificate_declaration_id",
                table: "certificate",
                column: "declaration_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_certificate_farm_code",
                table: "certificate",
                column: "farm_code");

            migrationBuilder.CreateIndex(
                name: "ix_declaration_county_code_declared_at",
                table: "declaration",
                columns: new[] { "county_code", "declared_at" });

            migrationBuilder.CreateIndex(
                name: "ix_declaration_farm_code",
                table: "declaration",
                column: "farm_code");

            migrationBuilder.CreateIndex(
                name: "ix_rollout_audit_county_code",
                table: "rollout_audit",
                column: "county_code");

            migrationBuilder.CreateIndex(
                name: "ix_stock_change_farm_code_species_at",
                table: "stock_change",
                columns: new[] { "farm_code", "species", "at" });

            migrationBuilder.CreateIndex(
                name: "ix_stock_change_kind_partner_id",
                table: "stock_change",
                columns: new[] { "kind", "partner_id" },
                unique: true,
                filter: "partner_id is not null");

            migrationBuilder.CreateIndex(
                name: "ix_tag_event_ref_id_kind",
                table: "tag_event",
                columns: new[] { "ref_id", "kind" });

            migrationBuilder.CreateIndex(
                name: "ix_tag_event_tag_kind",
                table: "tag_event",
                columns: new[] { "tag", "kind" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_tag_holding_holder_code_holder_type",
                table: "tag_holding",
                columns: new[] { "holder_code", "holder_type" });

            migrationBuilder.CreateIndex(
                name: "ix_tag_issuance_issuer_code",
                table: "tag_issuance",
                column: "issuer_code");

            migrationBuilder.CreateIndex(
                name: "ix_tag_issuance_receiver_code",
                table: "tag_issuance",
                column: "receiver_code");

            migrationBuilder.CreateIndex(
                name: "ix_tag_issuance_range_tag_range",
                table: "tag_issuance_range",
                column: "tag_range")
                .Annotation("Npgsql:IndexMethod", "gist");

            migrationBuilder.CreateIndex(
                name: "ix_tag_registration_county_code",
                table: "tag_registration",
                column: "county_code");

            migrationBuilder.CreateIndex(
                name: "ix_tag_registration_registrar_code",
                table: "tag_registration",
                column: "registrar_code");
            // No tag held twice, no tag registered twice: PostgreSQL refuses any overlapping pair of ranges.
            migrationBuilder.Sql("alter table tag_holding add constraint tag_holding_no_overlap exclude using gist (tag_range with &&)");
            migrationBuilder.Sql("alter table tag_registration add constraint tag_registration_no_overlap exclude using gist (tag_range with &&)");
            migrationBuilder.Sql("alter table tag_holding add constraint tag_holding_not_empty check (not isempty(tag_range))");
        }

        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "certificate");

            migrationBuilder.DropTable(
                name: "county_rollout");

            migrationBuilder.DropTable(
                name: "declaration");

            migrationBuilder.DropTable(
                name: "rollout_audit");

            migrationBuilder.DropTable(
                name: "stock_change");

            migrationBuilder.DropTable(
                name: "tag_cancellation");

            migrationBuilder.DropTable(
                name: "tag_event");

            migrationBuilder.DropTable(
                name: "tag_holding");

            migrationBuilder.DropTable(
                name: "tag_issuance_range");

            migrationBuilder.DropTable(
                name: "tag_registration");

            migrationBuilder.DropTable(
                name: "tag_issuance");

            migrationBuilder.DropIndex(
                name: "ix_farm_qr_token",
                table: "farm");

            migrationBuilder.DropColumn(
                name: "qr_rotated_at",
                table: "farm");

            migrationBuilder.DropColumn(
                name: "qr_token",
                table: "farm");
        }
    }
}
