using InfoSharing.Domain.People;

namespace InfoSharing.Domain.Relationships;

/// <summary>What a midwifery booking tells us: the mother, the pregnancy and the men around it.</summary>
public sealed record MaternityBooking(
    PersonDetails Mother,
    DateOnly? ExpectedDeliveryDate,
    IReadOnlyList<LinkedPerson> LinkedPeople);

/// <summary>A person the agency recorded as related to the mother or her unborn child.</summary>
public sealed record LinkedPerson(PersonDetails Person, RelationshipType Relationship, RelationshipCode Code);
