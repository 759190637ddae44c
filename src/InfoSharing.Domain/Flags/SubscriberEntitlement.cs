namespace InfoSharing.Domain.Flags;

/// <summary>Optional fields of a flag message; a subscriber sees one only when its entitlement lists it.</summary>
public static class EntitlementFields
{
    /// <summary>The linked man's given and family name.</summary>
    public const string ManName = "man.name";

    public const string ManBirthDate = "man.birthDate";

    public const string ManNhsNumber = "man.nhsNumber";

    /// <summary>The Provenance entities: which agencies' messages the flag rests on.</summary>
    public const string Sources = "sources";

    /// <summary>The link-confidence extension on the Provenance.</summary>
    public const string LinkConfidence = "linkConfidence";

    public static IReadOnlyList<string> All { get; } = [ManName, ManBirthDate, ManNhsNumber, Sources, LinkConfidence];
}

/// <summary>
/// What one subscriber receives, from configuration. The child's identity, the flag itself, the man's relationship to
/// the child and the recommended action are always sent; the fields in <see cref="EntitlementFields"/> only when listed.
/// </summary>
/// <param name="Subscriber">The subscriber code: queue <c>flags.&lt;subscriber&gt;</c>, routing key prefix.</param>
/// <param name="FlagCodes">The codes it receives; null to take the catalogue's default subscribers.</param>
/// <param name="Fields">Which of <see cref="EntitlementFields.All"/> it may see.</param>
/// <param name="MayReachAllegedPerpetrator">
/// True for a channel whose content could reach an alleged perpetrator of domestic abuse (a service the family reads
/// through, a record the man can access). Such a subscriber never receives a domestic-abuse-derived flag, and if a
/// message is ever written for it, the victim's details and the sources are left out.
/// </param>
public sealed record SubscriberEntitlement(
    string Subscriber,
    IReadOnlyCollection<string>? FlagCodes,
    IReadOnlyCollection<string> Fields,
    bool MayReachAllegedPerpetrator)
{
    public bool MaySee(string field) => Fields.Contains(field, StringComparer.Ordinal);

    /// <summary>
    /// Whether this subscriber receives the flag: the configured codes (or, when none are configured, the
    /// catalogue's default subscribers), never a domestic-abuse-derived flag to a channel that may reach the perpetrator.
    /// </summary>
    public bool Receives(FlagDefinition flag)
    {
        ArgumentNullException.ThrowIfNull(flag);
        if (flag.Sensitivity == FlagSensitivity.DomesticAbuse && MayReachAllegedPerpetrator)
        {
            return false;
        }

        return FlagCodes?.Contains(flag.Code, StringComparer.Ordinal)
            ?? flag.DefaultSubscribers.Contains(Subscriber, StringComparer.Ordinal);
    }

    /// <summary>Problems with this entitlement against a catalogue (unknown codes or fields); empty when it is sound.</summary>
    public IReadOnlyList<string> Problems(FlagCatalogue catalogue)
    {
        ArgumentNullException.ThrowIfNull(catalogue);
        var problems = new List<string>();
        problems.AddRange((FlagCodes ?? []).Where(c => !catalogue.Contains(c)).Select(c => $"{Subscriber}: unknown flag code '{c}'"));
        problems.AddRange(Fields.Where(f => !EntitlementFields.All.Contains(f, StringComparer.Ordinal)).Select(f => $"{Subscriber}: unknown field '{f}'"));
        if (MayReachAllegedPerpetrator)
        {
            problems.AddRange((FlagCodes ?? [])
                .Where(c => catalogue.Contains(c) && catalogue[c].Sensitivity == FlagSensitivity.DomesticAbuse)
                .Select(c => $"{Subscriber}: may reach an alleged perpetrator, so '{c}' (domestic abuse) is never sent to it"));
        }

        return problems;
    }
}
