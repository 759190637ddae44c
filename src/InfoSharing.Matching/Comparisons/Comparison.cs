namespace InfoSharing.Matching.Comparisons;

/// <summary>
/// One field (or group of fields) compared between two records, giving an ordered list of levels from the
/// strongest agreement to "else". Level 0 always means "missing on one side": it carries no evidence.
/// The first level whose condition holds is the one taken.
/// </summary>
public abstract class Comparison
{
    /// <summary>The level meaning "one side has no value".</summary>
    public const int Null = 0;

    protected Comparison(string name, params string[] levels)
    {
        ArgumentNullException.ThrowIfNull(levels);
        Name = name;
        LevelNames = ["null", .. levels];
    }

    /// <summary>Stable name, used in reports, stored contributions and the model file.</summary>
    public string Name { get; }

    /// <summary>Level names; index 0 is "null" and the last is "else".</summary>
    public IReadOnlyList<string> LevelNames { get; }

    public int LevelCount => LevelNames.Count;

    /// <summary>The level whose weight is adjusted by how common the value is (usually "exact"), or -1.</summary>
    public virtual int TermFrequencyLevel => -1;

    /// <summary>The level index for a pair of records.</summary>
    public abstract int Compare(PreparedPerson left, PreparedPerson right);

    /// <summary>The value whose frequency adjusts <see cref="TermFrequencyLevel"/> (null when not adjusted).</summary>
    public virtual string? Term(PreparedPerson person) => null;

    public override string ToString() => Name;
}
