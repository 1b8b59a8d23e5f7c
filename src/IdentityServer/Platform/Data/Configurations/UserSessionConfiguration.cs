using Aict.IdentityServer.Sessions;
using Aict.IdentityServer.SignIn.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Aict.IdentityServer.Platform.Data.Configurations;

internal sealed class UserSessionConfiguration : IEntityTypeConfiguration<UserSession>
{
    public void Configure(EntityTypeBuilder<UserSession> builder)
    {
        builder.ToTable("UserSessions");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Id).HasMaxLength(64);
        builder.Property(s => s.UserId).HasMaxLength(450);
        builder.HasOne<ApplicationUser>().WithMany().HasForeignKey(s => s.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(s => s.Methods).HasMaxLength(100);
        builder.Property(s => s.UserAgent).HasMaxLength(512);
        builder.Property(s => s.IpAddress).HasMaxLength(64);
        builder.Property(s => s.SignedInAt).HasConversion(UtcTicks.Required);
        builder.Property(s => s.LastActivityAt).HasConversion(UtcTicks.Required);
        builder.Property(s => s.ExpiresAt).HasConversion(UtcTicks.Required);
        builder.Property(s => s.EndedAt).HasConversion(UtcTicks.Optional);
        builder.Property(s => s.EndReason).HasConversion<string>().HasMaxLength(32);
        builder.HasIndex(s => new { s.UserId, s.EndedAt });
        builder.HasIndex(s => s.ExpiresAt);
        builder.HasMany(s => s.Grants).WithOne().HasForeignKey(g => g.SessionId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class SessionGrantConfiguration : IEntityTypeConfiguration<SessionGrant>
{
    public void Configure(EntityTypeBuilder<SessionGrant> builder)
    {
        builder.ToTable("SessionGrants");
        builder.HasKey(g => g.AuthorizationId);
        builder.Property(g => g.AuthorizationId).HasMaxLength(100);
        builder.Property(g => g.SessionId).HasMaxLength(64);
        builder.Property(g => g.ClientId).HasMaxLength(100);
        builder.Property(g => g.GrantedAt).HasConversion(UtcTicks.Required);
        builder.HasIndex(g => g.SessionId);
    }
}
