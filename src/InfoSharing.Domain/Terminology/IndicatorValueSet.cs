namespace InfoSharing.Domain.Terminology;

/// <summary>One code of a value set's expansion.</summary>
public sealed record ValueSetCode(string System, string Code, string? Display);

/// <summary>Where a value set in force came from.</summary>
public static class ValueSetOrigins
{
    /// <summary>Built inside the project from the national and research code lists and shipped with the release.</summary>
    public const string BuiltIn = "built-in";

    /// <summary>Imported by the partnership's terminology lead (<c>terminology import</c>) and stored in PostgreSQL.</summary>
    public const string Imported = "imported";
}

/// <summary>
/// The expansion of one indicator kind's value set: the codes that give that kind, with what identifies the version
/// (the version label, and for an imported one the source's URL, version and expansion timestamp).
/// </summary>
public sealed record IndicatorValueSet
{
    public required string Kind { get; init; }

    /// <summary>The version label: InfoSharing's release version for a built-in one, the label chosen at import otherwise.</summary>
    public required string Version { get; init; }

    /// <summary><see cref="ValueSetOrigins"/>.</summary>
    public required string Origin { get; init; }

    /// <summary>ValueSet.url as the source wrote it (a terminology server's URL, or an implicit ECL value set's).</summary>
    public string? Url { get; init; }

    /// <summary>ValueSet.version as the source wrote it (for SNOMED CT, often the edition's version URI).</summary>
    public string? SourceVersion { get; init; }

    public string? Title { get; init; }

    public string? Description { get; init; }

    /// <summary>expansion.timestamp: when the source expanded it.</summary>
    public DateTimeOffset? ExpansionTimestamp { get; init; }

    public required IReadOnlyList<ValueSetCode> Codes { get; init; }

    /// <summary>The label a log line or the admin endpoint shows: kind, version and origin.</summary>
    public override string ToString() => $"{Kind} {Version} ({Origin}, {Codes.Count} codes)";
}
