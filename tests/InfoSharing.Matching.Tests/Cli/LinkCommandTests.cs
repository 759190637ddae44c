using InfoSharing.Benchmarks;
using InfoSharing.Cli;

namespace InfoSharing.Matching.Tests.Cli;

public sealed class When_the_link_command_deduplicates_a_csv_file : IDisposable
{
    private readonly string _output = Path.Combine(Path.GetTempPath(), "infosharing-link-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_output))
        {
            Directory.Delete(_output, recursive: true);
        }
    }

    private int Run(params string[] extra)
    {
        var args = new List<string>
        {
            "--input", Path.Combine(Febrl.DataFolder(), "dataset1.csv"), "--id-column", "rec_id", "--map", Febrl.Mapping, "--out", _output,
        };
        args.AddRange(extra);
        using var log = new StringWriter();
        return LinkCommand.Run(LinkOptions.Parse(args), log);
    }

    [Fact]
    public void Writes_pairs_clusters_and_the_model()
    {
        Assert.Equal(0, Run());

        var pairs = File.ReadAllLines(Path.Combine(_output, "pairs.csv"));
        var clusters = File.ReadAllLines(Path.Combine(_output, "clusters.csv"));
        Assert.Equal("id_l,id_r,weight,probability,rule,blocking_rule", pairs[0]);
        Assert.Equal("id,cluster", clusters[0]);
        Assert.InRange(pairs.Length - 1, 495, 505);
        Assert.Equal(1000, clusters.Length - 1);
        Assert.All(pairs.Skip(1), line => Assert.Equal(Febrl.Entity(line.Split(',')[0]), Febrl.Entity(line.Split(',')[1])));
        Assert.True(File.Exists(Path.Combine(_output, "model.json")));
    }

    [Fact]
    public void Scores_with_a_stored_model_and_a_stricter_threshold()
    {
        Assert.Equal(0, Run());
        var model = Path.Combine(_output, "model.json");
        var strict = Path.Combine(_output, "strict");

        using var log = new StringWriter();
        var code = LinkCommand.Run(LinkOptions.Parse(
        [
            "--input", Path.Combine(Febrl.DataFolder(), "dataset1.csv"), "--id-column", "rec_id", "--map", Febrl.Mapping,
            "--out", strict, "--model", model, "--threshold", "0.999999999",
        ]), log);

        Assert.Equal(0, code);
        var all = File.ReadAllLines(Path.Combine(_output, "pairs.csv")).Length;
        var fewer = File.ReadAllLines(Path.Combine(strict, "pairs.csv")).Length;
        Assert.True(fewer < all, $"{fewer} pairs at the strict threshold, {all} at the default");
    }

    [Theory]
    [InlineData("--threshold", "1.5")]
    [InlineData("--random-pairs", "-3")]
    [InlineData("--colour", "red")]
    public void Rejects_a_bad_option(string name, string value) =>
        Assert.Throws<UsageException>(() => LinkOptions.Parse(["--input", "a.csv", "--id-column", "id", "--out", "o", name, value]));

    [Fact]
    public void Needs_one_or_two_inputs() =>
        Assert.Throws<UsageException>(() => LinkOptions.Parse(["--input", "a", "--input", "b", "--input", "c", "--id-column", "id", "--out", "o"]));
}
