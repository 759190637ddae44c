using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace InfoSharing.Data.Migrations
{
    /// <inheritdoc />
    public partial class PipelineStages : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "failure_detail",
                schema: "ingest",
                table: "inbound_messages",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "replay_requested_at",
                schema: "ingest",
                table: "inbound_messages",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "evaluation_failures",
                schema: "flags",
                columns: table => new
                {
                    child_id = table.Column<Guid>(type: "uuid", nullable: false),
                    attempts = table.Column<int>(type: "integer", nullable: false),
                    error = table.Column<string>(type: "text", nullable: false),
                    failed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    next_attempt_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_evaluation_failures", x => x.child_id);
                    table.ForeignKey(
                        name: "fk_evaluation_failures_children_child_id",
                        column: x => x.child_id,
                        principalSchema: "linkage",
                        principalTable: "children",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "evaluation_requests",
                schema: "flags",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    child_id = table.Column<Guid>(type: "uuid", nullable: false),
                    cause = table.Column<string>(type: "text", nullable: false),
                    requested_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_evaluation_requests", x => x.id);
                    table.ForeignKey(
                        name: "fk_evaluation_requests_children_child_id",
                        column: x => x.child_id,
                        principalSchema: "linkage",
                        principalTable: "children",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "scheduled_jobs",
                schema: "flags",
                columns: table => new
                {
                    name = table.Column<string>(type: "text", nullable: false),
                    next_run_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    last_run_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    last_run_by = table.Column<string>(type: "text", nullable: true),
                    last_children = table.Column<int>(type: "integer", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_scheduled_jobs", x => x.name);
                });

            migrationBuilder.CreateIndex(
                name: "ix_inbound_messages_failed",
                schema: "ingest",
                table: "inbound_messages",
                column: "received_at",
                filter: "status = 'Failed'");

            migrationBuilder.CreateIndex(
                name: "ix_evaluation_requests_child_id",
                schema: "flags",
                table: "evaluation_requests",
                column: "child_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "evaluation_failures",
                schema: "flags");

            migrationBuilder.DropTable(
                name: "evaluation_requests",
                schema: "flags");

            migrationBuilder.DropTable(
                name: "scheduled_jobs",
                schema: "flags");

            migrationBuilder.DropIndex(
                name: "ix_inbound_messages_failed",
                schema: "ingest",
                table: "inbound_messages");

            migrationBuilder.DropColumn(
                name: "failure_detail",
                schema: "ingest",
                table: "inbound_messages");

            migrationBuilder.DropColumn(
                name: "replay_requested_at",
                schema: "ingest",
                table: "inbound_messages");
        }
    }
}
