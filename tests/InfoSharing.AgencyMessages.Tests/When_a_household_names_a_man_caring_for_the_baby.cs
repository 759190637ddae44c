using InfoSharing.AgencyMessages.Tests.Support;
using InfoSharing.Domain.Ingest;
using InfoSharing.Domain.People;
using InfoSharing.Domain.Relationships;

namespace InfoSharing.AgencyMessages.Tests;

public class When_a_household_names_a_man_caring_for_the_baby
{
    private readonly AgencyExtract _extract = AgencyMessageReader.Read(
        "housing.household",
        "housing.household-changed.v1",
        RepoFiles.Bytes(RepoFiles.Json("contracts/examples/housing/household-mother-baby-non-resident-carer.json")));

    [Fact]
    public void Links_him_to_the_baby_as_non_resident_carer_from_the_declaration()
    {
        var link = Assert.Single(_extract.Relationships);

        Assert.Equal(
            new StatedRelationship(
                "HSG-P-1003", "HSG-P-1002", RelationshipTarget.Infant, RelationshipType.NonResidentCarer,
                new RelationshipCode("https://fhir.infosharing.uk/CodeSystem/housing-role", "non-resident-carer"),
                new DateOnly(2027, 4, 1), null),
            link);
    }

    [Fact]
    public void Keeps_each_persons_housing_role()
    {
        Assert.Equal(
            ["HSG-P-1001:tenant", "HSG-P-1002:child", "HSG-P-1003:non-resident-carer"],
            _extract.People.Select(p => $"{p.Key}:{p.Role}"));
    }

    [Fact]
    public void Records_the_household_with_uprn_postcode_and_membership_dates()
    {
        var household = Assert.Single(_extract.Households);

        Assert.Equal("HSG-T-20240902-0042", household.HouseholdRef);
        Assert.Equal("999000000101", household.Uprn);
        Assert.Equal("ZZ99 1AA", household.Postcode);
        Assert.Equal(
            [
                new HouseholdMemberStatement("HSG-P-1001", "tenant", new DateOnly(2024, 9, 2), null),
                new HouseholdMemberStatement("HSG-P-1002", "child", new DateOnly(2027, 3, 13), null),
                new HouseholdMemberStatement("HSG-P-1003", "non-resident-carer", new DateOnly(2027, 4, 1), null),
            ],
            household.Members);
    }

    [Fact]
    public void Gives_residents_the_household_postcode_and_the_carer_his_own()
    {
        var byKey = _extract.People.ToDictionary(p => p.Key, p => p.Details);

        Assert.Equal("ZZ99 1AA", byKey["HSG-P-1001"].Postcode);
        Assert.Equal("ZZ99 3BB", byKey["HSG-P-1003"].Postcode);
        Assert.Equal("9990000026", byKey["HSG-P-1003"].TrustedNhsNumber);
        Assert.Equal(AdministrativeSex.Male, byKey["HSG-P-1003"].Sex);
        Assert.Equal(new DateOnly(1997, 8, 30), byKey["HSG-P-1003"].BirthDate);
    }
}
