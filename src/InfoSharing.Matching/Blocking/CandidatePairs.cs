namespace InfoSharing.Matching.Blocking;

/// <summary>
/// The pairs that blocking found, each once, with the index of the first rule that found it. In a link, Left
/// indexes the left file and Right the right file; in a deduplication both index the one file and Left &lt; Right.
/// </summary>
public sealed class CandidatePairs
{
    private int[] _left = new int[1024];
    private int[] _right = new int[1024];
    private byte[] _rule = new byte[1024];

    internal CandidatePairs(BlockingRuleSet rules)
    {
        Rules = rules;
        PairsPerRule = new long[rules.Count];
        OversizedBlocksPerRule = new long[rules.Count];
    }

    public BlockingRuleSet Rules { get; }

    public int Count { get; private set; }

    /// <summary>How many pairs each rule found first.</summary>
    public IReadOnlyList<long> PairsPerRule { get; }

    /// <summary>Blocks left out because they held more records than the generator's maximum block size.</summary>
    public IReadOnlyList<long> OversizedBlocksPerRule { get; }

    public ReadOnlySpan<int> Left => _left.AsSpan(0, Count);

    public ReadOnlySpan<int> Right => _right.AsSpan(0, Count);

    public ReadOnlySpan<byte> Rule => _rule.AsSpan(0, Count);

    public string RuleName(int pair) => Rules.Items[_rule[pair]].Name;

    internal void Add(int left, int right, int rule)
    {
        if (Count == _left.Length)
        {
            var size = checked(_left.Length * 2);
            Array.Resize(ref _left, size);
            Array.Resize(ref _right, size);
            Array.Resize(ref _rule, size);
        }

        _left[Count] = left;
        _right[Count] = right;
        _rule[Count] = (byte)rule;
        Count++;
        ((long[])PairsPerRule)[rule]++;
    }

    internal void CountOversized(int rule) => ((long[])OversizedBlocksPerRule)[rule]++;
}
