using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using InfoSharing.Contracts;
using InfoSharing.Domain.Ingest;

namespace InfoSharing.Domain.Terminology.Build;

/// <summary>A built value set: the FHIR ValueSet JSON to commit, and what went into it.</summary>
public sealed record BuiltValueSet(string Kind, string FileName, string Json, BuildReport Report);

/// <summary>What a value set drew on and left out, with counts (the ValueSet's description says the same in words).</summary>
public sealed record BuildReport
{
    public required IReadOnlyList<ListTaken> Lists { get; init; }

    public required IReadOnlyList<LeftOut> LeftOut { get; init; }

    public required IReadOnlyList<AddedCode> Added { get; init; }

    public required IReadOnlyList<ValueSetCode> Codes { get; init; }
}

/// <summary>How many codes a list has and how many of them the value set took (before rules).</summary>
public sealed record ListTaken(ListUse Use, int Rows, int UniqueCodes, int Taken);

/// <summary>Codes left out for one reason, with a few examples (code and term).</summary>
public sealed record LeftOut(string Reason, int Count, IReadOnlyList<string> Examples);

/// <summary>
/// Builds the indicator value sets from the recipe and the code lists: the same inputs always give the same bytes, so a
/// test can check that the committed value sets are what the committed recipe and lists give.
/// </summary>
public static class ValueSetBuilder
{
    private static readonly TimeSpan RegexTimeout = TimeSpan.FromSeconds(1);
    private static readonly Regex SemanticTag = new(@"\s\((finding|disorder|situation|event|procedure|observable entity|regime/therapy|morphologic abnormality|record artifact|qualifier value|context-dependent category|person|social concept|environment|body structure)\)$", RegexOptions.CultureInvariant, RegexTimeout);

    private static readonly System.Text.Json.JsonSerializerOptions RecipeJson = new() { PropertyNameCaseInsensitive = true, ReadCommentHandling = System.Text.Json.JsonCommentHandling.Skip };

    public static ValueSetRecipe ReadRecipe(string json) =>
        System.Text.Json.JsonSerializer.Deserialize<ValueSetRecipe>(json, RecipeJson) ?? throw new FormatException("The recipe is empty.");

    /// <summary>Builds every value set of the recipe; <paramref name="readList"/> gives a list file's text by name.</summary>
    public static IReadOnlyList<BuiltValueSet> Build(ValueSetRecipe recipe, Func<string, string> readList)
    {
        ArgumentNullException.ThrowIfNull(recipe);
        ArgumentNullException.ThrowIfNull(readList);
        var missing = IndicatorKinds.All.Except(recipe.ValueSets.Select(v => v.Kind), StringComparer.Ordinal).ToList();
        var unknown = recipe.ValueSets.Select(v => v.Kind).Where(k => !IndicatorKinds.IsKnown(k)).ToList();
        if (missing.Count > 0 || unknown.Count > 0 || recipe.ValueSets.Select(v => v.Kind).Distinct(StringComparer.Ordinal).Count() != recipe.ValueSets.Count)
        {
            throw new FormatException($"The recipe must plan each indicator kind once (missing: {string.Join(", ", missing)}; unknown: {string.Join(", ", unknown)}).");
        }

        var lists = new Dictionary<string, CodeList>(StringComparer.Ordinal);
        CodeList List(string name) => lists.TryGetValue(name, out var list) ? list : lists[name] = CodeList.Parse(name, readList(name));
        return recipe.ValueSets.Select(plan => BuildOne(recipe, plan, List)).ToList();
    }

