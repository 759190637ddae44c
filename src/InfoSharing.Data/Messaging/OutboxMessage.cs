using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace InfoSharing.Data.Messaging;

/// <summary>
/// A message to publish, written in the same transaction as the change it announces. The dispatcher publishes
/// pending rows in id order with publisher confirms and stamps them sent; nothing uncommitted is ever published.
/// </summary>
public sealed class OutboxMessage
{
    public long Id { get; set; }

    public required string Exchange { get; set; }

    public required string RoutingKey { get; set; }

    public required string MessageId { get; set; }

    public string? MessageType { get; set; }

    public required string ContentType { get; set; }

    /// <summary>The message body; emptied by the retention purge some time after it was sent (<see cref="BodyPurgedAt"/>).</summary>
    public required byte[] Body { get; set; }

    /// <summary>SHA-256 of the body, kept when the retention purge removed it: evidence of what was disclosed.</summary>
    public byte[]? BodySha256 { get; set; }

    public DateTimeOffset? BodyPurgedAt { get; set; }

    /// <summary>AMQP headers as a JSON object of strings.</summary>
    public required string Headers { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? SentAt { get; set; }

    public int Attempts { get; set; }

    public string? LastError { get; set; }
}

internal sealed class OutboxMessageConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    public void Configure(EntityTypeBuilder<OutboxMessage> builder)
    {
        builder.ToTable("outbox", Schemas.Messaging);
        builder.HasKey(m => m.Id);
        builder.Property(m => m.Id).UseIdentityAlwaysColumn();
        builder.Property(m => m.Headers).HasColumnType("jsonb");
        builder.HasIndex(m => m.Id).HasFilter("sent_at IS NULL").HasDatabaseName("ix_outbox_pending");
        builder.HasIndex(m => m.SentAt).HasFilter("sent_at IS NOT NULL AND body_purged_at IS NULL").HasDatabaseName("ix_outbox_body_kept");
    }
}
