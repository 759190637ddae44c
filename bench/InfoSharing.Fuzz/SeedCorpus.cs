namespace InfoSharing.Fuzz;

/// <summary>One input as the target takes it: the selector byte that picks the reader, then the body.</summary>
public sealed record FuzzInput(byte Selector, byte[] Body, string Name)
{
    public string Reader => ReaderTarget.Readers[Selector % 8];

    public byte[] ToBytes() => [Selector, .. Body];
}

/// <summary>
/// The seed corpus: real messages from the repository, one folder per feed (<c>corpus/&lt;feed&gt;/</c>); the file's
/// extension says FHIR JSON or XML, and a MARAC file's name says which case event it is.
/// </summary>
public static class SeedCorpus
{
    public static IReadOnlyList<FuzzInput> Load(string directory)
    {
        if (!Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException($"The seed corpus folder {directory} does not exist.");
        }

        var seeds = new List<FuzzInput>();
        foreach (var file in Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var extension = Path.GetExtension(file);
            if (extension is not (".json" or ".xml"))
            {
                continue;
            }

            var feed = Path.GetFileName(Path.GetDirectoryName(file))!;
            var name = Path.GetFileName(file);
            var selector = feed switch
            {
                "housing" => ReaderTarget.Selector("housing"),
                "marac" => ReaderTarget.Selector("marac", MaracVariant(name)),
                _ => ReaderTarget.Selector($"{feed}-{extension[1..]}"),
            };
            seeds.Add(new FuzzInput(selector, File.ReadAllBytes(file), $"{feed}/{name}"));
        }

        return seeds.Count > 0 ? seeds : throw new InvalidOperationException($"The seed corpus folder {directory} holds no .json or .xml file.");
    }

    /// <summary>The corpus next to the running assembly (copied at build), else the one in the source tree.</summary>
    public static string DefaultDirectory()
    {
        var beside = Path.Combine(AppContext.BaseDirectory, "corpus");
        if (Directory.Exists(beside))
        {
            return beside;
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var inTree = Path.Combine(dir.FullName, "bench", "InfoSharing.Fuzz", "corpus");
            if (Directory.Exists(inTree))
            {
                return inTree;
            }
        }

        throw new DirectoryNotFoundException("No seed corpus found beside the program or in bench/InfoSharing.Fuzz/corpus.");
    }

    private static int MaracVariant(string name) =>
        name.StartsWith("case-reviewed", StringComparison.Ordinal) ? 1
        : name.StartsWith("case-closed", StringComparison.Ordinal) ? 2
        : 0;
}
