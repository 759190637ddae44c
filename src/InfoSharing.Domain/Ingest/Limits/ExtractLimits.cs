using InfoSharing.Domain.People;

namespace InfoSharing.Domain.Ingest.Limits;

/// <summary>
/// The limits on what a message says, checked by every reader on its <see cref="AgencyExtract"/> before anything is
/// written: how many people it names, and that each person's name, postcode and local id are text a person could have
/// typed (<see cref="PersonText"/>).
/// </summary>
public static class ExtractLimits
{
    /// <summary>Refuses a message naming more people than the limit, before they are read one by one.</summary>
    public static void RequirePersonCount(int people, MessageLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        if (people > limits.MaxPersons)
        {
            throw new MessageRejectedException(
                Contracts.RejectionCodes.TooManyPersons,
                $"The message names {people} people; the limit is {limits.MaxPersons} (Messaging:MaxPersons). Split it into several messages.");
        }
    }

    public static AgencyExtract Check(AgencyExtract extract, MessageLimits limits)
    {
        ArgumentNullException.ThrowIfNull(extract);
        ArgumentNullException.ThrowIfNull(limits);
        RequirePersonCount(extract.People.Count, limits);
        var number = 0;
        foreach (var person in extract.People)
        {
            number++;
            Check(person.Details, $"person {number} ({person.Role})", limits);
        }

        return extract;
    }

    private static void Check(PersonDetails details, string who, MessageLimits limits)
    {
        PersonText.Check(details.GivenName, $"the given name of {who}", limits.MaxTextLength, PersonText.Kind.Name);
        PersonText.Check(details.FamilyName, $"the family name of {who}", limits.MaxTextLength, PersonText.Kind.Name);
        PersonText.Check(details.Postcode, $"the postcode of {who}", limits.MaxTextLength, PersonText.Kind.Code);
        PersonText.Check(details.LocalId, $"the local id of {who}", limits.MaxTextLength, PersonText.Kind.Code);
        PersonText.Check(details.NhsNumber?.Value, $"the NHS number of {who}", limits.MaxTextLength, PersonText.Kind.Code);
    }
}
