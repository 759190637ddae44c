using System.Text.Json;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using InfoSharing.Fhir.FlagMessages;

namespace InfoSharing.UnitTests.FlagMessages;

public sealed class When_a_flag_is_withdrawn_because_it_no_longer_holds
{
    private static readonly DateTimeOffset Withdrawn = new(2026, 12, 1, 8, 0, 0, TimeSpan.Zero);

    private readonly Bundle _bundle = Content.Build(Content.ForUnbornChild() with
    {
        Version = 2,
        Event = "flag-withdrawn",
        Status = "inactive",
        MessageId = "flag-message-0002",
        OccurredAt = Withdrawn,
    });

    [Fact]
    public void The_flag_is_inactive_and_its_period_ends_when_it_was_withdrawn()
    {
        var flag = _bundle.Single<Flag>();

        Assert.Equal(Flag.FlagStatus.Inactive, flag.Status);
        Assert.Equal("2026-11-20T09:31:00+00:00", flag.Period!.Start);
        Assert.Equal("2026-12-01T08:00:00+00:00", flag.Period!.End);
        Assert.Equal("2", flag.Meta!.VersionId);
    }

    [Fact]
    public void The_header_event_is_flag_withdrawn()
    {
        var coding = Assert.IsType<Coding>(_bundle.Single<MessageHeader>().Event);

        Assert.Equal("https://fhir.infosharing.uk/CodeSystem/flag-event", coding.System);
        Assert.Equal("flag-withdrawn", coding.Code);
        Assert.Equal("Flag withdrawn", coding.Display);
    }

    [Fact]
    public void Validates_and_reads_back_strictly()
    {
        Written.IsValidFhir(_bundle);
        var json = new FhirJsonSerializer().SerializeToBytes(_bundle);
        var ok = new FhirJsonDeserializer(new DeserializerSettings()).TryDeserializeResource(new Utf8JsonReader(json), out _, out var issues);
        Assert.Empty(issues.Select(i => i.Message));
        Assert.True(ok);
    }

    [Fact]
    public void An_explicit_end_is_used_when_given()
    {
        var flag = Content.Build(Content.ForUnbornChild() with
        {
            Event = "flag-withdrawn",
            Status = "inactive",
            OccurredAt = Withdrawn,
            FlagEnd = new DateTimeOffset(2026, 11, 30, 0, 0, 0, TimeSpan.Zero),
        }).Single<Flag>();

        Assert.Equal("2026-11-30T00:00:00+00:00", flag.Period!.End);
    }

    [Fact]
    public void An_end_before_the_start_is_refused() =>
        Assert.Throws<ArgumentException>(() => Content.Build(Content.ForUnbornChild() with
        {
            Event = "flag-withdrawn",
            Status = "inactive",
            FlagEnd = new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero),
        }));
}

public sealed class When_a_flag_is_withdrawn_because_its_link_was_found_wrong
{
    private readonly Bundle _bundle = Content.Build(Content.ForUnbornChild() with { Version = 2, Event = "flag-withdrawn", Status = "entered-in-error" });

    [Fact]
    public void The_flag_is_entered_in_error_with_an_end()
    {
        var flag = _bundle.Single<Flag>();

        Assert.Equal(Flag.FlagStatus.EnteredInError, flag.Status);
        Assert.NotNull(flag.Period!.End);
        Assert.Equal("flag-withdrawn", Assert.IsType<Coding>(_bundle.Single<MessageHeader>().Event).Code);
    }

    [Fact]
    public void The_man_the_wrong_link_named_is_not_named_again() =>
        Assert.Empty(_bundle.Entry.Select(e => e.Resource).OfType<RelatedPerson>());

    [Fact]
    public void Validates() => Written.IsValidFhir(_bundle);
}

public sealed class When_a_flag_about_a_man_is_withdrawn_because_his_link_ended
{
    [Fact]
    public void The_man_is_still_named_so_the_receiver_knows_whose_link_ended() =>
        Assert.Single(Content.Build(Content.ForUnbornChild() with { Version = 2, Event = "flag-withdrawn", Status = "inactive" })
            .Entry.Select(e => e.Resource).OfType<RelatedPerson>());
}

public sealed class When_a_flag_is_updated
{
    private readonly Bundle _bundle = Content.Build(Content.ForUnbornChild() with { Version = 3, Event = "flag-updated", Status = "active" });

    [Fact]
    public void The_flag_stays_active_without_an_end_and_the_header_says_updated()
    {
        var flag = _bundle.Single<Flag>();

        Assert.Equal(Flag.FlagStatus.Active, flag.Status);
        Assert.Null(flag.Period!.End);
        Assert.Equal("3", flag.Meta!.VersionId);
        Assert.Equal("flag-updated", Assert.IsType<Coding>(_bundle.Single<MessageHeader>().Event).Code);
    }

    [Fact]
    public void Validates() => Written.IsValidFhir(_bundle);
}

public sealed class When_the_event_and_the_status_disagree
{
    [Theory]
    [InlineData("flag-raised", "inactive")]
    [InlineData("flag-updated", "entered-in-error")]
    [InlineData("flag-withdrawn", "active")]
    [InlineData("flag-deleted", "inactive")]
    public void Refuses_to_write(string flagEvent, string status) =>
        Assert.Throws<ArgumentException>(() => Content.Build(Content.ForUnbornChild() with { Event = flagEvent, Status = status }));
}
