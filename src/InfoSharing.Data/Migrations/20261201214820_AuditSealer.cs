using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace InfoSharing.Data.Migrations
{
    /// <inheritdoc />
    public partial class AuditSealer : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Entries get a number from a sequence (taken at save, no lock) and the id of the transaction that wrote
            // them; the chain position and hashes move to audit.seals, written by the sealer after commit.
            migrationBuilder.CreateSequence(
                name: "entry_numbers",
                schema: "audit");

            // One-time step by the migration role: existing entries keep their chain position as their number. The
            // append-only trigger is off for this statement only; the content of no entry changes.
            migrationBuilder.Sql("""
                ALTER TABLE audit.entries ADD COLUMN entry_no bigint;
                ALTER TABLE audit.entries DISABLE TRIGGER entries_append_only;
                UPDATE audit.entries SET entry_no = seq;
                ALTER TABLE audit.entries ENABLE TRIGGER entries_append_only;
                SELECT setval('audit.entry_numbers', GREATEST((SELECT max(seq) FROM audit.entries), 1), (SELECT max(seq) FROM audit.entries) IS NOT NULL);
                ALTER TABLE audit.entries ALTER COLUMN entry_no SET NOT NULL;
                ALTER TABLE audit.entries ALTER COLUMN entry_no SET DEFAULT nextval('audit.entry_numbers');

                -- Existing entries: 0 (all sealed below); new ones: the writing transaction's id (see AuditSealer).
                ALTER TABLE audit.entries ADD COLUMN writer_xid xid8 NOT NULL DEFAULT '0';
                ALTER TABLE audit.entries ALTER COLUMN writer_xid SET DEFAULT pg_current_xact_id();
                CREATE INDEX ix_entries_writer_xid ON audit.entries (writer_xid);
                """);

            migrationBuilder.CreateTable(
                name: "seals",
                schema: "audit",
                columns: table => new
                {
                    seq = table.Column<long>(type: "bigint", nullable: false),
                    entry_id = table.Column<Guid>(type: "uuid", nullable: false),
                    encoding = table.Column<short>(type: "smallint", nullable: false),
                    key_id = table.Column<string>(type: "text", nullable: true),
                    previous_hash = table.Column<byte[]>(type: "bytea", nullable: false),
                    hash = table.Column<byte[]>(type: "bytea", nullable: false),
                    sealed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "clock_timestamp()")
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_seals", x => x.seq);
                    table.ForeignKey(
                        name: "fk_seals_entries_entry_id",
                        column: x => x.entry_id,
                        principalSchema: "audit",
                        principalTable: "entries",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_entries_entry_no",
                schema: "audit",
                table: "entries",
                column: "entry_no",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_seals_entry_id",
                schema: "audit",
                table: "seals",
                column: "entry_id",
                unique: true);

            // The existing chain becomes seals of encoding 1, unchanged; then the old columns go. Seals are
            // insert-only like the entries.
            migrationBuilder.Sql("""
                ALTER TABLE audit.seals ADD COLUMN scan_from xid8 NOT NULL;
                INSERT INTO audit.seals (seq, entry_id, encoding, key_id, previous_hash, hash, sealed_at, scan_from)
                  SELECT seq, id, 1, NULL, previous_hash, hash, recorded_at, '1' FROM audit.entries ORDER BY seq;
                DROP INDEX audit.ix_entries_seq;
                ALTER TABLE audit.entries DROP COLUMN hash, DROP COLUMN previous_hash, DROP COLUMN seq;
                CREATE TRIGGER seals_append_only BEFORE UPDATE OR DELETE ON audit.seals
                  FOR EACH ROW EXECUTE FUNCTION audit.refuse_change();
                CREATE TRIGGER seals_no_truncate BEFORE TRUNCATE ON audit.seals
                  FOR EACH STATEMENT EXECUTE FUNCTION audit.refuse_change();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // Back to positions on the entries: only sealed entries can go back (the old table had no unsealed state).
            migrationBuilder.Sql("""
                DO $$ BEGIN
                  IF EXISTS (SELECT 1 FROM audit.entries e WHERE NOT EXISTS (SELECT 1 FROM audit.seals s WHERE s.entry_id = e.id)) THEN
                    RAISE EXCEPTION 'audit entries are waiting for the sealer: run it until none are left before migrating down';
                  END IF;
                  IF EXISTS (SELECT 1 FROM audit.seals WHERE encoding <> 1) THEN
                    RAISE EXCEPTION 'the chain has seals of a later encoding, which the old layout cannot hold';
                  END IF;
                END $$;
                ALTER TABLE audit.entries ADD COLUMN seq bigint, ADD COLUMN previous_hash bytea, ADD COLUMN hash bytea;
                ALTER TABLE audit.entries DISABLE TRIGGER entries_append_only;
                UPDATE audit.entries e SET seq = s.seq, previous_hash = s.previous_hash, hash = s.hash FROM audit.seals s WHERE s.entry_id = e.id;
                ALTER TABLE audit.entries ENABLE TRIGGER entries_append_only;
                ALTER TABLE audit.entries ALTER COLUMN seq SET NOT NULL, ALTER COLUMN previous_hash SET NOT NULL, ALTER COLUMN hash SET NOT NULL;
                CREATE UNIQUE INDEX ix_entries_seq ON audit.entries (seq);
                DROP TABLE audit.seals;
                DROP INDEX audit.ix_entries_writer_xid;
                ALTER TABLE audit.entries DROP COLUMN writer_xid, DROP COLUMN entry_no;
                DROP SEQUENCE audit.entry_numbers;
                """);
        }
    }
}
