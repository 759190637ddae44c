namespace InfoSharing.Matching.Blocking;

/// <summary>
/// Batch blocking: for each rule, groups records by key (sorted 64-bit key hashes) and emits the pairs that no
/// earlier rule has emitted. Blocks with more than <see cref="MaxBlockSize"/> records on a side are skipped and
/// counted: a key that common (a default value) tells nothing about identity.
/// </summary>
public sealed class CandidateGenerator(BlockingRuleSet rules, int maxBlockSize = 2000)
{
    public BlockingRuleSet Rules { get; } = rules;

    public int MaxBlockSize { get; } = maxBlockSize;

    /// <summary>Candidate pairs within one set of records (deduplication).</summary>
    public CandidatePairs Deduplicate(IReadOnlyList<PreparedPerson> records) => Generate(records, null);

    /// <summary>Candidate pairs between two sets of records (linkage).</summary>
    public CandidatePairs Link(IReadOnlyList<PreparedPerson> left, IReadOnlyList<PreparedPerson> right) => Generate(left, right);

    private CandidatePairs Generate(IReadOnlyList<PreparedPerson> left, IReadOnlyList<PreparedPerson>? right)
    {
        ArgumentNullException.ThrowIfNull(left);
        var dedupe = right is null;
        right ??= left;
        var result = new CandidatePairs(Rules);
        var leftKeys = new RuleKeys[Rules.Count];
        var rightKeys = new RuleKeys[Rules.Count];
        for (var k = 0; k < Rules.Count; k++)
        {
            leftKeys[k] = RuleKeys.For(Rules.Items[k], left);
            rightKeys[k] = dedupe ? leftKeys[k] : RuleKeys.For(Rules.Items[k], right);
            var context = new RuleContext(k, leftKeys, rightKeys, dedupe, result);
            if (Rules.Items[k].IsSymmetric)
            {
                GenerateSymmetric(context);
            }
            else
            {
                GenerateAsymmetric(context);
            }
        }

        return result;
    }

    private void GenerateSymmetric(RuleContext c)
    {
        var leftIndex = KeyIndex.Build(c.LeftKeys[c.Rule].Key);
        if (c.Dedupe)
        {
            foreach (var (start, count) in leftIndex.Groups())
            {
                if (count > MaxBlockSize)
                {
                    c.Skip(leftIndex.Keys[start]);
                    continue;
                }

                for (var a = start; a < start + count; a++)
                {
                    for (var b = a + 1; b < start + count; b++)
                    {
                        var i = leftIndex.Records[a];
                        var j = leftIndex.Records[b];
                        c.Emit(Math.Min(i, j), Math.Max(i, j));
                    }
                }
            }

            return;
        }

        var rightIndex = KeyIndex.Build(c.RightKeys[c.Rule].Key);
        foreach (var (start, count) in leftIndex.Groups())
        {
            var key = leftIndex.Keys[start];
            var (rightStart, rightCount) = rightIndex.Find(key);
            if (rightCount == 0)
            {
                continue;
            }

            if (count > MaxBlockSize || rightCount > MaxBlockSize)
            {
                c.Skip(key);
                continue;
            }

            for (var a = start; a < start + count; a++)
            {
                for (var b = rightStart; b < rightStart + rightCount; b++)
                {
                    c.Emit(leftIndex.Records[a], rightIndex.Records[b]);
                }
            }
        }
    }

    private void GenerateAsymmetric(RuleContext c)
    {
        var left = c.LeftKeys[c.Rule];
        var right = c.RightKeys[c.Rule];
        var rightIndex = KeyIndex.Build(right.Key);
        for (var i = 0; i < left.Probe.Length; i++)
        {
            var probe = left.Probe[i];
            if (probe == 0)
            {
                continue;
            }

            var (start, count) = rightIndex.Find(probe);
            if (count > MaxBlockSize)
            {
                c.Skip(probe);
                continue;
            }

            for (var b = start; b < start + count; b++)
            {
                var j = rightIndex.Records[b];
                if (c.Dedupe)
                {
                    // Found from both ends: keep it from the lower index only.
                    if (j == i || (j < i && right.Probe[j] == left.Key[i]))
                    {
                        continue;
                    }

                    c.Emit(Math.Min(i, j), Math.Max(i, j));
                }
                else
                {
                    c.Emit(i, j);
                }
            }
        }

        if (c.Dedupe)
        {
            return;
        }

        // Linking: the right record's probe against the left record's key, unless the first pass had the pair.
        var leftIndex = KeyIndex.Build(left.Key);
        for (var j = 0; j < right.Probe.Length; j++)
        {
            var probe = right.Probe[j];
            if (probe == 0)
            {
                continue;
            }

            var (start, count) = leftIndex.Find(probe);
            if (count > MaxBlockSize)
            {
                c.Skip(probe);
                continue;
            }

            for (var a = start; a < start + count; a++)
            {
                var i = leftIndex.Records[a];
                if (left.Probe[i] != right.Key[j])
                {
                    c.Emit(i, j);
                }
            }
        }
    }

