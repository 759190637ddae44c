using InfoSharing.Domain.Ingest;
using InfoSharing.Domain.Relationships;

namespace InfoSharing.Domain.Flags;

/// <summary>
/// Flags about one man with a relationship in force to the child. Every one rests on those relationships, so a
/// relationship that ends withdraws them (inactive) and one undone withdraws them as entered-in-error.
/// </summary>
internal static class LinkedMaleRules
{
    /// <summary>Relationships that make a man a parent for <c>care-leaver-pre-birth</c>: he will be parenting this baby.</summary>
    private static readonly RelationshipType[] ParentTypes =
        [RelationshipType.BiologicalFather, RelationshipType.NonBirthingParent, RelationshipType.MothersPartner];

    public static IEnumerable<Finding> For(LinkedPersonFacts man, InfantPicture picture, FlagCatalogue catalogue)
    {
        var inForce = man.Relationships.Where(r => r.InForce(picture.AsOf)).ToList();
        if (inForce.Count == 0)
        {
            yield break;
        }

        var today = picture.Today;
        var closest = inForce.Min(r => r.Type);
        var links = inForce.Select(Proof.Of).ToList();
        Finding About(string code, IEnumerable<Proof> more, RelationshipType? relationship = null) =>
            new(code, FlagPerson.LinkedMale, man.PersonId, relationship ?? closest, [.. links, .. more]);

        yield return About(FlagRuleCodes.SignificantMaleLinked, []);

        // MARAC listings reach this rule as domestic-abuse-perpetrator indicators (decision 0006), so one kind covers both.
        var abuse = man.Indicators.Counting(today, IndicatorKinds.DomesticAbusePerpetrator).Select(Proof.Of).ToList();
        if (abuse.Count > 0)
        {
            yield return About(FlagRuleCodes.LinkedMaleDomesticAbuse, abuse);
        }

        // Anger management goes with mental health, not domestic abuse: it is not a finding of abuse, and must not
        // carry the restricted label and perpetrator handling; what it calls for is the same conversation about stress,
        // coping and infant crying (ICON) that a mental-health concern does. Self-harm and suicidal intent call for it too,
        // and the flag does not say which of them was recorded: the practitioner needs the concern, not his diagnosis.
        var mentalHealth = man.Indicators.Counting(today, IndicatorKinds.MentalHealth, IndicatorKinds.AngerManagement, IndicatorKinds.SelfHarm).Select(Proof.Of).ToList();
        if (mentalHealth.Count > 0)
        {
            yield return About(FlagRuleCodes.LinkedMaleMentalHealth, mentalHealth);
        }

        var substances = man.Indicators.Counting(today, IndicatorKinds.SubstanceMisuse).Select(Proof.Of).ToList();
        if (substances.Count > 0)
        {
            yield return About(FlagRuleCodes.LinkedMaleSubstanceMisuse, substances);
        }

        var protection = man.Indicators.Counting(today, IndicatorKinds.ChildProtectionHistory).Select(Proof.Of).ToList();
        if (protection.Count > 0)
        {
            yield return About(FlagRuleCodes.LinkedMaleChildProtectionHistory, protection);
        }

        var violence = man.Indicators.Counting(today, IndicatorKinds.ViolentBehaviour).Select(Proof.Of).ToList();
        if (violence.Count > 0)
        {
            yield return About(FlagRuleCodes.LinkedMaleViolence, violence);
        }

        var carer = inForce.Where(r => r.Type == RelationshipType.NonResidentCarer).ToList();
        if (carer.Count > 0)
        {
            yield return new Finding(
                FlagRuleCodes.LinkedMaleNonResidentCarer, FlagPerson.LinkedMale, man.PersonId, RelationshipType.NonResidentCarer, carer.Select(Proof.Of).ToList());
        }

        if (NotSeen(man, inForce, picture, catalogue[FlagRuleCodes.LinkedMaleNotSeen].Parameter("graceDays")))
        {
            yield return About(FlagRuleCodes.LinkedMaleNotSeen, []);
        }

        var parent = inForce.Where(r => ParentTypes.Contains(r.Type)).ToList();
        var careLeaver = man.Indicators.Counting(today, IndicatorKinds.CareLeaver).Select(Proof.Of).ToList();
        if (!picture.IsBorn && parent.Count > 0 && careLeaver.Count > 0)
        {
            yield return new Finding(
                FlagRuleCodes.CareLeaverPreBirth, FlagPerson.LinkedMale, man.PersonId, parent.Min(r => r.Type), [.. parent.Select(Proof.Of), .. careLeaver]);
        }

        // His own child protection history has its flag above; as a parent, being looked after or a child in need is this one.
        var inCare = man.Indicators.Counting(today, IndicatorKinds.LookedAfter, IndicatorKinds.ChildInNeed).Select(Proof.Of).ToList();
        if (parent.Count > 0 && inCare.Count > 0)
        {
            yield return new Finding(
                FlagRuleCodes.ParentKnownToChildrensSocialCare, FlagPerson.LinkedMale, man.PersonId, parent.Min(r => r.Type), [.. parent.Select(Proof.Of), .. inCare]);
        }
    }

    /// <summary>
    /// Not seen: no agency contact has him as subject or present since the pregnancy began (EDD − 280 days, else birth
    /// − 280 days; an undated contact counts as seen), and the grace period since the earliest relationship in force
    /// began has passed, so a man linked today is not flagged before anyone has had a chance to meet him.
    /// </summary>
    private static bool NotSeen(LinkedPersonFacts man, List<RelationshipFact> inForce, InfantPicture picture, int graceDays)
    {
        var linkedOn = inForce.Min(r => r.ValidFrom).Day();
        if (picture.Today < linkedOn.AddDays(graceDays))
        {
            return false;
        }

        var since = (picture.ExpectedDeliveryDate ?? picture.BirthDate)?.AddDays(-280);
        return !picture.Contacts.Any(c => c.Saw(man.PersonId) && (c.Date is null || since is null || c.Date >= since));
    }
}
