using Aict.IdentityServer.Administration.Audit;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Aict.IdentityServer.Platform.Data.Configurations;

internal sealed class AuditEventConfiguration : IEntityTypeConfiguration<AuditEvent>
{
    public void Configure(EntityTypeBuilder<AuditEvent> builder)
    {
        builder.ToTable("AuditEvents");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.UserId).HasMaxLength(450);
        builder.Property(e => e.Type).HasMaxLength(64);
        builder.Property(e => e.OccurredAt).HasConversion(UtcTicks.Required);
        builder.Property(e => e.IpAddress).HasMaxLength(64);
        builder.Property(e => e.UserAgent).HasMaxLength(512);
        builder.Property(e => e.SessionId).HasMaxLength(64);
        builder.Property(e => e.ClientId).HasMaxLength(100);
        builder.Property(e => e.ActorId).HasMaxLength(450);
        builder.Property(e => e.Outcome).HasMaxLength(32);
        builder.Property(e => e.Detail).HasMaxLength(2000);
        // Not a foreign key: the trail outlives a deleted account.
        builder.HasIndex(e => new { e.UserId, e.OccurredAt });
        // The console's trail (newest first) and an administrator's own actions.
        builder.HasIndex(e => e.OccurredAt);
        builder.HasIndex(e => new { e.ActorId, e.OccurredAt });
    }
}
