using InfoSharing.Matching.Live;
using InfoSharing.Matching.Model;
using Microsoft.Extensions.Options;

namespace InfoSharing.Worker.Features.People;

/// <summary>
/// The one <see cref="PersonMatcher"/> of this host: the model from <c>PersonIndex:ModelPath</c> (a model.json the
/// <c>link</c> command wrote), or the built-in one, with the configured thresholds. Loaded once; a new model takes
/// effect on restart, and every link records the version that made it.
/// </summary>
public sealed class LiveMatcher(IOptions<PersonIndexOptions> options)
{
    private readonly Lazy<PersonMatcher> _matcher = new(() =>
    {
        var settings = options.Value;
        var model = string.IsNullOrWhiteSpace(settings.ModelPath)
            ? DefaultModel.Instance
            : FellegiSunterModel.FromJson(File.ReadAllText(settings.ModelPath));
        return new PersonMatcher(model, settings.Thresholds);
    });

    public PersonMatcher Matcher => _matcher.Value;
}
