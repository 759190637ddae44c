using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace InfoSharing.Data.Migrations
{
    /// <inheritdoc />
    public partial class LivePersonIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "undone_at",
                schema: "linkage",
                table: "relationships",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "undone_reason",
                schema: "linkage",
                table: "relationships",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "merged_into_person_id",
                schema: "person",
                table: "persons",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "blocking_rule",
                schema: "person",
                table: "person_records",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "match_contributions",
                schema: "person",
                table: "person_records",
                type: "jsonb",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "match_decision",
                schema: "person",
                table: "person_records",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "match_rule",
                schema: "person",
                table: "person_records",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<double>(
                name: "match_weight",
                schema: "person",
                table: "person_records",
                type: "double precision",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "model_version",
                schema: "person",
                table: "person_records",
                type: "text",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "blocking_keys",
                schema: "person",
                columns: table => new
                {
                    rule = table.Column<string>(type: "text", nullable: false),
                    key = table.Column<string>(type: "text", nullable: false),
                    person_record_id = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_blocking_keys", x => new { x.rule, x.key, x.person_record_id });
                    table.ForeignKey(
                        name: "fk_blocking_keys_person_records_person_record_id",
                        column: x => x.person_record_id,
                        principalSchema: "person",
                        principalTable: "person_records",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "match_exclusions",
                schema: "person",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    person_record_id = table.Column<Guid>(type: "uuid", nullable: false),
                    agency = table.Column<string>(type: "text", nullable: false),
                    local_id = table.Column<string>(type: "text", nullable: true),
                    person_id = table.Column<Guid>(type: "uuid", nullable: false),
                    decided_by = table.Column<string>(type: "text", nullable: false),
                    reason = table.Column<string>(type: "text", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_match_exclusions", x => x.id);
                    table.ForeignKey(
                        name: "fk_match_exclusions_person_records_person_record_id",
                        column: x => x.person_record_id,
                        principalSchema: "person",
                        principalTable: "person_records",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_match_exclusions_persons_person_id",
                        column: x => x.person_id,
                        principalSchema: "person",
                        principalTable: "persons",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "person_merges",
                schema: "person",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    kind = table.Column<string>(type: "text", nullable: false),
                    from_person_id = table.Column<Guid>(type: "uuid", nullable: false),
                    into_person_id = table.Column<Guid>(type: "uuid", nullable: false),
                    person_record_ids = table.Column<List<Guid>>(type: "uuid[]", nullable: false),
                    review_task_id = table.Column<Guid>(type: "uuid", nullable: true),
                    decided_by = table.Column<string>(type: "text", nullable: false),
                    reason = table.Column<string>(type: "text", nullable: false),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_person_merges", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "review_tasks",
                schema: "person",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    person_record_id = table.Column<Guid>(type: "uuid", nullable: false),
                    rule = table.Column<string>(type: "text", nullable: false),
                    candidates = table.Column<string>(type: "jsonb", nullable: false),
                    model_version = table.Column<string>(type: "text", nullable: false),
                    status = table.Column<string>(type: "text", nullable: false),
                    decided_person_id = table.Column<Guid>(type: "uuid", nullable: true),
                    decided_by = table.Column<string>(type: "text", nullable: true),
                    reason = table.Column<string>(type: "text", nullable: true),
                    decided_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_review_tasks", x => x.id);
                    table.ForeignKey(
                        name: "fk_review_tasks_person_records_person_record_id",
                        column: x => x.person_record_id,
                        principalSchema: "person",
                        principalTable: "person_records",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "reevaluation_requests",
                schema: "person",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    child_id = table.Column<Guid>(type: "uuid", nullable: false),
                    cause = table.Column<string>(type: "text", nullable: false),
                    person_merge_id = table.Column<Guid>(type: "uuid", nullable: false),
                    requested_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    processed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_reevaluation_requests", x => x.id);
                    table.ForeignKey(
                        name: "fk_reevaluation_requests_children_child_id",
                        column: x => x.child_id,
                        principalSchema: "linkage",
                        principalTable: "children",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_reevaluation_requests_person_merges_person_merge_id",
                        column: x => x.person_merge_id,
                        principalSchema: "person",
                        principalTable: "person_merges",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_persons_merged_into_person_id",
                schema: "person",
                table: "persons",
                column: "merged_into_person_id");

            migrationBuilder.CreateIndex(
                name: "ix_person_records_agency_local_id",
                schema: "person",
                table: "person_records",
                columns: new[] { "agency", "local_id" });

            migrationBuilder.CreateIndex(
                name: "ix_blocking_keys_person_record_id",
                schema: "person",
                table: "blocking_keys",
                column: "person_record_id");

            migrationBuilder.CreateIndex(
                name: "ix_match_exclusions_agency_local_id",
                schema: "person",
                table: "match_exclusions",
                columns: new[] { "agency", "local_id" });

            migrationBuilder.CreateIndex(
                name: "ix_match_exclusions_person_id",
                schema: "person",
                table: "match_exclusions",
                column: "person_id");

            migrationBuilder.CreateIndex(
                name: "ix_match_exclusions_person_record_id",
                schema: "person",
                table: "match_exclusions",
                column: "person_record_id");

            migrationBuilder.CreateIndex(
                name: "ix_person_merges_from_person_id",
                schema: "person",
                table: "person_merges",
                column: "from_person_id");

            migrationBuilder.CreateIndex(
                name: "ix_person_merges_into_person_id",
                schema: "person",
                table: "person_merges",
                column: "into_person_id");

            migrationBuilder.CreateIndex(
                name: "ix_reevaluation_requests_child_id",
                schema: "person",
                table: "reevaluation_requests",
                column: "child_id");

            migrationBuilder.CreateIndex(
                name: "ix_reevaluation_requests_person_merge_id",
                schema: "person",
                table: "reevaluation_requests",
                column: "person_merge_id");

            migrationBuilder.CreateIndex(
                name: "ix_reevaluation_requests_requested_at",
                schema: "person",
                table: "reevaluation_requests",
                column: "requested_at",
                filter: "processed_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_review_tasks_person_record_id",
                schema: "person",
                table: "review_tasks",
                column: "person_record_id");

            migrationBuilder.CreateIndex(
                name: "ix_review_tasks_status_created_at",
                schema: "person",
                table: "review_tasks",
                columns: new[] { "status", "created_at" });

            migrationBuilder.AddForeignKey(
                name: "fk_persons_persons_merged_into_person_id",
                schema: "person",
                table: "persons",
                column: "merged_into_person_id",
                principalSchema: "person",
                principalTable: "persons",
                principalColumn: "id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "fk_persons_persons_merged_into_person_id",
                schema: "person",
                table: "persons");

            migrationBuilder.DropTable(
                name: "blocking_keys",
                schema: "person");

            migrationBuilder.DropTable(
                name: "match_exclusions",
                schema: "person");

            migrationBuilder.DropTable(
                name: "reevaluation_requests",
                schema: "person");

            migrationBuilder.DropTable(
                name: "review_tasks",
                schema: "person");

            migrationBuilder.DropTable(
                name: "person_merges",
                schema: "person");

            migrationBuilder.DropIndex(
                name: "ix_persons_merged_into_person_id",
                schema: "person",
                table: "persons");

            migrationBuilder.DropIndex(
                name: "ix_person_records_agency_local_id",
                schema: "person",
                table: "person_records");

            migrationBuilder.DropColumn(
                name: "undone_at",
                schema: "linkage",
                table: "relationships");

            migrationBuilder.DropColumn(
                name: "undone_reason",
                schema: "linkage",
                table: "relationships");

            migrationBuilder.DropColumn(
                name: "merged_into_person_id",
                schema: "person",
                table: "persons");

            migrationBuilder.DropColumn(
                name: "blocking_rule",
                schema: "person",
                table: "person_records");

            migrationBuilder.DropColumn(
                name: "match_contributions",
                schema: "person",
                table: "person_records");

            migrationBuilder.DropColumn(
                name: "match_decision",
                schema: "person",
                table: "person_records");

            migrationBuilder.DropColumn(
                name: "match_rule",
                schema: "person",
                table: "person_records");

            migrationBuilder.DropColumn(
                name: "match_weight",
                schema: "person",
                table: "person_records");

            migrationBuilder.DropColumn(
                name: "model_version",
                schema: "person",
                table: "person_records");
        }
    }
}
