using InfoSharing.AgencyMessages.Tests.Support;
using InfoSharing.Domain.Ingest;
using InfoSharing.Domain.Relationships;

namespace InfoSharing.AgencyMessages.Tests;

public class When_men_live_in_or_visit_a_household_with_a_child
{
    private const string HousingRole = "https://fhir.infosharing.uk/CodeSystem/housing-role";

    private readonly AgencyExtract _extract = AgencyMessageReader.Read(
        "housing.household",
        "housing.household-changed.v1",
        RepoFiles.Bytes(RepoFiles.Json("contracts/examples/housing/household-partner-moved-in.json")));

    [Fact]
    public void The_man_who_moved_in_is_a_household_member_of_the_child_from_his_move()
    {
        Assert.Contains(
            new StatedRelationship("HSG-P-2003", "HSG-P-2002", RelationshipTarget.Infant, RelationshipType.HouseholdMember,
                new RelationshipCode(HousingRole, "occupant"), new DateOnly(2025, 7, 1), null),
            _extract.Relationships);
    }

    [Fact]
    public void The_regular_visitor_is_another_significant_male()
    {
        Assert.Contains(
            new StatedRelationship("HSG-P-2005", "HSG-P-2002", RelationshipTarget.Infant, RelationshipType.OtherSignificantMale,
                new RelationshipCode(HousingRole, "regular-visitor"), new DateOnly(2025, 1, 15), null),
            _extract.Relationships);
    }

    [Fact]
    public void A_man_who_left_before_the_child_was_born_is_kept_as_a_member_but_not_linked()
    {
        Assert.DoesNotContain(_extract.Relationships, r => r.FromKey == "HSG-P-2004");
        Assert.Contains(
            new HouseholdMemberStatement("HSG-P-2004", "occupant", new DateOnly(2022, 3, 1), new DateOnly(2024, 6, 30)),
            Assert.Single(_extract.Households).Members);
    }

    [Fact]
    public void The_mother_is_not_linked_to_her_own_child_as_a_household_member()
    {
        Assert.DoesNotContain(_extract.Relationships, r => r.FromKey == "HSG-P-2001");
        Assert.Equal(2, _extract.Relationships.Count);
    }

    [Fact]
    public void A_past_occupant_is_not_given_the_household_postcode()
    {
        var past = _extract.People.Single(p => p.Key == "HSG-P-2004").Details;
        var current = _extract.People.Single(p => p.Key == "HSG-P-2003").Details;

        Assert.Null(past.Postcode);
        Assert.Equal("ZZ1 3CC", current.Postcode);
        Assert.Null(current.NhsNumber);
    }
}
