using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using InfoSharing.Data.Ingest;
using InfoSharing.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace InfoSharing.IntegrationTests.Ingest;

public sealed class When_midwifery_books_a_mother_with_the_babys_father(InfraFixture infra) : IntegrationTest(infra)
{
    [Fact]
    public async System.Threading.Tasks.Task Health_visiting_receives_one_flag_naming_him_for_the_unborn_child()
    {
        await StartWorkerAsync();
        var booking = Examples.Booking();

        await Agency.PublishAsync("midwifery.fhir", booking, "booking-0001");

        var flag = await Agency.ReceiveAsync("flags.health-visiting", Patience);
        Assert.NotNull(flag);
        Assert.Equal("flag-raised", flag.Type);
        Assert.Equal("application/fhir+json", flag.ContentType);
        Assert.Matches("^flag-[0-9a-f]{32}-v1-health-visiting$", flag.MessageId);

        var deserializer = new FhirJsonDeserializer(new DeserializerSettings());
        Assert.True(deserializer.TryDeserializeResource(flag.Text, out var resource, out var issues), string.Join("; ", issues ?? []));
        var bundle = Assert.IsType<Bundle>(resource);
        Assert.Equal(Bundle.BundleType.Message, bundle.Type);
        var header = Assert.IsType<MessageHeader>(bundle.Entry[0].Resource);
        Assert.Equal("health-visiting", header.Destination.Single().Name);
        var fhirFlag = bundle.Entry.Select(e => e.Resource).OfType<Flag>().Single();
        Assert.Equal("significant-male-linked", fhirFlag.Code.Coding.Single().Code);
        Assert.Equal(Flag.FlagStatus.Active, fhirFlag.Status);
        var child = bundle.Entry.Select(e => e.Resource).OfType<Patient>().Single();
        var unborn = child.Extension.Single(e => e.Url == "https://fhir.infosharing.uk/StructureDefinition/unborn-child");
        Assert.Equal(Examples.MotherNhs, Assert.IsType<Identifier>(unborn.Extension.Single(e => e.Url == "motherNhsNumber").Value).Value);
        Assert.Equal("2027-03-15", Assert.IsType<Date>(unborn.Extension.Single(e => e.Url == "expectedDeliveryDate").Value).Value);
        var man = bundle.Entry.Select(e => e.Resource).OfType<RelatedPerson>().Single();
        Assert.Equal(Examples.FatherNhs, man.Identifier.Single().Value);
        Assert.Equal("biological-father", man.Relationship.Single().Coding.Single().Code);
        Assert.Null(await Agency.ReceiveAsync("flags.health-visiting", TimeSpan.FromMilliseconds(500)));
    }

    [Fact]
    public async System.Threading.Tasks.Task Stores_the_source_message_unchanged_and_links_the_man_to_the_unborn_child()
    {
        await StartWorkerAsync();
        var booking = Examples.Booking();

        await Agency.PublishAsync("midwifery.fhir", booking, "booking-0002");
        Assert.NotNull(await Agency.ReceiveAsync("flags.health-visiting", Patience));

        var stored = await Infra.QueryAsync(db => db.InboundMessages.SingleAsync());
        Assert.Equal(booking, stored.Body);
        Assert.Equal(("midwifery", "booking-0002", InboundStatus.Accepted), (stored.Agency, stored.MessageId, stored.Status));

        var relationship = await Infra.QueryAsync(db => db.Relationships.Include(r => r.Evidence).SingleAsync());
        Assert.Equal("biological-father", relationship.Type);
        Assert.Equal("midwifery-stated-unborn-child", relationship.Rule);
        var evidence = Assert.Single(relationship.Evidence);
        Assert.Equal((stored.Id, "NFTHF"), (evidence.InboundMessageId, evidence.Code));

        var father = await Infra.QueryAsync(db => db.Persons.SingleAsync(p => p.Id == relationship.PersonId));
        Assert.Equal(Examples.FatherNhs, father.NhsNumber);
        var child = await Infra.QueryAsync(db => db.Children.SingleAsync());
        Assert.Equal(new DateOnly(2027, 3, 15), child.ExpectedDeliveryDate);
        var disclosure = await Infra.QueryAsync(db => db.Disclosures.SingleAsync());
        Assert.Equal("health-visiting", disclosure.Subscriber);
    }

    [Fact]
    public async System.Threading.Tasks.Task Two_bookings_naming_the_same_father_at_once_resolve_him_to_one_person()
    {
        await StartWorkerAsync(("Messaging:ConsumerConcurrency", "8"), ("Messaging:Prefetch", "16"));
        const int mothers = 12;
        for (var i = 0; i < mothers; i++)
        {
            await Agency.PublishAsync("midwifery.fhir", Examples.Booking(Examples.SyntheticNhs(i), Examples.FatherNhs), $"race-{i}");
        }

        await Agency.ReceiveManyAsync("flags.health-visiting", mothers, Patience);
        var fathers = await Infra.QueryAsync(db => db.Persons.CountAsync(p => p.NhsNumber == Examples.FatherNhs));
        Assert.Equal(1, fathers);
        Assert.Equal(mothers, await Infra.QueryAsync(db => db.Children.CountAsync()));
        Assert.Equal(mothers, await Infra.QueryAsync(db => db.InboundMessages.CountAsync()));
    }
}
