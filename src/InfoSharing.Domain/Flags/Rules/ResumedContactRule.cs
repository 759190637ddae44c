using InfoSharing.Domain.Ingest;

namespace InfoSharing.Domain.Flags;

/// <summary>
/// <c>abusive-partner-contact-resumed</c>: a man with a domestic-abuse-perpetrator indicator that counts today, who
/// separated from the mother or the child and is in contact again.
/// <list type="bullet">
/// <item>A separation is a day on which a link ended: a relationship of his to this child (not undone) whose ValidTo
/// has passed, or a <see cref="MotherLinkFact"/> whose To is before today (they stopped sharing a household, his
/// relationship to another of her children ended, a MARAC case with her as victim was closed).</item>
/// <item>Contact is resumed by a relationship to this child in force that began after a separation, a link to the
/// mother that began after a separation and still lasts, or an agency contact dated after the latest separation (and
/// not after today) at which he and the mother or the infant were both recorded.</item>
/// </list>
/// The flag rests on the indicators, the separations and the resumptions. A man whose every relationship to the child
/// was undone is not linked to it, and gets no flag here.
/// </summary>
internal static class ResumedContactRule
{
    public static Finding? For(LinkedPersonFacts man, InfantPicture picture)
    {
        var asOf = picture.AsOf;
        var today = picture.Today;
        var standing = man.Relationships.Where(r => !r.Undone).ToList();
        var abuse = man.Indicators.Counting(today, IndicatorKinds.DomesticAbusePerpetrator).ToList();
        if (standing.Count == 0 || abuse.Count == 0)
        {
            return null;
        }

        var separations = standing
            .Where(r => r.Ended(asOf))
            .Select(r => (On: r.ValidTo!.Value.Day(), Proof: Proof.Of(r)))
            .Concat(man.MotherLinks
                .Where(m => m.To is { } to && to < today)
                .Select(m => (On: m.To!.Value, Proof: Proof.Of(m))))
            .ToList();
        if (separations.Count == 0)
        {
            return null;
        }

        var firstSeparation = separations.Min(s => s.On);
        var lastSeparation = separations.Max(s => s.On);
        var family = new[] { picture.MotherPersonId, picture.InfantPersonId }.OfType<Guid>().ToList();
        var resumptions = standing
            .Where(r => r.InForce(asOf) && r.ValidFrom.Day() > firstSeparation)
            .Select(Proof.Of)
            .Concat(man.MotherLinks
                .Where(m => m.From is { } from && from > firstSeparation && from <= today && (m.To is null || m.To >= today))
                .Select(Proof.Of))
            .Concat(picture.Contacts
                .Where(c => c.Date is { } d && d > lastSeparation && d <= today && c.Saw(man.PersonId) && family.Any(c.Saw))
                .Select(Proof.Of))
            .ToList();
        if (resumptions.Count == 0)
        {
            return null;
        }

        var inForce = standing.Where(r => r.InForce(asOf)).ToList();
        var relationship = inForce.Count > 0 ? inForce.Min(r => r.Type) : standing.MaxBy(r => r.ValidTo)!.Type;
        return new Finding(
            FlagRuleCodes.AbusivePartnerContactResumed,
            FlagPerson.LinkedMale,
            man.PersonId,
            relationship,
            [.. abuse.Select(Proof.Of), .. separations.Select(s => s.Proof), .. resumptions]);
    }
}
