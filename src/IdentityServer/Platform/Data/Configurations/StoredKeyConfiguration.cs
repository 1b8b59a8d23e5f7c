using Aict.IdentityServer.Protocol.Signing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Aict.IdentityServer.Platform.Data.Configurations;

internal sealed class StoredKeyConfiguration : IEntityTypeConfiguration<StoredKey>
{
    public void Configure(EntityTypeBuilder<StoredKey> builder)
    {
        builder.ToTable("StoredKeys");
        builder.HasKey(k => k.Id);
        builder.Property(k => k.Id).HasMaxLength(64);
        builder.Property(k => k.Algorithm).HasMaxLength(16);
        builder.Property(k => k.ProtectedMaterial).IsRequired();
        builder.Property(k => k.CreatedAt).HasConversion(UtcTicks.Required);
        builder.Property(k => k.ActivatesAt).HasConversion(UtcTicks.Required);
        builder.Property(k => k.RetiresAt).HasConversion(UtcTicks.Optional);
        builder.Ignore(k => k.IsEncryptionKey);
    }
}
