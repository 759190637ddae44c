using InfoSharing.Matching.Blocking;

namespace InfoSharing.Matching.Live;

/// <summary>
/// An in-memory stand-in for the PostgreSQL index: one dictionary per blocking rule from key to records, the same
/// lookups the database indexes serve. Used by the benchmark and tests; not thread-safe for writers.
/// </summary>
public sealed class InMemoryPersonIndex
{
    private readonly List<(string PersonId, PreparedPerson Record)> _records = [];
    private readonly Dictionary<string, List<int>>[] _byKey;

    public InMemoryPersonIndex(BlockingRuleSet? rules = null)
    {
        Rules = rules ?? BlockingRuleSet.Default;
        _byKey = Rules.Items.Select(_ => new Dictionary<string, List<int>>(StringComparer.Ordinal)).ToArray();
    }

    public BlockingRuleSet Rules { get; }

    public int Count => _records.Count;

    public void Add(string personId, PreparedPerson record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var index = _records.Count;
        _records.Add((personId, record));
        for (var k = 0; k < Rules.Count; k++)
        {
            if (Rules.Items[k].KeyFor(record) is { } key)
            {
                if (!_byKey[k].TryGetValue(key, out var list))
                {
                    _byKey[k][key] = list = [];
                }

                list.Add(index);
            }
        }
    }

    /// <summary>
    /// Every record that some rule puts with <paramref name="incoming"/>, once, with the first rule that found it.
    /// An asymmetric rule is looked up one way, incoming probe key against stored key: for the swapped-names rule
    /// that is the whole condition, since each way round says the same thing.
    /// </summary>
    public IReadOnlyList<MatchCandidate> Candidates(PreparedPerson incoming, int maxPerKey = 2000)
    {
        ArgumentNullException.ThrowIfNull(incoming);
        var seen = new HashSet<int>();
        var result = new List<MatchCandidate>();
        for (var k = 0; k < Rules.Count; k++)
        {
            if (Rules.Items[k].ProbeKeyFor(incoming) is not { } key ||
                !_byKey[k].TryGetValue(key, out var list) || list.Count > maxPerKey)
            {
                continue;
            }

            foreach (var i in list)
            {
                if (seen.Add(i))
                {
                    result.Add(new MatchCandidate(_records[i].PersonId, _records[i].Record, Rules.Items[k].Name));
                }
            }
        }

        return result;
    }
}
