using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace InfoSharing.Data.Migrations
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.EnsureSchema(
                name: "linkage");

            migrationBuilder.EnsureSchema(
                name: "flags");

            migrationBuilder.EnsureSchema(
                name: "ingest");

            migrationBuilder.EnsureSchema(
                name: "messaging");

            migrationBuilder.EnsureSchema(
                name: "person");

            migrationBuilder.CreateTable(
                name: "inbound_messages",
                schema: "ingest",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    agency = table.Column<string>(type: "text", nullable: false),
                    message_id = table.Column<string>(type: "text", nullable: true),
                    routing_key = table.Column<string>(type: "text", nullable: false),
                    content_type = table.Column<string>(type: "text", nullable: true),
                    message_type = table.Column<string>(type: "text", nullable: true),
                    user_id = table.Column<string>(type: "text", nullable: true),
                    sent_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    received_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    headers = table.Column<string>(type: "jsonb", nullable: false),
                    body = table.Column<byte[]>(type: "bytea", nullable: false),
                    status = table.Column<string>(type: "text", nullable: false),
                    error_code = table.Column<string>(type: "text", nullable: true),
                    error = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_inbound_messages", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "outbox",
                schema: "messaging",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    exchange = table.Column<string>(type: "text", nullable: false),
                    routing_key = table.Column<string>(type: "text", nullable: false),
                    message_id = table.Column<string>(type: "text", nullable: false),
                    message_type = table.Column<string>(type: "text", nullable: true),
                    content_type = table.Column<string>(type: "text", nullable: false),
                    body = table.Column<byte[]>(type: "bytea", nullable: false),
                    headers = table.Column<string>(type: "jsonb", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    sent_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    attempts = table.Column<int>(type: "integer", nullable: false),
                    last_error = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_outbox", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "persons",
                schema: "person",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    nhs_number = table.Column<string>(type: "text", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_persons", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "children",
                schema: "linkage",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    mother_person_id = table.Column<Guid>(type: "uuid", nullable: false),
                    expected_delivery_date = table.Column<DateOnly>(type: "date", nullable: false),
                    infant_person_id = table.Column<Guid>(type: "uuid", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_children", x => x.id);
                    table.ForeignKey(
                        name: "fk_children_persons_infant_person_id",
                        column: x => x.infant_person_id,
                        principalSchema: "person",
                        principalTable: "persons",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_children_persons_mother_person_id",
                        column: x => x.mother_person_id,
                        principalSchema: "person",
                        principalTable: "persons",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "person_records",
                schema: "person",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    person_id = table.Column<Guid>(type: "uuid", nullable: false),
                    inbound_message_id = table.Column<Guid>(type: "uuid", nullable: false),
                    agency = table.Column<string>(type: "text", nullable: false),
                    role = table.Column<string>(type: "text", nullable: false),
                    local_id = table.Column<string>(type: "text", nullable: true),
                    nhs_number = table.Column<string>(type: "text", nullable: true),
                    nhs_number_valid = table.Column<bool>(type: "boolean", nullable: false),
                    given_name = table.Column<string>(type: "text", nullable: true),
                    family_name = table.Column<string>(type: "text", nullable: true),
                    birth_date = table.Column<DateOnly>(type: "date", nullable: true),
                    sex = table.Column<string>(type: "text", nullable: false),
                    postcode = table.Column<string>(type: "text", nullable: true),
                    link_rule = table.Column<string>(type: "text", nullable: false),
                    link_confidence = table.Column<decimal>(type: "numeric(5,4)", precision: 5, scale: 4, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_person_records", x => x.id);
                    table.ForeignKey(
                        name: "fk_person_records_inbound_messages_inbound_message_id",
                        column: x => x.inbound_message_id,
                        principalSchema: "ingest",
                        principalTable: "inbound_messages",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_person_records_persons_person_id",
                        column: x => x.person_id,
                        principalSchema: "person",
                        principalTable: "persons",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "flags",
                schema: "flags",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    code = table.Column<string>(type: "text", nullable: false),
                    child_id = table.Column<Guid>(type: "uuid", nullable: false),
                    person_id = table.Column<Guid>(type: "uuid", nullable: true),
                    status = table.Column<string>(type: "text", nullable: false),
                    version = table.Column<int>(type: "integer", nullable: false),
                    raised_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_flags", x => x.id);
                    table.ForeignKey(
                        name: "fk_flags_children_child_id",
                        column: x => x.child_id,
                        principalSchema: "linkage",
                        principalTable: "children",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_flags_persons_person_id",
                        column: x => x.person_id,
                        principalSchema: "person",
                        principalTable: "persons",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "relationships",
                schema: "linkage",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    child_id = table.Column<Guid>(type: "uuid", nullable: false),
                    person_id = table.Column<Guid>(type: "uuid", nullable: false),
                    type = table.Column<string>(type: "text", nullable: false),
                    rule = table.Column<string>(type: "text", nullable: false),
                    confidence = table.Column<decimal>(type: "numeric(5,4)", precision: 5, scale: 4, nullable: false),
                    valid_from = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    valid_to = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    recorded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_relationships", x => x.id);
                    table.ForeignKey(
                        name: "fk_relationships_children_child_id",
                        column: x => x.child_id,
                        principalSchema: "linkage",
                        principalTable: "children",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_relationships_persons_person_id",
                        column: x => x.person_id,
                        principalSchema: "person",
                        principalTable: "persons",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "disclosures",
                schema: "flags",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    flag_id = table.Column<Guid>(type: "uuid", nullable: false),
                    flag_version = table.Column<int>(type: "integer", nullable: false),
                    subscriber = table.Column<string>(type: "text", nullable: false),
                    message_id = table.Column<string>(type: "text", nullable: false),
                    queued_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    sent_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_disclosures", x => x.id);
                    table.ForeignKey(
                        name: "fk_disclosures_flags_flag_id",
                        column: x => x.flag_id,
                        principalSchema: "flags",
                        principalTable: "flags",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "flag_versions",
                schema: "flags",
                columns: table => new
                {
                    flag_id = table.Column<Guid>(type: "uuid", nullable: false),
                    version = table.Column<int>(type: "integer", nullable: false),
                    status = table.Column<string>(type: "text", nullable: false),
                    @event = table.Column<string>(name: "event", type: "text", nullable: false),
                    catalogue_version = table.Column<string>(type: "text", nullable: false),
                    evidence = table.Column<string>(type: "jsonb", nullable: false),
                    recorded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_flag_versions", x => new { x.flag_id, x.version });
                    table.ForeignKey(
                        name: "fk_flag_versions_flags_flag_id",
                        column: x => x.flag_id,
                        principalSchema: "flags",
                        principalTable: "flags",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "relationship_evidence",
                schema: "linkage",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    relationship_id = table.Column<Guid>(type: "uuid", nullable: false),
                    inbound_message_id = table.Column<Guid>(type: "uuid", nullable: false),
                    person_record_id = table.Column<Guid>(type: "uuid", nullable: false),
                    agency = table.Column<string>(type: "text", nullable: false),
                    code_system = table.Column<string>(type: "text", nullable: false),
                    code = table.Column<string>(type: "text", nullable: false),
                    recorded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_relationship_evidence", x => x.id);
                    table.ForeignKey(
                        name: "fk_relationship_evidence_inbound_messages_inbound_message_id",
                        column: x => x.inbound_message_id,
                        principalSchema: "ingest",
                        principalTable: "inbound_messages",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_relationship_evidence_person_records_person_record_id",
                        column: x => x.person_record_id,
                        principalSchema: "person",
                        principalTable: "person_records",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_relationship_evidence_relationships_relationship_id",
                        column: x => x.relationship_id,
                        principalSchema: "linkage",
                        principalTable: "relationships",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_children_infant_person_id",
                schema: "linkage",
                table: "children",
                column: "infant_person_id");

            migrationBuilder.CreateIndex(
                name: "ix_children_mother_person_id_expected_delivery_date",
                schema: "linkage",
                table: "children",
                columns: new[] { "mother_person_id", "expected_delivery_date" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_disclosures_flag_id_flag_version",
                schema: "flags",
                table: "disclosures",
                columns: new[] { "flag_id", "flag_version" });

            migrationBuilder.CreateIndex(
                name: "ix_disclosures_message_id",
                schema: "flags",
                table: "disclosures",
                column: "message_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_flags_child_id",
                schema: "flags",
                table: "flags",
                column: "child_id");

            migrationBuilder.CreateIndex(
                name: "ix_flags_code_child_id_person_id",
                schema: "flags",
                table: "flags",
                columns: new[] { "code", "child_id", "person_id" },
                unique: true)
                .Annotation("Npgsql:NullsDistinct", false);

            migrationBuilder.CreateIndex(
                name: "ix_flags_person_id",
                schema: "flags",
                table: "flags",
                column: "person_id");

            migrationBuilder.CreateIndex(
                name: "ix_inbound_messages_agency_message_id",
                schema: "ingest",
                table: "inbound_messages",
                columns: new[] { "agency", "message_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_outbox_pending",
                schema: "messaging",
                table: "outbox",
                column: "id",
                filter: "sent_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_person_records_inbound_message_id",
                schema: "person",
                table: "person_records",
                column: "inbound_message_id");

            migrationBuilder.CreateIndex(
                name: "ix_person_records_person_id",
                schema: "person",
                table: "person_records",
                column: "person_id");

            migrationBuilder.CreateIndex(
                name: "ix_persons_nhs_number",
                schema: "person",
                table: "persons",
                column: "nhs_number",
                unique: true,
                filter: "nhs_number IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_relationship_evidence_inbound_message_id",
                schema: "linkage",
                table: "relationship_evidence",
                column: "inbound_message_id");

            migrationBuilder.CreateIndex(
                name: "ix_relationship_evidence_person_record_id",
                schema: "linkage",
                table: "relationship_evidence",
                column: "person_record_id");

            migrationBuilder.CreateIndex(
                name: "ix_relationship_evidence_relationship_id_person_record_id",
                schema: "linkage",
                table: "relationship_evidence",
                columns: new[] { "relationship_id", "person_record_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_relationships_child_id_person_id_type",
                schema: "linkage",
                table: "relationships",
                columns: new[] { "child_id", "person_id", "type" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_relationships_person_id",
                schema: "linkage",
                table: "relationships",
                column: "person_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "disclosures",
                schema: "flags");

            migrationBuilder.DropTable(
                name: "flag_versions",
                schema: "flags");

            migrationBuilder.DropTable(
                name: "outbox",
                schema: "messaging");

            migrationBuilder.DropTable(
                name: "relationship_evidence",
                schema: "linkage");

            migrationBuilder.DropTable(
                name: "flags",
                schema: "flags");

            migrationBuilder.DropTable(
                name: "person_records",
                schema: "person");

            migrationBuilder.DropTable(
                name: "relationships",
                schema: "linkage");

            migrationBuilder.DropTable(
                name: "inbound_messages",
                schema: "ingest");

            migrationBuilder.DropTable(
                name: "children",
                schema: "linkage");

            migrationBuilder.DropTable(
                name: "persons",
                schema: "person");
        }
    }
}
