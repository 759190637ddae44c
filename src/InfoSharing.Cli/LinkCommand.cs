using System.Globalization;
using System.Text;
using InfoSharing.Matching;
using InfoSharing.Matching.Batch;
using InfoSharing.Matching.Model;

namespace InfoSharing.Cli;

/// <summary>
/// <c>link</c>: reads one or two CSV files, deduplicates or links them with the library's batch linker and writes
/// pairs.csv (automatic matches), review.csv (possible matches), clusters.csv and model.json.
/// </summary>
internal static class LinkCommand
{
    public static int Run(LinkOptions options, TextWriter log)
    {
        var inputs = options.Inputs.Select(path => Read(path, options)).ToList();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var record in inputs.SelectMany(r => r))
        {
            if (!ids.Add(record.Id))
            {
                throw new FormatException($"Record id '{record.Id}' appears more than once in the inputs; ids must be unique.");
            }
        }

        var defaults = MatchThresholds.Default;
        var settings = new LinkSettings
        {
            Thresholds = new MatchThresholds
            {
                MatchProbability = options.MatchThreshold ?? defaults.MatchProbability,
                ReviewProbability = Math.Min(options.ReviewThreshold ?? defaults.ReviewProbability, options.MatchThreshold ?? defaults.MatchProbability),
            },
            Training = new TrainingOptions
            {
                RandomPairs = options.RandomPairs ?? new TrainingOptions().RandomPairs,
                Seed = options.Seed ?? new TrainingOptions().Seed,
            },
            MaxBlockSize = options.MaxBlockSize ?? new LinkSettings().MaxBlockSize,
            Model = options.ModelFile is null ? null : FellegiSunterModel.FromJson(File.ReadAllText(options.ModelFile)),
        };

        var progress = new ProgressBar(log, interactive: !Console.IsErrorRedirected);
        var result = inputs.Count == 1
            ? BatchLinker.Deduplicate(inputs[0], settings, progress)
            : BatchLinker.Link(inputs[0], inputs[1], settings, progress);
        progress.Finish();

        Directory.CreateDirectory(options.OutputFolder);
        WritePairs(Path.Combine(options.OutputFolder, "pairs.csv"), result, MatchDecision.Match);
        WritePairs(Path.Combine(options.OutputFolder, "review.csv"), result, MatchDecision.PossibleMatch);
        WriteClusters(Path.Combine(options.OutputFolder, "clusters.csv"), result);
        File.WriteAllText(Path.Combine(options.OutputFolder, "model.json"), result.Model.ToJson());

        var matches = result.Pairs.Count(p => p.Decision == MatchDecision.Match);
        var reviews = result.Pairs.Count - matches;
        var clusters = result.Clusters.Distinct().Count();
        log.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{(inputs.Count == 1 ? "deduplicated" : "linked")} {ids.Count:N0} records: {result.CandidateCount:N0} comparisons, {matches:N0} matches, {reviews:N0} possible matches, {clusters:N0} clusters; model {result.Model.Version}"));
        log.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"time: {string.Join(", ", result.Timings.Select(t => $"{t.Key} {t.Value.TotalSeconds:F2}s"))}"));
        return 0;
    }

    private static List<PersonRecord> Read(string path, LinkOptions options)
    {
        using var reader = new StreamReader(path, Encoding.UTF8);
        return options.Mapping.Read(reader, options.IdColumn).ToList();
    }

    private static void WritePairs(string path, LinkResult result, MatchDecision decision)
    {
        using var writer = new StreamWriter(path, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        writer.WriteLine("id_l,id_r,weight,probability,rule,blocking_rule");
        foreach (var pair in result.Pairs)
        {
            if (pair.Decision != decision)
            {
                continue;
            }

            writer.Write(DelimitedText.Escape(result.Left[pair.Left].Id));
            writer.Write(',');
            writer.Write(DelimitedText.Escape(result.RightRecord(pair.Right).Id));
            writer.Write(',');
            writer.Write(pair.Weight.ToString("F4", CultureInfo.InvariantCulture));
            writer.Write(',');
            writer.Write(pair.Probability.ToString("G9", CultureInfo.InvariantCulture));
            writer.Write(',');
            writer.Write(pair.Rule);
            writer.Write(',');
            writer.WriteLine(result.BlockingRuleNames[pair.BlockingRule]);
        }
    }

    private static void WriteClusters(string path, LinkResult result)
    {
        using var writer = new StreamWriter(path, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        writer.WriteLine("id,cluster");
        for (var node = 0; node < result.Clusters.Length; node++)
        {
            writer.Write(DelimitedText.Escape(result.Node(node).Id));
            writer.Write(',');
            writer.WriteLine(DelimitedText.Escape(result.Node(result.Clusters[node]).Id));
        }
    }
}
