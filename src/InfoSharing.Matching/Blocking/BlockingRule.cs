namespace InfoSharing.Matching.Blocking;

/// <summary>
/// A rule that makes two records candidates when their keys are equal. A symmetric rule compares
/// <see cref="Key"/> with <see cref="Key"/>; an asymmetric one (given and family names swapped) compares one
/// record's <see cref="ProbeKey"/> with the other's <see cref="Key"/>. In PostgreSQL, <see cref="Key"/> is the
/// indexed column and an incoming record looks up its <see cref="ProbeKey"/> (its <see cref="Key"/> when null).
/// </summary>
public sealed class BlockingRule
{
    public BlockingRule(string name, Func<PreparedPerson, string?> key, Func<PreparedPerson, string?>? probeKey = null, bool includesPlaceholders = false)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(key);
        Name = name;
        Key = key;
        ProbeKey = probeKey;
        IncludesPlaceholders = includesPlaceholders;
    }

    public string Name { get; }

    /// <summary>The stored key; null means the record is not blocked by this rule.</summary>
    public Func<PreparedPerson, string?> Key { get; }

    /// <summary>The key to look up for an asymmetric rule; null for a symmetric one.</summary>
    public Func<PreparedPerson, string?>? ProbeKey { get; }

    public bool IsSymmetric => ProbeKey is null;

    /// <summary>Placeholder records ("Baby", "Unknown") are left out of every rule except those that say otherwise.</summary>
    public bool IncludesPlaceholders { get; }

    public string? KeyFor(PreparedPerson person) =>
        person is null || (person.IsPlaceholder && !IncludesPlaceholders) ? null : Key(person);

    public string? ProbeKeyFor(PreparedPerson person) =>
        person is null || (person.IsPlaceholder && !IncludesPlaceholders) ? null : (ProbeKey ?? Key)(person);

    public override string ToString() => Name;
}
