using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace InfoSharing.Data.Ingest;

/// <summary>
/// Every message an agency sent, stored unchanged with its AMQP metadata, accepted or rejected.
/// The unique (agency, message_id) pair is also the idempotent inbox: a redelivery finds its row and changes nothing.
/// </summary>
public sealed class InboundMessage
{
    public Guid Id { get; set; }

    public required string Agency { get; set; }

    public string? MessageId { get; set; }

    public required string RoutingKey { get; set; }

    public string? ContentType { get; set; }

    public string? MessageType { get; set; }

    public string? UserId { get; set; }

    public DateTimeOffset? SentAt { get; set; }

    public DateTimeOffset ReceivedAt { get; set; }

    /// <summary>AMQP headers as JSON (string values only).</summary>
    public required string Headers { get; set; }

    /// <summary>The body as received; emptied by the retention purge (<see cref="BodyPurgedAt"/>), or never stored when too large.</summary>
    public required byte[] Body { get; set; }

    /// <summary>SHA-256 of the body, kept when the retention purge removed it: evidence of what was received.</summary>
    public byte[]? BodySha256 { get; set; }

    /// <summary>When the retention purge removed the body (the row and its metadata stay).</summary>
    public DateTimeOffset? BodyPurgedAt { get; set; }

    public InboundStatus Status { get; set; }

    public string? ErrorCode { get; set; }

    public string? Error { get; set; }

    /// <summary>For a message set aside as failed: what went wrong inside InfoSharing (exception type, message, where), for operators only.</summary>
    public string? FailureDetail { get; set; }

    /// <summary>When an operator asked for this failed message to be processed again (the worker's replay stage takes it).</summary>
    public DateTimeOffset? ReplayRequestedAt { get; set; }
}

public enum InboundStatus
{
    Accepted = 1,

    /// <summary>The message's own fault: answered to the agency on its rejected queue with a code and reason.</summary>
    Rejected = 2,

    /// <summary>
    /// Not the message's fault (a failure in InfoSharing itself): set aside with its error for the operator, not
    /// answered as a rejection, and processed again by the replay command once the cause is fixed.
    /// </summary>
    Failed = 3,
}

internal sealed class InboundMessageConfiguration : IEntityTypeConfiguration<InboundMessage>
{
    public void Configure(EntityTypeBuilder<InboundMessage> builder)
    {
        builder.ToTable("inbound_messages", Schemas.Ingest);
        builder.HasKey(m => m.Id);
        builder.HasIndex(m => new { m.Agency, m.MessageId }).IsUnique();

        // Two partial indexes on received_at: named, since EF Core would otherwise take them for one index.
        builder.HasIndex(m => m.ReceivedAt, "ix_inbound_messages_failed").HasFilter("status = 'Failed'").HasDatabaseName("ix_inbound_messages_failed");
        builder.Property(m => m.Headers).HasColumnType("jsonb");
        builder.Property(m => m.Status).HasConversion<string>();
        builder.HasIndex(m => m.ReceivedAt, "ix_inbound_messages_body_kept").HasFilter("body_purged_at IS NULL").HasDatabaseName("ix_inbound_messages_body_kept");
    }
}
