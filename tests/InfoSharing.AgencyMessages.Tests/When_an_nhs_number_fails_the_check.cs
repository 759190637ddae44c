using System.Text;
using InfoSharing.AgencyMessages.Tests.Support;

namespace InfoSharing.AgencyMessages.Tests;

public class When_an_nhs_number_fails_the_check
{
    [Fact]
    public void The_person_is_kept_with_the_number_untrusted()
    {
        var message = RepoFiles.Json("contracts/examples/housing/household-mother-baby-non-resident-carer.json");
        message["members"]![2]!["person"]!["nhsNumber"] = "999 000 0027";

        var extract = AgencyMessageReader.Read("housing.household", "housing.household-changed.v1", RepoFiles.Bytes(message));

        var man = extract.People.Single(p => p.Key == "HSG-P-1003").Details;
        Assert.Equal("9990000027", man.NhsNumber!.Value.Value);
        Assert.False(man.NhsNumber.Value.IsValid);
        Assert.Null(man.TrustedNhsNumber);
        Assert.Single(extract.Relationships);
    }

    [Fact]
    public void A_spaced_valid_number_is_trusted()
    {
        var message = RepoFiles.Json("contracts/examples/housing/household-mother-baby-non-resident-carer.json");
        message["members"]![0]!["person"]!["nhsNumber"] = "999 000 0018";

        var extract = AgencyMessageReader.Read("housing.household", "housing.household-changed.v1", RepoFiles.Bytes(message));

        Assert.Equal("9990000018", extract.People[0].Details.TrustedNhsNumber);
    }
}

public class When_a_body_starts_with_a_utf8_byte_order_mark
{
    [Fact]
    public void It_is_read_as_json()
    {
        var json = RepoFiles.Text(MaracExamples.Closed);
        var body = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(json)).ToArray();

        var extract = AgencyMessageReader.Read("marac.case", "marac.case-closed.v1", body);

        Assert.Equal("closed", Assert.Single(extract.MaracCases).Event);
    }
}

public class When_the_worker_asks_which_types_a_feed_takes
{
    [Fact]
    public void Housing_takes_household_changed_and_marac_the_three_case_events()
    {
        Assert.Equal(["housing.household-changed.v1"], AgencyMessageReader.MessageTypes("housing.household"));
        Assert.Equal(["marac.case-listed.v1", "marac.case-reviewed.v1", "marac.case-closed.v1"], AgencyMessageReader.MessageTypes("marac.case"));
    }
}
