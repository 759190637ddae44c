using System.Text.RegularExpressions;
using InfoSharing.Contracts;
using InfoSharing.Domain.People;
using InfoSharing.Domain.Relationships;

namespace InfoSharing.Domain.Terminology;

/// <summary>
/// What of an unmapped coding may be counted. A code system and a code are terminology, not personal data, but a
/// hostile or careless sender can put anything in them: only the shapes a code system URI and a code have are kept,
/// anything else is counted under a placeholder that says why. A SNOMED CT code must be a valid identifier, and a
/// number that passes the NHS number check is never kept.
/// </summary>
public static partial class UnmappedCodes
{
    public const string UnreadableSystem = "(unreadable code system)";
    public const string UnreadableCode = "(unreadable code)";
    public const string NotSnomedIdentifier = "(not a SNOMED CT identifier)";
    public const string LooksLikeNhsNumber = "(a number that passes the NHS number check)";

    /// <summary>Counted when an agency has more distinct unmapped codes than the store keeps.</summary>
    public const string Other = "(other)";

    private const int MaxSystemLength = 200;

    /// <summary>The (system, code) to count for a coding that matched no value set.</summary>
    public static RelationshipCode Normalise(RelationshipCode coding)
    {
        var system = coding.System?.Trim() ?? string.Empty;
        var code = coding.Code?.Trim() ?? string.Empty;
        if (system.Length > MaxSystemLength || !SystemShape().IsMatch(system))
        {
            return new RelationshipCode(UnreadableSystem, UnreadableCode);
        }

        if (NhsNumber.HasValidCheckDigit(code))
        {
            return new RelationshipCode(system, LooksLikeNhsNumber);
        }

        if (system == FhirUrls.SnomedCt)
        {
            return new RelationshipCode(system, SnomedIdentifier.IsValid(code) ? code : NotSnomedIdentifier);
        }

        return new RelationshipCode(system, CodeShape().IsMatch(code) ? code : UnreadableCode);
    }

    /// <summary>Each distinct normalised coding with how many times it occurs.</summary>
    public static IReadOnlyList<(RelationshipCode Coding, int Count)> Tally(IEnumerable<RelationshipCode> codings) =>
        codings.Select(Normalise)
            .GroupBy(c => c)
            .Select(g => (g.Key, g.Count()))
            .OrderBy(g => g.Key.System, StringComparer.Ordinal)
            .ThenBy(g => g.Key.Code, StringComparer.Ordinal)
            .ToList();

    // A URI or URN without query, fragment or spaces: http://snomed.info/sct, urn:oid:2.16.840.1.113883.6.96, a local system's URL.
    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9+.\-]*:[A-Za-z0-9:/._~%\-]+$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex SystemShape();

    [GeneratedRegex(@"^[A-Za-z0-9._:\-]{1,64}$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex CodeShape();
}
