using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace InfoSharing.Data.Migrations
{
    /// <inheritdoc />
    public partial class AuditLog : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.EnsureSchema(
                name: "audit");

            migrationBuilder.CreateTable(
                name: "entries",
                schema: "audit",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    seq = table.Column<long>(type: "bigint", nullable: false),
                    recorded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    kind = table.Column<string>(type: "text", nullable: false),
                    actor = table.Column<string>(type: "text", nullable: false),
                    actor_role = table.Column<string>(type: "text", nullable: true),
                    purpose = table.Column<string>(type: "text", nullable: true),
                    subject_ids = table.Column<List<Guid>>(type: "uuid[]", nullable: false),
                    content = table.Column<string>(type: "text", nullable: false),
                    previous_hash = table.Column<byte[]>(type: "bytea", nullable: false),
                    hash = table.Column<byte[]>(type: "bytea", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_entries", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_entries_kind_recorded_at",
                schema: "audit",
                table: "entries",
                columns: new[] { "kind", "recorded_at" });

            migrationBuilder.CreateIndex(
                name: "ix_entries_seq",
                schema: "audit",
                table: "entries",
                column: "seq",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_entries_subject_ids",
                schema: "audit",
                table: "entries",
                column: "subject_ids")
                .Annotation("Npgsql:IndexMethod", "gin");

            // Append-only: the database itself refuses to change or remove an audit entry.
            migrationBuilder.Sql("""
                CREATE FUNCTION audit.refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                  RAISE EXCEPTION 'audit.entries is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
                END $$;
                CREATE TRIGGER entries_append_only BEFORE UPDATE OR DELETE ON audit.entries
                  FOR EACH ROW EXECUTE FUNCTION audit.refuse_change();
                CREATE TRIGGER entries_no_truncate BEFORE TRUNCATE ON audit.entries
                  FOR EACH STATEMENT EXECUTE FUNCTION audit.refuse_change();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER IF EXISTS entries_no_truncate ON audit.entries;
                DROP TRIGGER IF EXISTS entries_append_only ON audit.entries;
                DROP FUNCTION IF EXISTS audit.refuse_change();
                """);

            migrationBuilder.DropTable(
                name: "entries",
                schema: "audit");
        }
    }
}
