using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace EarTagTrace.Hub.Persistence.Migrations
{
    /// <summary>
    /// The whole schema in one step: Baseline.sql, the dump of what every migration before it made
    /// (scripts/squash-migrations.sh). Later changes are migrations as usual. A database made by an older migration set
    /// has none of its ids in __EFMigrationsHistory and must be re-created (DatabaseInitializer says so at start).
    /// </summary>
    public partial class Baseline : Migration
    {
        /// <summary>The id of this migration, which every database made since carries.</summary>
        public const string Id = "20261207180306_Baseline";

        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(BaselineSql.Read("Baseline.sql"));
        }

        protected override void Down(MigrationBuilder migrationBuilder)
        {
            throw new NotSupportedException("The baseline has no way down: drop the database instead.");
        }
    }
}