    private static BuiltValueSet BuildOne(ValueSetRecipe recipe, ValueSetPlan plan, Func<string, CodeList> list)
    {
        var candidates = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var taken = new List<ListTaken>();
        foreach (var use in plan.Include)
        {
            var codes = list(use.List);
            var only = use.Only is null ? null : new Regex(use.Only, RegexOptions.CultureInvariant | RegexOptions.IgnoreCase, RegexTimeout);
            var count = 0;
            foreach (var code in codes.Codes)
            {
                var terms = codes.TermsOf(code);
                if (only is not null && !terms.Any(only.IsMatch))
                {
                    continue;
                }

                count++;
                if (!candidates.TryGetValue(code, out var known))
                {
                    candidates[code] = known = [];
                }

                known.AddRange(terms.Where(t => !known.Contains(t, StringComparer.Ordinal)));
            }

            taken.Add(new ListTaken(use, codes.Rows, codes.Codes.Count, count));
        }

        var rules = plan.LeaveOut
            .Select(name => recipe.Rules.TryGetValue(name, out var rule) ? rule : throw new FormatException($"{plan.Kind}: no rule named '{name}'."))
            .Concat(plan.LeaveOutTerms)
            .Select(r => (Rule: r, Regex: new Regex(r.Pattern, RegexOptions.CultureInvariant | RegexOptions.IgnoreCase, RegexTimeout)))
            .ToList();
        var keep = plan.Keep.ToDictionary(k => k.Code, StringComparer.Ordinal);
        var dropCodes = plan.LeaveOutCodes.ToDictionary(k => k.Code, StringComparer.Ordinal);
        var leftOut = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var kept = new List<ValueSetCode>();
        foreach (var (code, terms) in candidates)
        {
            string? reason = null;
            if (!keep.ContainsKey(code))
            {
                reason = dropCodes.TryGetValue(code, out var drop)
                    ? drop.Reason
                    : rules.FirstOrDefault(r => terms.Any(r.Regex.IsMatch)).Rule?.Reason;
            }

            if (reason is null)
            {
                kept.Add(new ValueSetCode(FhirUrls.SnomedCt, code, Display(terms)));
                continue;
            }

            if (!leftOut.TryGetValue(reason, out var examples))
            {
                leftOut[reason] = examples = [];
            }

            examples.Add($"{code} {Display(terms)}");
        }

        foreach (var added in plan.AddCodes)
        {
            if (!SnomedIdentifier.IsValid(added.Code) || kept.Exists(c => c.Code == added.Code))
            {
                throw new FormatException($"{plan.Kind}: added code {added.Code} is not a SNOMED CT identifier or is already in the value set.");
            }

            kept.Add(new ValueSetCode(FhirUrls.SnomedCt, added.Code, added.Display));
        }

        var unusedKeeps = keep.Keys.Where(k => !candidates.ContainsKey(k)).ToList();
        if (unusedKeeps.Count > 0)
        {
            throw new FormatException($"{plan.Kind}: kept codes {string.Join(", ", unusedKeeps)} are in none of the lists drawn on.");
        }

        kept.Sort((a, b) => string.CompareOrdinal(a.Code, b.Code));
        var report = new BuildReport
        {
            Lists = taken,
            LeftOut = leftOut.Select(l => new LeftOut(l.Key, l.Value.Count, l.Value.Take(3).ToList())).ToList(),
            Added = plan.AddCodes,
            Codes = kept,
        };
        return new BuiltValueSet(plan.Kind, $"indicator-{plan.Kind}.json", ValueSetWriter.Write(recipe, plan, Describe(plan, report), kept), report);
    }

    /// <summary>The first term in the order the lists were drawn on, without its semantic tag.</summary>
    private static string Display(List<string> terms) => terms.Count == 0 ? string.Empty : SemanticTag.Replace(terms[0], string.Empty);

    private static string Describe(ValueSetPlan plan, BuildReport report)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"Codes that give the InfoSharing indicator kind `{plan.Kind}`: {plan.Purpose} ");
        text.Append(CultureInfo.InvariantCulture, $"InfoSharing's own code `{FhirUrls.IndicatorCodeSystem}|{plan.Kind}` gives the kind too, whatever value set is in force.\n\n");
        if (report.Lists.Count == 0)
        {
            text.Append("Draws on no published list.\n");
        }
        else
        {
            text.Append("Draws on (SNOMED CT UK code lists, copied with their provenance into `src/InfoSharing.Domain/Terminology/sources/`, see SOURCE.md there):\n");
            foreach (var l in report.Lists)
            {
                text.Append(CultureInfo.InvariantCulture, $"- `{l.Use.List}`, {l.Use.Source}: {l.UniqueCodes} codes");
                text.Append(l.Use.Only is null ? ", all taken" : string.Create(CultureInfo.InvariantCulture, $", {l.Taken} taken ({l.Use.OnlyReason})"));
                text.Append('\n');
            }
        }

        if (report.Added.Count > 0)
        {
            text.Append("\nAdded by hand:\n");
            foreach (var a in report.Added)
            {
                text.Append(CultureInfo.InvariantCulture, $"- {a.Code} {a.Display} ({a.Source})\n");
            }
        }

        if (report.LeftOut.Count > 0)
        {
            text.Append("\nLeft out:\n");
            foreach (var l in report.LeftOut)
            {
                text.Append(CultureInfo.InvariantCulture, $"- {l.Count} code{(l.Count == 1 ? string.Empty : "s")}: {l.Reason} (e.g. {string.Join("; ", l.Examples)})\n");
            }
        }

        if (plan.ListsNotUsed.Count > 0)
        {
            text.Append("\nLists not used:\n");
            foreach (var l in plan.ListsNotUsed)
            {
                text.Append(CultureInfo.InvariantCulture, $"- `{l.List}`: {l.Reason}\n");
            }
        }

        if (plan.Note is { } note)
        {
            text.Append('\n').Append(note).Append('\n');
        }

        text.Append(CultureInfo.InvariantCulture, $"\n{report.Codes.Count} codes.");
        return text.ToString();
    }
}
