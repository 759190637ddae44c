namespace InfoSharing.Matching.Model;

/// <summary>
/// m: probability of this level among pairs of records of the same person; u: among pairs of different people.
/// The level's match weight is log2(m / u), its Bayes factor in bits.
/// </summary>
public sealed record LevelParameters(string Level, double M, double U)
{
    public double Weight => Math.Log2(M / U);
}

/// <summary>The parameters of one comparison, for each level except "null" (which weighs nothing).</summary>
public sealed record ComparisonParameters(string Comparison, IReadOnlyList<LevelParameters> Levels, TermFrequencyTable? TermFrequencies);

/// <summary>How a model was trained: reported with it, and hashed into its version.</summary>
public sealed record TrainingSummary(
    long RandomPairsSampled,
    long CandidatePairs,
    int DistinctPatterns,
    int EmIterations,
    bool EmConverged,
    double CandidateMatchShare,
    long RecordCount);
