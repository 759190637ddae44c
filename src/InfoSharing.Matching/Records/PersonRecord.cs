using System.Globalization;
using InfoSharing.Domain.People;

namespace InfoSharing.Matching;

/// <summary>
/// One record about one person, as an agency (or a CSV file) gives it: the input to matching. Every field may be
/// missing. Values are raw; <see cref="PreparedPerson"/> normalises them.
/// </summary>
public sealed record PersonRecord
{
    /// <summary>The record's id in its source (person record id, or the CSV id column).</summary>
    public required string Id { get; init; }

    public string? GivenName { get; init; }

    public string? FamilyName { get; init; }

    /// <summary>yyyy-MM-dd, yyyyMMdd or dd/MM/yyyy. Kept as text because sources send impossible dates too.</summary>
    public string? BirthDate { get; init; }

    /// <summary>male/female/m/f (anything else is unknown).</summary>
    public string? Sex { get; init; }

    public string? Postcode { get; init; }

    public string? HouseNumber { get; init; }

    /// <summary>First address line, usually the street (FEBRL: address_1).</summary>
    public string? Street { get; init; }

    /// <summary>Second address line: locality, building or flat (FEBRL: address_2).</summary>
    public string? Locality { get; init; }

    /// <summary>Town, city or suburb.</summary>
    public string? Town { get; init; }

    /// <summary>County or state.</summary>
    public string? Region { get; init; }

    public string? Phone { get; init; }

    public string? Email { get; init; }

    /// <summary>NHS number as received; trusted only when it passes the modulus 11 check.</summary>
    public string? NhsNumber { get; init; }

    /// <summary>Another identifier that is usually right but not always (FEBRL: soc_sec_id; a local hospital number).</summary>
    public string? OtherId { get; init; }

    /// <summary>Builds a record from what the person index receives from ingest.</summary>
    public static PersonRecord From(PersonDetails details, string id)
    {
        ArgumentNullException.ThrowIfNull(details);
        return new PersonRecord
        {
            Id = id,
            GivenName = details.GivenName,
            FamilyName = details.FamilyName,
            BirthDate = details.BirthDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            Sex = details.Sex switch
            {
                AdministrativeSex.Male => "male",
                AdministrativeSex.Female => "female",
                _ => null,
            },
            Postcode = details.Postcode,
            NhsNumber = details.NhsNumber?.Value,
        };
    }

    /// <summary>Never prints personal fields: a record logged by accident leaks nothing.</summary>
    public override string ToString() => $"PersonRecord(Id={Id})";
}
