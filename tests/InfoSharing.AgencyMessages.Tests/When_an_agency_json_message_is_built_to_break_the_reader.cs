using System.Text;
using System.Text.Json.Nodes;
using InfoSharing.AgencyMessages.Tests.Support;
using InfoSharing.Contracts;
using InfoSharing.Domain.Ingest;
using InfoSharing.Domain.Ingest.Limits;

namespace InfoSharing.AgencyMessages.Tests;

public sealed class When_an_agency_json_message_is_built_to_break_the_reader
{
    private const string Household = "contracts/examples/housing/household-partner-moved-in.json";
    private const string HouseholdType = "housing.household-changed.v1";

    private static MessageRejectedException Rejection(ReadOnlyMemory<byte> body, MessageLimits? limits = null) =>
        Assert.Throws<MessageRejectedException>(() => AgencyMessageReader.Read("housing.household", HouseholdType, body, limits ?? MessageLimits.Default));

    private static JsonObject WithMembers(int count)
    {
        var message = RepoFiles.Json(Household);
        var template = message["members"]![2]!;
        var members = new JsonArray();
        for (var i = 0; i < count; i++)
        {
            var member = template.DeepClone();
            member["person"]!["personId"] = $"HSG-P-{i:00000}";
            members.Add(member);
        }

        message["members"] = members;
        return message;
    }

    [Fact]
    public void Deep_nesting_is_refused_before_the_schema_sees_it() =>
        Assert.Equal(RejectionCodes.NestingTooDeep, Rejection(Encoding.UTF8.GetBytes("{\"householdRef\":" + new string('[', 50_000) + new string(']', 50_000) + "}")).Code);

    [Fact]
    public void More_household_members_than_the_person_limit_is_too_many_persons() =>
        Assert.Equal(RejectionCodes.TooManyPersons, Rejection(RepoFiles.Bytes(WithMembers(101))).Code);

    [Fact]
    public void A_household_at_the_person_limit_is_read() =>
        Assert.Equal(100, AgencyMessageReader.Read("housing.household", HouseholdType, RepoFiles.Bytes(WithMembers(100)), MessageLimits.Default).People.Count);

    [Fact]
    public void An_array_longer_than_the_entry_limit_is_too_many_entries_before_the_schema_runs()
    {
        var rejection = Rejection(RepoFiles.Bytes(WithMembers(1_001)));

        Assert.Equal(RejectionCodes.TooManyEntries, rejection.Code);
        Assert.Contains("'members'", rejection.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_body_that_is_not_utf8_is_invalid_encoding()
    {
        var text = RepoFiles.Text(Household).Replace("Leanne", "L\u00e9anne", StringComparison.Ordinal);

        Assert.Equal(RejectionCodes.InvalidEncoding, Rejection(Encoding.Latin1.GetBytes(text)).Code);
    }

    [Theory]
    [InlineData("D\u0435an")]
    [InlineData("De\u200dan")]
    public void A_look_alike_name_is_suspicious_characters_and_the_reason_does_not_repeat_it(string given)
    {
        var message = RepoFiles.Json(Household);
        message["members"]![2]!["person"]!["givenName"] = given;

        var rejection = Rejection(RepoFiles.Bytes(message));

        Assert.Equal(RejectionCodes.SuspiciousCharacters, rejection.Code);
        Assert.Contains("given name of person 3", rejection.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(given, rejection.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Mockridge", rejection.Message, StringComparison.Ordinal);
    }
}
