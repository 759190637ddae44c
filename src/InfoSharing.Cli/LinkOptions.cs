using System.Globalization;
using InfoSharing.Matching.Batch;

namespace InfoSharing.Cli;

/// <summary>A command line that cannot be run; the message says which option is wrong.</summary>
internal sealed class UsageException(string message) : Exception(message);

/// <summary>The options of <c>link</c>.</summary>
internal sealed record LinkOptions
{
    public const string Usage = """
        usage: infosharing link --input a.csv [--input b.csv] --id-column ID --out DIR [options]

          One --input deduplicates that file; two link the first to the second.
          --id-column NAME        column holding each record's id (unique within the inputs)
          --map FIELD=COLUMN,...  CSV columns for record fields; a field with no entry is read from a column of
                                  its own name. Fields: given_name family_name birth_date sex postcode house_number
                                  street locality town region phone email nhs_number other_id
          --out DIR               writes pairs.csv, review.csv, clusters.csv and model.json there
          --threshold P           match probability for an automatic link (default 0.99)
          --review-threshold P    probability from which a pair is a possible match (default 0.1)
          --model FILE            score with this model.json instead of training on the inputs
          --random-pairs N        random pairs sampled to estimate u (default 1000000)
          --seed N                seed of that sample (default 20260401)
          --max-block-size N      skip blocking keys shared by more records than this (default 2000)
        """;

    public required IReadOnlyList<string> Inputs { get; init; }

    public required string IdColumn { get; init; }

    public required string OutputFolder { get; init; }

    public ColumnMapping Mapping { get; init; } = ColumnMapping.Parse(null);

    public double? MatchThreshold { get; init; }

    public double? ReviewThreshold { get; init; }

    public string? ModelFile { get; init; }

    public int? RandomPairs { get; init; }

    public int? Seed { get; init; }

    public int? MaxBlockSize { get; init; }

    public static LinkOptions Parse(IReadOnlyList<string> args)
    {
        var inputs = new List<string>();
        string? id = null, output = null, map = null, model = null;
        double? threshold = null, review = null;
        int? randomPairs = null, seed = null, maxBlock = null;
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            string Value() => i + 1 < args.Count ? args[++i] : throw new UsageException($"{name} needs a value.");
            switch (name)
            {
                case "--input": inputs.Add(Value()); break;
                case "--id-column": id = Value(); break;
                case "--map": map = Value(); break;
                case "--out": output = Value(); break;
                case "--threshold": threshold = Probability(name, Value()); break;
                case "--review-threshold": review = Probability(name, Value()); break;
                case "--model": model = Value(); break;
                case "--random-pairs": randomPairs = Positive(name, Value()); break;
                case "--seed": seed = Integer(name, Value()); break;
                case "--max-block-size": maxBlock = Positive(name, Value()); break;
                default: throw new UsageException($"Unknown option '{name}'.");
            }
        }

        if (inputs.Count is < 1 or > 2)
        {
            throw new UsageException("Give one --input to deduplicate or two to link.");
        }

        ColumnMapping mapping;
        try
        {
            mapping = ColumnMapping.Parse(map);
        }
        catch (FormatException e)
        {
            throw new UsageException($"--map: {e.Message}");
        }

        return new LinkOptions
        {
            Inputs = inputs,
            IdColumn = id ?? throw new UsageException("--id-column is required."),
            OutputFolder = output ?? throw new UsageException("--out is required."),
            Mapping = mapping,
            MatchThreshold = threshold,
            ReviewThreshold = review,
            ModelFile = model,
            RandomPairs = randomPairs,
            Seed = seed,
            MaxBlockSize = maxBlock,
        };
    }

    private static double Probability(string name, string value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var p) && p is > 0 and < 1
            ? p
            : throw new UsageException($"{name} must be a probability between 0 and 1 (exclusive), not '{value}'.");

    private static int Positive(string name, string value) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n > 0
            ? n
            : throw new UsageException($"{name} must be a positive whole number, not '{value}'.");

    private static int Integer(string name, string value) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n)
            ? n
            : throw new UsageException($"{name} must be a whole number, not '{value}'.");
}
