namespace InfoSharing.Matching.Blocking;

/// <summary>
/// 64-bit FNV-1a of a blocking key; 0 means "no key". A collision only adds a spurious candidate, which the
/// comparisons then score as a non-match: it can never lose a true pair.
/// </summary>
internal static class KeyHash
{
    public static ulong Of(string? key)
    {
        if (key is null)
        {
            return 0;
        }

        var hash = 14695981039346656037UL;
        foreach (var c in key)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        return hash == 0 ? 1 : hash;
    }
}
