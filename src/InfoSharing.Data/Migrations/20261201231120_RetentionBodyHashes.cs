using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace InfoSharing.Data.Migrations
{
    /// <inheritdoc />
    public partial class RetentionBodyHashes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "body_purged_at",
                schema: "messaging",
                table: "outbox",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "body_sha256",
                schema: "messaging",
                table: "outbox",
                type: "bytea",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "body_purged_at",
                schema: "ingest",
                table: "inbound_messages",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "body_sha256",
                schema: "ingest",
                table: "inbound_messages",
                type: "bytea",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "ix_outbox_body_kept",
                schema: "messaging",
                table: "outbox",
                column: "sent_at",
                filter: "sent_at IS NOT NULL AND body_purged_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_inbound_messages_body_kept",
                schema: "ingest",
                table: "inbound_messages",
                column: "received_at",
                filter: "body_purged_at IS NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_outbox_body_kept",
                schema: "messaging",
                table: "outbox");

            migrationBuilder.DropIndex(
                name: "ix_inbound_messages_body_kept",
                schema: "ingest",
                table: "inbound_messages");

            migrationBuilder.DropColumn(
                name: "body_purged_at",
                schema: "messaging",
                table: "outbox");

            migrationBuilder.DropColumn(
                name: "body_sha256",
                schema: "messaging",
                table: "outbox");

            migrationBuilder.DropColumn(
                name: "body_purged_at",
                schema: "ingest",
                table: "inbound_messages");

            migrationBuilder.DropColumn(
                name: "body_sha256",
                schema: "ingest",
                table: "inbound_messages");
        }
    }
}
