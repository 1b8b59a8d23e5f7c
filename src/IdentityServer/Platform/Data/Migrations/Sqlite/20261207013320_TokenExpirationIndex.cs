using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Aict.IdentityServer.Platform.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class TokenExpirationIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_OpenIddictTokens_ExpirationDate",
                table: "OpenIddictTokens",
                column: "ExpirationDate");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_OpenIddictTokens_ExpirationDate",
                table: "OpenIddictTokens");
        }
    }
}
