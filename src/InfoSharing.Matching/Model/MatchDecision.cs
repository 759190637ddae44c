namespace InfoSharing.Matching.Model;

/// <summary>What the index does with a pair: link it, ask a person, or keep the records apart.</summary>
public enum MatchDecision
{
    NoMatch = 0,
    PossibleMatch = 1,
    Match = 2,
}

/// <summary>Why a pair got its decision (stored with every link).</summary>
public static class MatchRules
{
    /// <summary>Both records carry the same valid NHS number.</summary>
    public const string NhsNumberExact = "nhs-number-exact";

    /// <summary>Decided by the Fellegi-Sunter weight against the thresholds.</summary>
    public const string Probabilistic = "probabilistic";

    /// <summary>Both records carry valid NHS numbers that differ: never linked automatically, at most reviewed.</summary>
    public const string NhsNumberConflict = "nhs-number-conflict";

    /// <summary>One record's name is a placeholder ("Baby", "Unknown"): never matched without a trusted NHS number.</summary>
    public const string Placeholder = "placeholder";

    /// <summary>
    /// Same known sex, same date of birth, same family name, but given names that do not agree at all: the
    /// signature of twins, which no weight can tell from one person. Never linked automatically, at most reviewed.
    /// </summary>
    public const string PossibleTwin = "possible-twin";

    /// <summary>Several different persons reach the match threshold: a person must choose.</summary>
    public const string Ambiguous = "ambiguous";

    /// <summary>No candidate at all.</summary>
    public const string NoCandidate = "no-candidate";
}
