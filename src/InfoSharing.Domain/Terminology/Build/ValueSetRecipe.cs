namespace InfoSharing.Domain.Terminology.Build;

/// <summary>
/// How the built-in value sets are made (Terminology/sources/value-sets.recipe.json): for each indicator kind, which
/// published code lists it draws on, what is left out of them and why, and any code added by hand with its source.
/// The recipe is the reviewed choice; <see cref="ValueSetBuilder"/> applies it the same way every time.
/// </summary>
public sealed record ValueSetRecipe
{
    /// <summary>The version every built value set carries (ValueSet.version).</summary>
    public required string Version { get; init; }

    /// <summary>ValueSet.date and expansion.timestamp (a date, so that a rebuild gives the same bytes).</summary>
    public required string Date { get; init; }

    public required string Publisher { get; init; }

    /// <summary>Named rules for leaving codes out by their terms, shared between value sets.</summary>
    public IReadOnlyDictionary<string, TermRule> Rules { get; init; } = new Dictionary<string, TermRule>();

    public required IReadOnlyList<ValueSetPlan> ValueSets { get; init; }
}

/// <summary>A regular expression over a code's terms (every term it has in the lists drawn on), and why it matters.</summary>
public sealed record TermRule(string Pattern, string Reason);

/// <summary>One kind's value set.</summary>
public sealed record ValueSetPlan
{
    public required string Kind { get; init; }

    public required string Title { get; init; }

    /// <summary>What the kind means for the flag rules, in a sentence.</summary>
    public required string Purpose { get; init; }

    public IReadOnlyList<ListUse> Include { get; init; } = [];

    /// <summary>Names of <see cref="ValueSetRecipe.Rules"/> applied to this value set.</summary>
    public IReadOnlyList<string> LeaveOut { get; init; } = [];

    /// <summary>Rules for this value set only.</summary>
    public IReadOnlyList<TermRule> LeaveOutTerms { get; init; } = [];

    public IReadOnlyList<CodeReason> LeaveOutCodes { get; init; } = [];

    /// <summary>Codes that override a rule (the reason says why this one is meant although the rule would leave it out).</summary>
    public IReadOnlyList<CodeReason> Keep { get; init; } = [];

    public IReadOnlyList<AddedCode> AddCodes { get; init; } = [];

    /// <summary>Lists that look relevant and were not used, with why.</summary>
    public IReadOnlyList<ListReason> ListsNotUsed { get; init; } = [];

    /// <summary>Anything else a reader of the value set should know (a gap, what a terminology lead may import).</summary>
    public string? Note { get; init; }
}

/// <summary>A code list drawn on: the file in Terminology/sources/, what it is, and optionally only the codes whose terms match.</summary>
public sealed record ListUse
{
    public required string List { get; init; }

    public required string Source { get; init; }

    /// <summary>When set, only codes with a term matching this expression are taken (for lists far broader than the kind).</summary>
    public string? Only { get; init; }

    /// <summary>Why <see cref="Only"/> is needed.</summary>
    public string? OnlyReason { get; init; }
}

public sealed record CodeReason(string Code, string Reason);

public sealed record AddedCode(string Code, string Display, string Source);

public sealed record ListReason(string List, string Reason);
