namespace InfoSharing.Domain.Flags;

/// <summary>The flag codes the rules raise; each has an entry in Terminology/flag-catalogue.json and the catalogue none other.</summary>
public static class FlagRuleCodes
{
    public const string SignificantMaleLinked = Contracts.FlagCodes.SignificantMaleLinked;
    public const string LinkedMaleDomesticAbuse = "linked-male-domestic-abuse";
    public const string LinkedMaleMentalHealth = "linked-male-mental-health";
    public const string LinkedMaleSubstanceMisuse = "linked-male-substance-misuse";
    public const string LinkedMaleChildProtectionHistory = "linked-male-child-protection-history";
    public const string LinkedMaleViolence = "linked-male-violence";
    public const string ParentKnownToChildrensSocialCare = "parent-known-to-childrens-social-care";
    public const string LinkedMaleNonResidentCarer = "linked-male-non-resident-carer";
    public const string LinkedMaleNotSeen = "linked-male-not-seen";
    public const string CareLeaverPreBirth = "care-leaver-pre-birth";
    public const string WasNotBrought = "was-not-brought";
    /// <summary>Any injury in a baby not yet mobile; the wire code is kept from when the flag covered bruising only.</summary>
    public const string NonMobileInfantBruising = Contracts.FlagCodes.NonMobileInfantInjury;
    public const string AbusivePartnerContactResumed = "abusive-partner-contact-resumed";

    public static IReadOnlyList<string> All { get; } =
    [
        SignificantMaleLinked,
        LinkedMaleDomesticAbuse,
        LinkedMaleMentalHealth,
        LinkedMaleSubstanceMisuse,
        LinkedMaleChildProtectionHistory,
        LinkedMaleViolence,
        ParentKnownToChildrensSocialCare,
        LinkedMaleNonResidentCarer,
        LinkedMaleNotSeen,
        CareLeaverPreBirth,
        WasNotBrought,
        NonMobileInfantBruising,
        AbusivePartnerContactResumed,
    ];
}
