using Hl7.Fhir.Model;

namespace InfoSharing.Fhir.Reading;

/// <summary>The resources of a message, single or bundled, with references between them resolved.</summary>
public sealed class BundleIndex
{
    private readonly Dictionary<string, Resource> _byReference = new(StringComparer.Ordinal);

    public BundleIndex(Resource root)
    {
        ArgumentNullException.ThrowIfNull(root);
        if (root is Bundle bundle)
        {
            foreach (var entry in bundle.Entry)
            {
                if (entry.Resource is { } resource)
                {
                    Add(resource, entry.FullUrl);
                }
            }
        }
        else
        {
            Add(root, null);
        }
    }

    public List<Resource> Resources { get; } = [];

    public IEnumerable<T> OfType<T>()
        where T : Resource => Resources.OfType<T>();

    /// <summary>Resolves a literal reference (relative "Patient/1", absolute, or urn:uuid) within the message.</summary>
    public T? Resolve<T>(ResourceReference? reference)
        where T : Resource
    {
        var target = reference?.Reference;
        if (string.IsNullOrEmpty(target))
        {
            return null;
        }

        if (_byReference.TryGetValue(target, out var found))
        {
            return found as T;
        }

        // An absolute URL whose tail is Type/id matches a bundled resource with that type and id.
        var parts = target.Split('/');
        return parts.Length >= 2 && _byReference.TryGetValue($"{parts[^2]}/{parts[^1]}", out found) ? found as T : null;
    }

    private void Add(Resource resource, string? fullUrl)
    {
        Resources.Add(resource);
        if (!string.IsNullOrEmpty(fullUrl))
        {
            _byReference[fullUrl] = resource;
        }

        if (!string.IsNullOrEmpty(resource.Id))
        {
            _byReference[$"{resource.TypeName}/{resource.Id}"] = resource;
            _byReference[$"#{resource.Id}"] = resource;
        }
    }
}
