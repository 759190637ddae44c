using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace InfoSharing.Data.Migrations
{
    /// <inheritdoc />
    public partial class AgencyFeeds : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_children_infant_person_id",
                schema: "linkage",
                table: "children");

            migrationBuilder.AlterColumn<Guid>(
                name: "mother_person_id",
                schema: "linkage",
                table: "children",
                type: "uuid",
                nullable: true,
                oldClrType: typeof(Guid),
                oldType: "uuid");

            migrationBuilder.AlterColumn<DateOnly>(
                name: "expected_delivery_date",
                schema: "linkage",
                table: "children",
                type: "date",
                nullable: true,
                oldClrType: typeof(DateOnly),
                oldType: "date");

            migrationBuilder.AddColumn<DateOnly>(
                name: "birth_date",
                schema: "linkage",
                table: "children",
                type: "date",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "appointments",
                schema: "linkage",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    inbound_message_id = table.Column<Guid>(type: "uuid", nullable: false),
                    agency = table.Column<string>(type: "text", nullable: false),
                    person_id = table.Column<Guid>(type: "uuid", nullable: false),
                    date = table.Column<DateOnly>(type: "date", nullable: true),
                    status = table.Column<string>(type: "text", nullable: false),
                    not_attended = table.Column<bool>(type: "boolean", nullable: false),
                    recorded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_appointments", x => x.id);
                    table.ForeignKey(
                        name: "fk_appointments_inbound_messages_inbound_message_id",
                        column: x => x.inbound_message_id,
                        principalSchema: "ingest",
                        principalTable: "inbound_messages",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_appointments_persons_person_id",
                        column: x => x.person_id,
                        principalSchema: "person",
                        principalTable: "persons",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "contacts",
                schema: "linkage",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    inbound_message_id = table.Column<Guid>(type: "uuid", nullable: false),
                    agency = table.Column<string>(type: "text", nullable: false),
                    subject_person_id = table.Column<Guid>(type: "uuid", nullable: false),
                    date = table.Column<DateOnly>(type: "date", nullable: true),
                    kind = table.Column<string>(type: "text", nullable: false),
                    present_person_ids = table.Column<List<Guid>>(type: "uuid[]", nullable: false),
                    recorded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_contacts", x => x.id);
                    table.ForeignKey(
                        name: "fk_contacts_inbound_messages_inbound_message_id",
                        column: x => x.inbound_message_id,
                        principalSchema: "ingest",
                        principalTable: "inbound_messages",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "households",
                schema: "linkage",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    agency = table.Column<string>(type: "text", nullable: false),
                    household_ref = table.Column<string>(type: "text", nullable: false),
                    uprn = table.Column<string>(type: "text", nullable: true),
                    postcode = table.Column<string>(type: "text", nullable: true),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_households", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "marac_case_events",
                schema: "linkage",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    inbound_message_id = table.Column<Guid>(type: "uuid", nullable: false),
                    case_ref = table.Column<string>(type: "text", nullable: false),
                    @event = table.Column<string>(name: "event", type: "text", nullable: false),
                    risk_level = table.Column<string>(type: "text", nullable: false),
                    date = table.Column<DateOnly>(type: "date", nullable: true),
                    police_reference = table.Column<string>(type: "text", nullable: true),
                    victim_person_id = table.Column<Guid>(type: "uuid", nullable: false),
                    perpetrator_person_ids = table.Column<List<Guid>>(type: "uuid[]", nullable: false),
                    child_person_ids = table.Column<List<Guid>>(type: "uuid[]", nullable: false),
                    unborn_expected_delivery_dates = table.Column<List<DateOnly>>(type: "date[]", nullable: false),
                    recorded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_marac_case_events", x => x.id);
                    table.ForeignKey(
                        name: "fk_marac_case_events_inbound_messages_inbound_message_id",
                        column: x => x.inbound_message_id,
                        principalSchema: "ingest",
                        principalTable: "inbound_messages",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "risk_indicators",
                schema: "person",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    person_id = table.Column<Guid>(type: "uuid", nullable: false),
                    person_record_id = table.Column<Guid>(type: "uuid", nullable: false),
                    inbound_message_id = table.Column<Guid>(type: "uuid", nullable: false),
                    agency = table.Column<string>(type: "text", nullable: false),
                    kind = table.Column<string>(type: "text", nullable: false),
                    code_system = table.Column<string>(type: "text", nullable: false),
                    code = table.Column<string>(type: "text", nullable: false),
                    display = table.Column<string>(type: "text", nullable: true),
                    effective_from = table.Column<DateOnly>(type: "date", nullable: true),
                    effective_to = table.Column<DateOnly>(type: "date", nullable: true),
                    active = table.Column<bool>(type: "boolean", nullable: false),
                    recorded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_risk_indicators", x => x.id);
                    table.ForeignKey(
                        name: "fk_risk_indicators_inbound_messages_inbound_message_id",
                        column: x => x.inbound_message_id,
                        principalSchema: "ingest",
                        principalTable: "inbound_messages",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_risk_indicators_person_records_person_record_id",
                        column: x => x.person_record_id,
                        principalSchema: "person",
                        principalTable: "person_records",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_risk_indicators_persons_person_id",
                        column: x => x.person_id,
                        principalSchema: "person",
                        principalTable: "persons",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "stated_relationships",
                schema: "linkage",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    inbound_message_id = table.Column<Guid>(type: "uuid", nullable: false),
                    from_person_record_id = table.Column<Guid>(type: "uuid", nullable: false),
                    to_person_record_id = table.Column<Guid>(type: "uuid", nullable: false),
                    target = table.Column<string>(type: "text", nullable: false),
                    type = table.Column<string>(type: "text", nullable: false),
                    code_system = table.Column<string>(type: "text", nullable: false),
                    code = table.Column<string>(type: "text", nullable: false),
                    valid_from = table.Column<DateOnly>(type: "date", nullable: true),
                    valid_to = table.Column<DateOnly>(type: "date", nullable: true),
                    relationship_id = table.Column<Guid>(type: "uuid", nullable: true),
                    recorded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_stated_relationships", x => x.id);
                    table.ForeignKey(
                        name: "fk_stated_relationships_inbound_messages_inbound_message_id",
                        column: x => x.inbound_message_id,
                        principalSchema: "ingest",
                        principalTable: "inbound_messages",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_stated_relationships_person_records_from_person_record_id",
                        column: x => x.from_person_record_id,
                        principalSchema: "person",
                        principalTable: "person_records",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_stated_relationships_person_records_to_person_record_id",
                        column: x => x.to_person_record_id,
                        principalSchema: "person",
                        principalTable: "person_records",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_stated_relationships_relationships_relationship_id",
                        column: x => x.relationship_id,
                        principalSchema: "linkage",
                        principalTable: "relationships",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "household_members",
                schema: "linkage",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    household_id = table.Column<Guid>(type: "uuid", nullable: false),
                    person_id = table.Column<Guid>(type: "uuid", nullable: false),
                    person_record_id = table.Column<Guid>(type: "uuid", nullable: false),
                    inbound_message_id = table.Column<Guid>(type: "uuid", nullable: false),
                    role = table.Column<string>(type: "text", nullable: false),
                    from = table.Column<DateOnly>(type: "date", nullable: true),
                    to = table.Column<DateOnly>(type: "date", nullable: true),
                    recorded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_household_members", x => x.id);
                    table.ForeignKey(
                        name: "fk_household_members_households_household_id",
                        column: x => x.household_id,
                        principalSchema: "linkage",
                        principalTable: "households",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_household_members_inbound_messages_inbound_message_id",
                        column: x => x.inbound_message_id,
                        principalSchema: "ingest",
                        principalTable: "inbound_messages",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_household_members_person_records_person_record_id",
                        column: x => x.person_record_id,
                        principalSchema: "person",
                        principalTable: "person_records",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_household_members_persons_person_id",
                        column: x => x.person_id,
                        principalSchema: "person",
                        principalTable: "persons",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_children_infant_person_id",
                schema: "linkage",
                table: "children",
                column: "infant_person_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_appointments_inbound_message_id",
                schema: "linkage",
                table: "appointments",
                column: "inbound_message_id");

            migrationBuilder.CreateIndex(
                name: "ix_appointments_person_id",
                schema: "linkage",
                table: "appointments",
                column: "person_id");

            migrationBuilder.CreateIndex(
                name: "ix_contacts_inbound_message_id",
                schema: "linkage",
                table: "contacts",
                column: "inbound_message_id");

            migrationBuilder.CreateIndex(
                name: "ix_contacts_present_person_ids",
                schema: "linkage",
                table: "contacts",
                column: "present_person_ids")
                .Annotation("Npgsql:IndexMethod", "gin");

            migrationBuilder.CreateIndex(
                name: "ix_contacts_subject_person_id",
                schema: "linkage",
                table: "contacts",
                column: "subject_person_id");

            migrationBuilder.CreateIndex(
                name: "ix_household_members_household_id",
                schema: "linkage",
                table: "household_members",
                column: "household_id");

            migrationBuilder.CreateIndex(
                name: "ix_household_members_inbound_message_id",
                schema: "linkage",
                table: "household_members",
                column: "inbound_message_id");

            migrationBuilder.CreateIndex(
                name: "ix_household_members_person_id",
                schema: "linkage",
                table: "household_members",
                column: "person_id");

            migrationBuilder.CreateIndex(
                name: "ix_household_members_person_record_id",
                schema: "linkage",
                table: "household_members",
                column: "person_record_id");

            migrationBuilder.CreateIndex(
                name: "ix_households_agency_household_ref",
                schema: "linkage",
                table: "households",
                columns: new[] { "agency", "household_ref" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_households_uprn",
                schema: "linkage",
                table: "households",
                column: "uprn");

            migrationBuilder.CreateIndex(
                name: "ix_marac_case_events_case_ref",
                schema: "linkage",
                table: "marac_case_events",
                column: "case_ref");

            migrationBuilder.CreateIndex(
                name: "ix_marac_case_events_inbound_message_id",
                schema: "linkage",
                table: "marac_case_events",
                column: "inbound_message_id");

            migrationBuilder.CreateIndex(
                name: "ix_marac_case_events_perpetrator_person_ids",
                schema: "linkage",
                table: "marac_case_events",
                column: "perpetrator_person_ids")
                .Annotation("Npgsql:IndexMethod", "gin");

            migrationBuilder.CreateIndex(
                name: "ix_marac_case_events_victim_person_id",
                schema: "linkage",
                table: "marac_case_events",
                column: "victim_person_id");

            migrationBuilder.CreateIndex(
                name: "ix_risk_indicators_inbound_message_id",
                schema: "person",
                table: "risk_indicators",
                column: "inbound_message_id");

            migrationBuilder.CreateIndex(
                name: "ix_risk_indicators_person_id_kind",
                schema: "person",
                table: "risk_indicators",
                columns: new[] { "person_id", "kind" });

            migrationBuilder.CreateIndex(
                name: "ix_risk_indicators_person_record_id",
                schema: "person",
                table: "risk_indicators",
                column: "person_record_id");

            migrationBuilder.CreateIndex(
                name: "ix_stated_relationships_from_person_record_id",
                schema: "linkage",
                table: "stated_relationships",
                column: "from_person_record_id");

            migrationBuilder.CreateIndex(
                name: "ix_stated_relationships_inbound_message_id",
                schema: "linkage",
                table: "stated_relationships",
                column: "inbound_message_id");

            migrationBuilder.CreateIndex(
                name: "ix_stated_relationships_relationship_id",
                schema: "linkage",
                table: "stated_relationships",
                column: "relationship_id");

            migrationBuilder.CreateIndex(
                name: "ix_stated_relationships_to_person_record_id",
                schema: "linkage",
                table: "stated_relationships",
                column: "to_person_record_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "appointments",
                schema: "linkage");

            migrationBuilder.DropTable(
                name: "contacts",
                schema: "linkage");

            migrationBuilder.DropTable(
                name: "household_members",
                schema: "linkage");

            migrationBuilder.DropTable(
                name: "marac_case_events",
                schema: "linkage");

            migrationBuilder.DropTable(
                name: "risk_indicators",
                schema: "person");

            migrationBuilder.DropTable(
                name: "stated_relationships",
                schema: "linkage");

            migrationBuilder.DropTable(
                name: "households",
                schema: "linkage");

            migrationBuilder.DropIndex(
                name: "ix_children_infant_person_id",
                schema: "linkage",
                table: "children");

            migrationBuilder.DropColumn(
                name: "birth_date",
                schema: "linkage",
                table: "children");

            migrationBuilder.AlterColumn<Guid>(
                name: "mother_person_id",
                schema: "linkage",
                table: "children",
                type: "uuid",
                nullable: false,
                defaultValue: new Guid("00000000-0000-0000-0000-000000000000"),
                oldClrType: typeof(Guid),
                oldType: "uuid",
                oldNullable: true);

            migrationBuilder.AlterColumn<DateOnly>(
                name: "expected_delivery_date",
                schema: "linkage",
                table: "children",
                type: "date",
                nullable: false,
                defaultValue: new DateOnly(1, 1, 1),
                oldClrType: typeof(DateOnly),
                oldType: "date",
                oldNullable: true);

            migrationBuilder.CreateIndex(
                name: "ix_children_infant_person_id",
                schema: "linkage",
                table: "children",
                column: "infant_person_id");
        }
    }
}
