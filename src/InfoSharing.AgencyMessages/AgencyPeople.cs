using System.Text.Json;
using InfoSharing.Contracts;
using InfoSharing.Domain.Ingest;
using InfoSharing.Domain.People;

namespace InfoSharing.AgencyMessages;

/// <summary>The person object shared by the agency JSON schemas, read into <see cref="PersonDetails"/>.</summary>
internal static class AgencyPeople
{
    public static string PersonId(JsonElement person) => MessageJson.Required(person, "personId");

    /// <summary>
    /// Reads a person and insists on a usable identity: a valid NHS number, or a family name and a date of birth.
    /// An NHS number that fails the check is kept (untrusted) and the person may still be known by name and birth date.
    /// </summary>
    public static PersonDetails Read(JsonElement person, string pointer, string? assumedPostcode = null)
    {
        var details = new PersonDetails
        {
            LocalId = PersonId(person),
            NhsNumber = MessageJson.Optional(person, "nhsNumber") is { } nhs ? NhsNumber.Parse(nhs) : null,
            GivenName = MessageJson.Optional(person, "givenName"),
            FamilyName = MessageJson.Optional(person, "familyName"),
            BirthDate = MessageJson.Date(person, "dateOfBirth", pointer),
            Sex = MessageJson.Required(person, "sex") switch
            {
                "female" => AdministrativeSex.Female,
                "male" => AdministrativeSex.Male,
                "other" => AdministrativeSex.Other,
                _ => AdministrativeSex.Unknown,
            },
            Postcode = Postcodes.Normalise(MessageJson.Optional(person, "postcode")) ?? assumedPostcode,
        };

        if (details.TrustedNhsNumber is null && (string.IsNullOrWhiteSpace(details.FamilyName) || details.BirthDate is null))
        {
            var nhsState = details.NhsNumber is null ? "no NHS number" : "an NHS number that fails the check";
            throw new MessageRejectedException(
                RejectionCodes.NoUsableIdentity,
                $"The person at {pointer} has no usable identity: {nhsState}, and not both familyName and dateOfBirth.");
        }

        return details;
    }

    /// <summary>Relationship rules here are about men (or a partner of unstated sex) around a child.</summary>
    public static bool MayBeSignificantMale(PersonDetails person) => person.Sex != AdministrativeSex.Female;

    /// <summary>Rejects a message that uses one agency person id for two entries: keys must be unique.</summary>
    public static void AddUnique(HashSet<string> keys, string key, string pointer)
    {
        if (!keys.Add(key))
        {
            throw MessageJson.Violation($"{pointer}/personId", "the same personId is used by an earlier entry; give each person once");
        }
    }
}

internal static class Postcodes
{
    /// <summary>Upper case with one space before the inward code (ZZ99 1AA), so that postcodes compare equal.</summary>
    public static string? Normalise(string? postcode)
    {
        if (string.IsNullOrWhiteSpace(postcode))
        {
            return null;
        }

        var compact = string.Concat(postcode.Where(c => !char.IsWhiteSpace(c))).ToUpperInvariant();
        return compact.Length > 3 ? $"{compact[..^3]} {compact[^3..]}" : compact;
    }
}
