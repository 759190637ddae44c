using InfoSharing.Benchmarks;
using InfoSharing.Benchmarks.Synthetic;
using InfoSharing.Matching;
using InfoSharing.Matching.Batch;

namespace InfoSharing.Matching.Tests.Support;

/// <summary>Runs shared by several test classes, made once per test run (each takes about a second).</summary>
internal static class Trained
{
    private static readonly Lazy<List<SyntheticRecord>> LazySynthetic = new(() => SyntheticPopulation.Generate(6000, seed: 7));
    private static readonly Lazy<LinkResult> LazySyntheticDedup = new(() => BatchLinker.Deduplicate(Synthetic.Select(r => r.Record).ToList()));
    private static readonly Lazy<LinkResult> LazyFebrl4 = new(() => BatchLinker.Link(Febrl.Load("dataset4a.csv"), Febrl.Load("dataset4b.csv")));
    private static readonly Lazy<LinkResult> LazyFebrl3 = new(() => BatchLinker.Deduplicate(Febrl.Load("dataset3.csv")));

    /// <summary>A synthetic UK-like population (seed 7) with its true persons.</summary>
    public static List<SyntheticRecord> Synthetic => LazySynthetic.Value;

    /// <summary>The synthetic population deduplicated; its model is the one the live-path tests use.</summary>
    public static LinkResult SyntheticDedup => LazySyntheticDedup.Value;

    public static LinkResult Febrl4 => LazyFebrl4.Value;

    public static LinkResult Febrl3 => LazyFebrl3.Value;

    public static PersonRecord Person(string id, string? given, string? family, string? birthDate, string? postcode = "LS12 3AB", string? nhs = null, string? sex = null) => new()
    {
        Id = id,
        GivenName = given,
        FamilyName = family,
        BirthDate = birthDate,
        Postcode = postcode,
        HouseNumber = "12",
        Street = "Elm Road",
        Town = "Leeds",
        NhsNumber = nhs,
        Sex = sex,
    };
}
