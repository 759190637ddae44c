using System.Text;
using System.Text.Json.Nodes;
using InfoSharing.AgencyMessages.Tests.Support;
using InfoSharing.Contracts;
using InfoSharing.Domain.Ingest;

namespace InfoSharing.AgencyMessages.Tests;

public class When_a_message_cannot_be_accepted
{
    private const string Household = "contracts/examples/housing/household-partner-moved-in.json";
    private const string HouseholdType = "housing.household-changed.v1";

    private static MessageRejectedException ReadHousehold(Action<JsonObject> change)
    {
        var message = RepoFiles.Json(Household);
        change(message);
        return Assert.Throws<MessageRejectedException>(() => AgencyMessageReader.Read("housing.household", HouseholdType, RepoFiles.Bytes(message)));
    }

    private static MessageRejectedException ReadListing(Action<JsonObject> change)
    {
        var message = RepoFiles.Json(MaracExamples.Listed);
        change(message);
        return Assert.Throws<MessageRejectedException>(() => AgencyMessageReader.Read("marac.case", "marac.case-listed.v1", RepoFiles.Bytes(message)));
    }

    [Fact]
    public void Malformed_json_is_invalid_json_with_its_line_and_position()
    {
        var body = Encoding.UTF8.GetBytes("{\n  \"caseRef\": \"MARAC-1\",\n  \"riskLevel\": high\n}");

        var rejected = Assert.Throws<MessageRejectedException>(() => AgencyMessageReader.Read("marac.case", "marac.case-listed.v1", body));

        Assert.Equal(RejectionCodes.InvalidJson, rejected.Code);
        Assert.Contains("line 3", rejected.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("high", rejected.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_type_is_unknown_message_type_naming_the_accepted_ones()
    {
        var rejected = Assert.Throws<MessageRejectedException>(() =>
            AgencyMessageReader.Read("marac.case", "marac.case-reopened.v1", RepoFiles.Bytes(RepoFiles.Json(MaracExamples.Listed))));

        Assert.Equal(RejectionCodes.UnknownMessageType, rejected.Code);
        Assert.Contains("marac.case-listed.v1, marac.case-reviewed.v1, marac.case-closed.v1", rejected.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("marac.case-listed.v1")]
    public void A_missing_type_or_one_from_another_feed_is_unknown_message_type(string? type)
    {
        var rejected = Assert.Throws<MessageRejectedException>(() =>
            AgencyMessageReader.Read("housing.household", type, RepoFiles.Bytes(RepoFiles.Json(Household))));

        Assert.Equal(RejectionCodes.UnknownMessageType, rejected.Code);
        Assert.Contains("accepted: housing.household-changed.v1", rejected.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_routing_key_with_no_json_messages_is_unknown_routing_key()
    {
        var rejected = Assert.Throws<MessageRejectedException>(() =>
            AgencyMessageReader.Read("midwifery.fhir", HouseholdType, RepoFiles.Bytes(RepoFiles.Json(Household))));

        Assert.Equal(RejectionCodes.UnknownRoutingKey, rejected.Code);
        Assert.Empty(AgencyMessageReader.MessageTypes("midwifery.fhir"));
    }

    [Fact]
    public void A_missing_required_field_is_a_schema_violation_naming_it()
    {
        var rejected = ReadListing(m => m.Remove("caseRef"));

        Assert.Equal(RejectionCodes.SchemaViolation, rejected.Code);
        Assert.Contains("/: Required properties [\"caseRef\"] are not present (required)", rejected.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_value_outside_a_closed_enum_is_a_schema_violation_at_its_pointer()
    {
        var rejected = ReadListing(m => m["riskLevel"] = "catastrophic");

        Assert.Equal(RejectionCodes.SchemaViolation, rejected.Code);
        Assert.Contains("/riskLevel: not one of the values the schema allows (enum)", rejected.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("catastrophic", rejected.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("12/04/1999")]
    [InlineData("1999-4-12")]
    [InlineData("1999-02-30")]
    [InlineData("1999-04-12T00:00:00Z")]
    public void A_date_not_in_iso_8601_form_is_a_schema_violation_at_its_pointer(string bad)
    {
        var rejected = ReadListing(m => m["victim"]!["dateOfBirth"] = bad);

        Assert.Equal(RejectionCodes.SchemaViolation, rejected.Code);
        Assert.Contains("/victim/dateOfBirth:", rejected.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(bad, rejected.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_property_the_schema_does_not_define_is_a_schema_violation_at_that_property()
    {
        var rejected = ReadHousehold(m => m["members"]![0]!["person"]!["middleName"] = "Secretname");

        Assert.Equal(RejectionCodes.SchemaViolation, rejected.Code);
        Assert.Contains("/members/0/person/middleName: property not allowed here (additionalProperties)", rejected.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Secretname", rejected.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_non_resident_carer_without_the_children_he_cares_for_is_a_schema_violation()
    {
        var rejected = ReadHousehold(m => m["members"]![4]!["role"] = "non-resident-carer");

        Assert.Equal(RejectionCodes.SchemaViolation, rejected.Code);
        Assert.Contains("/members/4: Required properties [\"caresFor\"] are not present (required)", rejected.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_resident_declared_as_caring_for_a_child_is_a_schema_violation()
    {
        var rejected = ReadHousehold(m => m["members"]![2]!["caresFor"] = new JsonArray("HSG-P-2002"));

        Assert.Equal(RejectionCodes.SchemaViolation, rejected.Code);
        Assert.Contains("/members/2/caresFor: property not allowed here for this role or kind (false schema)", rejected.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Caring_for_someone_who_is_not_a_child_of_the_household_is_a_schema_violation()
    {
        var rejected = ReadHousehold(m => m["members"]![4]!["caresFor"] = new JsonArray("HSG-P-2002", "HSG-P-2001"));

        Assert.Equal(RejectionCodes.SchemaViolation, rejected.Code);
        Assert.Contains("/members/4/caresFor/1: names no member of this household with role child", rejected.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("HSG-P-2001", rejected.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void One_person_id_used_twice_is_a_schema_violation()
    {
        var rejected = ReadListing(m => m["allegedPerpetrators"]![0]!["person"]!["personId"] = "MRC-P-501");

        Assert.Equal(RejectionCodes.SchemaViolation, rejected.Code);
        Assert.Contains("/allegedPerpetrators/0/person/personId: the same personId is used by an earlier entry", rejected.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Several_failures_are_reported_up_to_three_and_more_is_said()
    {
        var rejected = ReadListing(m =>
        {
            m["riskLevel"] = "x";
            m["referringAgency"] = "y";
            m["meetingDate"] = "z";
            m["dashScore"] = 99;
        });

        Assert.Equal(RejectionCodes.SchemaViolation, rejected.Code);
        Assert.Equal(3, rejected.Message.Split("; ").Length - 1);
        Assert.EndsWith("; and more.", rejected.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_person_with_neither_nhs_number_nor_family_name_and_birth_date_has_no_usable_identity()
    {
        var rejected = ReadHousehold(m => m["members"]![2]!["person"]!.AsObject().Remove("dateOfBirth"));

        Assert.Equal(RejectionCodes.NoUsableIdentity, rejected.Code);
        Assert.Contains("/members/2/person has no usable identity: no NHS number", rejected.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Mockridge", rejected.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_nhs_number_failing_the_check_does_not_stand_in_for_a_missing_birth_date()
    {
        var rejected = ReadListing(m =>
        {
            m["allegedPerpetrators"]![0]!["person"]!["nhsNumber"] = "9990000027";
            m["allegedPerpetrators"]![0]!["person"]!.AsObject().Remove("dateOfBirth");
        });

        Assert.Equal(RejectionCodes.NoUsableIdentity, rejected.Code);
        Assert.Contains("/allegedPerpetrators/0/person has no usable identity: an NHS number that fails the check", rejected.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("9990000027", rejected.Message, StringComparison.Ordinal);
    }
}
