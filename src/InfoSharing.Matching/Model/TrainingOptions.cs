namespace InfoSharing.Matching.Model;

/// <summary>How a model is estimated from unlabelled records.</summary>
public sealed record TrainingOptions
{
    /// <summary>Random record pairs drawn to estimate u (almost all of them are different people).</summary>
    public int RandomPairs { get; init; } = 1_000_000;

    public int MaxEmIterations { get; init; } = 200;

    /// <summary>EM stops when no m, u or λ moves by more than this.</summary>
    public double EmTolerance { get; init; } = 1e-7;

    /// <summary>Added to every level's count, so that no level is ever impossible (weight of minus infinity).</summary>
    public double PseudoCount { get; init; } = 1;

    /// <summary>Seed of the random pair sample: the same records and seed give the same model.</summary>
    public int Seed { get; init; } = 20_260_401;
}
