using System.Globalization;
using InfoSharing.Benchmarks;

// Usage: febrl | dedup --records N [--records N ...] | live --index N [--queries Q] | generate --records N --out FILE;
// several may follow each other.
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
var commands = args.Length == 0 ? ["febrl", "dedup", "--records", "100000", "live", "--index", "100000"] : args;
var i = 0;
while (i < commands.Length)
{
    var command = commands[i++];
    var options = new List<string>();
    while (i < commands.Length && commands[i].StartsWith("--", StringComparison.Ordinal))
    {
        options.Add(commands[i++]);
        if (i < commands.Length)
        {
            options.Add(commands[i++]);
        }
    }

    switch (command)
    {
        case "febrl":
            FebrlBench.Run(Option(options, "--repeat").FirstOrDefault(3));
            break;
        case "dedup":
            foreach (var n in Option(options, "--records").DefaultIfEmpty(100_000))
            {
                ScaleBench.Deduplicate(n, Option(options, "--seed").FirstOrDefault(1));
            }

            break;
        case "live":
            foreach (var n in Option(options, "--index").DefaultIfEmpty(100_000))
            {
                ScaleBench.Live(n, Option(options, "--queries").FirstOrDefault(10_000), Option(options, "--train").FirstOrDefault(200_000), Option(options, "--seed").FirstOrDefault(1));
            }

            break;
        case "generate":
            SyntheticCsv.Write(Option(options, "--records").FirstOrDefault(10_000), Option(options, "--seed").FirstOrDefault(1), Text(options, "--out") ?? "synthetic.csv");
            break;
        default:
            Console.Error.WriteLine($"Unknown command '{command}'. Commands: febrl [--repeat N], dedup --records N [--seed S], live --index N [--queries Q] [--train N] [--seed S], generate --records N [--seed S] --out FILE");
            return 2;
    }
}

return 0;

static string? Text(List<string> options, string name)
{
    var at = options.IndexOf(name);
    return at >= 0 && at + 1 < options.Count ? options[at + 1] : null;
}

static List<int> Option(List<string> options, string name) =>
    options.Select((value, index) => (value, index))
        .Where(x => x.value == name && x.index % 2 == 0 && x.index + 1 < options.Count)
        .Select(x => int.Parse(options[x.index + 1].Replace("_", "", StringComparison.Ordinal), CultureInfo.InvariantCulture))
        .ToList();
