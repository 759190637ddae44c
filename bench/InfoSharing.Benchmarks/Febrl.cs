using System.Text.RegularExpressions;
using InfoSharing.Matching;
using InfoSharing.Matching.Batch;

namespace InfoSharing.Benchmarks;

/// <summary>
/// The FEBRL files in testdata/febrl (see its SOURCE.md): loading, and scoring against the ground truth
/// that the record ids carry ("rec-12-org" and "rec-12-dup-0" are one person). Labels are used for scoring only.
/// </summary>
public static partial class Febrl
{
    /// <summary>FEBRL's columns mapped to record fields.</summary>
    public const string Mapping =
        "given_name=given_name,family_name=surname,house_number=street_number,street=address_1,locality=address_2," +
        "town=suburb,postcode=postcode,region=state,birth_date=date_of_birth,other_id=soc_sec_id";

    /// <summary>testdata/febrl in the repository (found by walking up to InfoSharing.sln; copied from shared/data/febrl, see its SOURCE.md).</summary>
    public static string DataFolder(string? start = null)
    {
        var directory = new DirectoryInfo(start ?? AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "InfoSharing.sln")))
        {
            directory = directory.Parent;
        }

        if (directory is null)
        {
            throw new DirectoryNotFoundException("InfoSharing.sln was not found above " + (start ?? AppContext.BaseDirectory));
        }

        var folder = Path.Combine(directory.FullName, "testdata", "febrl");
        return Directory.Exists(folder) ? folder : throw new DirectoryNotFoundException($"FEBRL data is expected at {folder}.");
    }

    public static IReadOnlyList<PersonRecord> Load(string fileName, string? folder = null)
    {
        using var reader = new StreamReader(Path.Combine(folder ?? DataFolder(), fileName));
        return ColumnMapping.Parse(Mapping).Read(reader, "rec_id").ToList();
    }

    /// <summary>The true entity of a record: N in rec-N-org / rec-N-dup-k.</summary>
    public static string Entity(string id)
    {
        var match = EntityPattern().Match(id);
        return match.Success ? match.Groups[1].Value : throw new FormatException($"'{id}' is not a FEBRL record id.");
    }

    /// <summary>Number of true pairs: within one file, or across two.</summary>
    public static long TruePairs(IReadOnlyList<PersonRecord> left, IReadOnlyList<PersonRecord>? right)
    {
        if (right is null)
        {
            return left.GroupBy(r => Entity(r.Id)).Sum(g => (long)g.Count() * (g.Count() - 1) / 2);
        }

        var rightCounts = right.GroupBy(r => Entity(r.Id)).ToDictionary(g => g.Key, g => (long)g.Count());
        return left.Sum(r => rightCounts.GetValueOrDefault(Entity(r.Id)));
    }

    /// <summary>Precision, recall and F1 of the matched pairs (the pairs the batch decided are matches).</summary>
    public static Quality ScorePairs(LinkResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var truth = TruePairs(result.Left.Select(p => p.Record).ToList(), result.Right?.Select(p => p.Record).ToList());
        long tp = 0, fp = 0;
        foreach (var pair in result.Matches)
        {
            if (Entity(result.Left[pair.Left].Id) == Entity(result.RightRecord(pair.Right).Id))
            {
                tp++;
            }
            else
            {
                fp++;
            }
        }

        return new Quality(tp, fp, truth - tp);
    }

    /// <summary>Precision, recall and F1 of every pair implied by the clusters (a cluster of n holds n(n-1)/2 pairs).</summary>
    public static Quality ScoreClusters(LinkResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var left = result.Left.Select(p => p.Record).ToList();
        var right = result.Right?.Select(p => p.Record).ToList();
        var truth = TruePairs(left, right);
        long tp = 0, predicted = 0;
        foreach (var cluster in Enumerable.Range(0, result.Clusters.Length).GroupBy(i => result.Clusters[i]))
        {
            var members = cluster.ToList();
            if (result.IsDeduplication)
            {
                predicted += (long)members.Count * (members.Count - 1) / 2;
                tp += members.GroupBy(i => Entity(result.Node(i).Id)).Sum(g => (long)g.Count() * (g.Count() - 1) / 2);
            }
            else
            {
                var l = members.Where(i => i < result.Left.Count).ToList();
                var r = members.Where(i => i >= result.Left.Count).ToList();
                predicted += (long)l.Count * r.Count;
                var rightEntities = r.GroupBy(i => Entity(result.Node(i).Id)).ToDictionary(g => g.Key, g => (long)g.Count());
                tp += l.Sum(i => rightEntities.GetValueOrDefault(Entity(result.Node(i).Id)));
            }
        }

        return new Quality(tp, predicted - tp, truth - tp);
    }

    /// <summary>How many true pairs blocking put among the candidates (the ceiling on recall).</summary>
    public static long TruePairsBlocked(LinkResult result, IReadOnlyList<int> left, IReadOnlyList<int> right)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        long found = 0;
        for (var p = 0; p < left.Count; p++)
        {
            if (Entity(result.Left[left[p]].Id) == Entity(result.RightRecord(right[p]).Id))
            {
                found++;
            }
        }

        return found;
    }

    [GeneratedRegex(@"^rec-(\d+)-")]
    private static partial Regex EntityPattern();
}

/// <summary>True positives, false positives and false negatives, with precision, recall and F1.</summary>
public readonly record struct Quality(long TruePositives, long FalsePositives, long FalseNegatives)
{
    public double Precision => TruePositives + FalsePositives == 0 ? 1 : (double)TruePositives / (TruePositives + FalsePositives);

    public double Recall => TruePositives + FalseNegatives == 0 ? 1 : (double)TruePositives / (TruePositives + FalseNegatives);

    public double F1 => 2.0 * TruePositives / ((2.0 * TruePositives) + FalsePositives + FalseNegatives);
}
