using System.Text;
using Hl7.Fhir.Model;
using Hl7.Fhir.Validation;
using InfoSharing.Domain.Flags;
using InfoSharing.Fhir.FlagMessages;

namespace InfoSharing.UnitTests.FlagMessages;

internal static class Written
{
    public static T Single<T>(this Bundle bundle)
        where T : Resource => Assert.Single(bundle.Entry.Select(e => e.Resource).OfType<T>());

    public static void IsValidFhir(Bundle bundle) =>
        Assert.Empty(bundle.Validate().Select(e => $"{e.ErrorCode} {e.InstancePath}: {e.Message}"));

    public static SubscriberEntitlement Seeing(params string[] fields) => new("health-visiting", null, fields, MayReachAllegedPerpetrator: false);

    public static FlagMessageContent DomesticAbuse() => Content.ForUnbornChild() with
    {
        Code = FlagRuleCodes.LinkedMaleDomesticAbuse,
        Display = "Linked male: domestic abuse (MARAC or alleged perpetrator)",
        Sensitivity = FlagSensitivity.DomesticAbuse,
        Sources = [new EvidenceSource("marac", "marac-msg-0001", new DateTimeOffset(2026, 11, 19, 14, 0, 0, TimeSpan.Zero))],
    };
}

public sealed class When_a_subscriber_is_entitled_to_no_optional_field
{
    private readonly Bundle _bundle = FlagMessageWriter.Build(Content.ForUnbornChild(), Written.Seeing());

    [Fact]
    public void The_man_is_there_with_his_relationship_but_no_name_birth_date_or_nhs_number()
    {
        var man = _bundle.Single<RelatedPerson>();

        Assert.Empty(man.Name);
        Assert.Null(man.BirthDate);
        Assert.Empty(man.Identifier);
        Assert.Equal("biological-father", Assert.Single(Assert.Single(man.Relationship).Coding).Code);
    }

    [Fact]
    public void The_provenance_names_no_sources_and_no_confidence()
    {
        var provenance = _bundle.Single<Provenance>();

        Assert.Empty(provenance.Entity);
        Assert.Empty(provenance.Extension);
        Assert.NotEmpty(provenance.Agent);
    }

    [Fact]
    public void The_child_is_still_identified() =>
        Assert.Equal("9990000018", _bundle.Single<Patient>().Extension.Single().GetExtensionValue<Identifier>("motherNhsNumber")?.Value);

    [Fact]
    public void Still_validates() => Written.IsValidFhir(_bundle);
}

public sealed class When_a_subscriber_is_entitled_to_some_fields
{
    [Fact]
    public void Only_the_man_s_name_is_written_when_only_his_name_is_allowed()
    {
        var man = FlagMessageWriter.Build(Content.ForUnbornChild(), Written.Seeing(EntitlementFields.ManName)).Single<RelatedPerson>();

        Assert.Equal("Samplesby", Assert.Single(man.Name).Family);
        Assert.Null(man.BirthDate);
        Assert.Empty(man.Identifier);
    }

    [Fact]
    public void Only_his_nhs_number_when_only_that_is_allowed()
    {
        var man = FlagMessageWriter.Build(Content.ForUnbornChild(), Written.Seeing(EntitlementFields.ManNhsNumber)).Single<RelatedPerson>();

        Assert.Equal("9990000026", Assert.Single(man.Identifier).Value);
        Assert.Empty(man.Name);
    }

    [Fact]
    public void Only_his_birth_date_when_only_that_is_allowed()
    {
        var man = FlagMessageWriter.Build(Content.ForUnbornChild(), Written.Seeing(EntitlementFields.ManBirthDate)).Single<RelatedPerson>();

        Assert.Equal("1997-08-30", man.BirthDate);
        Assert.Empty(man.Name);
    }

    [Fact]
    public void Sources_without_the_confidence_when_only_sources_are_allowed()
    {
        var provenance = FlagMessageWriter.Build(Content.ForUnbornChild(), Written.Seeing(EntitlementFields.Sources)).Single<Provenance>();

        Assert.Single(provenance.Entity);
        Assert.Empty(provenance.Extension);
    }

    [Fact]
    public void The_confidence_without_sources_when_only_the_confidence_is_allowed()
    {
        var provenance = FlagMessageWriter.Build(Content.ForUnbornChild(), Written.Seeing(EntitlementFields.LinkConfidence)).Single<Provenance>();

        Assert.Empty(provenance.Entity);
        Assert.Equal(0.97m, provenance.GetExtensionValue<FhirDecimal>("https://fhir.infosharing.uk/StructureDefinition/link-confidence")?.Value);
    }
}

public sealed class When_the_entitlement_is_for_another_subscriber
{
    [Fact]
    public void Refuses_to_write() =>
        Assert.Throws<ArgumentException>(() => FlagMessageWriter.Build(Content.ForUnbornChild(), Content.Everything with { Subscriber = "housing" }));
}

public sealed class When_a_flag_rests_on_no_link
{
    [Fact]
    public void The_provenance_has_no_confidence_and_the_bundle_validates()
    {
        var bundle = Content.Build(Content.ForUnbornChild() with { LinkConfidence = null, Male = null });

        Assert.Empty(bundle.Single<Provenance>().Extension);
        Written.IsValidFhir(bundle);
    }
}

