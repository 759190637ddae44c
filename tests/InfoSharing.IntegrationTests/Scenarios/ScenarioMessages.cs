using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using InfoSharing.IntegrationTests.Infrastructure;

namespace InfoSharing.IntegrationTests.Scenarios;

/// <summary>
/// The contract examples with their dates moved relative to today (the rules read dates against the clock, and the
/// examples are dated in 2027), and their synthetic people changed where a scenario needs other people.
/// </summary>
internal static class ScenarioMessages
{
    public const string HousingType = "housing.household-changed.v1";

    public static DateOnly Today => DateOnly.FromDateTime(DateTime.UtcNow);

    public static string Day(int daysFromToday) => Today.AddDays(daysFromToday).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>An instant on the day <paramref name="daysFromToday"/>, at <paramref name="time"/> UTC.</summary>
    public static string At(int daysFromToday, string time = "09:00:00") => $"{Day(daysFromToday)}T{time}Z";

    /// <summary>A contract example's text with each (from, to) replaced: dates, NHS numbers, names, local ids.</summary>
    public static byte[] Example(string file, params (string From, string To)[] replacements)
    {
        var text = File.ReadAllText(Examples.Path("contracts/examples/" + file));
        foreach (var (from, to) in replacements)
        {
            Assert.Contains(from, text, StringComparison.Ordinal);
            text = text.Replace(from, to, StringComparison.Ordinal);
        }

        return Encoding.UTF8.GetBytes(text);
    }

    /// <summary>
    /// health-visiting/infant-bruising.json for another infant born <paramref name="ageDays"/> days ago, with the
    /// injury recorded today as the practitioner described it.
    /// </summary>
    public static byte[] InfantInjury(string infantNhs, string localId, int ageDays, string description, string bodySite) =>
        Example(
            "health-visiting/infant-bruising.json",
            ("9990000034", infantNhs),
            ("hv-infant-2001", localId),
            ("2027-03-12", Day(-ageDays)),
            ("2027-04-20T15:00:00Z", At(0, "00:05:00")),
            ("2027-04-20T10:15:00Z", At(0, "00:01:00")),
            ("Bruising to the upper arm", description),
            ("Left upper arm", bodySite));

    /// <summary>health-visiting/appointment-not-brought.json for an infant born <paramref name="ageDays"/> days ago, missed on the given day.</summary>
    public static byte[] AppointmentNotBrought(int ageDays, int missedDaysFromToday, string description) =>
        Example(
            "health-visiting/appointment-not-brought.json",
            ("2027-03-12", Day(-ageDays)),
            ("2027-05-14T15:00:00Z", At(missedDaysFromToday, "15:00:00")),
            ("2027-05-14T14:00:00Z", At(missedDaysFromToday, "14:00:00")),
            ("2027-05-14T14:30:00Z", At(missedDaysFromToday, "14:30:00")),
            ("6-8 week review", description));

    /// <summary>
    /// gp/man-registration-with-indicators.json as registered today with only the given indicators: each an active
    /// Condition coded with InfoSharing's indicator code system, with the GP's own words as text.
    /// </summary>
    public static byte[] GpManWithConditions(params (string Code, string Display, string Text)[] conditions)
    {
        var node = JsonNode.Parse(Example("gp/man-registration-with-indicators.json", ("2026-11-27T12:00:00Z", At(0, "00:05:00"))))!;
        var entries = node["entry"]!.AsArray();
        var template = entries.Select(e => e!).First(e => e["resource"]!["resourceType"]!.GetValue<string>() == "Condition").DeepClone();
        foreach (var entry in entries.Where(e => e!["resource"]!["resourceType"]!.GetValue<string>() is "Condition" or "Observation" or "Flag").ToList())
        {
            entries.Remove(entry);
        }

        var n = 0;
        foreach (var (code, display, text) in conditions)
        {
            var entry = template.DeepClone();
            entry["fullUrl"] = $"urn:uuid:7a1e0c55-3b2d-4c6e-9f80-00000000090{n++}";
            var resource = entry["resource"]!;
            resource["code"] = new JsonObject
            {
                ["coding"] = new JsonArray(new JsonObject { ["system"] = "https://fhir.infosharing.uk/CodeSystem/indicator", ["code"] = code, ["display"] = display }),
                ["text"] = text,
            };
            resource["onsetDateTime"] = Day(-60);
            entries.Add(entry);
        }

        return Encoding.UTF8.GetBytes(node.ToJsonString());
    }

    /// <summary>A MARAC message (listing or closure) with the referral, meeting and closure dates given relative to today.</summary>
    public static byte[] Marac(string file, int referralDay, int? meetingDay = null, int? closedDay = null, Action<JsonNode>? change = null)
    {
        var node = JsonNode.Parse(File.ReadAllText(Examples.Path("contracts/examples/marac/" + file)))!;
        node["referralDate"] = Day(referralDay);
        if (meetingDay is { } meeting)
        {
            node["meetingDate"] = Day(meeting);
        }

        if (closedDay is { } closed)
        {
            node["closedDate"] = Day(closed);
        }

        change?.Invoke(node);
        return Encoding.UTF8.GetBytes(node.ToJsonString());
    }

    /// <summary>midwifery/birth-notification.json for a baby born <paramref name="ageDays"/> days ago (infant 9990000034, father 9990000026).</summary>
    public static byte[] BirthNotification(int ageDays) =>
        Example(
            "midwifery/birth-notification.json",
            ("2027-03-13T08:00:00Z", At(-ageDays + 1, "08:00:00")),
            ("2027-03-12", Day(-ageDays)),
            ("2027-03-15", Day(-ageDays + 2)));
}
