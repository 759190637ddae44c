using System.Text.Json.Nodes;
using InfoSharing.AgencyMessages.Tests.Support;
using InfoSharing.Contracts;
using InfoSharing.Domain.Ingest;

namespace InfoSharing.AgencyMessages.Tests;

/// <summary>Rejection reasons go back to agencies and into storage and logs: they name where and which rule, never the value.</summary>
public class When_a_schema_violation_is_reported
{
    public static TheoryData<string, string, string> BadValues => new()
    {
        { "/victim/nhsNumber", "nhsNumber", "99900000AB" },
        { "/victim/familyName", "familyName", "" },
        { "/victim/postcode", "postcode", "NOT A POSTCODE 42" },
        { "/victim/phone", "phone", "call Ellie on 0770" },
        { "/victim/email", "email", "ellie.testwood-at-example" },
        { "/victim/sex", "sex", "femme" },
        { "/victim/personId", "personId", "Ellie Testwood" },
    };

    [Theory]
    [MemberData(nameof(BadValues))]
    public void The_reason_holds_the_json_pointer_and_not_the_offending_value(string jsonPointer, string property, string bad)
    {
        var message = RepoFiles.Json(MaracExamples.Listed);
        message["victim"]![property] = bad;

        var rejected = Assert.Throws<MessageRejectedException>(() =>
            AgencyMessageReader.Read("marac.case", "marac.case-listed.v1", RepoFiles.Bytes(message)));

        Assert.Equal(RejectionCodes.SchemaViolation, rejected.Code);
        Assert.Contains(jsonPointer + ":", rejected.Message, StringComparison.Ordinal);
        if (bad.Length > 0)
        {
            Assert.DoesNotContain(bad, rejected.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_number_out_of_range_is_not_echoed_either()
    {
        var message = RepoFiles.Json(MaracExamples.Listed);
        message["dashScore"] = 4711;

        var rejected = Assert.Throws<MessageRejectedException>(() =>
            AgencyMessageReader.Read("marac.case", "marac.case-listed.v1", RepoFiles.Bytes(message)));

        Assert.Contains("/dashScore: number outside the schema's limits (maximum)", rejected.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("4711", rejected.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_wrong_json_type_names_the_types_not_the_value()
    {
        var message = RepoFiles.Json(MaracExamples.Listed);
        message["victim"]!["familyName"] = JsonValue.Create(31337);

        var rejected = Assert.Throws<MessageRejectedException>(() =>
            AgencyMessageReader.Read("marac.case", "marac.case-listed.v1", RepoFiles.Bytes(message)));

        Assert.Contains("/victim/familyName:", rejected.Message, StringComparison.Ordinal);
        Assert.Contains("(type)", rejected.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("31337", rejected.Message, StringComparison.Ordinal);
    }
}
