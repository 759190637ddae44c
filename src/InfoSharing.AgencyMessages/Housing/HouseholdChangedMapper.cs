using System.Text.Json;
using InfoSharing.Domain.Ingest;
using InfoSharing.Domain.People;
using InfoSharing.Domain.Relationships;

namespace InfoSharing.AgencyMessages.Housing;

/// <summary>
/// <c>housing.household-changed.v1</c>: the whole household as it stands. People keep their housing role; the
/// household and its membership periods become a <see cref="HouseholdStatement"/>; and for each child in the
/// household, a man declared as caring for it is its non-resident carer, a man living there (tenant or
/// occupant) a household member, and a man regularly present another significant male, for the time they overlap.
/// </summary>
internal static class HouseholdChangedMapper
{
    public const string RoutingKey = "housing.household";
    public const string MessageType = "housing.household-changed.v1";

    private const string Child = "child";
    private const string NonResidentCarer = "non-resident-carer";
    private const string RegularVisitor = "regular-visitor";

    public static AgencyExtract Map(JsonElement root)
    {
        var address = root.GetProperty("address");
        var postcode = Postcodes.Normalise(MessageJson.Required(address, "postcode"));
        var members = Members(root, postcode);

        var relationships = new List<StatedRelationship>();
        var children = members.Where(m => m.Role == Child).ToList();
        foreach (var member in members.Where(m => m.Role != Child && AgencyPeople.MayBeSignificantMale(m.Person.Details)))
        {
            foreach (var child in children)
            {
                var type = member.CaresFor.Contains(child.Key) ? RelationshipType.NonResidentCarer
                    : member.Role == RegularVisitor ? RelationshipType.OtherSignificantMale
                    : member.Role == NonResidentCarer ? (RelationshipType?)null
                    : RelationshipType.HouseholdMember;
                if (type is { } t && Overlap(member, child) is var (from, to))
                {
                    relationships.Add(new StatedRelationship(
                        member.Key, child.Key, RelationshipTarget.Infant, t,
                        new RelationshipCode(AgencyCodeSystems.HousingRole, member.Role), from, to));
                }
            }
        }

        return new AgencyExtract
        {
            People = [.. members.Select(m => m.Person)],
            Relationships = relationships,
            Households =
            [
                new HouseholdStatement(
                    MessageJson.Required(root, "householdRef"),
                    MessageJson.Optional(address, "uprn"),
                    postcode,
                    [.. members.Select(m => new HouseholdMemberStatement(m.Key, m.Role, m.From, m.To))]),
            ],
        };
    }

    private static List<Member> Members(JsonElement root, string? householdPostcode)
    {
        var members = new List<Member>();
        var keys = new HashSet<string>(StringComparer.Ordinal);
        var index = 0;
        foreach (var item in MessageJson.Items(root, "members"))
        {
            var pointer = $"/members/{index++}";
            var role = MessageJson.Required(item, "role");
            var from = MessageJson.Date(item, "from", pointer);
            var to = MessageJson.Date(item, "to", pointer);
            var resident = role is not (NonResidentCarer or RegularVisitor);

            // A current resident lives at the household's postcode unless the message says otherwise.
            var person = item.GetProperty("person");
            var details = AgencyPeople.Read(person, $"{pointer}/person", resident && to is null ? householdPostcode : null);
            AgencyPeople.AddUnique(keys, details.LocalId!, $"{pointer}/person");
            var caresFor = MessageJson.Items(item, "caresFor").Select(e => e.GetString()!).ToHashSet(StringComparer.Ordinal);
            members.Add(new Member(new ExtractedPerson(details.LocalId!, details, role), role, from, to, caresFor, pointer));
        }

        var children = members.Where(m => m.Role == Child).Select(m => m.Key).ToHashSet(StringComparer.Ordinal);
        foreach (var member in members)
        {
            var unknown = member.CaresFor.FirstOrDefault(id => !children.Contains(id));
            if (unknown is not null)
            {
                var at = member.CaresFor.ToList().IndexOf(unknown);
                throw MessageJson.Violation($"{member.Pointer}/caresFor/{at}", "names no member of this household with role child");
            }
        }

        return members;
    }

    /// <summary>The time both were in the household (or the declaration held), or null when they never overlapped.</summary>
    private static (DateOnly? From, DateOnly? To)? Overlap(Member adult, Member child)
    {
        var from = Later(adult.From, child.From);
        var to = Earlier(adult.To, child.To);
        return from is { } f && to is { } t && f > t ? null : (from, to);
    }

    private static DateOnly? Later(DateOnly? a, DateOnly? b) => a is null ? b : b is null ? a : a > b ? a : b;

    private static DateOnly? Earlier(DateOnly? a, DateOnly? b) => a is null ? b : b is null ? a : a < b ? a : b;

    private sealed record Member(ExtractedPerson Person, string Role, DateOnly? From, DateOnly? To, HashSet<string> CaresFor, string Pointer)
    {
        public string Key => Person.Key;
    }
}
