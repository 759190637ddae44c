using InfoSharing.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace InfoSharing.IntegrationTests.Api;

/// <summary>The ids a booking (mother 9990000018, father 9990000026) left behind, for calls that need real ones.</summary>
internal sealed record Scenario(string MessageId, Guid ChildId, Guid MotherId, Guid FatherId, Guid RelationshipId, Guid FlagId)
{
    /// <summary>Publishes the booking example as midwifery and waits until health visiting has its flag.</summary>
    public static async Task<Scenario> BookAsync(InfraFixture infra, Broker agency, string messageId, TimeSpan patience)
    {
        ArgumentNullException.ThrowIfNull(infra);
        ArgumentNullException.ThrowIfNull(agency);
        await agency.PublishAsync("midwifery.fhir", Examples.Booking(), messageId);
        Assert.NotNull(await agency.ReceiveAsync("flags.health-visiting", patience));
        return await infra.QueryAsync(async db =>
        {
            var mother = await db.Persons.SingleAsync(p => p.NhsNumber == Examples.MotherNhs);
            var father = await db.Persons.SingleAsync(p => p.NhsNumber == Examples.FatherNhs);
            var relationship = await db.Relationships.SingleAsync(r => r.PersonId == father.Id);
            var flag = await db.Flags.SingleAsync(f => f.PersonId == father.Id);
            return new Scenario(messageId, relationship.ChildId, mother.Id, father.Id, relationship.Id, flag.Id);
        });
    }
}
