using System.Text.Json.Nodes;
using InfoSharing.IntegrationTests.Api;
using InfoSharing.IntegrationTests.Infrastructure;

namespace InfoSharing.IntegrationTests.People;

/// <summary>A man as an agency describes him, without an NHS number unless given.</summary>
internal sealed record Man(string LocalId, string Given, string Family, string BirthDate, string? Postcode = null, string? Nhs = null);

/// <summary>What the person index tests send: a midwifery booking naming the father, and a housing occupant.</summary>
internal static class PersonMessages
{
    public const string HousingType = "housing.household-changed.v1";

    /// <summary>The booking example (mother 9990000018) with the father as given.</summary>
    public static byte[] BookingNaming(Man father)
    {
        var node = JsonNode.Parse(Examples.Booking())!;
        foreach (var entry in node["entry"]!.AsArray())
        {
            var resource = entry!["resource"]!;
            if (resource["resourceType"]!.GetValue<string>() is "RelatedPerson")
            {
                resource["id"] = father.LocalId;
                if (father.Nhs is null)
                {
                    resource.AsObject().Remove("identifier");
                }
                else
                {
                    resource["identifier"]![0]!["value"] = father.Nhs;
                }

                resource["name"] = new JsonArray(new JsonObject { ["family"] = father.Family, ["given"] = new JsonArray(father.Given) });
                resource["birthDate"] = father.BirthDate;
            }
        }

        return System.Text.Encoding.UTF8.GetBytes(node.ToJsonString());
    }

    /// <summary>A housing household of one occupant.</summary>
    public static byte[] HousingOccupant(string householdRef, Man man)
    {
        var person = new JsonObject
        {
            ["personId"] = man.LocalId,
            ["givenName"] = man.Given,
            ["familyName"] = man.Family,
            ["dateOfBirth"] = man.BirthDate,
            ["sex"] = "male",
        };
        if (man.Nhs is not null)
        {
            person["nhsNumber"] = man.Nhs;
        }

        var node = new JsonObject
        {
            ["householdRef"] = householdRef,
            ["recordedAt"] = "2025-07-10T14:00:00+01:00",
            ["changeReason"] = "member-moved-in",
            ["tenancy"] = new JsonObject { ["type"] = "assured", ["startDate"] = "2022-03-01" },
            ["address"] = new JsonObject { ["lines"] = new JsonArray("12 Sample Street"), ["town"] = "Northtown", ["postcode"] = man.Postcode ?? "ZZ1 3CC" },
            ["members"] = new JsonArray(new JsonObject { ["role"] = "occupant", ["from"] = "2025-07-01", ["person"] = person }),
        };
        return System.Text.Encoding.UTF8.GetBytes(node.ToJsonString());
    }

    public static Task PublishHousingAsync(InfraFixture infra, string messageId, string householdRef, Man man) =>
        Publishing.PublishJsonAsync(infra, "housing.household", HousingType, HousingOccupant(householdRef, man), messageId);

    public static Task WaitForMessagesAsync(InfraFixture infra, int count, TimeSpan patience) =>
        Publishing.WaitForAsync(infra, async db => await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.CountAsync(db.InboundMessages) >= count, patience, $"{count} stored messages");
}
