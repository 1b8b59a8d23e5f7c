using Aict.IdentityServer.Detection.Alerts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Aict.IdentityServer.Platform.Data.Configurations;

internal sealed class SecurityAlertConfiguration : IEntityTypeConfiguration<SecurityAlert>
{
    public void Configure(EntityTypeBuilder<SecurityAlert> builder)
    {
        builder.ToTable("SecurityAlerts");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Type).HasMaxLength(32);
        builder.Property(a => a.Severity).HasMaxLength(16);
        builder.Property(a => a.UserId).HasMaxLength(450);
        builder.Property(a => a.Subject).HasMaxLength(256);
        builder.Property(a => a.IpAddress).HasMaxLength(64);
        builder.Property(a => a.Reasons).HasMaxLength(2000);
        builder.Property(a => a.AcknowledgedBy).HasMaxLength(450);
        builder.Property(a => a.RaisedAt).HasConversion(UtcTicks.Required);
        builder.Property(a => a.AcknowledgedAt).HasConversion(UtcTicks.Optional);
        builder.HasIndex(a => a.RaisedAt);
        builder.HasIndex(a => new { a.Type, a.RaisedAt });
    }
}
