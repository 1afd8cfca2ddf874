using EarTagTrace.Hub.Persistence;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace EarTagTrace.Hub.Persistence.Migrations
{
    /// <summary>
    /// County outlines for the map's base layer (the console's region_boundary, written and read with SQL by
    /// StaffConsole.RegionBoundaries, so no entity and no model change): GB/T 2260 code, name, level, a multipolygon.
    /// </summary>
    [DbContext(typeof(HubDbContext))]
    [Migration("20261207132000_ConsoleRegionBoundaries")]
    public partial class ConsoleRegionBoundaries : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                create extension if not exists postgis;
                create table region_boundary (
                    code text primary key,
                    name text not null,
                    level text not null,
                    geom geometry(MultiPolygon, 4326) not null);
                create index ix_region_boundary_geom on region_boundary using gist (geom);
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("drop table if exists region_boundary;");
        }
    }
}
