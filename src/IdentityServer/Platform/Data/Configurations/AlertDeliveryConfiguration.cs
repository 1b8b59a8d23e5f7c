using Aict.IdentityServer.Detection.Alerts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Aict.IdentityServer.Platform.Data.Configurations;

internal sealed class AlertDeliveryConfiguration : IEntityTypeConfiguration<AlertDelivery>
{
    public void Configure(EntityTypeBuilder<AlertDelivery> builder)
    {
        builder.ToTable("AlertDeliveries");
        builder.HasKey(d => d.Id);
        builder.Property(d => d.Sink).HasMaxLength(100);
        builder.Property(d => d.LastError).HasMaxLength(500);
        builder.Property(d => d.CreatedAt).HasConversion(UtcTicks.Required);
        builder.Property(d => d.NextAttemptAt).HasConversion(UtcTicks.Required);
        builder.Property(d => d.DeliveredAt).HasConversion(UtcTicks.Optional);
        builder.Property(d => d.AbandonedAt).HasConversion(UtcTicks.Optional);
        builder.HasIndex(d => new { d.DeliveredAt, d.AbandonedAt, d.NextAttemptAt });
        builder.HasOne<SecurityAlert>().WithMany().HasForeignKey(d => d.AlertId).OnDelete(DeleteBehavior.Cascade);
    }
}
