using InfoSharing.Data.Audit;

namespace InfoSharing.IntegrationTests.Audit;

/// <summary>
/// The unkeyed encoding 1 joined fields with newlines without escaping, so an actor or purpose holding a newline
/// could pass for another entry. Encoding 2 length-prefixes every field. No database needed.
/// </summary>
public sealed class When_two_entries_differ_only_in_where_a_newline_falls
{
    private static readonly Guid Id = Guid.Parse("0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b");
    private static readonly DateTimeOffset At = new(2026, 12, 1, 10, 0, 0, TimeSpan.Zero);

    private static readonly AuditKeyRing Keys = new("k", new Dictionary<string, byte[]> { ["k"] = new byte[32] });

    // A read by "alice" as a reviewer, for a purpose written over two lines; and a read by a user called
    // "alice\nreviewer" in the role "safeguarding" for the purpose "PR-1".
    private static readonly AuditEntry Honest = Entry(actor: "alice", role: "reviewer", purpose: "safeguarding\nPR-1");
    private static readonly AuditEntry Forged = Entry(actor: "alice\nreviewer", role: "safeguarding", purpose: "PR-1");

    [Fact]
    public void Their_old_canonical_forms_and_hashes_collide()
    {
        Assert.Equal(AuditChain.LegacyCanonicalForm(Honest, 7, [1, 2, 3]), AuditChain.LegacyCanonicalForm(Forged, 7, [1, 2, 3]));
        Assert.Equal(AuditChain.ComputeLegacyHash(Honest, 7, [1, 2, 3]), AuditChain.ComputeLegacyHash(Forged, 7, [1, 2, 3]));
    }

    [Fact]
    public void Their_keyed_forms_and_seals_differ()
    {
        Assert.NotEqual(AuditChain.KeyedCanonicalForm(Honest, 7, [1, 2, 3], "k"), AuditChain.KeyedCanonicalForm(Forged, 7, [1, 2, 3], "k"));
        Assert.NotEqual(AuditChain.Seal(Honest, 7, [1, 2, 3], Keys).Hash, AuditChain.Seal(Forged, 7, [1, 2, 3], Keys).Hash);
    }

    [Fact]
    public void An_empty_field_and_a_missing_one_differ_in_the_keyed_form()
    {
        Assert.Equal(AuditChain.LegacyCanonicalForm(Entry("a", null, null), 1, []), AuditChain.LegacyCanonicalForm(Entry("a", string.Empty, string.Empty), 1, []));
        Assert.NotEqual(AuditChain.KeyedCanonicalForm(Entry("a", null, null), 1, [], "k"), AuditChain.KeyedCanonicalForm(Entry("a", string.Empty, string.Empty), 1, [], "k"));
    }

    private static AuditEntry Entry(string actor, string? role, string? purpose) => new()
    {
        Id = Id,
        RecordedAt = At,
        Kind = AuditLog.ApiRead,
        Actor = actor,
        ActorRole = role,
        Purpose = purpose,
        SubjectIds = [Id],
        Content = """{"status":200}""",
    };
}
