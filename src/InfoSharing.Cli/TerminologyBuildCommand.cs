using InfoSharing.Domain.Terminology.Build;

namespace InfoSharing.Cli;

/// <summary>
/// <c>terminology build</c>: builds the indicator value sets from Terminology/sources (the recipe and the code lists)
/// and writes them to Terminology/valuesets, where the Domain assembly embeds them; <c>--check</c> only says whether
/// the committed files are what the sources give (exit 1 when not).
/// </summary>
internal static class TerminologyBuildCommand
{
    public const string Usage = """
        usage: infosharing terminology build [--sources DIR] [--out DIR] [--check]

          Builds one FHIR R4 ValueSet (with its expansion) per indicator kind from the recipe
          (DIR/value-sets.recipe.json) and the code lists beside it.
          --sources DIR   default src/InfoSharing.Domain/Terminology/sources
          --out DIR       default src/InfoSharing.Domain/Terminology/valuesets
          --check         write nothing; exit 1 if a file there differs from what the sources give
        """;

    public static int Run(IReadOnlyList<string> args, TextWriter output)
    {
        var sources = Path.Combine("src", "InfoSharing.Domain", "Terminology", "sources");
        var target = Path.Combine("src", "InfoSharing.Domain", "Terminology", "valuesets");
        var check = false;
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            string Value() => i + 1 < args.Count ? args[++i] : throw new UsageException($"{name} needs a value.");
            switch (name)
            {
                case "--sources": sources = Value(); break;
                case "--out": target = Value(); break;
                case "--check": check = true; break;
                default: throw new UsageException($"Unknown option {name}.");
            }
        }

        var recipe = ValueSetBuilder.ReadRecipe(File.ReadAllText(Path.Combine(sources, "value-sets.recipe.json")));
        var built = ValueSetBuilder.Build(recipe, list => File.ReadAllText(Path.Combine(sources, list)));
        var differing = 0;
        Directory.CreateDirectory(target);
        foreach (var valueSet in built)
        {
            var path = Path.Combine(target, valueSet.FileName);
            var same = File.Exists(path) && File.ReadAllText(path) == valueSet.Json;
            if (!same)
            {
                differing++;
                if (!check)
                {
                    File.WriteAllText(path, valueSet.Json);
                }
            }

            var left = valueSet.Report.LeftOut.Sum(l => l.Count);
            output.WriteLine($"{valueSet.Kind,-28} {valueSet.Report.Codes.Count,6} codes  from {valueSet.Report.Lists.Count} lists, {left} left out{(same ? string.Empty : check ? "  DIFFERS" : "  written")}");
        }

        output.WriteLine(check
            ? differing == 0 ? "The value sets are up to date." : $"{differing} value sets differ from what the sources give: run infosharing terminology build."
            : $"{built.Count} value sets, version {recipe.Version}: {differing} written.");
        return check && differing > 0 ? 1 : 0;
    }
}
