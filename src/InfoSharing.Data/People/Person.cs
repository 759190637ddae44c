using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace InfoSharing.Data.People;

/// <summary>A person as the index resolved them: one row however many agency records describe them.</summary>
public sealed class Person
{
    public Guid Id { get; set; }

    /// <summary>The person's NHS number once a record with a valid (mod-11) number has joined them.</summary>
    public string? NhsNumber { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Set when a reviewer merged this person into another: everything it held was moved there (see person_merges).</summary>
    public Guid? MergedIntoPersonId { get; set; }
}

internal sealed class PersonConfiguration : IEntityTypeConfiguration<Person>
{
    public void Configure(EntityTypeBuilder<Person> builder)
    {
        builder.ToTable("persons", Schemas.People);
        builder.HasKey(p => p.Id);

        // Two replicas resolving the same new number race on this index; the loser re-reads the winner's row.
        builder.HasIndex(p => p.NhsNumber).IsUnique().HasFilter("nhs_number IS NOT NULL");
        builder.HasOne<Person>().WithMany().HasForeignKey(p => p.MergedIntoPersonId).OnDelete(DeleteBehavior.Restrict);
    }
}
