namespace InfoSharing.Matching.Blocking;

/// <summary>
/// Blocking rules in order. A pair found by several rules is compared once and credited to the first rule that
/// finds it, so the union never holds a pair twice.
/// </summary>
public sealed class BlockingRuleSet
{
    public BlockingRuleSet(IReadOnlyList<BlockingRule> rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        if (rules.Count is 0 or > byte.MaxValue)
        {
            throw new ArgumentException("Between 1 and 255 blocking rules are needed.", nameof(rules));
        }

        if (rules.Select(r => r.Name).Distinct(StringComparer.Ordinal).Count() != rules.Count)
        {
            throw new ArgumentException("Blocking rule names must be unique.", nameof(rules));
        }

        Items = rules;
    }

    /// <summary>
    /// The default rules: a trusted NHS number; given and family name; the same names swapped; date of birth;
    /// the other identifier; house number and street; street and region; postcode; phone; e-mail; family-name
    /// sound with year of birth and given-name initial. Each is an equality on one or two fields, which a database index serves.
    /// </summary>
    public static BlockingRuleSet Default { get; } = new(
    [
        new BlockingRule("nhs-number", p => p.NhsNumber, includesPlaceholders: true),
        new BlockingRule("given-family", p => Join(p.GivenName, p.FamilyName)),
        new BlockingRule("family-given-swapped", p => Join(p.GivenName, p.FamilyName), p => Join(p.FamilyName, p.GivenName)),
        new BlockingRule("birth-date", p => p.BirthDate?.Digits),
        new BlockingRule("other-id", p => p.OtherId),
        new BlockingRule("house-number-street", p => Join(p.HouseNumber, p.Street)),
        new BlockingRule("street-region", p => Join(p.Street, p.Region)),
        new BlockingRule("postcode", p => p.Postcode?.Full),
        new BlockingRule("phone", p => p.Phone),
        new BlockingRule("email", p => p.Email),
        new BlockingRule("family-sound-birth-year-initial", p => p.BirthDate is { } d && p.GivenName is { } given
            ? Join(p.FamilyMetaphone.Primary, string.Concat(d.Year.ToString("D4", System.Globalization.CultureInfo.InvariantCulture), given.AsSpan(0, 1)))
            : null),
    ]);

    public IReadOnlyList<BlockingRule> Items { get; }

    public int Count => Items.Count;

    private static string? Join(string? a, string? b) =>
        string.IsNullOrEmpty(a) || string.IsNullOrEmpty(b) ? null : string.Concat(a, "\u001f", b);
}
