using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using InfoSharing.Matching.Comparisons;

namespace InfoSharing.Matching.Model;

/// <summary>
/// A trained Fellegi-Sunter model: for each comparison and level, m and u; the prior λ (the probability that two
/// records drawn at random are the same person); term frequencies. Immutable and thread-safe: train once (batch),
/// store <see cref="ToJson"/>, load with <see cref="FromJson"/> in the live path.
/// </summary>
public sealed class FellegiSunterModel
{
    /// <summary>Bumped when the meaning of comparisons or levels changes; part of <see cref="Version"/>.</summary>
    public const string Algorithm = "fs1";

    private readonly double[][] _weights;
    private readonly double[] _termLevelLogU;

    internal FellegiSunterModel(ComparisonSet comparisons, double lambda, IReadOnlyList<ComparisonParameters> parameters, TrainingSummary training)
    {
        Comparisons = comparisons;
        Lambda = lambda;
        Parameters = parameters;
        Training = training;
        if (parameters.Count != comparisons.Count)
        {
            throw new ArgumentException("One parameter set per comparison is needed.", nameof(parameters));
        }

        _weights = new double[comparisons.Count][];
        _termLevelLogU = new double[comparisons.Count];
        for (var c = 0; c < comparisons.Count; c++)
        {
            var comparison = comparisons.Items[c];
            var p = parameters[c];
            if (p.Comparison != comparison.Name || p.Levels.Count != comparison.LevelCount - 1 ||
                p.Levels.Select(l => l.Level).Where((name, i) => name != comparison.LevelNames[i + 1]).Any())
            {
                throw new ArgumentException($"The parameters of '{p.Comparison}' do not fit comparison '{comparison.Name}' and its levels.", nameof(parameters));
            }

            _weights[c] = [0, .. p.Levels.Select(l => l.Weight)];
            _termLevelLogU[c] = comparison.TermFrequencyLevel > 0 ? Math.Log2(p.Levels[comparison.TermFrequencyLevel - 1].U) : 0;
        }

        Version = $"{Algorithm}-{Hash()}";
    }

    public ComparisonSet Comparisons { get; }

    /// <summary>Prior probability that two records drawn at random are the same person.</summary>
    public double Lambda { get; }

    /// <summary>log2(λ / (1 - λ)): the weight every pair starts from.</summary>
    public double PriorWeight => Math.Log2(Lambda / (1 - Lambda));

    public IReadOnlyList<ComparisonParameters> Parameters { get; }

    public TrainingSummary Training { get; }

    /// <summary>"fs1-" and a hash of every parameter: stored with each link so that a decision can be traced to its model.</summary>
    public string Version { get; }

    /// <summary>Weight in bits of a level, without term-frequency adjustment (0 for the null level).</summary>
    public double LevelWeight(int comparison, int level) => _weights[comparison][level];

    /// <summary>log2 of u at the term-frequency level of a comparison (0 when it has none).</summary>
    internal double TermLevelLogU(int comparison) => _termLevelLogU[comparison];

    /// <summary>Sum of the level weights of a pattern, without prior or term frequencies.</summary>
    public double PatternWeight(ulong pattern)
    {
        var sum = 0.0;
        for (var c = 0; c < _weights.Length; c++)
        {
            sum += _weights[c][ComparisonSet.LevelOf(pattern, c)];
        }

        return sum;
    }

    public static double Probability(double weight) => 1.0 / (1.0 + Math.Pow(2, -weight));

    public string ToJson()
    {
        var document = new ModelDocument
        {
            Version = Version,
            Algorithm = Algorithm,
            Lambda = Lambda,
            Training = Training,
            Comparisons = Parameters.Select(p => new ComparisonDocument
            {
                Name = p.Comparison,
                Levels = p.Levels.Select(l => new LevelDocument { Name = l.Level, M = l.M, U = l.U }).ToList(),
                TermFrequencies = p.TermFrequencies is null ? null : new TermFrequencyDocument
                {
                    MinimumFrequency = p.TermFrequencies.MinimumFrequency,
                    Frequencies = p.TermFrequencies.Frequencies.OrderBy(f => f.Key, StringComparer.Ordinal).ToDictionary(f => f.Key, f => f.Value),
                },
            }).ToList(),
        };
        return JsonSerializer.Serialize(document, JsonOptions);
    }

    /// <summary>Loads a model; throws when it was made for other comparisons or levels than <paramref name="comparisons"/>.</summary>
    public static FellegiSunterModel FromJson(string json, ComparisonSet? comparisons = null)
    {
        comparisons ??= ComparisonSet.Default;
        var document = JsonSerializer.Deserialize<ModelDocument>(json, JsonOptions)
            ?? throw new FormatException("The model document is empty.");
        if (document.Algorithm != Algorithm)
        {
            throw new FormatException($"The model was made by algorithm '{document.Algorithm}', not '{Algorithm}'.");
        }

        var parameters = document.Comparisons.Select(c => new ComparisonParameters(
            c.Name,
            c.Levels.Select(l => new LevelParameters(l.Name, l.M, l.U)).ToList(),
            c.TermFrequencies is null ? null : new TermFrequencyTable(c.TermFrequencies.Frequencies, c.TermFrequencies.MinimumFrequency))).ToList();
        var model = new FellegiSunterModel(comparisons, document.Lambda, parameters, document.Training);
        if (document.Version != model.Version)
        {
            throw new FormatException($"The model says it is version '{document.Version}' but its parameters hash to '{model.Version}'.");
        }

        return model;
    }

    private string Hash()
    {
        var text = new StringBuilder();
        text.Append(Algorithm).Append(';').Append(Lambda.ToString("R", CultureInfo.InvariantCulture));
        foreach (var p in Parameters)
        {
            text.Append(';').Append(p.Comparison);
            foreach (var l in p.Levels)
            {
                text.Append(',').Append(l.Level).Append('=')
                    .Append(l.M.ToString("R", CultureInfo.InvariantCulture)).Append('/')
                    .Append(l.U.ToString("R", CultureInfo.InvariantCulture));
            }

            if (p.TermFrequencies is { } tf)
            {
                text.Append(";tf=").Append(tf.Frequencies.Count.ToString(CultureInfo.InvariantCulture))
                    .Append('/').Append(tf.MinimumFrequency.ToString("R", CultureInfo.InvariantCulture));
                foreach (var f in tf.Frequencies.OrderBy(f => f.Key, StringComparer.Ordinal))
                {
                    text.Append(',').Append(f.Key).Append('=').Append(f.Value.ToString("R", CultureInfo.InvariantCulture));
                }
            }
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..12];
    }

    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    private sealed class ModelDocument
    {
        public string Version { get; set; } = "";
        public string Algorithm { get; set; } = "";
        public double Lambda { get; set; }
        public TrainingSummary Training { get; set; } = new(0, 0, 0, 0, false, 0, 0);
        public List<ComparisonDocument> Comparisons { get; set; } = [];
    }

    private sealed class ComparisonDocument
    {
        public string Name { get; set; } = "";
        public List<LevelDocument> Levels { get; set; } = [];
        public TermFrequencyDocument? TermFrequencies { get; set; }
    }

    private sealed class LevelDocument
    {
        public string Name { get; set; } = "";
        public double M { get; set; }
        public double U { get; set; }
    }

    private sealed class TermFrequencyDocument
    {
        public double MinimumFrequency { get; set; }
        public Dictionary<string, double> Frequencies { get; set; } = [];
    }
}