public sealed class When_a_domestic_abuse_flag_is_written_for_health_visiting
{
    private readonly Bundle _bundle = Content.Build(Written.DomesticAbuse());

    [Fact]
    public void The_bundle_and_the_flag_carry_the_restricted_domestic_violence_labels()
    {
        string[] expected =
        [
            "http://terminology.hl7.org/CodeSystem/v3-Confidentiality|R",
            "http://terminology.hl7.org/CodeSystem/v3-ActCode|SDV",
            "http://terminology.hl7.org/CodeSystem/v3-ActCode|NOPAT",
        ];

        Assert.Equal(expected, _bundle.Meta!.Security.Select(c => $"{c.System}|{c.Code}"));
        Assert.Equal(expected, _bundle.Single<Flag>().Meta!.Security.Select(c => $"{c.System}|{c.Code}"));
    }

    [Fact]
    public void A_channel_that_cannot_reach_the_perpetrator_still_gets_the_mother_s_nhs_number_and_the_sources()
    {
        Assert.Equal("9990000018", _bundle.Single<Patient>().Extension.Single().GetExtensionValue<Identifier>("motherNhsNumber")?.Value);
        Assert.Equal("marac-msg-0001", Assert.Single(_bundle.Single<Provenance>().Entity).What!.Identifier!.Value);
    }

    [Fact]
    public void Validates() => Written.IsValidFhir(_bundle);
}

public sealed class When_a_flag_is_not_domestic_abuse_derived
{
    [Fact]
    public void It_carries_no_security_labels()
    {
        var bundle = Content.Build(Content.ForUnbornChild());

        Assert.Null(bundle.Meta);
        Assert.Empty(bundle.Single<Flag>().Meta!.Security);
    }

    [Fact]
    public void A_channel_that_may_reach_a_perpetrator_still_gets_the_mother_s_nhs_number()
    {
        var bundle = FlagMessageWriter.Build(Content.ForUnbornChild(), Content.Everything with { MayReachAllegedPerpetrator = true });

        Assert.Equal("9990000018", bundle.Single<Patient>().Extension.Single().GetExtensionValue<Identifier>("motherNhsNumber")?.Value);
    }
}

public sealed class When_a_domestic_abuse_flag_is_written_for_a_channel_that_may_reach_the_alleged_perpetrator
{
    private static readonly SubscriberEntitlement MayReach = Content.Everything with { MayReachAllegedPerpetrator = true };

    private readonly Bundle _bundle = FlagMessageWriter.Build(Written.DomesticAbuse(), MayReach);

    [Fact]
    public void The_mother_s_nhs_number_appears_nowhere_in_the_message()
    {
        var json = Encoding.UTF8.GetString(FlagMessageWriter.WriteJson(Written.DomesticAbuse(), MayReach));

        Assert.DoesNotContain("9990000018", json, StringComparison.Ordinal);
        Assert.DoesNotContain("motherNhsNumber", json, StringComparison.Ordinal);
    }

    [Fact]
    public void The_provenance_names_no_source_agency()
    {
        var json = Encoding.UTF8.GetString(FlagMessageWriter.WriteJson(Written.DomesticAbuse(), MayReach));

        Assert.Empty(_bundle.Single<Provenance>().Entity);
        Assert.DoesNotContain("marac", json, StringComparison.Ordinal);
    }

    [Fact]
    public void The_unborn_child_is_identified_by_infosharing_s_child_id_and_the_due_date()
    {
        var child = _bundle.Single<Patient>();

        var id = Assert.Single(child.Identifier);
        Assert.Equal("https://fhir.infosharing.uk/Id/child", id.System);
        Assert.Equal(Content.ChildId.ToString(), id.Value);
        Assert.Equal("2027-03-15", child.Extension.Single().GetExtensionValue<Date>("expectedDeliveryDate")?.Value);
    }

    [Fact]
    public void It_still_carries_the_labels_and_validates()
    {
        Assert.Equal(3, _bundle.Meta!.Security.Count);
        Written.IsValidFhir(_bundle);
    }

    [Fact]
    public void A_born_infant_keeps_its_own_nhs_number_and_never_shows_the_mother_s()
    {
        var content = Written.DomesticAbuse() with { Child = new ChildSubject(Content.ChildId, "9990000034", "9990000018", null) };

        var child = FlagMessageWriter.Build(content, MayReach).Single<Patient>();

        Assert.Equal("9990000034", Assert.Single(child.Identifier).Value);
        Assert.Empty(child.Extension);
    }
}

public sealed class When_an_unborn_child_has_no_known_mother_nhs_number
{
    [Fact]
    public void It_is_identified_by_infosharing_s_child_id()
    {
        var bundle = Content.Build(Content.ForUnbornChild() with { Child = new ChildSubject(Content.ChildId, null, null, null) });

        var child = bundle.Single<Patient>();
        Assert.Equal("https://fhir.infosharing.uk/Id/child", Assert.Single(child.Identifier).System);
        Assert.Empty(child.Extension);
        Written.IsValidFhir(bundle);
    }
}
