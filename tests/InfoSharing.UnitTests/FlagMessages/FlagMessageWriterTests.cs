using System.Text.Json;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Hl7.Fhir.Validation;
using InfoSharing.Domain.Flags;
using InfoSharing.Domain.Relationships;
using InfoSharing.Fhir.FlagMessages;

namespace InfoSharing.UnitTests.FlagMessages;

internal static class Content
{
    public static readonly Guid FlagId = Guid.Parse("0f1a9000-0000-4000-8000-000000000001");
    public static readonly Guid ChildId = Guid.Parse("0c41d000-0000-4000-8000-000000000002");
    public static readonly Guid ManId = Guid.Parse("0aa11000-0000-4000-8000-000000000003");

    public static FlagMessageContent ForUnbornChild() => new()
    {
        FlagId = FlagId,
        Version = 1,
        Event = "flag-raised",
        Status = "active",
        Code = "significant-male-linked",
        Display = "Father, partner or significant male known for this infant or pregnancy",
        RecommendedAction = "Engage him at the pre-birth and new-birth visits.",
        Sensitivity = FlagSensitivity.Normal,
        Subscriber = "health-visiting",
        MessageId = "flag-message-0001",
        OccurredAt = new DateTimeOffset(2026, 11, 20, 9, 31, 0, TimeSpan.Zero),
        FlagStart = new DateTimeOffset(2026, 11, 20, 9, 31, 0, TimeSpan.Zero),
        Child = new ChildSubject(ChildId, null, "9990000018", new DateOnly(2027, 3, 15)),
        Male = new LinkedMale(ManId, RelationshipType.BiologicalFather, "9990000026", "Jordan", "Samplesby", new DateOnly(1997, 8, 30)),
        Sources = [new EvidenceSource("midwifery", "mw-msg-0001", new DateTimeOffset(2026, 11, 20, 9, 30, 0, TimeSpan.Zero))],
        LinkConfidence = 0.97m,
    };

    /// <summary>Health visiting entitled to every field, on a channel that cannot reach an alleged perpetrator.</summary>
    public static readonly SubscriberEntitlement Everything = new("health-visiting", null, EntitlementFields.All, MayReachAllegedPerpetrator: false);

    public static Bundle Build(FlagMessageContent content) => FlagMessageWriter.Build(content, Everything);

    public static byte[] WriteJson(FlagMessageContent content) => FlagMessageWriter.WriteJson(content, Everything);
}

public sealed class When_a_flag_message_is_written_for_an_unborn_child
{
    private readonly Bundle _bundle = Content.Build(Content.ForUnbornChild());

    private T Single<T>()
        where T : Resource => Assert.Single(_bundle.Entry.Select(e => e.Resource).OfType<T>());

    private string? FullUrlOf(Resource resource) => _bundle.Entry.Single(e => ReferenceEquals(e.Resource, resource)).FullUrl;

    [Fact]
    public void Is_a_message_bundle_with_the_header_first()
    {
        Assert.Equal(Bundle.BundleType.Message, _bundle.Type);
        Assert.IsType<MessageHeader>(_bundle.Entry[0].Resource);
        Assert.Equal(new DateTimeOffset(2026, 11, 20, 9, 31, 0, TimeSpan.Zero), _bundle.Timestamp);
    }

    [Fact]
    public void The_header_focuses_on_the_flag()
    {
        var header = Single<MessageHeader>();

        var focus = Assert.Single(header.Focus);
        Assert.Equal(FullUrlOf(Single<Flag>()), focus.Reference);
        Assert.Equal("flag-raised", ((Coding)header.Event).Code);
        Assert.Equal("health-visiting", Assert.Single(header.Destination).Name);
    }

    [Fact]
    public void Codes_the_flag_as_a_significant_male_safety_flag()
    {
        var flag = Single<Flag>();

        var coding = Assert.Single(flag.Code.Coding);
        Assert.Equal("https://fhir.infosharing.uk/CodeSystem/flag-code", coding.System);
        Assert.Equal("significant-male-linked", coding.Code);
        var category = Assert.Single(Assert.Single(flag.Category).Coding);
        Assert.Equal("http://terminology.hl7.org/CodeSystem/flag-category", category.System);
        Assert.Equal("safety", category.Code);
        Assert.Equal(Flag.FlagStatus.Active, flag.Status);
        Assert.Equal(Content.FlagId.ToString(), flag.Id);
    }

