using InfoSharing.Benchmarks;
using InfoSharing.Matching.Batch;
using InfoSharing.Matching.Tests.Support;

namespace InfoSharing.Matching.Tests.Quality;

// The floors of issue 4. Training uses no labels: the ids carry the truth, and are read only to score.
public sealed class When_febrl4_is_linked_at_the_default_threshold
{
    [Fact]
    public void Reaches_an_f1_of_at_least_0_9995()
    {
        var quality = Febrl.ScorePairs(Trained.Febrl4);

        Assert.True(quality.F1 >= 0.9995, $"F1 {quality.F1:F5} (TP {quality.TruePositives}, FP {quality.FalsePositives}, FN {quality.FalseNegatives})");
    }

    [Fact]
    public void Keeps_the_comparisons_fewer_than_splinks_55_314() =>
        Assert.InRange(Trained.Febrl4.CandidateCount, 5_000, 55_314);

    [Fact]
    public void Gets_the_same_answer_when_the_ids_say_nothing()
    {
        // Replace every id with an opaque one: if any step read the truth from the ids, the result would change.
        var left = Febrl.Load("dataset4a.csv");
        var right = Febrl.Load("dataset4b.csv");
        var opaque = left.Concat(right).Select((r, i) => (r.Id, Opaque: $"x{(i * 7919) % 10007:D5}")).ToDictionary(x => x.Opaque, x => x.Id);
        var byOriginal = opaque.ToDictionary(x => x.Value, x => x.Key);
        var result = BatchLinker.Link(
            left.Select(r => r with { Id = byOriginal[r.Id] }).ToList(),
            right.Select(r => r with { Id = byOriginal[r.Id] }).ToList());

        var matched = result.Matches.Select(p => (opaque[result.Left[p.Left].Id], opaque[result.RightRecord(p.Right).Id])).ToHashSet();
        var expected = Trained.Febrl4.Matches.Select(p => (Trained.Febrl4.Left[p.Left].Id, Trained.Febrl4.RightRecord(p.Right).Id)).ToHashSet();
        Assert.Equal(expected.Count, matched.Count);
        Assert.True(expected.SetEquals(matched));
    }
}

public sealed class When_febrl3_is_deduplicated_at_the_default_threshold
{
    [Fact]
    public void Reaches_an_f1_of_at_least_0_995_on_matched_pairs()
    {
        var quality = Febrl.ScorePairs(Trained.Febrl3);

        Assert.True(quality.F1 >= 0.995, $"F1 {quality.F1:F5} (TP {quality.TruePositives}, FP {quality.FalsePositives}, FN {quality.FalseNegatives})");
    }

    [Fact]
    public void Reaches_an_f1_of_at_least_0_995_on_the_pairs_its_clusters_imply()
    {
        var quality = Febrl.ScoreClusters(Trained.Febrl3);

        Assert.True(quality.F1 >= 0.995, $"F1 {quality.F1:F5} (TP {quality.TruePositives}, FP {quality.FalsePositives}, FN {quality.FalseNegatives})");
    }
}

public sealed class When_the_synthetic_uk_population_is_deduplicated
{
    [Fact]
    public void Links_almost_no_different_people_and_finds_most_of_the_same_ones()
    {
        var truth = Trained.Synthetic.ToDictionary(r => r.Record.Id, r => r.Person);
        var result = Trained.SyntheticDedup;
        var matches = result.Matches.ToList();
        var truePairs = truth.Values.GroupBy(p => p).Sum(g => (long)g.Count() * (g.Count() - 1) / 2);
        var correct = matches.Count(p => truth[result.Left[p.Left].Id] == truth[result.Left[p.Right].Id]);

        var precision = (double)correct / matches.Count;
        var recall = (double)correct / truePairs;
        Assert.True(precision >= 0.98, $"precision {precision:F4}");
        Assert.True(recall >= 0.93, $"recall {recall:F4}");
    }
}
