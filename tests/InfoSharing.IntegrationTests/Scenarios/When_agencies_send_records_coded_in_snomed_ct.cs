using InfoSharing.Domain.Flags;
using InfoSharing.Domain.Ingest;
using InfoSharing.Domain.Terminology;
using InfoSharing.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace InfoSharing.IntegrationTests.Scenarios;

/// <summary>
/// Each indicator kind that a flag reads, coded as English GP and community systems code it (a local EMIS code first,
/// then SNOMED CT UK from the kind's value set), through the real broker: the negatives (resolved, refuted, entered in
/// error, a family history) raise nothing; the record raises the flag for exactly its default subscribers; a later
/// message resolving the same record (same identifier) withdraws it, and one marking it entered in error withdraws it
/// as entered-in-error.
/// </summary>
public sealed class When_agencies_send_records_coded_in_snomed_ct(InfraFixture infra) : ScenarioTest(infra)
{
    private const int InfantAgeDays = 40;

    /// <summary>kind, whom it is recorded for, the SNOMED CT code (from the kind's built-in value set), the flag it raises, the feed.</summary>
    public static TheoryData<string, string, string, string, string> Kinds => new()
    {
        { IndicatorKinds.MentalHealth, "man", "35489007", FlagRuleCodes.LinkedMaleMentalHealth, "gp.fhir" }, // Depressive disorder
        { IndicatorKinds.SelfHarm, "man", "248062006", FlagRuleCodes.LinkedMaleMentalHealth, "gp.fhir" }, // Self-injurious behavior
        { IndicatorKinds.SubstanceMisuse, "man", "75544000", FlagRuleCodes.LinkedMaleSubstanceMisuse, "gp.fhir" }, // Opioid dependence
        { IndicatorKinds.ViolentBehaviour, "man", "248004009", FlagRuleCodes.LinkedMaleViolence, "gp.fhir" }, // Physical aggression
        { IndicatorKinds.ChildProtectionHistory, "man", "342191000000101", FlagRuleCodes.LinkedMaleChildProtectionHistory, "gp.fhir" }, // Subject to child protection plan
        { IndicatorKinds.LookedAfter, "man", "764841000000100", FlagRuleCodes.ParentKnownToChildrensSocialCare, "gp.fhir" }, // Looked after child
        { IndicatorKinds.ChildInNeed, "mother", "135891007", FlagRuleCodes.ParentKnownToChildrensSocialCare, "gp.fhir" }, // Child in need
        { IndicatorKinds.CareLeaver, "man", "228124000", FlagRuleCodes.CareLeaverPreBirth, "gp.fhir" }, // Child leaving care
        { IndicatorKinds.InfantBruising, "infant", "125667009", FlagRuleCodes.NonMobileInfantBruising, "health-visiting.fhir" }, // Contusion
        { IndicatorKinds.InfantFracture, "infant", "43295006", FlagRuleCodes.NonMobileInfantBruising, "gp.fhir" }, // Closed fracture of humerus
        { IndicatorKinds.InfantBurnOrScald, "infant", "423858006", FlagRuleCodes.NonMobileInfantBruising, "health-visiting.fhir" }, // Scald of skin
        { IndicatorKinds.InfantHeadInjury, "infant", "82271004", FlagRuleCodes.NonMobileInfantBruising, "health-visiting.fhir" }, // Injury of head
    };

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task The_record_raises_its_flag_the_negatives_do_not_and_a_resolution_withdraws_it(string kind, string who, string code, string flag, string routingKey)
    {
        Assert.Contains(IndicatorTerminology.BuiltIn.ValueSets[kind].Codes, c => c.Code == code);
        var patient = await StartFamilyAsync(kind, who);
        var record = new CodedRecord($"{kind}-1", code);

        await SendAsync(routingKey, CodedRecords.About(
            patient,
            new CodedRecord($"{kind}-resolved", code).Resolved(),
            new CodedRecord($"{kind}-refuted", code).Refuted(),
            new CodedRecord($"{kind}-error", code).EnteredInError(),
            new CodedRecord($"{kind}-family", CodedRecords.FamilyHistoryOfAlcoholMisuse)), $"{kind}-negatives");
        await ReadAllQueuesAsync();
        Assert.All(Subscribers, s => Assert.Empty(Received(s, flag)));

        await SendAsync(routingKey, CodedRecords.About(patient, record), $"{kind}-record");
        await ReadAllQueuesAsync();
        var entitled = EntitledTo(flag);
        Assert.All(Subscribers, s => Assert.Equal(entitled.Contains(s) ? ["flag-raised"] : [], Received(s, flag).Select(d => d.Event)));
        if (IndicatorKinds.InfantInjuries.Contains(kind))
        {
            Assert.Contains(IndicatorKinds.InjuryName(kind), Received("health-visiting", flag).Single().Text, StringComparison.Ordinal);
        }

        await SendAsync(routingKey, CodedRecords.About(patient, record.Resolved()), $"{kind}-resolution");
        await ReadAllQueuesAsync();
        Assert.All(entitled, s => Assert.Equal(
            ("flag-withdrawn", Hl7.Fhir.Model.Flag.FlagStatus.Inactive),
            Received(s, flag).Select(d => (d.Event, d.Status)).Last()));
    }

