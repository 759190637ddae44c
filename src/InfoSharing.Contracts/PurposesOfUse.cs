namespace InfoSharing.Contracts;

/// <summary>One coded reason for reading about people, as a local information-sharing agreement lists them.</summary>
/// <param name="Code">Stable code sent in the <c>X-Purpose-Of-Use</c> header and recorded with every read.</param>
/// <param name="Display">What a person picking it reads.</param>
/// <param name="Description">When it applies, in the agreement's terms.</param>
/// <param name="DetailRequired">True when the caller must also say which case, review or request (the detail header).</param>
public sealed record PurposeOfUseCode(string Code, string Display, string Description, bool DetailRequired);

/// <summary>
/// The purposes of use a caller may state (API header <c>X-Purpose-Of-Use</c>, web sign-in). They follow the lawful
/// purposes of local safeguarding information-sharing agreements in England: direct care, safeguarding enquiries
/// (Children Act 1989 s17 and s47), child safeguarding practice reviews (Children Act 2004 s16C and s16F), audit,
/// information governance, matching review, system support and legal proceedings. Add codes; never change the
/// meaning of one: every read in the audit log keeps the code it was made under.
/// </summary>
public static class PurposesOfUse
{
    public const string DirectCare = "direct-care";
    public const string Safeguarding = "safeguarding";
    public const string PracticeReview = "practice-review";
    public const string Audit = "audit";
    public const string InformationGovernance = "information-governance";
    public const string MatchingReview = "matching-review";
    public const string SystemSupport = "system-support";
    public const string Legal = "legal";

    public static IReadOnlyList<PurposeOfUseCode> All { get; } =
    [
        new(DirectCare, "Direct care", "Care of the child or family by a practitioner who has a legitimate relationship with them.", false),
        new(Safeguarding, "Safeguarding enquiry or assessment", "A child in need assessment or a child protection enquiry (Children Act 1989 s17 or s47), a strategy discussion or a MARAC.", true),
        new(PracticeReview, "Child safeguarding practice review", "A rapid review or local child safeguarding practice review (Children Act 2004 s16C and s16F), or a national review.", true),
        new(Audit, "Audit of decisions and disclosures", "Checking how links were made, which flags were raised and who was told, for the partnership's assurance.", false),
        new(InformationGovernance, "Information governance", "A subject access request, a data protection complaint, a breach investigation or a records request.", true),
        new(MatchingReview, "Matching review", "Deciding whether two records are the same person (the review queue).", false),
        new(SystemSupport, "System support", "An operator investigating a fault or a rejected message.", false),
        new(Legal, "Legal proceedings", "Disclosure for court proceedings or under a court order.", true),
    ];

    private static readonly Dictionary<string, PurposeOfUseCode> ByCode = All.ToDictionary(p => p.Code, StringComparer.Ordinal);

    /// <summary>The coded purpose, or null when the code is not one of <see cref="All"/>.</summary>
    public static PurposeOfUseCode? Find(string? code) => code is not null && ByCode.TryGetValue(code, out var found) ? found : null;
}
