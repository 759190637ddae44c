using System.Text;
using InfoSharing.AgencyMessages;
using InfoSharing.Domain.Ingest;

namespace InfoSharing.UnitTests.Hostile;

/// <summary>
/// Found by the fuzzer (bench/InfoSharing.Fuzz): a JSON number beyond the range of decimal (about 7.9e28) in an array
/// with uniqueItems made the schema evaluator throw FormatException, which the worker took for a fault of ours and set
/// the message aside instead of rejecting it. No contract has such a number, so it is a schema violation, found first.
/// </summary>
public sealed class When_an_agency_message_holds_a_number_no_contract_allows
{
    private static string Example(string path) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "corpus", path));

    private static MessageRejectedException Reject(string routingKey, string messageType, string body) =>
        Assert.Throws<MessageRejectedException>(() => AgencyMessageReader.Read(routingKey, messageType, Encoding.UTF8.GetBytes(body)));

    [Theory]
    [InlineData("1E30")]
    [InlineData("-1e400")]
    [InlineData("99999999999999999999999999999999")]
    public void A_huge_number_in_a_unique_list_is_a_schema_violation_that_names_the_path(string number)
    {
        var body = Example("marac/case-listed-victim-pregnant.json").Replace("\"visible-high-risk\"", number, StringComparison.Ordinal);

        var rejection = Reject("marac.case", "marac.case-listed.v1", body);

        Assert.Equal("schema-violation", rejection.Code);
        Assert.Contains("/referralCriteria/0", rejection.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(number, rejection.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void A_huge_number_where_the_contract_bounds_an_integer_is_a_schema_violation() =>
        Assert.Equal(
            "schema-violation",
            Reject("marac.case", "marac.case-listed.v1", Example("marac/case-listed-victim-pregnant.json").Replace("\"dashScore\": 16", "\"dashScore\": 1E30", StringComparison.Ordinal)).Code);

    [Fact]
    public void A_huge_number_in_a_housing_cares_for_list_is_a_schema_violation()
    {
        var body = Example("housing/household-mother-baby-non-resident-carer.json");
        var caresFor = body.IndexOf("\"caresFor\"", StringComparison.Ordinal);
        Assert.True(caresFor > 0, "the example has a caresFor list");
        var open = body.IndexOf('[', caresFor);
        body = string.Concat(body.AsSpan(0, open + 1), "1E30, ", body.AsSpan(open + 1));

        Assert.Equal("schema-violation", Reject("housing.household", "housing.household-changed.v1", body).Code);
    }
}
