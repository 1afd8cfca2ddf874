using System;
using Microsoft.EntityFrameworkCore.Migrations;
using NetTopologySuite.Geometries;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

#pragma warning disable CA1814 // Prefer jagged arrays over multidimensional

namespace EarTagTrace.Hub.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class OriginRecords : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterDatabase()
                .Annotation("Npgsql:PostgresExtension:postgis", ",,");

            migrationBuilder.CreateTable(
                name: "origin_entity",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    type = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    purchaser = table.Column<bool>(type: "boolean", nullable: false),
                    contact_name = table.Column<string>(type: "text", nullable: true),
                    phone = table.Column<string>(type: "text", nullable: true),
                    credit_rating = table.Column<string>(type: "text", nullable: true),
                    county_code = table.Column<string>(type: "character varying(6)", maxLength: 6, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_origin_entity", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "origin_overdue",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    run_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    as_of = table.Column<DateOnly>(type: "date", nullable: false),
                    record_id = table.Column<long>(type: "bigint", nullable: false),
                    township_code = table.Column<string>(type: "character varying(9)", maxLength: 9, nullable: false),
                    collector = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    entity = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    product = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    kind = table.Column<string>(type: "character varying(24)", maxLength: 24, nullable: false),
                    due = table.Column<DateOnly>(type: "date", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_origin_overdue", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "origin_product",
                columns: table => new
                {
                    code = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    name = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    unit = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    scope_threshold = table.Column<decimal>(type: "numeric(12,2)", precision: 12, scale: 2, nullable: false),
                    cadence = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    species = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    sort_order = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_origin_product", x => x.code);
                });

            migrationBuilder.CreateTable(
                name: "sheet_import",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    state = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    rows_read = table.Column<int>(type: "integer", nullable: false),
                    rows_checked = table.Column<int>(type: "integer", nullable: false),
                    report = table.Column<string>(type: "jsonb", nullable: true),
                    started_by = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    region = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false),
                    started_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    finished_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_sheet_import", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "origin_record",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    entity_id = table.Column<long>(type: "bigint", nullable: false),
                    product_code = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    scale = table.Column<decimal>(type: "numeric(12,2)", precision: 12, scale: 2, nullable: false),
                    unit = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    base_address = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    region_code = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false),
                    county_code = table.Column<string>(type: "character varying(6)", maxLength: 6, nullable: false),
                    township_code = table.Column<string>(type: "character varying(9)", maxLength: 9, nullable: false),
                    location = table.Column<Point>(type: "geography (Point, 4326)", nullable: true),
                    market_start = table.Column<DateOnly>(type: "date", nullable: true),
                    market_end = table.Column<DateOnly>(type: "date", nullable: true),
                    cycle = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    production_mode = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    trace_methods = table.Column<string[]>(type: "text[]", nullable: false),
                    grid_supervisor = table.Column<string>(type: "text", nullable: true),
                    grid_supervisor_phone = table.Column<string>(type: "text", nullable: true),
                    collector = table.Column<string>(type: "text", nullable: true),
                    collector_phone = table.Column<string>(type: "text", nullable: true),
                    collected_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    farm_code = table.Column<string>(type: "text", nullable: true),
                    content_hash = table.Column<string>(type: "text", nullable: false),
                    created_by = table.Column<string>(type: "text", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_origin_record", x => x.id);
                    table.ForeignKey(
                        name: "fk_origin_record_origin_entity_entity_id",
                        column: x => x.entity_id,
                        principalTable: "origin_entity",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_origin_record_origin_product_product_code",
                        column: x => x.product_code,
                        principalTable: "origin_product",
                        principalColumn: "code",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "origin_location_change",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    record_id = table.Column<long>(type: "bigint", nullable: false),
                    from = table.Column<Point>(type: "geography (Point, 4326)", nullable: true),
                    to = table.Column<Point>(type: "geography (Point, 4326)", nullable: true),
                    source = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    changed_by = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    changed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_origin_location_change", x => x.id);
                    table.ForeignKey(
                        name: "fk_origin_location_change_origin_record_record_id",
                        column: x => x.record_id,
                        principalTable: "origin_record",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "origin_rapid_test",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    record_id = table.Column<long>(type: "bigint", nullable: false),
                    product_code = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    sample_no = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    item = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    result = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    value = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: true),
                    tested_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    tester = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    recorded_by = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_origin_rapid_test", x => x.id);
                    table.ForeignKey(
                        name: "fk_origin_rapid_test_origin_record_record_id",
                        column: x => x.record_id,
                        principalTable: "origin_record",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.InsertData(
                table: "origin_product",
                columns: new[] { "code", "cadence", "name", "scope_threshold", "sort_order", "species", "unit" },
                values: new object[,]
                {
                    { "beef-cattle", "Monthly", "肉牛", 5m, 6, "Cattle", "Head" },
                    { "black-bone-chicken", "Monthly", "乌鸡", 1000m, 5, null, "Bird" },
                    { "celery", "PerCycle", "芹菜", 0.5m, 3, null, "Mu" },
                    { "cowpea", "PerCycle", "豇豆", 0.5m, 1, null, "Mu" },
                    { "egg", "Monthly", "鸡蛋", 500m, 4, null, "Bird" },
                    { "leek", "PerCycle", "韭菜", 0.5m, 2, null, "Mu" },
                    { "live-pig", "Monthly", "生猪", 30m, 8, "Pig", "Head" },
                    { "meat-sheep", "Monthly", "肉羊", 50m, 7, "Sheep", "Head" }
                });

            migrationBuilder.CreateIndex(
                name: "ix_origin_entity_county_code_name",
                table: "origin_entity",
                columns: new[] { "county_code", "name" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_origin_entity_name",
                table: "origin_entity",
                column: "name");

            migrationBuilder.CreateIndex(
                name: "ix_origin_location_change_record_id_id",
                table: "origin_location_change",
                columns: new[] { "record_id", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_origin_overdue_township_code",
                table: "origin_overdue",
                column: "township_code");

            migrationBuilder.CreateIndex(
                name: "ix_origin_product_name",
                table: "origin_product",
                column: "name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_origin_rapid_test_record_id_sample_no_item",
                table: "origin_rapid_test",
                columns: new[] { "record_id", "sample_no", "item" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_origin_record_entity_id_product_code_base_address_cycle",
                table: "origin_record",
                columns: new[] { "entity_id", "product_code", "base_address", "cycle" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_origin_record_farm_code",
                table: "origin_record",
                column: "farm_code");

            migrationBuilder.CreateIndex(
                name: "ix_origin_record_location",
                table: "origin_record",
                column: "location")
                .Annotation("Npgsql:IndexMethod", "gist");

            migrationBuilder.CreateIndex(
                name: "ix_origin_record_product_code",
                table: "origin_record",
                column: "product_code");

            migrationBuilder.CreateIndex(
                name: "ix_origin_record_region_code_product_code",
                table: "origin_record",
                columns: new[] { "region_code", "product_code" })
                .Annotation("Npgsql:IndexOperators", new[] { "text_pattern_ops" });

            migrationBuilder.CreateIndex(
                name: "ix_origin_record_township_code_product_code",
                table: "origin_record",
                columns: new[] { "township_code", "product_code" });

            migrationBuilder.CreateIndex(
                name: "ix_sheet_import_started_at",
                table: "sheet_import",
                column: "started_at");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "origin_location_change");

            migrationBuilder.DropTable(
                name: "origin_overdue");

            migrationBuilder.DropTable(
                name: "origin_rapid_test");

            migrationBuilder.DropTable(
                name: "sheet_import");

            migrationBuilder.DropTable(
                name: "origin_record");

            migrationBuilder.DropTable(
                name: "origin_entity");

            migrationBuilder.DropTable(
                name: "origin_product");

            migrationBuilder.AlterDatabase()
                .OldAnnotation("Npgsql:PostgresExtension:postgis", ",,");
        }
    }
}
