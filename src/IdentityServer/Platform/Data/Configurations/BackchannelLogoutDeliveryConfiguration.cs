using Aict.IdentityServer.Sessions.BackchannelLogout;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Aict.IdentityServer.Platform.Data.Configurations;

internal sealed class BackchannelLogoutDeliveryConfiguration : IEntityTypeConfiguration<BackchannelLogoutDelivery>
{
    public void Configure(EntityTypeBuilder<BackchannelLogoutDelivery> builder)
    {
        builder.ToTable("BackchannelLogoutDeliveries");
        builder.HasKey(d => d.Id);
        builder.Property(d => d.ClientId).HasMaxLength(100);
        builder.Property(d => d.Subject).HasMaxLength(450);
        builder.Property(d => d.SessionId).HasMaxLength(64);
        builder.Property(d => d.LastError).HasMaxLength(500);
        builder.Property(d => d.CreatedAt).HasConversion(UtcTicks.Required);
        builder.Property(d => d.NextAttemptAt).HasConversion(UtcTicks.Required);
        builder.Property(d => d.DeliveredAt).HasConversion(UtcTicks.Optional);
        builder.Property(d => d.AbandonedAt).HasConversion(UtcTicks.Optional);
        builder.HasIndex(d => new { d.DeliveredAt, d.AbandonedAt, d.NextAttemptAt });
    }
}