    [Theory]
    [InlineData(IndicatorKinds.MentalHealth, "man", "35489007", FlagRuleCodes.LinkedMaleMentalHealth, "gp.fhir")]
    [InlineData(IndicatorKinds.InfantFracture, "infant", "43295006", FlagRuleCodes.NonMobileInfantBruising, "gp.fhir")]
    public async Task A_record_later_marked_entered_in_error_withdraws_the_flag_as_entered_in_error(string kind, string who, string code, string flag, string routingKey)
    {
        var patient = await StartFamilyAsync(kind, who);
        var record = new CodedRecord($"{kind}-1", code);
        await SendAsync(routingKey, CodedRecords.About(patient, record), $"{kind}-record");

        await SendAsync(routingKey, CodedRecords.About(patient, record.EnteredInError()), $"{kind}-error");

        await ReadAllQueuesAsync();
        Assert.All(EntitledTo(flag), s => Assert.Equal(
            [("flag-raised", Hl7.Fhir.Model.Flag.FlagStatus.Active), ("flag-withdrawn", Hl7.Fhir.Model.Flag.FlagStatus.EnteredInError)],
            Received(s, flag).Select(d => (d.Event, d.Status))));
    }

    [Fact]
    public async Task Two_appointments_the_baby_was_not_brought_to_raise_was_not_brought_and_one_entered_in_error_withdraws_it()
    {
        const string NotBrought = "901441000000108"; // Child not brought to appointment
        var infant = await StartFamilyAsync(IndicatorKinds.WasNotBrought, "infant");
        CodedRecord Missed(string id, int daysAgo) => new(id, NotBrought) { Resource = "Observation", DaysAgo = daysAgo };

        await SendAsync("health-visiting.fhir", CodedRecords.About(infant, Missed("dna-1", 12) with { ObservationStatus = "cancelled" }, Missed("dna-2", 5).EnteredInError()), "dna-negatives");
        await ReadAllQueuesAsync();
        Assert.Empty(Received("health-visiting", FlagRuleCodes.WasNotBrought));

        await SendAsync("health-visiting.fhir", CodedRecords.About(infant, Missed("dna-3", 12), Missed("dna-4", 5)), "dna-twice");
        await ReadAllQueuesAsync();
        Assert.Equal(["flag-raised"], Received("health-visiting", FlagRuleCodes.WasNotBrought).Select(d => d.Event));
        Assert.Equal(["flag-raised"], Received("gp", FlagRuleCodes.WasNotBrought).Select(d => d.Event));

        await SendAsync("health-visiting.fhir", CodedRecords.About(infant, Missed("dna-4", 5).EnteredInError()), "dna-error");
        await ReadAllQueuesAsync();
        Assert.Equal(Hl7.Fhir.Model.Flag.FlagStatus.EnteredInError, Received("health-visiting", FlagRuleCodes.WasNotBrought)[^1].Status);
    }

    [Theory]
    [InlineData(IndicatorKinds.DomesticAbuseVictim, "mother", "879911000000102")] // Victim of domestic abuse
    [InlineData(IndicatorKinds.SafeguardingConcern, "infant", "836881000000105")] // Child is cause for safeguarding concern
    public async Task A_kind_no_flag_reads_is_recorded_and_raises_nothing_new(string kind, string who, string code)
    {
        var patient = await StartFamilyAsync(kind, who);
        await ReadAllQueuesAsync();
        var counts = Subscribers.ToDictionary(s => s, s => ReceivedAll(s).Count);

        await SendAsync(who == "infant" ? "health-visiting.fhir" : "gp.fhir", CodedRecords.About(patient, new CodedRecord($"{kind}-1", code)), $"{kind}-record");

        await ReadAllQueuesAsync();
        Assert.All(Subscribers, s => Assert.Equal(counts[s], ReceivedAll(s).Count));
        Assert.True(await Infra.QueryAsync(db => db.RiskIndicators.AnyAsync(i => i.Kind == kind && i.Code == code)));
    }

    [Theory]
    [InlineData(IndicatorKinds.AngerManagement, "man", FlagRuleCodes.LinkedMaleMentalHealth)]
    [InlineData(IndicatorKinds.InfantSwelling, "infant", FlagRuleCodes.NonMobileInfantBruising)]
    public async Task A_kind_with_no_national_codes_yet_is_raised_by_infosharings_own_code(string kind, string who, string flag)
    {
        Assert.Empty(IndicatorTerminology.BuiltIn.ValueSets[kind].Codes);
        var patient = await StartFamilyAsync(kind, who);

        await SendAsync(who == "infant" ? "health-visiting.fhir" : "gp.fhir", CodedRecords.About(patient, new CodedRecord($"{kind}-1", kind, Contracts.FhirUrls.IndicatorCodeSystem)), $"{kind}-record");

        await ReadAllQueuesAsync();
        Assert.All(EntitledTo(flag), s => Assert.Equal(["flag-raised"], Received(s, flag).Select(d => d.Event)));
    }

    /// <summary>The family as the midwife first recorded it: a booking (unborn child) for a care leaver, else a birth notification.</summary>
    private async Task<CodedPatient> StartFamilyAsync(string kind, string who)
    {
        await StartPartnershipWorkerAsync();
        if (kind == IndicatorKinds.CareLeaver)
        {
            await SendAsync("midwifery.fhir", Examples.Booking(), "booking");
        }
        else
        {
            await SendAsync("midwifery.fhir", ScenarioMessages.BirthNotification(InfantAgeDays), "birth");
        }

        return who switch
        {
            "man" => CodedPatient.Man,
            "mother" => CodedPatient.Mother,
            _ => CodedPatient.Infant(InfantAgeDays),
        };
    }

    /// <summary>The subscribers of the scenario worker that receive the flag: its catalogue defaults (housing takes only the two flags it is configured for).</summary>
    private static List<string> EntitledTo(string flag) =>
        FlagCatalogue.Default[flag].DefaultSubscribers.Where(s => s != "housing").ToList();
}
