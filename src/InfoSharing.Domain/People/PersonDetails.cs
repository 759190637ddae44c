namespace InfoSharing.Domain.People;

/// <summary>What one agency record says about one person: the input to the person index.</summary>
public sealed record PersonDetails
{
    /// <summary>The agency's own id for the record (for example the FHIR resource id), if any.</summary>
    public string? LocalId { get; init; }

    public NhsNumber? NhsNumber { get; init; }

    public string? GivenName { get; init; }

    public string? FamilyName { get; init; }

    public DateOnly? BirthDate { get; init; }

    public AdministrativeSex Sex { get; init; } = AdministrativeSex.Unknown;

    public string? Postcode { get; init; }

    /// <summary>The NHS number when it is valid, else null: the only number the index may trust.</summary>
    public string? TrustedNhsNumber => NhsNumber is { IsValid: true } n ? n.Value : null;

    /// <summary>Redacts the personal fields so that a record printed by accident leaks nothing.</summary>
    public override string ToString() => $"PersonDetails(LocalId={LocalId}, Nhs={NhsNumber})";
}

public enum AdministrativeSex
{
    Unknown = 0,
    Male,
    Female,
    Other,
}
