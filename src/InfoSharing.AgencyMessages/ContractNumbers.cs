using System.Text.Json;

namespace InfoSharing.AgencyMessages;

/// <summary>
/// Every number in an agency message must fit a decimal (about ±7.9e28), checked before the schema evaluator: it
/// compares numbers as decimals (uniqueItems, enum, const) and throws FormatException on a larger one, which the worker
/// would take for a fault of ours. No contract has such a number (the only one, dashScore, is 0 to 24). Found by the
/// fuzzer (bench/InfoSharing.Fuzz).
/// </summary>
internal static class ContractNumbers
{
    /// <exception cref="Domain.Ingest.MessageRejectedException">schema-violation naming the number's path, never its value.</exception>
    public static void Require(JsonElement root)
    {
        // Depth is bounded by the limits guard, but a stack of our own keeps this free of recursion all the same.
        var pending = new Stack<(JsonElement Element, string Pointer)>();
        pending.Push((root, string.Empty));
        while (pending.TryPop(out var next))
        {
            var (element, pointer) = next;
            switch (element.ValueKind)
            {
                case JsonValueKind.Object:
                    foreach (var property in element.EnumerateObject())
                    {
                        pending.Push((property.Value, $"{pointer}/{Escape(property.Name)}"));
                    }

                    break;
                case JsonValueKind.Array:
                    var index = 0;
                    foreach (var item in element.EnumerateArray())
                    {
                        pending.Push((item, $"{pointer}/{index++}"));
                    }

                    break;
                case JsonValueKind.Number when !element.TryGetDecimal(out _):
                    throw MessageJson.Violation(pointer.Length == 0 ? "(root)" : pointer, "a number beyond any the contract allows (more than 28 digits or an exponent out of range)");
            }
        }
    }

    // JSON Pointer (RFC 6901): ~ and / in a name are escaped.
    private static string Escape(string name) => name.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);
}
