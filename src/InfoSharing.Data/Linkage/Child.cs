using InfoSharing.Data.People;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace InfoSharing.Data.Linkage;

/// <summary>An infant, or an unborn child known by the mother and the expected delivery date.</summary>
public sealed class Child
{
    public Guid Id { get; set; }

    /// <summary>The mother, when known (an infant may be registered before anyone names her).</summary>
    public Guid? MotherPersonId { get; set; }

    /// <summary>The expected delivery date of the pregnancy, when known.</summary>
    public DateOnly? ExpectedDeliveryDate { get; set; }

    public DateOnly? BirthDate { get; set; }

    /// <summary>Set when this child was found to be the same child as another (an infant known on its own, then born to a known pregnancy).</summary>
    public Guid? MergedIntoChildId { get; set; }

    /// <summary>The infant's own person once the birth is notified.</summary>
    public Guid? InfantPersonId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

internal sealed class ChildConfiguration : IEntityTypeConfiguration<Child>
{
    public void Configure(EntityTypeBuilder<Child> builder)
    {
        builder.ToTable("children", Schemas.Linkage);
        builder.HasKey(c => c.Id);
        builder.HasIndex(c => new { c.MotherPersonId, c.ExpectedDeliveryDate }).IsUnique();
        builder.HasIndex(c => c.InfantPersonId).IsUnique();
        builder.HasOne<Child>().WithMany().HasForeignKey(c => c.MergedIntoChildId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Person>().WithMany().HasForeignKey(c => c.MotherPersonId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Person>().WithMany().HasForeignKey(c => c.InfantPersonId).OnDelete(DeleteBehavior.Restrict);
    }
}
