namespace InfoSharing.Fuzz;

/// <summary>
/// Makes a crashing input small: removes chunks (halves, then quarters, down to single bytes) as long as the input
/// still crashes with the same <see cref="Crash.Signature"/>. The selector byte is kept.
/// </summary>
public static class Reducer
{
    public static byte[] Reduce(byte[] input, out string? signature)
    {
        ArgumentNullException.ThrowIfNull(input);
        signature = SignatureOf(input);
        if (signature is null)
        {
            return input;
        }

        var current = input;
        for (var chunk = Math.Max(1, (current.Length - 1) / 2); chunk >= 1; chunk = chunk == 1 ? 0 : Math.Max(1, chunk / 2))
        {
            var removedAny = true;
            while (removedAny)
            {
                removedAny = false;
                for (var at = 1; at + chunk <= current.Length;)
                {
                    byte[] candidate = [.. current.AsSpan(0, at), .. current.AsSpan(at + chunk)];
                    if (SignatureOf(candidate) == signature)
                    {
                        current = candidate;
                        removedAny = true;
                    }
                    else
                    {
                        at += chunk;
                    }
                }
            }
        }

        return current;
    }

    private static string? SignatureOf(byte[] input)
    {
        try
        {
            ReaderTarget.Run(input);
            return null;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return new Crash(0, new FuzzInput(input[0], input[1..], "reduce"), ex).Signature;
        }
    }
}
