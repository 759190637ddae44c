using System.Reflection;
using InfoSharing.Matching.Model;

namespace InfoSharing.Matching.Live;

/// <summary>
/// The model a fresh system matches with until a deployment trains its own (see docs/decisions/0008): trained
/// without labels by the <c>link</c> command on 100,000 synthetic UK-like records (bench generator, seed 1), so it
/// knows nothing about any real person.
/// </summary>
public static class DefaultModel
{
    private const string Resource = "InfoSharing.Matching.Live.default-model.json";

    private static readonly Lazy<FellegiSunterModel> Loaded = new(Load);

    public static FellegiSunterModel Instance => Loaded.Value;

    private static FellegiSunterModel Load()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(Resource)
            ?? throw new InvalidOperationException($"Embedded resource {Resource} is missing.");
        using var reader = new StreamReader(stream);
        return FellegiSunterModel.FromJson(reader.ReadToEnd());
    }
}
