using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using OpenIddict.EntityFrameworkCore.Models;

namespace Aict.IdentityServer.Platform.Data.Configurations;

/// <summary>
/// OpenIddict maps its token entity itself; this adds what pruning needs. Without an index on the expiry, every batch of
/// a pruning round scanned the whole table, holding SQLite's write lock long enough to stall refreshes for seconds.
/// </summary>
internal sealed class OpenIddictTokenConfiguration : IEntityTypeConfiguration<OpenIddictEntityFrameworkCoreToken>
{
    public void Configure(EntityTypeBuilder<OpenIddictEntityFrameworkCoreToken> builder) =>
        builder.HasIndex(t => t.ExpirationDate);
}
