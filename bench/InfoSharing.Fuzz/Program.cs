using System.Globalization;
using System.Security.Cryptography;
using InfoSharing.Fuzz;
using SharpFuzz;

// The readers under a fuzzer (docs/decisions/0019). Modes:
//   (no arguments)                     the afl-fuzz harness: one input on stdin, or many under afl-fuzz (run-afl.sh)
//   --generate N [--seed S] [--first I] [--corpus DIR] [--crashes DIR]
//                                      N inputs of the seeded mutator in this process; counts per outcome; exit 1 on a crash
//   --only I [--seed S] [--write FILE] input I of the mutator alone: its reader and outcome (and the input, to a file)
//   --afl-seeds DIR [--corpus DIR]     the seed corpus as afl inputs (selector byte, then the body)
//   --replay FILE...                   afl inputs (a crash afl saved, a reduced case) run once each, with the stack of any crash
//   --reduce FILE [--write FILE]       the smallest input found (bytes removed while the crash stays the same), to FILE.min
if (args.Length == 0)
{
    Fuzzer.OutOfProcess.Run(stream =>
    {
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        ReaderTarget.Run(buffer.ToArray());
    });
    return 0;
}

var corpus = Text("--corpus") ?? SeedCorpus.DefaultDirectory();
var seed = (int)Number("--seed", 1);
if (Text("--afl-seeds") is { } aflSeeds)
{
    Directory.CreateDirectory(aflSeeds);
    foreach (var input in SeedCorpus.Load(corpus))
    {
        File.WriteAllBytes(Path.Combine(aflSeeds, input.Name.Replace('/', '_')), input.ToBytes());
    }

    Console.WriteLine($"{SeedCorpus.Load(corpus).Count} seeds written to {aflSeeds}");
    return 0;
}

if (args[0] == "--replay")
{
    var crashed = 0;
    foreach (var file in args.Skip(1))
    {
        var bytes = File.ReadAllBytes(file);
        try
        {
            Console.WriteLine($"{file}: {ReaderTarget.ReaderOf(bytes)} -> {ReaderTarget.Run(bytes)}");
        }
        catch (Exception ex)
        {
            crashed++;
            // Type and stack only: an exception's message may quote a value of the message.
            Console.WriteLine($"{file}: {ReaderTarget.ReaderOf(bytes)} -> CRASH {ex.GetType().FullName}{Inner(ex)}\n{ex.StackTrace}");
        }
    }

    return crashed == 0 ? 0 : 1;
}

if (args[0] == "--reduce")
{
    var original = File.ReadAllBytes(args[1]);
    var reduced = Reducer.Reduce(original, out var signature);
    if (signature is null)
    {
        Console.WriteLine($"{args[1]} does not crash: {ReaderTarget.Run(original)}");
        return 1;
    }

    var output = Text("--write") ?? args[1] + ".min";
    File.WriteAllBytes(output, reduced);
    Console.WriteLine($"{original.Length} -> {reduced.Length} bytes, still {signature}: {output}");
    return 0;
}

var seeds = SeedCorpus.Load(corpus);
if (Text("--only") is not null)
{
    var index = Number("--only", 0);
    var input = new Mutator(seeds, seed).Make(index);
    if (Text("--write") is { } path)
    {
        File.WriteAllBytes(path, input.ToBytes());
    }

    var result = MutationRun.Run(seeds, seed, 1, first: index);
    Console.WriteLine($"input {index} (seed {seed}, from {input.Name}, {input.Body.Length} bytes) on {input.Reader}: {result.Outcomes.Keys.Single()}");
    foreach (var crash in result.Crashes)
    {
        Console.WriteLine($"{crash.Exception.GetType().FullName}{Inner(crash.Exception)}\n{crash.Exception.StackTrace}");
    }

    return result.Crashes.Count == 0 ? 0 : 1;
}

var count = Number("--generate", 100_000);
var first = Number("--first", 0);
var crashes = Text("--crashes") ?? "fuzz-crashes";
Console.WriteLine($"seeded mutator: {count:N0} inputs from index {first:N0}, seed {seed}, {seeds.Count} seeds from {corpus}");
var run = MutationRun.Run(seeds, seed, count, (index, so) =>
    Console.WriteLine($"  {so.Inputs:N0} inputs, {so.Crashes.Count} crashes, last index {index:N0}"), first);

Console.WriteLine();
Console.WriteLine($"inputs {run.Inputs:N0} in {run.Elapsed.TotalSeconds:0.0} s ({run.Inputs / run.Elapsed.TotalSeconds:0} inputs/s); slowest input {run.SlowestIndex} took {run.Slowest.TotalMilliseconds:0} ms");
Console.WriteLine("by reader: " + string.Join(", ", run.Readers.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => $"{r.Key} {r.Value:N0}")));
Console.WriteLine("outcome                           inputs");
foreach (var (outcome, n) in run.Outcomes.OrderByDescending(o => o.Value).ThenBy(o => o.Key, StringComparer.Ordinal))
{
    Console.WriteLine($"{outcome,-32} {n,8:N0}");
}

Console.WriteLine($"crashes {run.Crashes.Count}");
if (run.Crashes.Count > 0)
{
    Directory.CreateDirectory(crashes);
    foreach (var group in run.Crashes.GroupBy(c => c.Signature, StringComparer.Ordinal))
    {
        Console.WriteLine($"  {group.Count(),6} x {group.Key} (first: --only {group.First().Index} --seed {seed})");
    }

    foreach (var crash in run.Crashes)
    {
        var bytes = crash.Input.ToBytes();
        var hash = Convert.ToHexStringLower(SHA256.HashData(bytes))[..12];
        File.WriteAllBytes(Path.Combine(crashes, $"{crash.Index}-{crash.Exception.GetType().Name}-{hash}.bin"), bytes);
    }

    Console.WriteLine($"crashing inputs written to {Path.GetFullPath(crashes)} (run them with --replay)");
}

return run.Crashes.Count == 0 ? 0 : 1;

static string Inner(Exception ex) => ex.InnerException is { } inner ? $" (inner {inner.GetType().FullName})" : string.Empty;

string? Text(string name)
{
    var at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
}

long Number(string name, long fallback) =>
    Text(name) is { } text ? long.Parse(text.Replace("_", string.Empty, StringComparison.Ordinal), CultureInfo.InvariantCulture) : fallback;
