using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace InfoSharing.Data.People;

/// <summary>
/// One blocking key of one person record (InfoSharing.Matching's BlockingRuleSet): the live matcher finds the
/// candidates of a new record by looking up its probe keys here. The person is read from person_records, so a
/// merge or unmerge never has to rewrite keys.
/// </summary>
public sealed class BlockingKey
{
    public required string Rule { get; set; }

    public required string Key { get; set; }

    public Guid PersonRecordId { get; set; }
}

internal sealed class BlockingKeyConfiguration : IEntityTypeConfiguration<BlockingKey>
{
    public void Configure(EntityTypeBuilder<BlockingKey> builder)
    {
        builder.ToTable("blocking_keys", Schemas.People);

        // The primary key's btree on (rule, key, person_record_id) serves the lookup by (rule, key).
        builder.HasKey(k => new { k.Rule, k.Key, k.PersonRecordId });
        builder.HasIndex(k => k.PersonRecordId);
        builder.HasOne<PersonRecord>().WithMany().HasForeignKey(k => k.PersonRecordId).OnDelete(DeleteBehavior.Cascade);
    }
}
