using System.Collections.Frozen;
using InfoSharing.Matching.Comparisons;

namespace InfoSharing.Matching.Model;

/// <summary>
/// How often each value of a field occurs among the records the model was trained on. A match on a value is
/// weighed by its own frequency instead of the average one: agreeing on a rare family name is stronger evidence
/// than agreeing on "smith". Values seen once are not stored; an unseen value counts as seen once.
/// </summary>
public sealed class TermFrequencyTable
{
    public TermFrequencyTable(IReadOnlyDictionary<string, double> frequencies, double minimumFrequency)
    {
        ArgumentNullException.ThrowIfNull(frequencies);
        Frequencies = frequencies.ToFrozenDictionary(StringComparer.Ordinal);
        MinimumFrequency = minimumFrequency;
    }

    /// <summary>Share of the non-missing values equal to each value (values seen at least twice).</summary>
    public IReadOnlyDictionary<string, double> Frequencies { get; }

    /// <summary>The frequency of a value seen once, used for every value not in <see cref="Frequencies"/>.</summary>
    public double MinimumFrequency { get; }

    public double FrequencyOf(string? term) =>
        term is not null && Frequencies.TryGetValue(term, out var f) ? f : MinimumFrequency;

    internal static TermFrequencyTable Build(Comparison comparison, IEnumerable<PreparedPerson> records)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        long total = 0;
        foreach (var record in records)
        {
            if (comparison.Term(record) is { } term)
            {
                total++;
                counts[term] = counts.GetValueOrDefault(term) + 1;
            }
        }

        if (total == 0)
        {
            return new TermFrequencyTable(new Dictionary<string, double>(), 1);
        }

        var frequencies = counts.Where(p => p.Value > 1).ToDictionary(p => p.Key, p => (double)p.Value / total, StringComparer.Ordinal);
        return new TermFrequencyTable(frequencies, 1.0 / total);
    }
}
