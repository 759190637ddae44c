using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using InfoSharing.Domain.Relationships;

namespace InfoSharing.Domain.Flags;

/// <summary>Everything a flag version could show a subscriber, before its entitlement decides what it may see.</summary>
public sealed record FlagView
{
    public required string Status { get; init; }

    public required FlagDefinition Definition { get; init; }

    /// <summary>For non-mobile-infant-bruising, the injury kinds recorded.</summary>
    public IReadOnlyList<string> Details { get; init; } = [];

    public string? InfantNhsNumber { get; init; }

    public string? MotherNhsNumber { get; init; }

    public DateOnly? ExpectedDeliveryDate { get; init; }

    public Guid? ManPersonId { get; init; }

    public RelationshipType? Relationship { get; init; }

    public string? ManGivenName { get; init; }

    public string? ManFamilyName { get; init; }

    public DateOnly? ManBirthDate { get; init; }

    public string? ManNhsNumber { get; init; }

    public decimal? LinkConfidence { get; init; }
}

/// <summary>
/// What matters to a subscriber about a flag version: a new version is sent to it only when the hash of what it may
/// see changes. That is the status, the flag's severity, display and recommended action (a catalogue change), the
/// injuries named, the child as it is identified (an unborn child becoming an infant), the man and his relationship,
/// and the optional fields of its entitlement that say who he is (name, birth date, NHS number) and how sure the link
/// is (link confidence, to two places). The sources (which agencies' messages the flag rests on) are evidence that
/// accumulates: every version sent lists them as they stand, but another agency recording the same thing is not sent.
/// </summary>
public static class Materiality
{
    public static string Hash(FlagView view, SubscriberEntitlement entitlement)
    {
        ArgumentNullException.ThrowIfNull(view);
        ArgumentNullException.ThrowIfNull(entitlement);
        var withholdVictim = view.Definition.Sensitivity == FlagSensitivity.DomesticAbuse && entitlement.MayReachAllegedPerpetrator;
        var shown = new StringBuilder()
            .Append("status=").Append(view.Status).Append('\n')
            .Append("code=").Append(view.Definition.Code).Append('\n')
            .Append("severity=").Append(view.Definition.Severity).Append('\n')
            .Append("display=").Append(view.Definition.Display).Append('\n')
            .Append("action=").Append(view.Definition.RecommendedAction).Append('\n')
            .Append("details=").Append(string.Join(',', view.Details)).Append('\n')
            .Append("infant=").Append(view.InfantNhsNumber).Append('\n')
            .Append("mother=").Append(withholdVictim || view.InfantNhsNumber is not null ? null : view.MotherNhsNumber).Append('\n')
            .Append("edd=").Append(view.InfantNhsNumber is null ? view.ExpectedDeliveryDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : null).Append('\n')
            .Append("man=").Append(view.ManPersonId?.ToString("N")).Append('\n')
            .Append("relationship=").Append(view.Relationship?.ToCode()).Append('\n');
        if (entitlement.MaySee(EntitlementFields.ManName))
        {
            shown.Append("name=").Append(view.ManGivenName).Append('|').Append(view.ManFamilyName).Append('\n');
        }

        if (entitlement.MaySee(EntitlementFields.ManBirthDate))
        {
            shown.Append("birthDate=").Append(view.ManBirthDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).Append('\n');
        }

        if (entitlement.MaySee(EntitlementFields.ManNhsNumber))
        {
            shown.Append("nhs=").Append(view.ManNhsNumber).Append('\n');
        }

        if (entitlement.MaySee(EntitlementFields.LinkConfidence))
        {
            shown.Append("confidence=").Append(view.LinkConfidence is { } c ? Math.Round(c, 2).ToString("0.00", CultureInfo.InvariantCulture) : null).Append('\n');
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(shown.ToString())));
    }

    /// <summary>
    /// Whether to send this version to a subscriber that was last sent a version with <paramref name="lastSentHash"/>
    /// (null: it has never been sent this flag): only when what it may see changed; never a withdrawal of a flag it was
    /// never told of.
    /// </summary>
    public static bool ShouldSend(string status, string hash, string? lastSentHash) =>
        lastSentHash is null
            ? status == FlagStatuses.Active
            : !string.Equals(hash, lastSentHash, StringComparison.Ordinal);
}
