using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace EarTagTrace.Hub.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class OriginPlotKey : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_origin_record_entity_id_product_code_base_address_cycle",
                table: "origin_record");

            migrationBuilder.AddColumn<string>(
                name: "plot_key",
                table: "origin_record",
                type: "character varying(40)",
                maxLength: 40,
                nullable: false,
                defaultValue: "");

            migrationBuilder.CreateIndex(
                name: "ix_origin_record_entity_id_product_code_base_address_plot_key_~",
                table: "origin_record",
                columns: new[] { "entity_id", "product_code", "base_address", "plot_key", "cycle" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_origin_record_entity_id_product_code_base_address_plot_key_~",
                table: "origin_record");

            migrationBuilder.DropColumn(
                name: "plot_key",
                table: "origin_record");

            migrationBuilder.CreateIndex(
                name: "ix_origin_record_entity_id_product_code_base_address_cycle",
                table: "origin_record",
                columns: new[] { "entity_id", "product_code", "base_address", "cycle" },
                unique: true);
        }
    }
}
