using Aict.IdentityServer.Protocol.Registration;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Aict.IdentityServer.Platform.Data.Configurations;

internal sealed class InitialAccessTokenConfiguration : IEntityTypeConfiguration<InitialAccessToken>
{
    public void Configure(EntityTypeBuilder<InitialAccessToken> builder)
    {
        builder.ToTable("InitialAccessTokens");
        builder.HasKey(t => t.Id);
        builder.Property(t => t.Id).HasMaxLength(64);
        builder.Property(t => t.TokenHash).HasMaxLength(64);
        builder.HasIndex(t => t.TokenHash).IsUnique();
        builder.Property(t => t.Name).HasMaxLength(200);
        builder.Property(t => t.CreatedBy).HasMaxLength(450);
        builder.Property(t => t.AllowedScopes).HasMaxLength(2000);
        builder.Property(t => t.AllowedGrantTypes).HasMaxLength(500);
        builder.Property(t => t.CreatedAt).HasConversion(UtcTicks.Required);
        builder.Property(t => t.ExpiresAt).HasConversion(UtcTicks.Optional);
        builder.Property(t => t.RevokedAt).HasConversion(UtcTicks.Optional);
    }
}