    [Fact]
    public void The_flag_is_about_the_child_and_carries_the_recommended_action()
    {
        var flag = Single<Flag>();

        Assert.Equal(FullUrlOf(Single<Patient>()), flag.Subject.Reference);
        var action = Assert.IsType<FhirString>(flag.GetExtensionValue<FhirString>("https://fhir.infosharing.uk/StructureDefinition/recommended-action"));
        Assert.Equal("Engage him at the pre-birth and new-birth visits.", action.Value);
    }

    [Fact]
    public void Describes_the_unborn_child_by_the_mothers_nhs_number_and_due_date()
    {
        var child = Single<Patient>();

        Assert.Empty(child.Identifier);
        var unborn = Assert.Single(child.Extension);
        Assert.Equal("https://fhir.infosharing.uk/StructureDefinition/unborn-child", unborn.Url);
        var mother = Assert.IsType<Identifier>(unborn.GetExtensionValue<Identifier>("motherNhsNumber"));
        Assert.Equal("https://fhir.nhs.uk/Id/nhs-number", mother.System);
        Assert.Equal("9990000018", mother.Value);
        Assert.Equal("2027-03-15", unborn.GetExtensionValue<Date>("expectedDeliveryDate")?.Value);
    }

    [Fact]
    public void Names_the_man_as_a_related_person_of_the_child()
    {
        var man = Single<RelatedPerson>();

        Assert.Equal(FullUrlOf(Single<Patient>()), man.Patient.Reference);
        Assert.Equal("9990000026", Assert.Single(man.Identifier).Value);
        var name = Assert.Single(man.Name);
        Assert.Equal(["Jordan"], name.Given);
        Assert.Equal("Samplesby", name.Family);
        Assert.Equal("1997-08-30", man.BirthDate);
        Assert.Equal(AdministrativeGender.Male, man.Gender);
        var relationship = Assert.Single(Assert.Single(man.Relationship).Coding);
        Assert.Equal("https://fhir.infosharing.uk/CodeSystem/relationship-type", relationship.System);
        Assert.Equal("biological-father", relationship.Code);
    }

    [Fact]
    public void Has_provenance_that_targets_the_flag_and_names_the_source_agency()
    {
        var provenance = Single<Provenance>();

        Assert.Equal(FullUrlOf(Single<Flag>()), Assert.Single(provenance.Target).Reference);
        var source = Assert.Single(provenance.Entity);
        Assert.Equal(Provenance.ProvenanceEntityRole.Source, source.Role);
        var sourceMessage = Assert.IsType<Identifier>(source.What.Identifier);
        Assert.Equal("https://fhir.infosharing.uk/Id/source-message/midwifery", sourceMessage.System);
        Assert.Equal("mw-msg-0001", sourceMessage.Value);
        Assert.Equal("midwifery message received 2026-11-20T09:30:00Z", source.What.Display);
        var agent = Assert.Single(provenance.Agent);
        Assert.Equal("assembler", Assert.Single(Assert.IsType<CodeableConcept>(agent.Type).Coding).Code);
        Assert.Equal("https://fhir.infosharing.uk/Id/partnership", agent.Who.Identifier?.System);
        Assert.Equal(0.97m, provenance.GetExtensionValue<FhirDecimal>("https://fhir.infosharing.uk/StructureDefinition/link-confidence")?.Value);
    }

    [Fact]
    public void Entry_urls_are_unique_uuids()
    {
        var urls = _bundle.Entry.Select(e => e.FullUrl).ToList();

        Assert.Equal(urls.Count, urls.Distinct(StringComparer.Ordinal).Count());
        Assert.All(urls, url => Assert.Matches("^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", url));
    }

    [Fact]
    public void Writes_the_same_bytes_every_time()
    {
        var first = Content.WriteJson(Content.ForUnbornChild());
        var second = Content.WriteJson(Content.ForUnbornChild());

        Assert.Equal(first, second);
    }

