using Aict.IdentityServer.SignIn.Mfa.Passkeys;
using Aict.IdentityServer.SignIn.Mfa.RecoveryCodes;
using Aict.IdentityServer.SignIn.Mfa.Sms;
using Aict.IdentityServer.SignIn.Mfa.Totp;
using Aict.IdentityServer.SignIn.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Aict.IdentityServer.Platform.Data.Configurations;

internal sealed class TotpAuthenticatorConfiguration : IEntityTypeConfiguration<TotpAuthenticator>
{
    public void Configure(EntityTypeBuilder<TotpAuthenticator> builder)
    {
        builder.ToTable("TotpAuthenticators");
        builder.HasKey(t => t.UserId);
        builder.Property(t => t.UserId).HasMaxLength(450);
        builder.HasOne<ApplicationUser>().WithOne().HasForeignKey<TotpAuthenticator>(t => t.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(t => t.ProtectedSecret).HasMaxLength(1000);
        builder.Property(t => t.CreatedAt).HasConversion(UtcTicks.Required);
        builder.Property(t => t.ConfirmedAt).HasConversion(UtcTicks.Optional);
        builder.Property(t => t.AttemptWindowStartedAt).HasConversion(UtcTicks.Optional);
    }
}

internal sealed class RecoveryCodeConfiguration : IEntityTypeConfiguration<RecoveryCode>
{
    public void Configure(EntityTypeBuilder<RecoveryCode> builder)
    {
        builder.ToTable("RecoveryCodes");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.UserId).HasMaxLength(450);
        builder.HasOne<ApplicationUser>().WithMany().HasForeignKey(c => c.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(c => c.CodeHash).HasMaxLength(32);
        builder.Property(c => c.CreatedAt).HasConversion(UtcTicks.Required);
        builder.Property(c => c.UsedAt).HasConversion(UtcTicks.Optional);
        builder.HasIndex(c => new { c.UserId, c.UsedAt });
    }
}

internal sealed class PhoneFactorConfiguration : IEntityTypeConfiguration<PhoneFactor>
{
    public void Configure(EntityTypeBuilder<PhoneFactor> builder)
    {
        builder.ToTable("PhoneFactors");
        builder.HasKey(p => p.UserId);
        builder.Property(p => p.UserId).HasMaxLength(450);
        builder.HasOne<ApplicationUser>().WithOne().HasForeignKey<PhoneFactor>(p => p.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(p => p.PhoneNumber).HasMaxLength(16);
        builder.Property(p => p.CreatedAt).HasConversion(UtcTicks.Required);
        builder.Property(p => p.VerifiedAt).HasConversion(UtcTicks.Optional);
    }
}

internal sealed class PasskeyConfiguration : IEntityTypeConfiguration<Passkey>
{
    public void Configure(EntityTypeBuilder<Passkey> builder)
    {
        builder.ToTable("Passkeys");
        builder.HasKey(p => p.Id);
        builder.Property(p => p.UserId).HasMaxLength(450);
        builder.HasOne<ApplicationUser>().WithMany().HasForeignKey(p => p.UserId).OnDelete(DeleteBehavior.Cascade);
        // WebAuthn allows credential ids up to 1023 bytes.
        builder.Property(p => p.CredentialId).HasMaxLength(1023);
        builder.HasIndex(p => p.CredentialId).IsUnique();
        builder.Property(p => p.UserHandle).HasMaxLength(64);
        builder.Property(p => p.Transports).HasMaxLength(100);
        builder.Property(p => p.Name).HasMaxLength(100);
        builder.Property(p => p.CreatedAt).HasConversion(UtcTicks.Required);
        builder.Property(p => p.LastUsedAt).HasConversion(UtcTicks.Optional);
        builder.HasIndex(p => p.UserId);
    }
}
