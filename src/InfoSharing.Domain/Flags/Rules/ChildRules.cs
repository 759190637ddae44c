using InfoSharing.Domain.Ingest;

namespace InfoSharing.Domain.Flags;

/// <summary>Flags about the child itself, or the mother, that rest on no man's relationship.</summary>
internal static class ChildRules
{
    public static IEnumerable<Finding> For(InfantPicture picture, FlagCatalogue catalogue)
    {
        var today = picture.Today;

        var careLeaver = picture.MotherIndicators.Counting(today, IndicatorKinds.CareLeaver).Select(Proof.Of).ToList();
        if (!picture.IsBorn && picture.MotherPersonId is { } mother && careLeaver.Count > 0)
        {
            yield return new Finding(FlagRuleCodes.CareLeaverPreBirth, FlagPerson.Mother, mother, null, careLeaver);
        }

        var known = picture.MotherIndicators
            .Counting(today, IndicatorKinds.LookedAfter, IndicatorKinds.ChildInNeed, IndicatorKinds.ChildProtectionHistory)
            .Select(Proof.Of)
            .ToList();
        if (picture.MotherPersonId is { } parent && known.Count > 0)
        {
            yield return new Finding(FlagRuleCodes.ParentKnownToChildrensSocialCare, FlagPerson.Mother, parent, null, known);
        }

        if (!picture.IsBorn)
        {
            yield break;
        }

        var notBrought = WasNotBrought(picture, catalogue[FlagRuleCodes.WasNotBrought]);
        if (notBrought.Count > 0)
        {
            yield return new Finding(FlagRuleCodes.WasNotBrought, FlagPerson.Child, null, null, notBrought);
        }

        var months = catalogue[FlagRuleCodes.NonMobileInfantBruising].Parameter("nonMobileMonths");
        var injuries = picture.InfantIndicators
            .Counting(today, IndicatorKinds.InfantInjuries)
            .Where(i => NotYetMobile(picture.BirthDate, i.From ?? today, months))
            .ToList();
        if (injuries.Count > 0)
        {
            // The message names each injury recorded (bruising, fracture...); an untyped one only when no typed one is known.
            var typed = injuries.Select(i => i.Kind).Where(k => k != IndicatorKinds.InfantInjury).Distinct(StringComparer.Ordinal).ToList();
            var named = IndicatorKinds.InfantInjuries.Where(k => typed.Count == 0 ? k == IndicatorKinds.InfantInjury : typed.Contains(k)).ToList();
            yield return new Finding(FlagRuleCodes.NonMobileInfantBruising, FlagPerson.Child, null, null, injuries.Select(Proof.Of).ToList()) { Details = named };
        }
    }

    /// <summary>
    /// Under <paramref name="months"/> months old on the day of the injury. Without a birth date the infant is taken as
    /// not yet mobile: missing an injured baby costs more than one needless check.
    /// </summary>
    private static bool NotYetMobile(DateOnly? birthDate, DateOnly injuredOn, int months) =>
        birthDate is not { } born || injuredOn < born.AddMonths(months);

    /// <summary>
    /// Appointments the infant was not brought to (a not-attended appointment, or an active was-not-brought indicator,
    /// dated) in the window ending today; two on the same day count once, since two agencies often record one missed
    /// appointment. Empty unless there are at least the catalogue's minimum.
    /// </summary>
    private static List<Proof> WasNotBrought(InfantPicture picture, FlagDefinition definition)
    {
        var today = picture.Today;
        var windowStart = today.AddDays(-definition.Parameter("windowDays"));
        bool InWindow(DateOnly? date) => date is { } d && d > windowStart && d <= today;

        var missed = picture.InfantAppointments
            .Where(a => a.NotAttended && InWindow(a.Date))
            .Select(a => (Date: a.Date!.Value, Proof: Proof.Of(a)))
            .Concat(picture.InfantIndicators
                .Where(i => i.Active && !i.EnteredInError && i.Kind == IndicatorKinds.WasNotBrought && InWindow(i.From))
                .Select(i => (Date: i.From!.Value, Proof: Proof.Of(i))))
            .ToList();
        return missed.Select(m => m.Date).Distinct().Count() >= definition.Parameter("minimum")
            ? missed.Select(m => m.Proof).ToList()
            : [];
    }
}
