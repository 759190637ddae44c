using System.ComponentModel.DataAnnotations;
using InfoSharing.Domain.People;
using InfoSharing.Matching;
using InfoSharing.Worker.Features.People;

namespace InfoSharing.IntegrationTests.People;

/// <summary>Pure: the keys and locks of the live index (no database).</summary>
public sealed class When_records_are_keyed_for_the_live_index
{
    private static PreparedPerson Prepare(string? given, string? family, string? birthDate, string? postcode = null, string? nhs = null) =>
        PreparedPerson.Prepare(RecordKeys.ToMatching(
            Guid.NewGuid(), given, family, birthDate is null ? null : DateOnly.Parse(birthDate, System.Globalization.CultureInfo.InvariantCulture),
            AdministrativeSex.Male, postcode, nhs));

    [Fact]
    public void Two_records_that_block_together_share_a_lock()
    {
        var first = Prepare("Jordan", "Samplesby", "1997-08-30");
        var misspelt = Prepare("Jordon", "Samplesby", "1997-08-30", "ZZ1 3CC");
        Assert.NotEmpty(RecordKeys.LockIds(first).Intersect(RecordKeys.LockIds(misspelt)));
    }

    [Fact]
    public void Swapped_names_share_a_lock_through_the_asymmetric_rule()
    {
        var first = Prepare("Kelly", "Morgan", null);
        var swapped = Prepare("Morgan", "Kelly", null);
        Assert.NotEmpty(RecordKeys.LockIds(first).Intersect(RecordKeys.LockIds(swapped)));
        Assert.Contains(RecordKeys.Probes(swapped), p => RecordKeys.Stored(Guid.Empty, first).Any(k => k.Rule == p.Rule && k.Key == p.Key));
    }

    [Fact]
    public void Records_with_nothing_in_common_do_not_wait_for_each_other()
    {
        var one = Prepare("Jordan", "Samplesby", "1997-08-30", "ZZ1 3CC");
        var other = Prepare("Dean", "Mockridge", "1990-08-19", "ZZ9 9ZZ");
        Assert.Empty(RecordKeys.LockIds(one).Intersect(RecordKeys.LockIds(other)));
    }

    [Fact]
    public void A_placeholder_is_keyed_only_by_a_trusted_nhs_number()
    {
        Assert.Empty(RecordKeys.Stored(Guid.Empty, Prepare("Baby", "Samplesby", "2027-03-15", "ZZ1 3CC")));
        Assert.Equal(["nhs-number"], RecordKeys.Stored(Guid.Empty, Prepare("Baby", "Samplesby", "2027-03-15", nhs: "9990000018")).Select(k => k.Rule));
        Assert.Empty(RecordKeys.Stored(Guid.Empty, Prepare("Baby", "Samplesby", "2027-03-15", nhs: "9990000019")));
    }

    [Fact]
    public void Options_with_review_above_match_fail_validation_naming_the_settings()
    {
        var options = new PersonIndexOptions { MatchProbability = 0.9, ReviewProbability = 0.95 };
        var results = new List<ValidationResult>();
        Assert.False(Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true));
        Assert.Contains(results, r => r.ErrorMessage!.Contains("PersonIndex:ReviewProbability", StringComparison.Ordinal));
    }
}
