using InfoSharing.Benchmarks.Synthetic;
using InfoSharing.Matching.Batch;
using InfoSharing.Matching.Blocking;
using InfoSharing.Matching.Comparisons;
using InfoSharing.Matching.Model;
using InfoSharing.Matching.Tests.Support;

namespace InfoSharing.Matching.Tests.Model;

public sealed class When_a_model_is_trained_without_labels
{
    private static FellegiSunterModel Model => Trained.SyntheticDedup.Model;

    private static LevelParameters Level(string comparison, string level) =>
        Model.Parameters.Single(p => p.Comparison == comparison).Levels.Single(l => l.Level == level);

    [Fact]
    public void Expectation_maximisation_converges()
    {
        Assert.True(Model.Training.EmConverged);
        Assert.InRange(Model.Training.EmIterations, 2, 400);
    }

    [Fact]
    public void Learns_that_matches_agree_and_random_pairs_do_not()
    {
        foreach (var comparison in new[] { "given_name", "family_name", "birth_date", "nhs_number" })
        {
            var exact = Level(comparison, "exact");
            Assert.True(exact.M > 0.8, $"{comparison}: m(exact) = {exact.M}");
            Assert.True(exact.U < 0.05, $"{comparison}: u(exact) = {exact.U}");
            Assert.True(Level(comparison, "else").Weight < -3, $"{comparison}: else weighs {Level(comparison, "else").Weight}");
        }
    }

    [Fact]
    public void Estimates_about_as_many_matches_as_there_are()
    {
        var population = Trained.Synthetic;
        var truePairs = population.GroupBy(r => r.Person).Sum(g => (long)g.Count() * (g.Count() - 1) / 2);
        var allPairs = (double)population.Count * (population.Count - 1) / 2;

        var estimated = Model.Lambda * allPairs;

        Assert.InRange(estimated, truePairs * 0.75, truePairs * 1.25);
    }

    [Fact]
    public void Weighs_a_rare_family_name_more_than_a_common_one()
    {
        var scorer = new PairScorer(Model);
        double FamilyWeight(string family) => scorer.Score(
            PreparedPerson.Prepare(Trained.Person("a", "Zed", family, null, postcode: null)),
            PreparedPerson.Prepare(Trained.Person("b", "Zed", family, null, postcode: null))).Contributions.Single(c => c.Comparison == "family_name").Weight;

        Assert.True(FamilyWeight("Wolfenden") > FamilyWeight("Smith") + 2, $"{FamilyWeight("Wolfenden")} vs {FamilyWeight("Smith")}");
    }

    [Fact]
    public void The_same_records_and_seed_give_the_same_model()
    {
        var records = SyntheticPopulation.Generate(1500, seed: 11).Select(r => r.Record).ToList();
        var settings = new LinkSettings { Training = new TrainingOptions { RandomPairs = 200_000 } };

        Assert.Equal(BatchLinker.Deduplicate(records, settings).Model.Version, BatchLinker.Deduplicate(records, settings).Model.Version);
    }

    [Fact]
    public void Em_recovers_the_parameters_of_a_mixture_it_is_given()
    {
        // Two comparisons with known m and u, drawn independently: EM must find them (within sampling error).
        var comparisons = new ComparisonSet([new ExactComparison("a", p => p.GivenName), new ExactComparison("b", p => p.FamilyName), new ExactComparison("c", p => p.Town)]);
        var random = new Random(5);
        var patterns = new List<ulong>();
        for (var i = 0; i < 20_000; i++)
        {
            var match = random.NextDouble() < 0.3;
            ulong pattern = 0;
            for (var c = 0; c < 3; c++)
            {
                var agree = random.NextDouble() < (match ? 0.9 : 0.1);
                pattern |= (ulong)(agree ? 1 : 2) << (c * 4);
            }

            patterns.Add(pattern);
        }

        var (distinct, counts) = ModelTrainer.CountPatterns(patterns.ToArray());
        var u = new[] { new[] { 0, 0.5, 0.5 }, new[] { 0, 0.5, 0.5 }, new[] { 0, 0.5, 0.5 } };
        var result = ExpectationMaximisation.Run(distinct, counts, comparisons, u, new TrainingOptions());

        Assert.True(result.Converged);
        Assert.InRange(result.Lambda, 0.27, 0.33);
        Assert.All(result.M, m => Assert.InRange(m[1], 0.87, 0.93));
        Assert.All(result.U, x => Assert.InRange(x[1], 0.08, 0.12));
    }
}

public sealed class When_a_model_is_stored_and_loaded
{
    [Fact]
    public void Loads_with_the_same_version_and_gives_the_same_scores()
    {
        var model = Trained.SyntheticDedup.Model;
        var loaded = FellegiSunterModel.FromJson(model.ToJson());
        var a = PreparedPerson.Prepare(Trained.Person("a", "Amy", "Hartley", "1990-05-01"));
        var b = PreparedPerson.Prepare(Trained.Person("b", "Amie", "Hartley", "1990-01-05"));

        Assert.Equal(model.Version, loaded.Version);
        Assert.Equal(new PairScorer(model).Score(a, b).Weight, new PairScorer(loaded).Score(a, b).Weight, 9);
    }

    [Fact]
    public void Refuses_a_model_whose_parameters_were_changed()
    {
        var json = Trained.SyntheticDedup.Model.ToJson().Replace("\"lambda\": ", "\"lambda\": 1", StringComparison.Ordinal);

        Assert.Throws<FormatException>(() => FellegiSunterModel.FromJson(json));
    }

    [Fact]
    public void Refuses_a_model_made_for_other_comparisons()
    {
        var other = new ComparisonSet([new GivenNameComparison(), new FamilyNameComparison()]);

        Assert.Throws<ArgumentException>(() => FellegiSunterModel.FromJson(Trained.SyntheticDedup.Model.ToJson(), other));
    }
}
