using System.Text.Json.Nodes;
using InfoSharing.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace InfoSharing.IntegrationTests.Api;

/// <summary>What the history tests send as agencies, and waiting until the worker has stored it.</summary>
internal static class Publishing
{
    public const string InfantNhs = "9990000034";

    /// <summary>Publishes as an agency JSON feed would (its own broker user, user_id set): the AMQP type names the message.</summary>
    public static async Task PublishJsonAsync(InfraFixture infra, string routingKey, string type, byte[] body, string messageId)
    {
        ArgumentNullException.ThrowIfNull(infra);
        await using var broker = await Broker.ConnectAsync(infra);
        await broker.PublishAsync(routingKey, body, messageId, "application/json", type);
    }

    public static byte[] BirthNotification() => File.ReadAllBytes(Examples.Path("contracts/examples/midwifery/birth-notification.json"));

    /// <summary>
    /// The housing example, about the infant of the birth notification, with the man caring for her being someone
    /// other than the father (a synthetic NHS number of his own).
    /// </summary>
    public static byte[] HousingWithNonResidentCarer(string carerNhs)
    {
        var node = JsonNode.Parse(File.ReadAllBytes(Examples.Path("contracts/examples/housing/household-mother-baby-non-resident-carer.json")))!;
        foreach (var member in node["members"]!.AsArray())
        {
            var person = member!["person"]!;
            switch (member["role"]!.GetValue<string>())
            {
                case "child":
                    person["nhsNumber"] = InfantNhs;
                    person["dateOfBirth"] = "2027-03-12";
                    break;
                case "non-resident-carer":
                    person["nhsNumber"] = carerNhs;
                    person["givenName"] = "Casey";
                    person["familyName"] = "Examplar";
                    break;
            }
        }

        return System.Text.Encoding.UTF8.GetBytes(node.ToJsonString());
    }

    /// <summary>Polls the database until <paramref name="condition"/> holds (the worker has committed).</summary>
    public static async Task WaitForAsync(InfraFixture infra, Func<Data.InfoSharingDbContext, Task<bool>> condition, TimeSpan patience, string what)
    {
        ArgumentNullException.ThrowIfNull(infra);
        var deadline = DateTime.UtcNow + patience;
        while (DateTime.UtcNow < deadline)
        {
            if (await infra.QueryAsync(condition))
            {
                return;
            }

            await Task.Delay(100);
        }

        Assert.Fail($"Timed out waiting for {what}.");
    }

    public static Task<bool> HasRelationshipOfTypeAsync(Data.InfoSharingDbContext db, string type) =>
        db.Relationships.AnyAsync(r => r.Type == type);
}
