using Aict.IdentityServer.SignIn.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Aict.IdentityServer.Platform.Data.Configurations;

internal sealed class ApplicationUserConfiguration : IEntityTypeConfiguration<ApplicationUser>
{
    public void Configure(EntityTypeBuilder<ApplicationUser> builder)
    {
        builder.Property(u => u.GivenName).HasMaxLength(100);
        builder.Property(u => u.FamilyName).HasMaxLength(100);
        builder.Property(u => u.Locale).HasMaxLength(35);
        builder.Property(u => u.ExternalId).HasMaxLength(200);
        builder.HasIndex(u => u.ExternalId);
        // Its own table: every address field is optional, so sharing the user row could not tell "no address" apart.
        builder.OwnsOne(u => u.Address, address =>
        {
            address.ToTable("AspNetUserAddresses");
            address.Property(a => a.StreetAddress).HasMaxLength(200);
            address.Property(a => a.Locality).HasMaxLength(100);
            address.Property(a => a.Region).HasMaxLength(100);
            address.Property(a => a.PostalCode).HasMaxLength(20);
            address.Property(a => a.Country).HasMaxLength(100);
        });
    }
}
