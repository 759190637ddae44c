using System.Text;
using InfoSharing.Data.Ingest;
using InfoSharing.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace InfoSharing.IntegrationTests.Ingest;

public sealed class When_bad_messages_arrive_before_a_good_one(InfraFixture infra) : IntegrationTest(infra)
{
    private const string MotherlessBundle = """
        {"resourceType":"Bundle","type":"message","entry":[
          {"fullUrl":"urn:uuid:00000000-0000-0000-0000-000000000001",
           "resource":{"resourceType":"Observation","status":"final",
             "code":{"coding":[{"system":"http://loinc.org","code":"11778-8"}]},"valueDateTime":"2027-01-01"}}]}
        """;

    public static TheoryData<string, string, string> BadMessages => new()
    {
        { "not-json", "{\"resourceType\": \"Bundle\", ", "invalid-json" },
        { "not-fhir", "{\"hello\": \"world\"}", "invalid-fhir" },
        { "bad-fhir", "{\"resourceType\":\"Patient\",\"gender\":\"female\",\"birthDate\":\"1st of May\"}", "invalid-fhir" },
        { "no-mother", MotherlessBundle, "mother-missing" },
        { "wrong-resource", "{\"resourceType\":\"CodeSystem\",\"status\":\"active\",\"content\":\"complete\"}", "unsupported-resource-type" },
    };

    [Theory]
    [MemberData(nameof(BadMessages))]
    public async Task Each_is_rejected_with_its_reason_and_the_good_one_is_processed(string messageId, string body, string expectedCode)
    {
        await StartWorkerAsync(("Messaging:ConsumerConcurrency", "1"), ("Messaging:Prefetch", "1"));
        var bytes = Encoding.UTF8.GetBytes(body);

        await Agency.PublishAsync("midwifery.fhir", bytes, messageId);
        await Agency.PublishAsync("midwifery.fhir", Examples.Booking(), "good-after-" + messageId);

        var rejected = await Agency.ReceiveAsync("ingest.rejected.midwifery", Patience);
        Assert.NotNull(rejected);
        Assert.Equal(bytes, rejected.Body);
        Assert.Equal(messageId, rejected.MessageId);
        Assert.Equal(expectedCode, rejected.Headers["x-infosharing-error-code"]);
        Assert.False(string.IsNullOrWhiteSpace(rejected.Headers["x-infosharing-error"]));
        Assert.NotNull(await Agency.ReceiveAsync("flags.health-visiting", Patience));

        var stored = await Infra.QueryAsync(db => db.InboundMessages.SingleAsync(m => m.MessageId == messageId));
        Assert.Equal((InboundStatus.Rejected, expectedCode), (stored.Status, stored.ErrorCode));
        Assert.Equal(rejected.Headers["x-infosharing-error"], stored.Error);
        Assert.Equal(0, await Infra.QueryAsync(db => db.PersonRecords.CountAsync(r => r.InboundMessageId == stored.Id)));
    }

