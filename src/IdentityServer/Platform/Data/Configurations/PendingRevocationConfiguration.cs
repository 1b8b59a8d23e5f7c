using Aict.IdentityServer.Protocol.Revocation;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Aict.IdentityServer.Platform.Data.Configurations;

internal sealed class PendingRevocationConfiguration : IEntityTypeConfiguration<PendingRevocation>
{
    public void Configure(EntityTypeBuilder<PendingRevocation> builder)
    {
        builder.ToTable("PendingRevocations");
        builder.HasKey(p => p.Id);
        builder.Property(p => p.Target).HasMaxLength(450);
        builder.Property(p => p.LastError).HasMaxLength(200);
        builder.Property(p => p.Until).HasConversion(UtcTicks.Required);
        builder.Property(p => p.NotBefore).HasConversion(UtcTicks.Optional);
        builder.Property(p => p.CreatedAt).HasConversion(UtcTicks.Required);
        builder.Property(p => p.NextAttemptAt).HasConversion(UtcTicks.Required);
        builder.HasIndex(p => p.NextAttemptAt);
    }
}
