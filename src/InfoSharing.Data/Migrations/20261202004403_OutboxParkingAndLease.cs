using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace InfoSharing.Data.Migrations
{
    /// <inheritdoc />
    public partial class OutboxParkingAndLease : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "next_attempt_at",
                schema: "messaging",
                table: "outbox",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "parked_at",
                schema: "messaging",
                table: "outbox",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "stream",
                schema: "messaging",
                table: "outbox",
                type: "text",
                nullable: false,
                computedColumnSql: "exchange || ':' || split_part(routing_key, '.', 1)",
                stored: true);

            migrationBuilder.CreateTable(
                name: "outbox_leases",
                schema: "messaging",
                columns: table => new
                {
                    name = table.Column<string>(type: "text", nullable: false),
                    holder = table.Column<string>(type: "text", nullable: false),
                    expires_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_outbox_leases", x => x.name);
                });

            migrationBuilder.CreateIndex(
                name: "ix_outbox_holding",
                schema: "messaging",
                table: "outbox",
                columns: new[] { "stream", "id" },
                filter: "sent_at IS NULL AND (parked_at IS NOT NULL OR next_attempt_at IS NOT NULL)");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "outbox_leases",
                schema: "messaging");

            migrationBuilder.DropIndex(
                name: "ix_outbox_holding",
                schema: "messaging",
                table: "outbox");

            migrationBuilder.DropColumn(
                name: "stream",
                schema: "messaging",
                table: "outbox");

            migrationBuilder.DropColumn(
                name: "next_attempt_at",
                schema: "messaging",
                table: "outbox");

            migrationBuilder.DropColumn(
                name: "parked_at",
                schema: "messaging",
                table: "outbox");
        }
    }
}
