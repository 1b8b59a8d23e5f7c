using Aict.CommerceApi.Reservations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Aict.CommerceApi.Data.Configurations;

internal sealed class SlotConfiguration : IEntityTypeConfiguration<Slot>
{
    public void Configure(EntityTypeBuilder<Slot> builder)
    {
        // The database itself refuses an overbooked slot, whatever the strategy in front of it.
        builder.ToTable(table => table.HasCheckConstraint("CK_Slots_Taken", "\"Taken\" >= 0 AND \"Taken\" <= \"Capacity\""));
        builder.Property(s => s.Name).HasMaxLength(200);
        builder.Property(s => s.Version).IsConcurrencyToken();
    }
}

internal sealed class ReservationConfiguration : IEntityTypeConfiguration<Reservation>
{
    public void Configure(EntityTypeBuilder<Reservation> builder)
    {
        builder.Property(r => r.CustomerId).HasMaxLength(200);
        builder.Property(r => r.Version).IsConcurrencyToken();
        builder.HasOne<Slot>().WithMany().HasForeignKey(r => r.SlotId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(r => new { r.Status, r.ExpiresAt });
        builder.HasIndex(r => new { r.CustomerId, r.CreatedAt });
    }
}