    [Fact]
    public async Task An_invalid_fhir_reason_names_the_element_but_not_the_value()
    {
        await StartWorkerAsync();
        await Agency.PublishAsync("midwifery.fhir", Encoding.UTF8.GetBytes("{\"resourceType\":\"Patient\",\"birthDate\":\"Smith\"}"), "bad-date");

        var rejected = await Agency.ReceiveAsync("ingest.rejected.midwifery", Patience);
        Assert.NotNull(rejected);
        Assert.Contains("Patient.birthDate", rejected.Headers["x-infosharing-error"], StringComparison.Ordinal);
        Assert.DoesNotContain("Smith", rejected.Headers["x-infosharing-error"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_message_without_a_message_id_is_rejected()
    {
        await StartWorkerAsync();
        await Agency.PublishAsync("midwifery.fhir", Examples.Booking(), messageId: null);

        var rejected = await Agency.ReceiveAsync("ingest.rejected.midwifery", Patience);
        Assert.NotNull(rejected);
        Assert.Equal("missing-message-id", rejected.Headers["x-infosharing-error-code"]);
        Assert.Equal(0, await Infra.QueryAsync(db => db.Relationships.CountAsync()));
    }

    [Fact]
    public async Task An_oversized_message_is_rejected_without_storing_or_returning_its_body()
    {
        await StartWorkerAsync(("Messaging:MaxMessageBytes", "8192"));
        var huge = Encoding.UTF8.GetBytes("{\"resourceType\":\"Bundle\",\"type\":\"message\",\"id\":\"" + new string('x', 20_000) + "\"}");
        await Agency.PublishAsync("midwifery.fhir", huge, "too-big");

        var rejected = await Agency.ReceiveAsync("ingest.rejected.midwifery", Patience);
        Assert.NotNull(rejected);
        Assert.Equal("message-too-large", rejected.Headers["x-infosharing-error-code"]);
        Assert.Equal("true", rejected.Headers["x-infosharing-body-omitted"]);
        Assert.Empty(rejected.Body);
        var stored = await Infra.QueryAsync(db => db.InboundMessages.SingleAsync(m => m.MessageId == "too-big"));
        Assert.Empty(stored.Body);
        Assert.Equal(0, await Infra.QueryAsync(db => db.Outbox.CountAsync(o => o.Body.Length > 0)));
    }

    [Fact]
    public async Task A_content_type_the_feed_does_not_take_is_rejected()
    {
        await StartWorkerAsync(("Messaging:ConsumerConcurrency", "1"), ("Messaging:Prefetch", "1"));
        await Agency.PublishAsync("midwifery.fhir", Examples.Booking(), "as-text", contentType: "text/plain");
        await Agency.PublishAsync("midwifery.fhir", Examples.Booking(), "as-fhir-json");

        var rejected = await Agency.ReceiveAsync("ingest.rejected.midwifery", Patience);
        Assert.NotNull(rejected);
        Assert.Equal(("as-text", "unsupported-content-type"), (rejected.MessageId, rejected.Headers["x-infosharing-error-code"]));
        Assert.NotNull(await Agency.ReceiveAsync("flags.health-visiting", Patience));
    }

    [Fact]
    public async Task A_routing_key_for_a_kind_the_agency_does_not_send_is_rejected()
    {
        await StartWorkerAsync();
        await Agency.PublishAsync("midwifery.household", Examples.Booking(), "wrong-kind");

        var rejected = await Agency.ReceiveAsync("ingest.rejected.midwifery", Patience);
        Assert.NotNull(rejected);
        Assert.Equal("unknown-routing-key", rejected.Headers["x-infosharing-error-code"]);
    }

    [Fact]
    public async Task A_message_for_an_agency_nobody_configured_is_rejected_not_dropped()
    {
        await StartWorkerAsync();
        await Agency.PublishAsync("police.fhir", Examples.Booking(), "no-such-agency");

        var rejected = await Agency.ReceiveAsync("ingest.rejected.unrouted", Patience);
        Assert.NotNull(rejected);
        Assert.Equal("unknown-routing-key", rejected.Headers["x-infosharing-error-code"]);
        Assert.Equal(Examples.Booking(), rejected.Body);
        var stored = await Infra.QueryAsync(db => db.InboundMessages.SingleAsync(m => m.MessageId == "no-such-agency"));
        Assert.Equal(("police", InboundStatus.Rejected), (stored.Agency, stored.Status));
    }

    [Fact]
    public async Task A_message_without_user_id_is_rejected_by_default()
    {
        await StartWorkerAsync();
        await Agency.PublishAsAsync("midwifery", setUserId: false, "midwifery.fhir", Examples.Booking(), "anonymous-sender");

        var rejected = await Agency.ReceiveAsync("ingest.rejected.midwifery", Patience);
        Assert.NotNull(rejected);
        Assert.Equal("missing-user-id", rejected.Headers["x-infosharing-error-code"]);
    }
}
