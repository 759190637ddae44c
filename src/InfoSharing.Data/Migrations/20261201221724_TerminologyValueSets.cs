using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace InfoSharing.Data.Migrations
{
    /// <inheritdoc />
    public partial class TerminologyValueSets : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.EnsureSchema(
                name: "terminology");

            migrationBuilder.AlterColumn<string>(
                name: "kind",
                schema: "person",
                table: "risk_indicators",
                type: "text",
                nullable: true,
                oldClrType: typeof(string),
                oldType: "text");

            migrationBuilder.AlterColumn<string>(
                name: "code_system",
                schema: "person",
                table: "risk_indicators",
                type: "text",
                nullable: true,
                oldClrType: typeof(string),
                oldType: "text");

            migrationBuilder.AlterColumn<string>(
                name: "code",
                schema: "person",
                table: "risk_indicators",
                type: "text",
                nullable: true,
                oldClrType: typeof(string),
                oldType: "text");

            migrationBuilder.AddColumn<string>(
                name: "certainty",
                schema: "person",
                table: "risk_indicators",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "codings",
                schema: "person",
                table: "risk_indicators",
                type: "jsonb",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "entered_in_error",
                schema: "person",
                table: "risk_indicators",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "source_resource",
                schema: "person",
                table: "risk_indicators",
                type: "character varying(32)",
                maxLength: 32,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "stated_at",
                schema: "person",
                table: "risk_indicators",
                type: "timestamp with time zone",
                nullable: false,
                defaultValue: new DateTimeOffset(new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)));

            // Statements stored before this migration were made when they arrived.
            migrationBuilder.Sql("UPDATE person.risk_indicators SET stated_at = recorded_at;");

            migrationBuilder.AlterColumn<Guid>(
                name: "person_merge_id",
                schema: "person",
                table: "reevaluation_requests",
                type: "uuid",
                nullable: true,
                oldClrType: typeof(Guid),
                oldType: "uuid");

            migrationBuilder.AddColumn<Guid>(
                name: "value_set_version_id",
                schema: "person",
                table: "reevaluation_requests",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "material_hash",
                schema: "flags",
                table: "disclosures",
                type: "text",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "unmapped_codes",
                schema: "terminology",
                columns: table => new
                {
                    agency = table.Column<string>(type: "text", nullable: false),
                    code_system = table.Column<string>(type: "text", nullable: false),
                    code = table.Column<string>(type: "text", nullable: false),
                    count = table.Column<long>(type: "bigint", nullable: false),
                    first_seen_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    last_seen_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_unmapped_codes", x => new { x.agency, x.code_system, x.code });
                });

            migrationBuilder.CreateTable(
                name: "value_set_versions",
                schema: "terminology",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    seq = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    kind = table.Column<string>(type: "text", nullable: false),
                    version = table.Column<string>(type: "text", nullable: false),
                    url = table.Column<string>(type: "text", nullable: true),
                    source_version = table.Column<string>(type: "text", nullable: true),
                    title = table.Column<string>(type: "text", nullable: true),
                    expansion_timestamp = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    code_count = table.Column<int>(type: "integer", nullable: false),
                    content = table.Column<string>(type: "jsonb", nullable: false),
                    content_sha256 = table.Column<string>(type: "text", nullable: false),
                    imported_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    imported_by = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_value_set_versions", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_risk_indicators_agency_source_resource",
                schema: "person",
                table: "risk_indicators",
                columns: new[] { "agency", "source_resource" },
                filter: "source_resource IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_disclosures_flag_id_subscriber_flag_version",
                schema: "flags",
                table: "disclosures",
                columns: new[] { "flag_id", "subscriber", "flag_version" });

            migrationBuilder.CreateIndex(
                name: "ix_unmapped_codes_agency_count",
                schema: "terminology",
                table: "unmapped_codes",
                columns: new[] { "agency", "count" });

            migrationBuilder.CreateIndex(
                name: "ix_value_set_versions_kind_version",
                schema: "terminology",
                table: "value_set_versions",
                columns: new[] { "kind", "version" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_value_set_versions_seq",
                schema: "terminology",
                table: "value_set_versions",
                column: "seq",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "unmapped_codes",
                schema: "terminology");

            migrationBuilder.DropTable(
                name: "value_set_versions",
                schema: "terminology");

            migrationBuilder.DropIndex(
                name: "ix_risk_indicators_agency_source_resource",
                schema: "person",
                table: "risk_indicators");

            migrationBuilder.DropIndex(
                name: "ix_disclosures_flag_id_subscriber_flag_version",
                schema: "flags",
                table: "disclosures");

            migrationBuilder.DropColumn(
                name: "certainty",
                schema: "person",
                table: "risk_indicators");

            migrationBuilder.DropColumn(
                name: "codings",
                schema: "person",
                table: "risk_indicators");

            migrationBuilder.DropColumn(
                name: "entered_in_error",
                schema: "person",
                table: "risk_indicators");

            migrationBuilder.DropColumn(
                name: "source_resource",
                schema: "person",
                table: "risk_indicators");

            migrationBuilder.DropColumn(
                name: "stated_at",
                schema: "person",
                table: "risk_indicators");

            migrationBuilder.DropColumn(
                name: "value_set_version_id",
                schema: "person",
                table: "reevaluation_requests");

            migrationBuilder.DropColumn(
                name: "material_hash",
                schema: "flags",
                table: "disclosures");

            migrationBuilder.AlterColumn<string>(
                name: "kind",
                schema: "person",
                table: "risk_indicators",
                type: "text",
                nullable: false,
                defaultValue: "",
                oldClrType: typeof(string),
                oldType: "text",
                oldNullable: true);

            migrationBuilder.AlterColumn<string>(
                name: "code_system",
                schema: "person",
                table: "risk_indicators",
                type: "text",
                nullable: false,
                defaultValue: "",
                oldClrType: typeof(string),
                oldType: "text",
                oldNullable: true);

            migrationBuilder.AlterColumn<string>(
                name: "code",
                schema: "person",
                table: "risk_indicators",
                type: "text",
                nullable: false,
                defaultValue: "",
                oldClrType: typeof(string),
                oldType: "text",
                oldNullable: true);

            migrationBuilder.AlterColumn<Guid>(
                name: "person_merge_id",
                schema: "person",
                table: "reevaluation_requests",
                type: "uuid",
                nullable: false,
                defaultValue: new Guid("00000000-0000-0000-0000-000000000000"),
                oldClrType: typeof(Guid),
                oldType: "uuid",
                oldNullable: true);
        }
    }
}
