using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace EarTagTrace.Hub.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class AlertsRetentionTraces : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // When an alert of a kind and target was last raised: the rate limit every hub instance shares (raw SQL only,
            // no entity: AlertEvaluator's conditional upsert is the whole of its use).
            migrationBuilder.Sql("""
                create table alert_sent (
                    kind text not null,
                    target text not null,
                    last_at timestamp with time zone not null,
                    primary key (kind, target)
                );
                """);
            // The delivery failure rate reads finished items by completion time.
            migrationBuilder.Sql("create index ix_outbox_completed_at on outbox (completed_at) where completed_at is not null;");

            // Journal retention (RawBodyPruner): the body is emptied, the entry says so.
            migrationBuilder.AddColumn<bool>(
                name: "body_pruned",
                table: "journal",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "body_pruned_at",
                table: "journal",
                type: "timestamp with time zone",
                nullable: true);

            // W3C traceparent of the activity that wrote the row, for the delivery's activity (HubTracing).
            migrationBuilder.AddColumn<string>(
                name: "trace_parent",
                table: "outbox",
                type: "character varying(128)",
                maxLength: 128,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(name: "trace_parent", table: "outbox");
            migrationBuilder.DropColumn(name: "body_pruned_at", table: "journal");
            migrationBuilder.DropColumn(name: "body_pruned", table: "journal");
            migrationBuilder.Sql("drop index if exists ix_outbox_completed_at;");
            migrationBuilder.Sql("drop table if exists alert_sent;");
        }
    }
}
