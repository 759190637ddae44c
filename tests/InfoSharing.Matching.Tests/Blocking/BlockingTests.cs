using InfoSharing.Matching.Blocking;

namespace InfoSharing.Matching.Tests.Blocking;

public sealed class When_records_are_blocked_by_several_rules
{
    private static PreparedPerson P(string id, string given, string family, string? birth = null, string? postcode = null, string? nhs = null) =>
        PreparedPerson.Prepare(new PersonRecord { Id = id, GivenName = given, FamilyName = family, BirthDate = birth, Postcode = postcode, NhsNumber = nhs });

    private static readonly PreparedPerson[] Records =
    [
        P("0", "ann", "lee", "1980-01-02", "LS1 1AA"),
        P("1", "ann", "lee", "1980-01-02", "LS1 1AA"), // same as 0 on every rule
        P("2", "lee", "ann", "1975-05-05"),            // 0 and 1 with names swapped
        P("3", "bob", "ray", "1980-01-02"),            // same date of birth as 0 and 1
        P("4", "cat", "fox", null, "LS1 1AA"),         // same postcode as 0 and 1
        P("5", "dan", "orr"),                          // shares nothing
    ];

    private static List<(string, string, string)> Pairs(CandidatePairs pairs, PreparedPerson[] left, PreparedPerson[] right) =>
        Enumerable.Range(0, pairs.Count).Select(i => (left[pairs.Left[i]].Id, right[pairs.Right[i]].Id, pairs.RuleName(i))).ToList();

    [Fact]
    public void Each_pair_is_found_once_and_credited_to_the_first_rule_that_finds_it()
    {
        var pairs = Pairs(new CandidateGenerator(BlockingRuleSet.Default).Deduplicate(Records), Records, Records);

        Assert.Equal(pairs.Count, pairs.Select(p => (p.Item1, p.Item2)).Distinct().Count());
        Assert.Contains(("0", "1", "given-family"), pairs);
        Assert.Contains(("0", "2", "family-given-swapped"), pairs);
        Assert.Contains(("1", "2", "family-given-swapped"), pairs);
        Assert.Contains(("0", "3", "birth-date"), pairs);
        Assert.Contains(("1", "3", "birth-date"), pairs);
        Assert.Contains(("0", "4", "postcode"), pairs);
        Assert.Contains(("1", "4", "postcode"), pairs);
        Assert.DoesNotContain(pairs, p => p.Item1 == "5" || p.Item2 == "5");
        Assert.Equal(7, pairs.Count);
    }

    [Fact]
    public void Linking_finds_pairs_across_the_two_sets_only()
    {
        PreparedPerson[] left = [Records[0], Records[5]];
        PreparedPerson[] right = [Records[1], Records[2], Records[3]];

        var pairs = Pairs(new CandidateGenerator(BlockingRuleSet.Default).Link(left, right), left, right);

        Assert.Equal([("0", "1", "given-family"), ("0", "2", "family-given-swapped"), ("0", "3", "birth-date")], pairs.OrderBy(p => p.Item2).ToList());
    }

    [Fact]
    public void A_block_larger_than_the_limit_is_skipped_and_counted()
    {
        var crowd = Enumerable.Range(0, 50).Select(i => P($"{i}", $"given{i}", $"family{i}", "1980-01-02")).ToArray();

        var pairs = new CandidateGenerator(BlockingRuleSet.Default, maxBlockSize: 10).Deduplicate(crowd);

        Assert.Equal(0, pairs.Count);
        Assert.Equal(1, pairs.OversizedBlocksPerRule[BlockingRuleSet.Default.Items.ToList().FindIndex(r => r.Name == "birth-date")]);
    }

    [Fact]
    public void A_placeholder_record_is_blocked_by_its_nhs_number_only()
    {
        PreparedPerson[] babies =
        [
            P("a", "Baby", "Smith", "2026-01-01", "LS1 1AA", "9990000018"),
            P("b", "Baby", "Smith", "2026-01-01", "LS1 1AA", "9990000018"),
            P("c", "Baby", "Smith", "2026-01-01", "LS1 1AA", "9990000026"),
        ];

        var pairs = Pairs(new CandidateGenerator(BlockingRuleSet.Default).Deduplicate(babies), babies, babies);

        Assert.Equal([("a", "b", "nhs-number")], pairs);
    }

    [Fact]
    public void The_in_memory_index_finds_the_same_candidates_as_the_batch()
    {
        var index = new InfoSharing.Matching.Live.InMemoryPersonIndex();
        foreach (var record in Records.Skip(1))
        {
            index.Add("person-" + record.Id, record);
        }

        var found = index.Candidates(Records[0]).Select(c => (c.Record.Id, c.BlockingRule)).OrderBy(c => c.Id).ToList();

        Assert.Equal([("1", "given-family"), ("2", "family-given-swapped"), ("3", "birth-date"), ("4", "postcode")], found);
    }
}