    internal sealed class RuleKeys
    {
        private RuleKeys(ulong[] key, ulong[] probe, bool symmetric)
        {
            Key = key;
            Probe = probe;
            Symmetric = symmetric;
        }

        public ulong[] Key { get; }

        /// <summary>Same array as <see cref="Key"/> for a symmetric rule.</summary>
        public ulong[] Probe { get; }

        public bool Symmetric { get; }

        public HashSet<ulong> Skipped { get; } = [];

        public static RuleKeys For(BlockingRule rule, IReadOnlyList<PreparedPerson> records)
        {
            var key = new ulong[records.Count];
            var probe = rule.IsSymmetric ? key : new ulong[records.Count];
            Parallel.For(0, records.Count, i =>
            {
                key[i] = KeyHash.Of(rule.KeyFor(records[i]));
                if (!rule.IsSymmetric)
                {
                    probe[i] = KeyHash.Of(rule.ProbeKeyFor(records[i]));
                }
            });
            return new RuleKeys(key, probe, rule.IsSymmetric);
        }
    }

    private readonly record struct RuleContext(int Rule, RuleKeys[] LeftKeys, RuleKeys[] RightKeys, bool Dedupe, CandidatePairs Result)
    {
        public void Skip(ulong key)
        {
            LeftKeys[Rule].Skipped.Add(key);
            RightKeys[Rule].Skipped.Add(key);
            Result.CountOversized(Rule);
        }

        public void Emit(int i, int j)
        {
            for (var r = 0; r < Rule; r++)
            {
                if (EarlierRuleFound(r, i, j))
                {
                    return;
                }
            }

            Result.Add(i, j, Rule);
        }

        private bool EarlierRuleFound(int r, int i, int j)
        {
            var left = LeftKeys[r];
            var right = RightKeys[r];
            if (left.Symmetric)
            {
                var key = left.Key[i];
                return key != 0 && key == right.Key[j] && !left.Skipped.Contains(key);
            }

            var forward = left.Probe[i] != 0 && left.Probe[i] == right.Key[j] && !left.Skipped.Contains(left.Probe[i]);
            var backward = right.Probe[j] != 0 && right.Probe[j] == left.Key[i] && !left.Skipped.Contains(right.Probe[j]);
            return forward || backward;
        }
    }

    /// <summary>Records sorted by key hash, so that each key is a contiguous run.</summary>
    private sealed class KeyIndex
    {
        private KeyIndex(ulong[] keys, int[] records)
        {
            Keys = keys;
            Records = records;
        }

        public ulong[] Keys { get; }

        public int[] Records { get; }

        public static KeyIndex Build(ulong[] keyPerRecord)
        {
            var count = 0;
            foreach (var k in keyPerRecord)
            {
                if (k != 0)
                {
                    count++;
                }
            }

            var keys = new ulong[count];
            var records = new int[count];
            var n = 0;
            for (var i = 0; i < keyPerRecord.Length; i++)
            {
                if (keyPerRecord[i] != 0)
                {
                    keys[n] = keyPerRecord[i];
                    records[n++] = i;
                }
            }

            Array.Sort(keys, records);
            return new KeyIndex(keys, records);
        }

        public IEnumerable<(int Start, int Count)> Groups()
        {
            var start = 0;
            while (start < Keys.Length)
            {
                var end = start + 1;
                while (end < Keys.Length && Keys[end] == Keys[start])
                {
                    end++;
                }

                yield return (start, end - start);
                start = end;
            }
        }

        public (int Start, int Count) Find(ulong key)
        {
            var at = Array.BinarySearch(Keys, key);
            if (at < 0)
            {
                return (0, 0);
            }

            var start = at;
            while (start > 0 && Keys[start - 1] == key)
            {
                start--;
            }

            var end = at + 1;
            while (end < Keys.Length && Keys[end] == key)
            {
                end++;
            }

            return (start, end - start);
        }
    }
}
