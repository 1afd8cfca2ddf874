using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace EarTagTrace.Hub.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class JournalReferencesCheckedAtCommit : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterColumn<long>(
                name: "id",
                table: "journal",
                type: "bigint",
                nullable: false,
                oldClrType: typeof(long),
                oldType: "bigint")
                .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn)
                .OldAnnotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn);

            // The pipeline writes a message's journal row once, at the end of its transaction; rows written before it
            // (outbox rows by SQL) name its reserved id, so references to the journal are checked at commit.
            migrationBuilder.Sql(Alter("DEFERRABLE INITIALLY DEFERRED"));
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterColumn<long>(
                name: "id",
                table: "journal",
                type: "bigint",
                nullable: false,
                oldClrType: typeof(long),
                oldType: "bigint")
                .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn)
                .OldAnnotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn);
            migrationBuilder.Sql(Alter("NOT DEFERRABLE"));
        }

        /// <summary>Each foreign key into journal that exists (a later layout of the journal may have none).</summary>
        private static string Alter(string mode) => $$"""
            DO $$
            DECLARE r record;
            BEGIN
              FOR r IN SELECT c.conname, c.conrelid::regclass AS tbl FROM pg_constraint c
                       WHERE c.contype = 'f' AND c.confrelid = 'journal'::regclass
              LOOP
                EXECUTE format('ALTER TABLE %s ALTER CONSTRAINT %I {{mode}}', r.tbl, r.conname);
              END LOOP;
            END $$;
            """;
    }
}