    [Fact]
    public void Writes_different_entry_urls_for_a_different_message()
    {
        var other = Content.Build(Content.ForUnbornChild() with { MessageId = "flag-message-0002" });

        Assert.Empty(_bundle.Entry.Select(e => e.FullUrl).Intersect(other.Entry.Select(e => e.FullUrl)));
    }

    [Fact]
    public void Reads_back_through_the_strict_deserializer_without_issues()
    {
        var json = Content.WriteJson(Content.ForUnbornChild());
        var reader = new Utf8JsonReader(json);

        var ok = new FhirJsonDeserializer(new DeserializerSettings()).TryDeserializeResource(reader, out var resource, out var issues);

        Assert.Empty(issues.Select(i => $"{i.ErrorCode}: {i.Message}"));
        Assert.True(ok);
        Assert.True(_bundle.IsExactly(Assert.IsType<Bundle>(resource)));
    }

    [Fact]
    public void Passes_firely_poco_validation() =>
        Assert.Empty(_bundle.Validate().Select(e => $"{e.ErrorCode} {e.InstancePath}: {e.Message}"));
}

public sealed class When_a_flag_message_breaks_the_fhir_cardinalities
{
    private readonly Bundle _bundle = Content.Build(Content.ForUnbornChild());

    private T Single<T>()
        where T : Resource => _bundle.Entry.Select(e => e.Resource).OfType<T>().Single();

    [Fact]
    public void Firely_validation_reports_a_flag_without_status()
    {
        Single<Flag>().Status = null;

        var error = Assert.Single(_bundle.Validate());
        Assert.Equal("PVAL105", error.ErrorCode);
        Assert.EndsWith(".status", error.InstancePath, StringComparison.Ordinal);
    }

    [Fact]
    public void Firely_validation_reports_a_provenance_without_an_agent()
    {
        Single<Provenance>().Agent.Clear();

        var error = Assert.Single(_bundle.Validate());
        Assert.Equal("PVAL105", error.ErrorCode);
        Assert.EndsWith(".agent", error.InstancePath, StringComparison.Ordinal);
    }
}

public sealed class When_the_flag_is_about_a_born_infant
{
    [Fact]
    public void Identifies_the_child_by_nhs_number_without_the_unborn_extension()
    {
        var content = Content.ForUnbornChild() with { Child = new ChildSubject(Content.ChildId, "9990000034", "9990000018", new DateOnly(2027, 3, 15)) };

        var child = Content.Build(content).Entry.Select(e => e.Resource).OfType<Patient>().Single();

        var nhs = Assert.Single(child.Identifier);
        Assert.Equal("https://fhir.nhs.uk/Id/nhs-number", nhs.System);
        Assert.Equal("9990000034", nhs.Value);
        Assert.Empty(child.Extension);
    }
}

public sealed class When_no_man_is_named
{
    [Fact]
    public void The_bundle_has_no_related_person_and_still_validates()
    {
        var bundle = Content.Build(Content.ForUnbornChild() with { Male = null });

        Assert.Empty(bundle.Entry.Select(e => e.Resource).OfType<RelatedPerson>());
        Assert.Equal(4, bundle.Entry.Count);
        Assert.Empty(bundle.Validate());
    }
}

public sealed class When_the_flag_status_is_unknown
{
    [Fact]
    public void Refuses_to_write() =>
        Assert.Throws<ArgumentException>(() => Content.Build(Content.ForUnbornChild() with { Status = "proposed" }));
}

public sealed class When_a_source_message_was_received_outside_utc
{
    // Bug in FlagMessageWriter.Provenance: the display formats ReceivedAt with a literal 'Z' without converting to UTC,
    // so 10:30+01:00 is written as 10:30Z. Callers today pass timestamptz values from PostgreSQL (offset zero).
    [Fact]
    public void The_provenance_display_gives_the_time_in_utc()
    {
        var content = Content.ForUnbornChild() with
        {
            Sources = [new EvidenceSource("midwifery", "mw-msg-0001", new DateTimeOffset(2026, 11, 20, 10, 30, 0, TimeSpan.FromHours(1)))],
        };

        var provenance = Content.Build(content).Entry.Select(e => e.Resource).OfType<Provenance>().Single();

        Assert.Equal("midwifery message received 2026-11-20T09:30:00Z", Assert.Single(provenance.Entity).What.Display);
    }
}
