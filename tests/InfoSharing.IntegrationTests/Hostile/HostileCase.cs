using System.Text;
using System.Text.Json.Nodes;
using InfoSharing.IntegrationTests.Infrastructure;
using InfoSharing.Tests.Shared;

namespace InfoSharing.IntegrationTests.Hostile;

/// <summary>A hostile message as an agency's compromised system could send it, and the rejection code it must get.</summary>
public sealed record HostileCase(string Name, string RoutingKey, Func<byte[]> Body, string ContentType, string? Type, string Code)
{
    public override string ToString() => Name;

    public string Agency => RoutingKey.Split('.')[0];

    /// <summary>A valid message of the same feed, sent next on the same queue.</summary>
    public (byte[] Body, string ContentType, string? Type) Follower() => Agency switch
    {
        "gp" => (File.ReadAllBytes(Examples.Path("contracts/examples/gp/man-registration-with-indicators.json")), "application/fhir+json", null),
        "housing" => (File.ReadAllBytes(Examples.Path("contracts/examples/housing/household-partner-moved-in.json")), "application/json", "housing.household-changed.v1"),
        _ => (Examples.Booking(), "application/fhir+json", null),
    };

    public static IReadOnlyList<HostileCase> All { get; } =
    [
        new("deep-xml", "gp.fhir", () => HostileBodies.DeepXml(), "application/fhir+xml", null, "nesting-too-deep"),
        new("deep-json", "midwifery.fhir", () => HostileBodies.DeepJson(), "application/fhir+json", null, "nesting-too-deep"),
        new("deep-agency-json", "housing.household", () => Encoding.UTF8.GetBytes("{\"householdRef\":" + new string('[', 50_000) + new string(']', 50_000) + "}"), "application/json", "housing.household-changed.v1", "nesting-too-deep"),
        new("wide-json", "midwifery.fhir", () => HostileBodies.ManyValuesJson(100_500), "application/fhir+json", null, "too-many-elements"),
        new("wide-xml", "gp.fhir", () => HostileBodies.ManyElementsXml(100_500), "application/fhir+xml", null, "too-many-elements"),
        new("entity-expansion", "gp.fhir", HostileBodies.EntityExpansionXml, "application/fhir+xml", null, "invalid-xml"),
        new("external-entity", "gp.fhir", HostileBodies.ExternalEntityXml, "application/fhir+xml", null, "invalid-xml"),
        new("huge-bundle", "gp.fhir", () => HostileBodies.BundleOf(1_001, n => $"{{\"resourceType\":\"Basic\",\"id\":\"b{n}\",\"code\":{{\"text\":\"x\"}}}}"), "application/fhir+json", null, "too-many-entries"),
        new("many-people", "gp.fhir", () => HostileBodies.BundleOf(101), "application/fhir+json", null, "too-many-persons"),
        new("invalid-utf8", "midwifery.fhir", () => Encoding.Latin1.GetBytes(Encoding.UTF8.GetString(Examples.Booking()).Replace("Testwood", "Testw\u00f6od", StringComparison.Ordinal)), "application/fhir+json", null, "invalid-encoding"),
        new("nul-escape", "midwifery.fhir", () => BookingWithMotherFamily("Test\u0000wood"), "application/fhir+json", null, "invalid-encoding"),
        new("homoglyph-name", "midwifery.fhir", () => BookingWithMotherFamily("\uff34estwood"), "application/fhir+json", null, "suspicious-characters"),
        new("mixed-script-name", "midwifery.fhir", () => BookingWithMotherFamily("T\u0435stwood"), "application/fhir+json", null, "suspicious-characters"),
        new("bidi-override-name", "housing.household", HousingWithHiddenDirection, "application/json", "housing.household-changed.v1", "suspicious-characters"),
        new("wrong-content-type", "midwifery.fhir", Examples.Booking, "text/html", null, "unsupported-content-type"),
        new("xml-sent-as-json", "gp.fhir", () => File.ReadAllBytes(Examples.Path("contracts/examples/gp/rcgp-safeguarding-codes.xml")), "application/fhir+json", null, "invalid-json"),
        new("oversized", "midwifery.fhir", () => Encoding.UTF8.GetBytes("{\"resourceType\":\"Patient\",\"id\":\"" + new string('x', 1_100_000) + "\"}"), "application/fhir+json", null, "message-too-large"),
    ];

    private static byte[] BookingWithMotherFamily(string family)
    {
        var node = JsonNode.Parse(Examples.Booking())!;
        var mother = node["entry"]!.AsArray().Select(e => e!["resource"]!).First(r => r["resourceType"]!.GetValue<string>() == "Patient");
        mother["name"]![0]!["family"] = family;
        return Encoding.UTF8.GetBytes(node.ToJsonString());
    }

    private static byte[] HousingWithHiddenDirection()
    {
        var node = JsonNode.Parse(File.ReadAllBytes(Examples.Path("contracts/examples/housing/household-partner-moved-in.json")))!;
        node["members"]![2]!["person"]!["familyName"] = "\u202egdirkcoM";
        return Encoding.UTF8.GetBytes(node.ToJsonString());
    }
}
