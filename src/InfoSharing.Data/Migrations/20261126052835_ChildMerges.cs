using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace InfoSharing.Data.Migrations
{
    /// <inheritdoc />
    public partial class ChildMerges : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "merged_into_child_id",
                schema: "linkage",
                table: "children",
                type: "uuid",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "ix_children_merged_into_child_id",
                schema: "linkage",
                table: "children",
                column: "merged_into_child_id");

            migrationBuilder.AddForeignKey(
                name: "fk_children_children_merged_into_child_id",
                schema: "linkage",
                table: "children",
                column: "merged_into_child_id",
                principalSchema: "linkage",
                principalTable: "children",
                principalColumn: "id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "fk_children_children_merged_into_child_id",
                schema: "linkage",
                table: "children");

            migrationBuilder.DropIndex(
                name: "ix_children_merged_into_child_id",
                schema: "linkage",
                table: "children");

            migrationBuilder.DropColumn(
                name: "merged_into_child_id",
                schema: "linkage",
                table: "children");
        }
    }
}
