using Aict.CommerceApi.Catalog;
using Aict.CommerceApi.Promotions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Aict.CommerceApi.Data.Configurations;

internal sealed class PromotionConfiguration : IEntityTypeConfiguration<Promotion>
{
    public void Configure(EntityTypeBuilder<Promotion> builder)
    {
        builder.Property(p => p.Name).HasMaxLength(200);
        builder.Property(p => p.Description).HasMaxLength(2000);
        builder.HasMany(p => p.Products).WithOne().HasForeignKey(p => p.PromotionId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(p => p.Rules).WithOne().HasForeignKey(r => r.PromotionId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(p => p.Conditions).WithOne().HasForeignKey(c => c.PromotionId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(p => new { p.StartsAt, p.EndsAt });
    }
}

internal sealed class PromotionProductConfiguration : IEntityTypeConfiguration<PromotionProduct>
{
    public void Configure(EntityTypeBuilder<PromotionProduct> builder)
    {
        builder.HasKey(p => new { p.PromotionId, p.ProductId });
        builder.HasOne<Product>().WithMany().HasForeignKey(p => p.ProductId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class EligibilityConditionConfiguration : IEntityTypeConfiguration<EligibilityCondition>
{
    public void Configure(EntityTypeBuilder<EligibilityCondition> builder) => builder.Property(c => c.Value).HasMaxLength(200);
}
