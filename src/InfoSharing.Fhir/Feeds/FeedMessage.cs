using Hl7.Fhir.Model;
using InfoSharing.Fhir.Reading;

namespace InfoSharing.Fhir.Feeds;

/// <summary>One resource of a message, with the key it is known by in the extract and its position (1-based) in the Bundle.</summary>
internal sealed record FeedEntry(Resource Resource, string Key, int Number);

/// <summary>The resources of a message with their keys: the entry's fullUrl, else Type/id, else Type#entry-n.</summary>
internal sealed class FeedMessage
{
    private FeedMessage(BundleIndex index, IReadOnlyList<FeedEntry> entries)
    {
        Index = index;
        Entries = entries;
        Keys = new Dictionary<Resource, string>(ReferenceEqualityComparer.Instance);
        foreach (var entry in entries)
        {
            Keys[entry.Resource] = entry.Key;
        }
    }

    public BundleIndex Index { get; }

    public IReadOnlyList<FeedEntry> Entries { get; }

    public Dictionary<Resource, string> Keys { get; }

    public static FeedMessage From(Resource root)
    {
        var entries = new List<FeedEntry>();
        if (root is Bundle bundle)
        {
            var number = 0;
            foreach (var entry in bundle.Entry)
            {
                number++;
                if (entry.Resource is { } resource)
                {
                    entries.Add(new FeedEntry(resource, KeyOf(resource, entry.FullUrl, number), number));
                }
            }
        }
        else
        {
            entries.Add(new FeedEntry(root, KeyOf(root, null, 1), 1));
        }

        return new FeedMessage(new BundleIndex(root), entries);
    }

    public FeedEntry EntryOf(Resource resource) => Entries.First(e => ReferenceEquals(e.Resource, resource));

    private static string KeyOf(Resource resource, string? fullUrl, int number) =>
        !string.IsNullOrWhiteSpace(fullUrl) ? fullUrl
        : !string.IsNullOrWhiteSpace(resource.Id) ? $"{resource.TypeName}/{resource.Id}"
        : $"{resource.TypeName}#entry-{number}";
}
