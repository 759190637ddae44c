using System.Globalization;
using Hl7.Fhir.Model;
using InfoSharing.Contracts;
using InfoSharing.Domain.People;

namespace InfoSharing.Fhir.Reading;

/// <summary>Reads the identity of a person out of Patient, RelatedPerson or Patient.contact.</summary>
public static class PersonReader
{
    public static PersonDetails FromPatient(Patient patient)
    {
        ArgumentNullException.ThrowIfNull(patient);
        return Build(patient.Id, patient.Identifier, patient.Name, patient.BirthDate, patient.Gender, patient.Address);
    }

    public static PersonDetails FromRelatedPerson(RelatedPerson person)
    {
        ArgumentNullException.ThrowIfNull(person);
        return Build(person.Id, person.Identifier, person.Name, person.BirthDate, person.Gender, person.Address);
    }

    public static PersonDetails FromContact(Patient.ContactComponent contact)
    {
        ArgumentNullException.ThrowIfNull(contact);
        return Build(
            null,
            [],
            contact.Name is null ? [] : [contact.Name],
            null,
            contact.Gender,
            contact.Address is null ? [] : [contact.Address]);
    }

    public static NhsNumber? NhsNumberOf(IEnumerable<Identifier> identifiers) =>
        identifiers.FirstOrDefault(i => i.System == FhirUrls.NhsNumberSystem && !string.IsNullOrWhiteSpace(i.Value))?.Value is { } value
            ? NhsNumber.Parse(value)
            : null;

    private static PersonDetails Build(
        string? localId,
        IEnumerable<Identifier> identifiers,
        IEnumerable<HumanName> names,
        string? birthDate,
        AdministrativeGender? gender,
        IEnumerable<Address> addresses)
    {
        var name = PreferredName(names);
        return new PersonDetails
        {
            LocalId = localId,
            NhsNumber = NhsNumberOf(identifiers),
            GivenName = name?.Given.FirstOrDefault(),
            FamilyName = name?.Family,
            BirthDate = ParseDate(birthDate),
            Sex = gender switch
            {
                AdministrativeGender.Male => AdministrativeSex.Male,
                AdministrativeGender.Female => AdministrativeSex.Female,
                AdministrativeGender.Other => AdministrativeSex.Other,
                _ => AdministrativeSex.Unknown,
            },
            Postcode = addresses.FirstOrDefault(a => !string.IsNullOrWhiteSpace(a.PostalCode))?.PostalCode?.Trim().ToUpperInvariant(),
        };
    }

    private static HumanName? PreferredName(IEnumerable<HumanName> names)
    {
        var list = names.ToList();
        return list.FirstOrDefault(n => n.Use == HumanName.NameUse.Official)
            ?? list.FirstOrDefault(n => n.Use is null or HumanName.NameUse.Usual)
            ?? list.FirstOrDefault();
    }

    /// <summary>FHIR dates may be partial (yyyy or yyyy-mm); only a full date is used for matching.</summary>
    public static DateOnly? ParseDate(string? value) =>
        value is { Length: >= 10 } && DateOnly.TryParseExact(value[..10], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : null;
}
