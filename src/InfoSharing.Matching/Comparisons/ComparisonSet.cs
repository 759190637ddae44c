namespace InfoSharing.Matching.Comparisons;

/// <summary>The comparisons a model is made of, in a fixed order (the order of the model's parameters).</summary>
public sealed class ComparisonSet
{
    /// <summary>Four bits per comparison in a 64-bit pattern key.</summary>
    internal const int BitsPerComparison = 4;

    public ComparisonSet(IReadOnlyList<Comparison> comparisons)
    {
        ArgumentNullException.ThrowIfNull(comparisons);
        if (comparisons.Count is 0 or > 64 / BitsPerComparison)
        {
            throw new ArgumentException($"A model needs 1 to {64 / BitsPerComparison} comparisons.", nameof(comparisons));
        }

        if (comparisons.Any(c => c.LevelCount > 1 << BitsPerComparison))
        {
            throw new ArgumentException($"A comparison may have at most {1 << BitsPerComparison} levels.", nameof(comparisons));
        }

        if (comparisons.Select(c => c.Name).Distinct(StringComparer.Ordinal).Count() != comparisons.Count)
        {
            throw new ArgumentException("Comparison names must be unique.", nameof(comparisons));
        }

        Items = comparisons;
    }

    /// <summary>
    /// Every field of <see cref="PersonRecord"/>: names, date of birth, sex, address (postcode, number, street,
    /// second line and town together), region, phone, e-mail, NHS number and the other identifier. Fields a
    /// source does not have are missing and weigh nothing.
    /// </summary>
    public static ComparisonSet Default { get; } = new(
    [
        new GivenNameComparison(),
        new FamilyNameComparison(),
        new BirthDateComparison(),
        new ExactComparison("sex", p => p.Sex == '\0' ? null : p.Sex == 'm' ? "m" : "f"),
        new AddressComparison(),
        new ExactComparison("region", p => p.Region),
        new PhoneComparison(),
        new EmailComparison(),
        new NhsNumberComparison(),
        new OtherIdComparison(),
    ]);

    public IReadOnlyList<Comparison> Items { get; }

    public int Count => Items.Count;

    /// <summary>All comparison levels of a pair packed into one key: four bits each, first comparison lowest.</summary>
    public ulong Pattern(PreparedPerson left, PreparedPerson right)
    {
        ulong pattern = 0;
        for (var c = 0; c < Items.Count; c++)
        {
            pattern |= (ulong)Items[c].Compare(left, right) << (c * BitsPerComparison);
        }

        return pattern;
    }

    public static int LevelOf(ulong pattern, int comparison) =>
        (int)((pattern >> (comparison * BitsPerComparison)) & ((1UL << BitsPerComparison) - 1));
}
